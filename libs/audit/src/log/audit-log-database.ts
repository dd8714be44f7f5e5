import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { RecordedEvent } from '@pfw/event-store';
import { eventLeafEntry } from '../canonical/event-leaf';
import { leafHash } from '../merkle/hash';
import { MerkleTree } from '../merkle/tree';
import { signTreeHead, type SignedTreeHead } from '../merkle/tree-head';
import type { AuditSigningKey } from '../keys';
import { MERKLE_NODES_SCHEMA, SqliteMerkleStore } from './sqlite-merkle-store';

/** Version of the audit.sqlite layout, kept in `audit_meta`. */
export const AUDIT_DB_SCHEMA_VERSION = '1';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS audit_meta (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL
) WITHOUT ROWID;
${MERKLE_NODES_SCHEMA}
-- Tree index i <-> the i-th event of the global log.
CREATE TABLE IF NOT EXISTS audit_leaves (
  leaf_index INTEGER PRIMARY KEY,
  position   INTEGER NOT NULL UNIQUE,
  event_id   TEXT    NOT NULL UNIQUE
);
-- The follower's checkpoint: how many events are in the tree and the position of the last one.
CREATE TABLE IF NOT EXISTS audit_checkpoint (
  id        INTEGER PRIMARY KEY CHECK (id = 1),
  tree_size INTEGER NOT NULL,
  position  INTEGER
);
-- Every signed tree head ever handed out, in the JSON form of SignedTreeHead (base64 text).
CREATE TABLE IF NOT EXISTS tree_heads (
  id         INTEGER PRIMARY KEY AUTOINCREMENT,
  tree_size  INTEGER NOT NULL,
  root_hash  TEXT    NOT NULL,
  timestamp  INTEGER NOT NULL,
  signature  TEXT    NOT NULL,
  public_key TEXT    NOT NULL
);
CREATE INDEX IF NOT EXISTS tree_heads_size ON tree_heads (tree_size, id);
`;

/** One leaf of the audit tree with the event it stands for. */
export interface AuditLeaf {
  readonly leafIndex: number;
  /** Global position of the event in the event store. */
  readonly position: bigint;
  readonly eventId: string;
  /** SHA-256(0x00 ‖ eventLeafEntry(event)). */
  readonly leafHash: Buffer;
}

/** A row of the leaf scan: the stored leaf hash, with the mapping row when it exists. */
export interface StoredLeafRow {
  readonly leafIndex: number;
  readonly leafHash: Buffer;
  readonly position: bigint | null;
  readonly eventId: string | null;
}

export interface AuditCheckpointRow {
  readonly treeSize: number;
  /** Position of the last event in the tree; null while the tree is empty. */
  readonly position: bigint | null;
}

/** The audit database was created with a different signing key than the one configured now. */
export class AuditKeyMismatchError extends Error {
  override readonly name = 'AuditKeyMismatchError';
  constructor(file: string, stored: string, configured: string) {
    super(
      `${file}: the audit log is signed with public key ${stored}, but the configured signing key is ${configured}; ` +
        'restore the original key file (a log never changes keys)',
    );
  }
}

export interface AuditLogDatabaseOptions {
  /** Open an existing file for reading only (the verifier, the exporter). */
  readonly readonly?: boolean;
}

interface HeadRow {
  tree_size: number;
  root_hash: string;
  timestamp: number;
  signature: string;
  public_key: string;
}

const toHead = (r: HeadRow): SignedTreeHead => ({
  treeSize: r.tree_size,
  rootHash: r.root_hash,
  timestamp: r.timestamp,
  signature: r.signature,
  publicKey: r.public_key,
});

/**
 * `<DATA_DIR>/audit.sqlite`: the audit log's Merkle tree (node hashes), the leaf ↔ event mapping, the
 * follower's checkpoint and the signed tree heads. better-sqlite3, WAL, synchronous=FULL.
 *
 * Writes take the write lock at BEGIN (IMMEDIATE) and first compare the stored checkpoint with what this
 * connection believes; if another process moved it, the in-memory view is reloaded before anything is
 * written. So two processes sharing the file (an api and a worker) never write the same leaf twice.
 */
export class AuditLogDatabase {
  readonly db: Database.Database;
  private store: SqliteMerkleStore;
  private merkle: MerkleTree;
  private readonly stmts: ReturnType<AuditLogDatabase['prepare']>;

  constructor(
    readonly file: string,
    options: AuditLogDatabaseOptions = {},
  ) {
    if (options.readonly) {
      this.db = new Database(file, { readonly: true, fileMustExist: true });
    } else {
      mkdirSync(dirname(file), { recursive: true });
      this.db = new Database(file);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.exec(SCHEMA);
      this.db
        .prepare("INSERT OR IGNORE INTO audit_meta (key, value) VALUES ('schema_version', ?)")
        .run(AUDIT_DB_SCHEMA_VERSION);
      this.db.prepare('INSERT OR IGNORE INTO audit_checkpoint (id, tree_size, position) VALUES (1, 0, NULL)').run();
    }
    this.db.pragma('busy_timeout = 5000');
    let version: string | undefined;
    try {
      version = this.db.prepare<[], { value: string }>("SELECT value FROM audit_meta WHERE key = 'schema_version'").get()?.value;
    } catch {
      version = undefined;
    }
    if (version !== AUDIT_DB_SCHEMA_VERSION) {
      this.db.close();
      throw new Error(`${file}: not an audit database of schema version ${AUDIT_DB_SCHEMA_VERSION}`);
    }
    this.store = new SqliteMerkleStore(this.db);
    this.merkle = new MerkleTree(this.store);
    this.stmts = this.prepare();
  }

  private prepare() {
    const db = this.db;
    return {
      checkpoint: db
        .prepare<[], { tree_size: number; position: bigint | null }>('SELECT tree_size, position FROM audit_checkpoint WHERE id = 1')
        .safeIntegers(true),
      setCheckpoint: db.prepare<[number, bigint]>('UPDATE audit_checkpoint SET tree_size = ?, position = ? WHERE id = 1'),
      insertLeaf: db.prepare<[number, bigint, string]>('INSERT INTO audit_leaves (leaf_index, position, event_id) VALUES (?, ?, ?)'),
      leafByIndex: db
        .prepare<[number], { leaf_index: bigint; position: bigint; event_id: string }>(
          'SELECT leaf_index, position, event_id FROM audit_leaves WHERE leaf_index = ?',
        )
        .safeIntegers(true),
      leafByPosition: db
        .prepare<[bigint], { leaf_index: bigint; position: bigint; event_id: string }>(
          'SELECT leaf_index, position, event_id FROM audit_leaves WHERE position = ?',
        )
        .safeIntegers(true),
      leafByEventId: db
        .prepare<[string], { leaf_index: bigint; position: bigint; event_id: string }>(
          'SELECT leaf_index, position, event_id FROM audit_leaves WHERE event_id = ?',
        )
        .safeIntegers(true),
      heads: db.prepare<[], HeadRow>(
        'SELECT tree_size, root_hash, timestamp, signature, public_key FROM tree_heads ORDER BY tree_size, id',
      ),
      latestHead: db.prepare<[], HeadRow>(
        'SELECT tree_size, root_hash, timestamp, signature, public_key FROM tree_heads ORDER BY tree_size DESC, id DESC LIMIT 1',
      ),
      headOfSize: db.prepare<[number], HeadRow>(
        'SELECT tree_size, root_hash, timestamp, signature, public_key FROM tree_heads WHERE tree_size = ? ORDER BY id DESC LIMIT 1',
      ),
      insertHead: db.prepare<[number, string, number, string, string]>(
        'INSERT INTO tree_heads (tree_size, root_hash, timestamp, signature, public_key) VALUES (?, ?, ?, ?, ?)',
      ),
      meta: db.prepare<[string], { value: string }>('SELECT value FROM audit_meta WHERE key = ?'),
      setMeta: db.prepare<[string, string]>('INSERT INTO audit_meta (key, value) VALUES (?, ?)'),
      leafScan: db
        .prepare<[number], { idx: bigint; hash: Buffer; position: bigint | null; event_id: string | null }>(
          `SELECT n.idx AS idx, n.hash AS hash, l.position AS position, l.event_id AS event_id
             FROM merkle_nodes n LEFT JOIN audit_leaves l ON l.leaf_index = n.idx
            WHERE n.level = 0 AND n.idx < ? ORDER BY n.idx`,
        )
        .safeIntegers(true),
    };
  }

  /** The Merkle tree over the stored nodes (a new object after every reload: never cache it). */
  get tree(): MerkleTree {
    return this.merkle;
  }

  /** Number of leaves (= events) in the tree, as this connection sees it. */
  get treeSize(): number {
    return this.store.size;
  }

  checkpoint(): AuditCheckpointRow {
    const row = this.stmts.checkpoint.get();
    if (!row) throw new Error(`${this.file}: the checkpoint row is missing`);
    return { treeSize: Number(row.tree_size), position: row.position };
  }

  /** Re-reads the tree's shape from the file (after a rollback or another process's write). */
  reload(): void {
    this.store.reload();
    this.merkle = new MerkleTree(this.store);
  }

  /**
   * The raw public key (base64) the log is signed with. The first writer with a key records it; afterwards a
   * different key is refused with {@link AuditKeyMismatchError}.
   */
  bindPublicKey(key: AuditSigningKey): string {
    const configured = key.publicKeyRaw.toString('base64');
    this.db
      .transaction(() => {
        const stored = this.stmts.meta.get('public_key')?.value;
        if (stored === undefined) this.stmts.setMeta.run('public_key', configured);
        else if (stored !== configured) throw new AuditKeyMismatchError(this.file, stored, configured);
      })
      .immediate();
    return configured;
  }

  /** The public key recorded for this log (base64 of the raw 32 bytes), or null before the first signature. */
  publicKey(): string | null {
    return this.stmts.meta.get('public_key')?.value ?? null;
  }

  /**
   * Appends the leaves of `events` (in log order) with their mapping and the new checkpoint, in ONE
   * transaction. Events at or before the checkpoint are skipped, so a re-delivery after a crash or a second
   * reader in the same process applies nothing twice. Returns how many events were added.
   */
  appendEvents(events: readonly RecordedEvent[]): number {
    if (events.length === 0) return 0;
    const apply = this.db.transaction(() => {
      const stored = this.checkpoint();
      if (stored.treeSize !== this.store.size) this.reload();
      let { position } = stored;
      let size = stored.treeSize;
      let added = 0;
      for (const event of events) {
        if (position !== null && event.position <= position) continue;
        const leaf = leafHash(eventLeafEntry(event));
        const index = this.merkle.append(leaf);
        if (index !== size) throw new Error(`audit tree out of step: leaf ${index} appended at size ${size}`);
        this.stmts.insertLeaf.run(index, event.position, event.id);
        position = event.position;
        size++;
        added++;
      }
      if (added > 0) this.stmts.setCheckpoint.run(size, position!);
      return added;
    });
    try {
      return apply.immediate();
    } catch (err) {
      // The transaction rolled back; the in-memory node counts may include what it wrote.
      this.reload();
      throw err;
    }
  }

  /**
   * Signs the current tree with `key` and stores the head, unless the latest stored head already covers the
   * whole tree — then that head is returned (an empty log gets one head of size 0). The timestamp never goes
   * back: it is max(`now`, the latest head's timestamp).
   */
  signTreeHeadIfGrown(key: AuditSigningKey, now: number): { head: SignedTreeHead; fresh: boolean } {
    const run = this.db.transaction(() => {
      const stored = this.checkpoint();
      if (stored.treeSize !== this.store.size) this.reload();
      const size = this.store.size;
      const latest = this.latestTreeHead();
      if (latest && latest.treeSize >= size) return { head: latest, fresh: false };
      const timestamp = Math.max(Math.floor(now), latest?.timestamp ?? 0);
      const head = signTreeHead({ treeSize: size, rootHash: this.merkle.root(size), timestamp }, key.privateKey);
      this.stmts.insertHead.run(head.treeSize, head.rootHash, head.timestamp, head.signature, head.publicKey);
      return { head, fresh: true };
    });
    try {
      return run.immediate();
    } catch (err) {
      this.reload();
      throw err;
    }
  }

  /** Every stored head, by tree size (then in signing order). */
  treeHeads(): SignedTreeHead[] {
    return this.stmts.heads.all().map(toHead);
  }

  latestTreeHead(): SignedTreeHead | null {
    const row = this.stmts.latestHead.get();
    return row ? toHead(row) : null;
  }

  /** The latest stored head of exactly `treeSize` leaves, or null. */
  treeHeadOfSize(treeSize: number): SignedTreeHead | null {
    const row = this.stmts.headOfSize.get(treeSize);
    return row ? toHead(row) : null;
  }

  leafAt(leafIndex: number): AuditLeaf | null {
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0 || leafIndex >= this.store.size) return null;
    return this.toLeaf(this.stmts.leafByIndex.get(leafIndex));
  }

  leafByPosition(position: bigint): AuditLeaf | null {
    return this.toLeaf(this.stmts.leafByPosition.get(position));
  }

  leafByEventId(eventId: string): AuditLeaf | null {
    return this.toLeaf(this.stmts.leafByEventId.get(eventId));
  }

  private toLeaf(row: { leaf_index: bigint; position: bigint; event_id: string } | undefined): AuditLeaf | null {
    if (!row) return null;
    const leafIndex = Number(row.leaf_index);
    if (leafIndex >= this.store.size) return null;
    return { leafIndex, position: row.position, eventId: row.event_id, leafHash: this.store.node(0, leafIndex) };
  }

  /**
   * The stored leaves below `limit`, in index order, with their mapping rows (null where a mapping row is
   * missing). Reads the table directly, for the exporter and the verifier: nothing here is trusted.
   */
  *scanLeaves(limit: number = this.store.size): Generator<StoredLeafRow> {
    for (const row of this.stmts.leafScan.iterate(limit)) {
      yield {
        leafIndex: Number(row.idx),
        leafHash: row.hash,
        position: row.position,
        eventId: row.event_id,
      };
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}
