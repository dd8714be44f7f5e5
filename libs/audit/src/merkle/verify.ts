import { HASH_SIZE, exactLog2, isSize, nodeHash } from './hash';

/**
 * The two proof verifiers of RFC 9162: §2.1.3.2 (inclusion) and §2.1.4.2 (consistency), step for step.
 *
 * Each comes twice: `assert…` throws a {@link MerkleProofError} that says what failed (for `audit verify`
 * to report), `verify…` returns a boolean. Neither ever throws anything else for bad input.
 *
 * Strictness beyond the RFC text:
 * - sizes and indices must be safe non-negative integers;
 * - every hash that enters the hashing (leaf hash, proof elements, and both roots of a consistency proof
 *   between different sizes) must be exactly 32 bytes;
 * - a consistency proof needs 0 < size1 (RFC 9162 defines PROOF(m, D[n]) for 0 < m; "consistent with the
 *   empty tree" proves nothing, so size1 = 0 is rejected even with an empty proof);
 * - size1 = size2 needs an empty proof and byte-equal roots (no hashing happens, so the roots are compared
 *   as opaque bytes).
 *
 * What a proof does not bind: the tree size that goes with a root. The path for leaf 0 of a 3-leaf tree
 * also chains to root(3) when the verifier is told the size is 4. Sizes are trusted only together with
 * their root from a signed tree head (see tree-head.ts), which is why roots are checked against STHs.
 */
export class MerkleProofError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MerkleProofError';
  }
}

function isHash(h: unknown): h is Uint8Array {
  return h instanceof Uint8Array && h.length === HASH_SIZE;
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.compare(a, b) === 0;
}

function requireProof(proof: unknown): readonly Uint8Array[] {
  if (!Array.isArray(proof)) throw new MerkleProofError('the proof is not an array of hashes');
  proof.forEach((p, i) => {
    if (!isHash(p)) throw new MerkleProofError(`proof element ${i} is not a ${HASH_SIZE}-byte hash`);
  });
  return proof as readonly Uint8Array[];
}

/** LSB(x): whether the lowest bit of a safe non-negative integer is set. */
const lsb = (x: number): boolean => x % 2 === 1;
/** x >> 1 without the 32-bit truncation of JavaScript's shift operators. */
const shr = (x: number): number => Math.floor(x / 2);

/**
 * Throws unless `proof` proves that the leaf with hash `leafHash` is at `leafIndex` in the tree of
 * `treeSize` leaves whose root is `rootHash` (RFC 9162 §2.1.3.2).
 */
