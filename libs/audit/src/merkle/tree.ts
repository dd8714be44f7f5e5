import { EMPTY_ROOT, HASH_SIZE, exactLog2, isSize, largestPowerOfTwoBelow, leafHash, nodeHash } from './hash';
import { InMemoryMerkleStore, type MerkleNode, type MerkleStore } from './store';

/** Incomplete-subtree hashes kept by one tree (a few per tree size asked about; 32 bytes each). */
const EDGE_CACHE_LIMIT = 4096;

/**
 * An append-only RFC 9162 Merkle tree, maintained incrementally.
 *
 * `append` stores the leaf hash and every complete subtree it closes (amortised 2 hashes per leaf). Any
 * subtree MTH(D[a:b]) that the RFC recursion needs is then either a stored node or the fold of at most
 * ⌈log2 n⌉ stored nodes down the right edge, so `root(size)`, `inclusionProof(index, size)` and
 * `consistencyProof(size1, size2)` cost O(log n) store reads and hashes, for any earlier size too — nodes
 * of complete subtrees never change.
 */
export class MerkleTree {
  private cachedRoot: { size: number; hash: Buffer } | undefined;
  private readonly edgeCache = new Map<string, Buffer>();

  constructor(private readonly store: MerkleStore = new InMemoryMerkleStore()) {}

  /** Number of leaves. */
  get size(): number {
    return this.store.size;
  }

  /** Appends one leaf hash (SHA-256(0x00 ‖ entry)); returns its 0-based leaf index. */
  append(leaf: Uint8Array): number {
    if (!(leaf instanceof Uint8Array) || leaf.length !== HASH_SIZE) {
      throw new RangeError(`a leaf hash is ${HASH_SIZE} bytes`);
    }
    const leafIndex = this.store.size;
    const nodes: MerkleNode[] = [{ level: 0, index: leafIndex, hash: Buffer.from(leaf) }];
    let index = leafIndex;
    let hash: Buffer = Buffer.from(leaf);
    let level = 0;
    // A right child completes its parent: climb while this node is a right child.
    while (index % 2 === 1) {
      hash = nodeHash(this.store.node(level, index - 1), hash);
      index = (index - 1) / 2;
      level++;
      nodes.push({ level, index, hash });
    }
    this.store.append(nodes);
    return leafIndex;
  }

  /** Appends a raw entry: hashes it as a leaf first. Returns its leaf index. */
  appendEntry(entry: Uint8Array): number {
    return this.append(leafHash(entry));
  }

  /** The leaf hash at `index`. */
  leafHashAt(index: number): Buffer {
    this.checkRange(index, 0, this.size - 1, 'leaf index');
    return this.store.node(0, index);
  }

  /** MTH of the first `size` leaves (default: all); SHA-256("") for size 0. */
  root(size: number = this.size): Buffer {
    this.checkRange(size, 0, this.size, 'tree size');
    if (size === 0) return Buffer.from(EMPTY_ROOT);
    if (this.cachedRoot?.size !== size) this.cachedRoot = { size, hash: this.rangeHash(0, size) };
    return Buffer.from(this.cachedRoot.hash);
  }

  /**
   * PATH(index, D[size]) (RFC 9162 §2.1.3.1): the inclusion proof of leaf `index` in the tree of the first
   * `size` leaves, from the leaf's sibling upwards.
   */
  inclusionProof(index: number, size: number = this.size): Buffer[] {
    this.checkRange(size, 1, this.size, 'tree size');
    this.checkRange(index, 0, size - 1, 'leaf index');
    const topDown: Buffer[] = [];
    let start = 0;
    let end = size;
    let m = index;
    while (end - start > 1) {
      const k = largestPowerOfTwoBelow(end - start);
      if (m < k) {
        topDown.push(this.rangeHash(start + k, end));
        end = start + k;
      } else {
        topDown.push(this.rangeHash(start, start + k));
        start += k;
        m -= k;
      }
    }
    return topDown.reverse();
  }

  /**
   * PROOF(size1, D[size2]) (RFC 9162 §2.1.4.1): proves the first `size1` leaves are a prefix of the first
   * `size2`. Needs 0 < size1 ≤ size2 ≤ size; empty when the sizes are equal.
   */
  consistencyProof(size1: number, size2: number = this.size): Buffer[] {
    this.checkRange(size2, 1, this.size, 'size2');
    this.checkRange(size1, 1, size2, 'size1');
    const topDown: Buffer[] = [];
    let start = 0;
    let end = size2;
    let m = size1;
    let whole = true; // the RFC's b: whether the current subtree is the whole of the old tree so far
    while (m !== end - start) {
      const k = largestPowerOfTwoBelow(end - start);
      if (m <= k) {
        topDown.push(this.rangeHash(start + k, end));
        end = start + k;
      } else {
        topDown.push(this.rangeHash(start, start + k));
        start += k;
        m -= k;
        whole = false;
      }
    }
    if (!whole) topDown.push(this.rangeHash(start, end));
    return topDown.reverse();
  }

  /**
   * MTH(D[start:end]) for the ranges the RFC recursion visits: `start` is a multiple of the largest power of
   * two ≤ end − start, so a power-of-two range is a stored node and any other range splits into a stored
   * left node and a shorter right range.
   */
  private rangeHash(start: number, end: number): Buffer {
    const n = end - start;
    const level = exactLog2(n);
    if (level >= 0 && start % n === 0) return this.store.node(level, start / n);
    // An incomplete subtree on the right edge of some size. It never changes either (leaves are append-only),
    // and every proof against the same tree size needs the same few of them: remember them, so a proof costs
    // O(log n) hashes instead of O(log² n) — what makes exporting a proof per event affordable.
    const key = `${start}:${end}`;
    const hit = this.edgeCache.get(key);
    if (hit) return Buffer.from(hit);
    const k = largestPowerOfTwoBelow(n);
    const hash = nodeHash(this.rangeHash(start, start + k), this.rangeHash(start + k, end));
    if (this.edgeCache.size >= EDGE_CACHE_LIMIT) this.edgeCache.clear();
    this.edgeCache.set(key, hash);
    return Buffer.from(hash);
  }

  private checkRange(value: number, min: number, max: number, what: string): void {
    if (!isSize(value) || value < min || value > max) {
      throw new RangeError(`${what} ${String(value)} is outside [${min}, ${max}] (tree size ${this.size})`);
    }
  }
}
