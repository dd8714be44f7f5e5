import { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { linkSync, mkdirSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { rawPublicKey } from './merkle/tree-head';

/** The audit log's Ed25519 signing key. */
export interface AuditSigningKey {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
  /** Raw 32-byte public key, as carried (base64) in signed tree heads. */
  readonly publicKeyRaw: Buffer;
  /** Whether this call generated the key (a new log key: worth logging loudly). */
  readonly created: boolean;
}

/**
 * Loads the audit log's Ed25519 private key from a PKCS#8 PEM file, or — if the file does not exist —
 * generates one and writes it there with mode 0600 (parent directories created with mode 0700).
 * The file appears atomically (written aside, then hard-linked into place), so two processes starting
 * together end up with the same key and nobody ever reads a half-written file.
 * Anything else (unreadable file, not PEM, not Ed25519) throws: a log must never silently change keys.
 */
export function loadOrCreateAuditSigningKey(path: string): AuditSigningKey {
  const existing = readIfExists(path);
  if (existing !== undefined) return fromPem(existing, path, false);

  const { privateKey } = generateKeyPairSync('ed25519');
  const pem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  mkdirSync(dirname(path), { recursive: true, mode: 0o700 });
  // Write the whole file under a private name, then link it into place: link() fails if the target exists,
  // so the key file appears complete or not at all, and a concurrent creator's key wins over ours.
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, pem, { mode: 0o600, flag: 'wx' });
  try {
    linkSync(temp, path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') return fromPem(readFileSync(path, 'utf8'), path, false);
    throw err;
  } finally {
    unlinkSync(temp);
  }
  return fromPem(pem, path, true);
}

/**
 * Loads the configured audit signing key (AUDIT_SIGNING_KEY_FILE): the file must exist and hold an Ed25519
 * PKCS#8 PEM key. A missing secret stops the start rather than minting a key the other processes do not share.
 */
export function loadAuditSigningKey(path: string): AuditSigningKey {
  const pem = readIfExists(path);
  if (pem === undefined) throw new Error(`AUDIT_SIGNING_KEY_FILE ${path}: does not exist (an Ed25519 PKCS#8 PEM key: openssl genpkey -algorithm ed25519)`);
  return fromPem(pem, path, false);
}

function readIfExists(path: string): string | undefined {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

function fromPem(pem: string, path: string, created: boolean): AuditSigningKey {
  let privateKey: KeyObject;
  try {
    privateKey = createPrivateKey({ key: pem, format: 'pem' });
  } catch (err) {
    throw new Error(`${path}: not a PEM private key (${(err as Error).message})`);
  }
  if (privateKey.asymmetricKeyType !== 'ed25519') {
    throw new Error(`${path}: the audit signing key must be Ed25519, found ${privateKey.asymmetricKeyType ?? 'unknown'}`);
  }
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicKeyRaw: rawPublicKey(publicKey), created };
}
