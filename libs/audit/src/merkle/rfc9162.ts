import { EMPTY_ROOT, largestPowerOfTwoBelow, nodeHash } from './hash';

/**
 * The RFC 9162 §2.1 definitions, written as the RFC states them: recursive, over the full list of leaf
 * hashes, recomputing everything. They are the reference the incremental {@link MerkleTree} is checked
 * against, and what a verifier with the whole log in hand (an exported file) can use directly.
 *
 * The input is the list of *leaf hashes* MTH({d(i)}) = SHA-256(0x00 ‖ d(i)), not the raw entries: the
 * audit log stores leaf hashes, so leaf hashing happens once, at append time.
 */

/** MTH(D[n]) (RFC 9162 §2.1.1) of the given leaf hashes; SHA-256("") for none. */
export function merkleTreeHash(leafHashes: readonly Uint8Array[]): Buffer {
  if (leafHashes.length === 0) return Buffer.from(EMPTY_ROOT);
  return mth(leafHashes, 0, leafHashes.length);
}

function mth(leaves: readonly Uint8Array[], start: number, end: number): Buffer {
  const n = end - start;
  if (n === 1) return Buffer.from(leaves[start]!);
  const k = largestPowerOfTwoBelow(n);
  return nodeHash(mth(leaves, start, start + k), mth(leaves, start + k, end));
}

/**
 * PATH(m, D[n]) (RFC 9162 §2.1.3.1): the inclusion proof of leaf `m` in the tree of all `leafHashes`,
 * ordered from the leaf's sibling up to the child of the root.
 */
export function inclusionPath(m: number, leafHashes: readonly Uint8Array[]): Buffer[] {
  if (!Number.isSafeInteger(m) || m < 0 || m >= leafHashes.length) {
    throw new RangeError(`leaf index ${m} is outside a tree of size ${leafHashes.length}`);
  }
  return path(m, leafHashes, 0, leafHashes.length);
}

function path(m: number, leaves: readonly Uint8Array[], start: number, end: number): Buffer[] {
  const n = end - start;
  if (n === 1) return [];
  const k = largestPowerOfTwoBelow(n);
  if (m < k) return [...path(m, leaves, start, start + k), mth(leaves, start + k, end)];
  return [...path(m - k, leaves, start + k, end), mth(leaves, start, start + k)];
}

/**
 * PROOF(m, D[n]) (RFC 9162 §2.1.4.1): the consistency proof between the first `m` leaves and all
 * `leafHashes`. Defined for 0 < m ≤ n; empty when m = n.
 */
export function consistencyProof(m: number, leafHashes: readonly Uint8Array[]): Buffer[] {
  if (!Number.isSafeInteger(m) || m < 1 || m > leafHashes.length) {
    throw new RangeError(`a consistency proof needs 0 < size1 ≤ size2; got size1 ${m}, size2 ${leafHashes.length}`);
  }
  return subproof(m, leafHashes, 0, leafHashes.length, true);
}

function subproof(m: number, leaves: readonly Uint8Array[], start: number, end: number, b: boolean): Buffer[] {
  const n = end - start;
  if (m === n) return b ? [] : [mth(leaves, start, end)];
  const k = largestPowerOfTwoBelow(n);
  if (m <= k) return [...subproof(m, leaves, start, start + k, b), mth(leaves, start + k, end)];
  return [...subproof(m - k, leaves, start + k, end, false), mth(leaves, start, start + k)];
}
