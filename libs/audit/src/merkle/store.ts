import { HASH_SIZE } from './hash';

/**
 * One stored node: the hash of the complete subtree over leaves [index·2^level, (index+1)·2^level).
 * Level 0 holds the leaf hashes themselves.
 */
export interface MerkleNode {
  readonly level: number;
  readonly index: number;
  readonly hash: Uint8Array;
}

/**
 * Where the node hashes of an append-only Merkle tree live. Only complete subtrees are stored — they never
 * change once written — so a store is append-only at every level: level ℓ holds ⌊size / 2^ℓ⌋ nodes, about
 * 2·size hashes in all (64 bytes per leaf). Incomplete subtrees on the right edge are recomputed on demand
 * from O(log n) stored nodes.
 *
 * The interface is synchronous on purpose: better-sqlite3 is synchronous, so a SQLite-backed store fits as
 * is (nodes in one table keyed by (level, index), `append` in one transaction). An asynchronous backend
 * would persist the nodes `append` receives and serve reads from memory.
 */
export interface MerkleStore {
  /** Number of leaves stored. */
  readonly size: number;
  /** The node at (level, index); throws a RangeError if that complete subtree is not stored. */
  node(level: number, index: number): Buffer;
  /**
   * Stores one new leaf and the nodes it completes, all or nothing: `nodes[0]` is the leaf (level 0,
   * index = size), then one node per level above it, in increasing level order.
   */
  append(nodes: readonly MerkleNode[]): void;
}

interface Level {
  buf: Buffer;
  count: number;
}

const INITIAL_SLOTS = 64;

/**
 * The in-memory store: each level is one contiguous, doubling Buffer of 32-byte slots, so a million leaves
 * take about 64 MiB (plus at most 2× while a level grows) and no per-node objects.
 */
export class InMemoryMerkleStore implements MerkleStore {
  private readonly levels: Level[] = [];

  get size(): number {
    return this.levels.length === 0 ? 0 : this.levels[0]!.count;
  }

  node(level: number, index: number): Buffer {
    const lv = this.levels[level];
    if (!lv || !Number.isSafeInteger(index) || index < 0 || index >= lv.count) {
      throw new RangeError(`no stored node at level ${level}, index ${index}`);
    }
    return Buffer.from(lv.buf.subarray(index * HASH_SIZE, (index + 1) * HASH_SIZE));
  }

  append(nodes: readonly MerkleNode[]): void {
    // Validate everything first so a bad batch leaves the store untouched.
    if (nodes.length === 0) throw new RangeError('append needs at least the leaf node');
    nodes.forEach((n, i) => {
      const expectedIndex = this.levels[i]?.count ?? 0;
      if (n.level !== i || n.index !== expectedIndex) {
        throw new RangeError(
          `node ${i} of the batch is (${n.level}, ${n.index}); expected (${i}, ${expectedIndex}) next`,
        );
      }
      if (!(n.hash instanceof Uint8Array) || n.hash.length !== HASH_SIZE) {
        throw new RangeError(`node (${n.level}, ${n.index}) is not a ${HASH_SIZE}-byte hash`);
      }
    });
    for (const n of nodes) {
      const lv = (this.levels[n.level] ??= { buf: Buffer.alloc(INITIAL_SLOTS * HASH_SIZE), count: 0 });
      if ((lv.count + 1) * HASH_SIZE > lv.buf.length) {
        const grown = Buffer.alloc(lv.buf.length * 2);
        lv.buf.copy(grown, 0, 0, lv.count * HASH_SIZE);
        lv.buf = grown;
      }
      lv.buf.set(n.hash, lv.count * HASH_SIZE);
      lv.count++;
    }
  }
}
