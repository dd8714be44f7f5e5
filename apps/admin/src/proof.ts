import canonicalize from 'canonicalize';

/** What auditProof answers: an event's leaf entry, its hash and its RFC 9162 inclusion proof against a signed head. */
export interface ProofInput {
  readonly leafIndex: number;
  readonly leafHash: string;
  readonly entry: unknown;
  readonly proof: readonly string[];
  readonly treeHead: { readonly treeSize: number; readonly rootHash: string; readonly timestamp: string; readonly signature: string; readonly publicKey: string };
}

export type ProofResult = { readonly ok: true } | { readonly ok: false; readonly reason: string };

const b64 = (text: string): Uint8Array<ArrayBuffer> => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const toB64 = (bytes: Uint8Array): string => btoa(String.fromCharCode(...bytes));

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array<ArrayBuffer>> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}

/** RFC 6962 leaf hash: SHA-256(0x00 ‖ RFC 8785 canonical UTF-8 bytes of the entry). */
export async function leafHashOf(entry: unknown): Promise<string> {
  const text = canonicalize(entry);
  if (text === undefined) throw new Error('entry cannot be canonicalized');
  return toB64(await sha256(new Uint8Array([0]), new TextEncoder().encode(text)));
}

/** RFC 9162 §2.1.3.2: the root an inclusion proof leads to from a leaf hash. */
export async function rootFromInclusionProof(leafIndex: number, treeSize: number, leaf: Uint8Array<ArrayBuffer>, proof: readonly Uint8Array[]): Promise<Uint8Array<ArrayBuffer>> {
  if (leafIndex >= treeSize) throw new Error(`leaf ${leafIndex} is outside a tree of ${treeSize}`);
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) throw new Error('proof too long');
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(new Uint8Array([1]), p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await sha256(new Uint8Array([1]), r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  if (sn !== 0) throw new Error('proof too short');
  return r;
}

/** The 50 bytes a tree head signature covers: version 0, type 1, timestamp and size (uint64 BE), root. */
export function treeHeadSignedBytes(treeSize: number, timestamp: string, root: Uint8Array): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(50);
  const view = new DataView(out.buffer);
  out[0] = 0;
  out[1] = 1;
  view.setBigUint64(2, BigInt(timestamp));
  view.setBigUint64(10, BigInt(treeSize));
  out.set(root, 18);
  return out;
}

/** Checks one event in the browser: its leaf hash, the path to the signed root, and the Ed25519 signature (WebCrypto). */
export async function verifyProof(input: ProofInput): Promise<ProofResult> {
  try {
    const leaf = await leafHashOf(input.entry);
    if (leaf !== input.leafHash) return { ok: false, reason: `leaf hash ${leaf} ≠ ${input.leafHash}` };
    const root = await rootFromInclusionProof(input.leafIndex, input.treeHead.treeSize, b64(leaf), input.proof.map(b64));
    if (toB64(root) !== input.treeHead.rootHash) return { ok: false, reason: `the proof leads to ${toB64(root)}, the signed root is ${input.treeHead.rootHash}` };
    const key = await crypto.subtle.importKey('raw', b64(input.treeHead.publicKey), { name: 'Ed25519' }, false, ['verify']);
    const signed = treeHeadSignedBytes(input.treeHead.treeSize, input.treeHead.timestamp, root);
    if (!(await crypto.subtle.verify({ name: 'Ed25519' }, key, b64(input.treeHead.signature), signed))) return { ok: false, reason: 'the Ed25519 signature does not verify' };
    return { ok: true };
  } catch (err) {
    return { ok: false, reason: err instanceof Error ? err.message : String(err) };
  }
}
