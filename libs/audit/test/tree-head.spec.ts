import { createPrivateKey, generateKeyPairSync, verify, type KeyObject } from 'node:crypto';
import {
  MerkleTree,
  TreeHeadError,
  assertTreeHead,
  publicKeyFromRaw,
  rawPublicKey,
  signTreeHead,
  treeHeadSignedBytes,
  verifyTreeHead,
  type SignedTreeHead,
} from '@pfw/audit';

// RFC 8032 §7.1, TEST 1.
const RFC8032_SECRET = '9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60';
const RFC8032_PUBLIC = 'd75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a';
const rfc8032Key = createPrivateKey({
  key: {
    kty: 'OKP',
    crv: 'Ed25519',
    d: Buffer.from(RFC8032_SECRET, 'hex').toString('base64url'),
    x: Buffer.from(RFC8032_PUBLIC, 'hex').toString('base64url'),
  },
  format: 'jwk',
});

const tree = new MerkleTree();
for (let i = 0; i < 5; i++) tree.appendEntry(Buffer.from([i]));
const head = { treeSize: 5, rootHash: tree.root(5), timestamp: 1_700_000_000_000 };

describe('signed tree heads', () => {
  it('signs the RFC 6962 TreeHeadSignature bytes: version, type, timestamp, size, root', () => {
    const bytes = treeHeadSignedBytes({ treeSize: 5, rootHash: Buffer.alloc(32, 0xab), timestamp: 1_700_000_000_000 });
    expect(bytes.toString('hex')).toBe('00' + '01' + '0000018bcfe56800' + '0000000000000005' + 'ab'.repeat(32));
  });

  it('carries the raw RFC 8032 public key and a signature over exactly those bytes', () => {
    const sth = signTreeHead(head, rfc8032Key);
    expect(Buffer.from(sth.publicKey, 'base64').toString('hex')).toBe(RFC8032_PUBLIC);
    expect(sth).toMatchObject({ treeSize: 5, timestamp: 1_700_000_000_000, rootHash: tree.root(5).toString('base64') });
    const signature = Buffer.from(sth.signature, 'base64');
    expect(signature).toHaveLength(64);
    expect(verify(null, treeHeadSignedBytes(head), publicKeyFromRaw(sth.publicKey), signature)).toBe(true);
    // Ed25519 is deterministic: same head, same key, same signature.
    expect(signTreeHead(head, rfc8032Key).signature).toBe(sth.signature);
  });

  it('verifies, also against the pinned key in every accepted form', () => {
    const sth = signTreeHead(head, rfc8032Key);
    const raw = Buffer.from(RFC8032_PUBLIC, 'hex');
    expect(verifyTreeHead(sth)).toBe(true);
    expect(verifyTreeHead(sth, raw)).toBe(true);
    expect(verifyTreeHead(sth, raw.toString('base64'))).toBe(true);
    expect(verifyTreeHead(sth, publicKeyFromRaw(raw))).toBe(true);
    expect(verifyTreeHead(sth, rfc8032Key)).toBe(true);
    expect(rawPublicKey(rfc8032Key).equals(raw)).toBe(true);
  });

  it('rejects any changed field, a foreign key, and malformed input — without throwing', () => {
    const sth = signTreeHead(head, rfc8032Key);
    const other = generateKeyPairSync('ed25519');
    const byOther = signTreeHead(head, other.privateKey);
    const flipped = Buffer.from(sth.signature, 'base64');
    flipped[0]! ^= 1;
    const bad: Array<[string, SignedTreeHead, KeyObject?]> = [
      ['tree size', { ...sth, treeSize: 6 }],
      ['timestamp', { ...sth, timestamp: sth.timestamp + 1 }],
      ['root hash', { ...sth, rootHash: tree.root(4).toString('base64') }],
      ['signature bit', { ...sth, signature: flipped.toString('base64') }],
      ['swapped public key', { ...sth, publicKey: byOther.publicKey }],
      ['signed by another key than the pinned one', byOther, rfc8032Key],
      ['short root', { ...sth, rootHash: Buffer.alloc(31).toString('base64') }],
      ['not base64', { ...sth, signature: `${sth.signature.slice(0, -2)}!!` }],
      ['short public key', { ...sth, publicKey: Buffer.alloc(31).toString('base64') }],
      ['negative size', { ...sth, treeSize: -1 }],
      ['fractional timestamp', { ...sth, timestamp: 1.5 }],
    ];
    for (const [what, candidate, trusted] of bad) {
      expect([what, verifyTreeHead(candidate, trusted)]).toEqual([what, false]);
    }
    expect(() => assertTreeHead({ ...sth, treeSize: 6 })).toThrow(TreeHeadError);
    expect(verifyTreeHead(byOther)).toBe(true); // self-consistent: only a pinned key tells them apart
  });

  it('signs the empty tree', () => {
    const empty = new MerkleTree();
    const { privateKey } = generateKeyPairSync('ed25519');
    const sth = signTreeHead({ treeSize: 0, rootHash: empty.root(), timestamp: 0 }, privateKey);
    expect(verifyTreeHead(sth)).toBe(true);
  });

  it('refuses a non-Ed25519 key', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(() => signTreeHead(head, privateKey)).toThrow(TreeHeadError);
  });
});
