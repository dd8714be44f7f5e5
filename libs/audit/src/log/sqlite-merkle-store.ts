import type Database from 'better-sqlite3';
import { HASH_SIZE } from '../merkle/hash';
import type { MerkleNode, MerkleStore } from '../merkle/store';

/** The node table: one row per complete subtree, keyed by (level, index). Created by {@link SqliteMerkleStore}. */
export const MERKLE_NODES_SCHEMA = `
CREATE TABLE IF NOT EXISTS merkle_nodes (
  level INTEGER NOT NULL,
  idx   INTEGER NOT NULL,
  hash  BLOB    NOT NULL,
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;
`;

/** More levels than any tree we keep can have (2^62 leaves); a bound for the size scan. */
const MAX_LEVELS = 63;

/**
 * A durable {@link MerkleStore} in a SQLite table (better-sqlite3, synchronous like the interface).
 *
 * The number of nodes per level is read from the table when the store opens (and on {@link reload}) and then
 * kept in memory, so `size` costs nothing. `append` writes its nodes inside the caller's transaction when
 * there is one — the audit log appends a whole batch of events, their leaf mapping and the checkpoint in one
 * transaction — and in a transaction of its own otherwise.
 *
 * The in-memory counts follow what this store wrote. If an enclosing transaction rolls back, or another
 * process appended to the same file, they are stale: call {@link reload} (the audit log does both).
 */
export class SqliteMerkleStore implements MerkleStore {
  private counts: number[] = [];
  private readonly selectNode: Database.Statement<[number, number], { hash: Buffer }>;
  private readonly insertNode: Database.Statement<[number, number, Buffer]>;
  private readonly maxIndex: Database.Statement<[number], { idx: number | null }>;

  constructor(private readonly db: Database.Database) {
    if (!db.readonly) db.exec(MERKLE_NODES_SCHEMA);
    this.selectNode = db.prepare('SELECT hash FROM merkle_nodes WHERE level = ? AND idx = ?');
    this.insertNode = db.prepare('INSERT INTO merkle_nodes (level, idx, hash) VALUES (?, ?, ?)');
    this.maxIndex = db.prepare('SELECT MAX(idx) AS idx FROM merkle_nodes WHERE level = ?');
    this.reload();
  }

  /** Re-reads the node counts from the table (after a rollback, or when another writer may have appended). */
  reload(): void {
    const counts: number[] = [];
    for (let level = 0; level < MAX_LEVELS; level++) {
      const max = this.maxIndex.get(level)?.idx;
      if (max == null) break;
      counts.push(max + 1);
    }
    this.counts = counts;
  }

  get size(): number {
    return this.counts[0] ?? 0;
  }

  node(level: number, index: number): Buffer {
    const count = this.counts[level] ?? 0;
    if (!Number.isSafeInteger(index) || index < 0 || index >= count) {
      throw new RangeError(`no stored node at level ${level}, index ${index}`);
    }
    const row = this.selectNode.get(level, index);
    if (!row) throw new RangeError(`the node at level ${level}, index ${index} is missing from the audit database`);
    if (row.hash.length !== HASH_SIZE) {
      throw new RangeError(`the node at level ${level}, index ${index} is not a ${HASH_SIZE}-byte hash`);
    }
    return Buffer.from(row.hash);
  }

  append(nodes: readonly MerkleNode[]): void {
    // Validate the whole batch first so a bad batch writes nothing.
    if (nodes.length === 0) throw new RangeError('append needs at least the leaf node');
    nodes.forEach((n, i) => {
      const expectedIndex = this.counts[i] ?? 0;
      if (n.level !== i || n.index !== expectedIndex) {
        throw new RangeError(`node ${i} of the batch is (${n.level}, ${n.index}); expected (${i}, ${expectedIndex}) next`);
      }
      if (!(n.hash instanceof Uint8Array) || n.hash.length !== HASH_SIZE) {
        throw new RangeError(`node (${n.level}, ${n.index}) is not a ${HASH_SIZE}-byte hash`);
      }
    });
    const write = () => {
      for (const n of nodes) this.insertNode.run(n.level, n.index, Buffer.from(n.hash));
    };
    if (this.db.inTransaction) write();
    else this.db.transaction(write).immediate();
    for (const n of nodes) this.counts[n.level] = (this.counts[n.level] ?? 0) + 1;
  }
}
