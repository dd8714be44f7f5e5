import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import canonicalize from 'canonicalize';
import { leafHashOf, treeHeadSignedBytes, verifyProof, type ProofInput } from './proof';

const sha = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
const leaf = (entry: unknown) => sha(Buffer.from([0]), Buffer.from(canonicalize(entry)!, 'utf8'));
const node = (l: Buffer, r: Buffer) => sha(Buffer.from([1]), l, r);

/** A three-leaf RFC 6962 tree signed with a fresh Ed25519 key, as the server's audit log builds and signs it. */
function signedProofOfLeaf(index: 0 | 1 | 2): ProofInput {
  const entries = [0, 1, 2].map((i) => ({ id: `e${i}`, position: String(i + 1), data: { n: i, text: '株式会社' } }));
  const [a, b, c] = entries.map(leaf) as [Buffer, Buffer, Buffer];
  const root = node(node(a, b), c);
  const paths = [[b, c], [a, c], [node(a, b)]];
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const timestamp = '1767225600000';
  const signature = sign(null, Buffer.from(treeHeadSignedBytes(3, timestamp, root)), privateKey);
  const raw = Buffer.from(publicKey.export({ format: 'jwk' }).x!, 'base64url');
  return {
    leafIndex: index,
    leafHash: [a, b, c][index]!.toString('base64'),
    entry: entries[index],
    proof: paths[index]!.map((p) => p.toString('base64')),
    treeHead: { treeSize: 3, rootHash: root.toString('base64'), timestamp, signature: signature.toString('base64'), publicKey: raw.toString('base64') },
  };
}

describe('the proof check done in the browser (WebCrypto)', () => {
  it('given an entry, its leaf hash is SHA-256(0x00 ‖ RFC 8785 bytes)', async () => {
    expect(await leafHashOf({ b: 1, a: 'x' })).toBe(leaf({ a: 'x', b: 1 }).toString('base64'));
  });

  it.each([0, 1, 2] as const)('given leaf %i of a signed three-leaf tree, then hash, path and signature verify', async (i) => {
    expect(await verifyProof(signedProofOfLeaf(i))).toEqual({ ok: true });
  });

  it('given an entry altered after hashing, then the leaf hash check fails', async () => {
    const p = signedProofOfLeaf(1);
    const result = await verifyProof({ ...p, entry: { ...(p.entry as object), data: { n: 99 } } });
    expect(result).toMatchObject({ ok: false, reason: expect.stringContaining('leaf hash') });
  });

  it('given a proof against another root, then the path check fails', async () => {
    const p = signedProofOfLeaf(2);
    expect(await verifyProof({ ...p, proof: [Buffer.alloc(32).toString('base64')] })).toMatchObject({ ok: false, reason: expect.stringContaining('the proof leads to') });
  });

  it('given a signature over another timestamp, then the Ed25519 check fails', async () => {
    const p = signedProofOfLeaf(0);
    expect(await verifyProof({ ...p, treeHead: { ...p.treeHead, timestamp: '1767225600001' } })).toEqual({ ok: false, reason: 'the Ed25519 signature does not verify' });
  });
});
