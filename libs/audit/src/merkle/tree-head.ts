import { createPublicKey, sign, verify, type KeyObject } from 'node:crypto';
import { HASH_SIZE, isSize } from './hash';

/**
 * Signed tree heads (STH): the log's signed statement "after `treeSize` leaves my root is `rootHash`".
 *
 * Signed bytes — the RFC 6962 §3.5 `TreeHeadSignature` structure, 50 bytes, big-endian:
 *
 *     uint8   version         = 0   (v1)
 *     uint8   signature_type  = 1   (tree_hash)
 *     uint64  timestamp             milliseconds since the Unix epoch
 *     uint64  tree_size
 *     opaque  sha256_root_hash[32]
 *
 * A fixed binary layout leaves nothing to a serializer, and it is the structure CT tooling already knows.
 * The signature is Ed25519 (RFC 8032, pure, no pre-hash) over exactly those bytes. The key must be used
 * for this log only.
 *
 * JSON form: `rootHash` and `signature` are standard base64 (with padding); `publicKey` is the base64 of
 * the raw 32-byte Ed25519 public key (RFC 8032 §5.1.5 encoding — the `x` of its JWK, not SPKI DER).
 * `timestamp` is an integer number of milliseconds (`new Date(timestamp)` is the signing instant).
 */
export interface SignedTreeHead {
  readonly treeSize: number;
  readonly rootHash: string;
  readonly timestamp: number;
  readonly signature: string;
  readonly publicKey: string;
}

/** What gets signed. */
export interface TreeHead {
  readonly treeSize: number;
  readonly rootHash: Uint8Array;
  /** Milliseconds since the Unix epoch (the caller's clock: this module reads none). */
  readonly timestamp: number;
}

export class TreeHeadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TreeHeadError';
  }
}

const ED25519_SIGNATURE_SIZE = 64;
const ED25519_PUBLIC_KEY_SIZE = 32;
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The exact 50 bytes a tree head signature covers (see the module comment). */
export function treeHeadSignedBytes(head: TreeHead): Buffer {
  if (!isSize(head.treeSize)) throw new TreeHeadError(`invalid tree size ${String(head.treeSize)}`);
  if (!isSize(head.timestamp)) throw new TreeHeadError(`invalid timestamp ${String(head.timestamp)}`);
  if (!(head.rootHash instanceof Uint8Array) || head.rootHash.length !== HASH_SIZE) {
    throw new TreeHeadError(`the root hash is not ${HASH_SIZE} bytes`);
  }
  const out = Buffer.alloc(2 + 8 + 8 + HASH_SIZE);
  out.writeUInt8(0, 0); // version v1
  out.writeUInt8(1, 1); // signature_type tree_hash
  out.writeBigUInt64BE(BigInt(head.timestamp), 2);
  out.writeBigUInt64BE(BigInt(head.treeSize), 10);
  out.set(head.rootHash, 18);
  return out;
}

function requireEd25519(key: KeyObject, type: 'private' | 'public'): void {
  if (key.type !== type || key.asymmetricKeyType !== 'ed25519') {
    throw new TreeHeadError(`expected an Ed25519 ${type} key, got a ${key.asymmetricKeyType ?? key.type} ${key.type} key`);
  }
}

/** The raw 32-byte Ed25519 public key of `key` (a public key, or a private key to derive it from). */
export function rawPublicKey(key: KeyObject): Buffer {
  const pub = key.type === 'private' ? createPublicKey(key) : key;
  requireEd25519(pub, 'public');
  const jwk = pub.export({ format: 'jwk' });
  if (typeof jwk.x !== 'string') throw new TreeHeadError('the Ed25519 key exported no public point');
  return Buffer.from(jwk.x, 'base64url');
}

/** An Ed25519 public KeyObject from its raw 32 bytes (or their base64). */
export function publicKeyFromRaw(raw: Uint8Array | string): KeyObject {
  const bytes = typeof raw === 'string' ? decodeBase64(raw, 'public key') : Buffer.from(raw);
  if (bytes.length !== ED25519_PUBLIC_KEY_SIZE) {
    throw new TreeHeadError(`an Ed25519 public key is ${ED25519_PUBLIC_KEY_SIZE} bytes, got ${bytes.length}`);
  }
  try {
    return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: bytes.toString('base64url') }, format: 'jwk' });
  } catch (err) {
    throw new TreeHeadError(`not a usable Ed25519 public key: ${(err as Error).message}`);
  }
}

/** Signs `head` with the log's Ed25519 private key. Deterministic (Ed25519 needs no randomness). */
export function signTreeHead(head: TreeHead, privateKey: KeyObject): SignedTreeHead {
  requireEd25519(privateKey, 'private');
  const signature = sign(null, treeHeadSignedBytes(head), privateKey);
  return {
    treeSize: head.treeSize,
    rootHash: Buffer.from(head.rootHash).toString('base64'),
    timestamp: head.timestamp,
    signature: signature.toString('base64'),
    publicKey: rawPublicKey(privateKey).toString('base64'),
  };
}

/**
 * Throws a {@link TreeHeadError} unless `sth` is well formed and its signature verifies.
 *
 * With `trustedKey` (the auditor's pinned copy of the log key: KeyObject, raw bytes or base64), the STH must
 * name that key. Without it, the check only shows the head was signed by the key it carries — anyone can
 * make such a head, so callers that have a pinned key should pass it.
 */
export function assertTreeHead(sth: SignedTreeHead, trustedKey?: KeyObject | Uint8Array | string): void {
  const rootHash = decodeBase64(sth.rootHash, 'root hash');
  const signature = decodeBase64(sth.signature, 'signature');
  if (signature.length !== ED25519_SIGNATURE_SIZE) {
    throw new TreeHeadError(`an Ed25519 signature is ${ED25519_SIGNATURE_SIZE} bytes, got ${signature.length}`);
  }
  const publicKey = publicKeyFromRaw(sth.publicKey);
  if (trustedKey !== undefined) {
    const trusted =
      trustedKey instanceof Uint8Array || typeof trustedKey === 'string'
        ? rawPublicKey(publicKeyFromRaw(trustedKey))
        : rawPublicKey(trustedKey);
    if (!trusted.equals(rawPublicKey(publicKey))) {
      throw new TreeHeadError('the tree head is signed by a key other than the trusted one');
    }
  }
  const signed = treeHeadSignedBytes({ treeSize: sth.treeSize, rootHash, timestamp: sth.timestamp });
  let valid: boolean;
  try {
    valid = verify(null, signed, publicKey, signature);
  } catch (err) {
    throw new TreeHeadError(`the signature could not be checked: ${(err as Error).message}`);
  }
  if (!valid) {
    throw new TreeHeadError(`bad signature on the tree head of size ${sth.treeSize}`);
  }
}

/** Whether `sth` verifies (see {@link assertTreeHead}). */
export function verifyTreeHead(sth: SignedTreeHead, trustedKey?: KeyObject | Uint8Array | string): boolean {
  try {
    assertTreeHead(sth, trustedKey);
    return true;
  } catch (err) {
    if (err instanceof TreeHeadError) return false;
    throw err;
  }
}

/** Decodes strict standard base64 (Node's decoder silently skips invalid characters). */
function decodeBase64(text: unknown, what: string): Buffer {
  if (typeof text !== 'string' || !BASE64.test(text)) throw new TreeHeadError(`the ${what} is not base64`);
  return Buffer.from(text, 'base64');
}