export function assertInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  rootHash: Uint8Array,
): void {
  if (!isSize(leafIndex) || !isSize(treeSize)) {
    throw new MerkleProofError(`invalid leaf index ${String(leafIndex)} or tree size ${String(treeSize)}`);
  }
  // 1. leaf_index must be < tree_size.
  if (leafIndex >= treeSize) {
    throw new MerkleProofError(`leaf index ${leafIndex} is not below tree size ${treeSize}`);
  }
  if (!isHash(leafHash)) throw new MerkleProofError(`the leaf hash is not a ${HASH_SIZE}-byte hash`);
  if (!(rootHash instanceof Uint8Array)) throw new MerkleProofError('the root hash is not bytes');
  const path = requireProof(proof);

  // 2.–3.
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r: Uint8Array = leafHash;
  // 4.
  for (const p of path) {
    if (sn === 0) throw new MerkleProofError(`the proof is longer than a path in a tree of size ${treeSize}`);
    if (lsb(fn) || fn === sn) {
      r = nodeHash(p, r);
      while (!lsb(fn) && fn !== 0) {
        fn = shr(fn);
        sn = shr(sn);
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = shr(fn);
    sn = shr(sn);
  }
  // 5.
  if (sn !== 0) throw new MerkleProofError(`the proof is shorter than a path in a tree of size ${treeSize}`);
  if (!sameBytes(r, rootHash)) {
    throw new MerkleProofError(`the proof leads to a different root for leaf ${leafIndex} of ${treeSize}`);
  }
}

/** Whether `proof` is a valid RFC 9162 inclusion proof (see {@link assertInclusion}). */
export function verifyInclusion(
  leafIndex: number,
  treeSize: number,
  leafHash: Uint8Array,
  proof: readonly Uint8Array[],
  rootHash: Uint8Array,
): boolean {
  return holds(() => assertInclusion(leafIndex, treeSize, leafHash, proof, rootHash));
}

/**
 * Throws unless `proof` proves that the tree of `size2` leaves with root `root2` extends the tree of
 * `size1` leaves with root `root1` (RFC 9162 §2.1.4.2): the first `size1` leaves are unchanged.
 */
export function assertConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): void {
  if (!isSize(size1) || !isSize(size2)) {
    throw new MerkleProofError(`invalid tree sizes ${String(size1)} and ${String(size2)}`);
  }
  if (size1 > size2) throw new MerkleProofError(`size1 ${size1} is greater than size2 ${size2}`);
  if (size1 === 0) throw new MerkleProofError('a consistency proof from the empty tree proves nothing');
  if (!(root1 instanceof Uint8Array) || !(root2 instanceof Uint8Array)) {
    throw new MerkleProofError('the roots are not bytes');
  }
  if (!Array.isArray(proof)) throw new MerkleProofError('the proof is not an array of hashes');
  if (size1 === size2) {
    if (proof.length !== 0) throw new MerkleProofError('equal sizes need an empty proof');
    if (!sameBytes(root1, root2)) throw new MerkleProofError(`two different roots for tree size ${size1}`);
    return;
  }
  if (!isHash(root1) || !isHash(root2)) throw new MerkleProofError(`the roots are not ${HASH_SIZE}-byte hashes`);
  const given = requireProof(proof);

  // 1. An empty path fails.
  if (given.length === 0) throw new MerkleProofError(`empty proof between sizes ${size1} and ${size2}`);
  // 2. If first is an exact power of 2, prepend first_hash.
  const path = exactLog2(size1) >= 0 ? [root1, ...given] : given;
  // 3.
  let fn = size1 - 1;
  let sn = size2 - 1;
  // 4.
  while (lsb(fn)) {
    fn = shr(fn);
    sn = shr(sn);
  }
  // 5.
  let fr: Uint8Array = path[0]!;
  let sr: Uint8Array = path[0]!;
  // 6.
  for (const c of path.slice(1)) {
    if (sn === 0) throw new MerkleProofError(`the proof is too long for sizes ${size1} and ${size2}`);
    if (lsb(fn) || fn === sn) {
      fr = nodeHash(c, fr);
      sr = nodeHash(c, sr);
      while (!lsb(fn) && fn !== 0) {
        fn = shr(fn);
        sn = shr(sn);
      }
    } else {
      sr = nodeHash(sr, c);
    }
    fn = shr(fn);
    sn = shr(sn);
  }
  // 7.
  if (sn !== 0) throw new MerkleProofError(`the proof is too short for sizes ${size1} and ${size2}`);
  if (!sameBytes(fr, root1)) throw new MerkleProofError(`the proof does not lead to root1 (size ${size1})`);
  if (!sameBytes(sr, root2)) throw new MerkleProofError(`the proof does not lead to root2 (size ${size2})`);
}

/** Whether `proof` is a valid RFC 9162 consistency proof (see {@link assertConsistency}). */
export function verifyConsistency(
  size1: number,
  size2: number,
  proof: readonly Uint8Array[],
  root1: Uint8Array,
  root2: Uint8Array,
): boolean {
  return holds(() => assertConsistency(size1, size2, proof, root1, root2));
}

function holds(check: () => void): boolean {
  try {
    check();
    return true;
  } catch (err) {
    if (err instanceof MerkleProofError) return false;
    throw err;
  }
}
