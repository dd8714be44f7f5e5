import { createHash } from 'node:crypto';

/**
 * RFC 6962 §2.1 / RFC 9162 §2.1.1 hashing with SHA-256. The 0x00 / 0x01 prefixes separate leaves from
 * interior nodes, so no interior node can be passed off as a leaf (second-preimage resistance).
 */

/** Byte length of every hash in the tree. */
export const HASH_SIZE = 32;

const LEAF_PREFIX = Buffer.from([0x00]);
const NODE_PREFIX = Buffer.from([0x01]);

/** MTH({}) = SHA-256() — the root of the empty tree. */
export const EMPTY_ROOT: Buffer = createHash('sha256').digest();

/** Root of the empty tree, as a fresh copy the caller may mutate. */
export function emptyRoot(): Buffer {
  return Buffer.from(EMPTY_ROOT);
}

/** MTH({d}) = SHA-256(0x00 ‖ d): the hash of one leaf entry. */
export function leafHash(entry: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF_PREFIX).update(entry).digest();
}

/** SHA-256(0x01 ‖ left ‖ right): the hash of an interior node. */
export function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest();
}

/** Sizes and indices are plain numbers: anything up to 2^53 − 1 is exact, far beyond any log we keep. */
export function isSize(n: unknown): n is number {
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0;
}

/** The largest power of two strictly less than `n` (RFC 9162 §2.1.1's k), for n ≥ 2. */
export function largestPowerOfTwoBelow(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** log2(n) if `n` is a power of two, otherwise −1. Exact for every safe integer (no floating log). */
export function exactLog2(n: number): number {
  if (!(n >= 1) || !Number.isSafeInteger(n)) return -1;
  let level = 0;
  while (n > 1) {
    if (n % 2 !== 0) return -1;
    n /= 2;
    level++;
  }
  return level;
}
