import { sql, type Kysely, type Transaction } from 'kysely';
import { Mutex } from '@pfw/consumers';
import type { RecordedEvent } from '@pfw/event-store';
import { bigintText, fromDbBigintOrNull } from '@pfw/sql';
import { eventLeafEntry } from '../canonical/event-leaf';
import { leafHash } from '../merkle/hash';
import { InMemoryMerkleStore, type MerkleNode, type MerkleStore } from '../merkle/store';
import { MerkleTree } from '../merkle/tree';
import { signTreeHead, type SignedTreeHead } from '../merkle/tree-head';
import type { AuditSigningKey } from '../keys';

/** One leaf of the audit tree with the event it stands for. */
export interface AuditLeaf {
  readonly leafIndex: number;
  /** Global position of the event in the event store. */
  readonly position: bigint;
  readonly eventId: string;
  /** SHA-256(0x00 ‖ eventLeafEntry(event)). */
  readonly leafHash: Buffer;
}

/** A row of the leaf scan, as stored (the exporter and the verifier trust none of it). */
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

/** The audit log was signed with a different key than the one configured now. */
export class AuditKeyMismatchError extends Error {
  override readonly name = 'AuditKeyMismatchError';
  constructor(where: string, stored: string, configured: string) {
    super(
      `${where}: the audit log is signed with public key ${stored}, but the configured signing key is ${configured}; ` +
        'restore the original key file (a log never changes keys)',
    );
  }
}

type Int8 = number | string | bigint;

/** The tables of migration 0010 (`../migrations`) as this class uses them. */
interface AuditTables {
  audit_checkpoint: { id: number; tree_size: Int8; position: Int8 | null; public_key: string | null };
  audit_leaves: { leaf_index: Int8; position: Int8; event_id: string; leaf_hash: Buffer };
  audit_nodes: { level: number; idx: Int8; hash: Buffer };
  audit_tree_heads: { tree_size: Int8; root_hash: string; timestamp: Int8; signature: string; public_key: string };
}

type Db = Kysely<AuditTables>;
type Executor = Db | Transaction<AuditTables>;

/** Rows per INSERT (well below SQLite's and PostgreSQL's bound-parameter limits). */
const INSERT_CHUNK = 200;
/** Leaves read per round while loading the tree (2 MiB of hashes, a few MiB of rows). */
const LOAD_CHUNK = 65_536;
/** Leaves per page of the exporter's scan. */
const SCAN_PAGE = 1000;

const WHERE = 'the audit log in the read-model database';

const toHead = (r: AuditTables['audit_tree_heads']): SignedTreeHead => ({
  treeSize: Number(r.tree_size),
  rootHash: r.root_hash,
  timestamp: Number(r.timestamp),
  signature: r.signature,
  publicKey: r.public_key,
});

/**
 * The audit log's Merkle tree (leaves, nodes), its checkpoint and its signed tree heads in the read-model
 * database (this lib's migration 0010: SQLite on one host, PostgreSQL shared by every process), with an
 * in-memory copy of the tree for proofs.
 *
 * {@link MerkleStore} is synchronous, the database is not: the tree's node hashes (64 bytes per leaf) are kept
 * in an {@link InMemoryMerkleStore} loaded from the tables and extended as the stored checkpoint moves —
 * by this process's own commits, or by reading the rows another process committed ({@link refresh}). Every
 * write takes the checkpoint row's lock first (PostgreSQL: the row lock; SQLite: the write lock), so batches
 * and signatures of several processes are serialized; a writer first loads what others committed, and
 * events at or before the stored checkpoint are skipped, so no leaf is written twice.
 */
export class AuditLogDatabase {
  private readonly db: Db;
  private readonly store = new InMemoryMerkleStore();
  private readonly merkle = new MerkleTree(this.store);
  /** One change of the in-memory tree at a time (a commit, a signature, a refresh). */
  private readonly memory = new Mutex();

  constructor(db: Kysely<any>) {
    this.db = db as Db;
  }

  /** The Merkle tree as this process has loaded it (see {@link refresh}). */
  get tree(): MerkleTree {
    return this.merkle;
  }

  /** Number of leaves in the in-memory tree. */
  get treeSize(): number {
    return this.store.size;
  }

  /** The stored checkpoint (what every process shares). */
  async checkpoint(q: Executor = this.db): Promise<AuditCheckpointRow> {
    const row = await q
      .selectFrom('audit_checkpoint')
      .select(['tree_size', bigintText('position').as('position')])
      .where('id', '=', 1)
      .executeTakeFirst();
    if (!row) throw new Error(`${WHERE}: the checkpoint row is missing`);
    return { treeSize: Number(row.tree_size), position: fromDbBigintOrNull(row.position) };
  }

  /** Brings the in-memory tree up to the stored checkpoint (the rows other processes committed). Returns its size. */
  refresh(): Promise<number> {
    return this.memory.run(async () => {
      await this.loadUpTo(this.db, (await this.checkpoint()).treeSize);
      return this.store.size;
    });
  }

  /**
   * The raw public key (base64) the log is signed with. The first process with a key records it; afterwards a
   * different key is refused with {@link AuditKeyMismatchError}.
   */
  async bindPublicKey(key: AuditSigningKey): Promise<string> {
    const configured = key.publicKeyRaw.toString('base64');
    await this.db.transaction().execute(async (trx) => {
      await this.lockCheckpoint(trx);
      const stored = await this.publicKey(trx);
      if (stored === null) await trx.updateTable('audit_checkpoint').set({ public_key: configured }).where('id', '=', 1).execute();
      else if (stored !== configured) throw new AuditKeyMismatchError(WHERE, stored, configured);
    });
    return configured;
  }

  /** The public key recorded for this log (base64 of the raw 32 bytes), or null before the first process bound one. */
  async publicKey(q: Executor = this.db): Promise<string | null> {
    const row = await q.selectFrom('audit_checkpoint').select('public_key').where('id', '=', 1).executeTakeFirst();
    return row?.public_key ?? null;
  }

  /**
   * Appends the leaves of `events` (in log order), the nodes they complete and the moved checkpoint in ONE
   * transaction. Events at or before the stored checkpoint are skipped, so a re-delivery after a crash, a
   * second reader in this process or another process that committed first applies nothing twice. Returns how
   * many events were added.
   */
  appendEvents(events: readonly RecordedEvent[]): Promise<number> {
    if (events.length === 0) return Promise.resolve(0);
    return this.memory.run(async () => {
      const pending = await this.db.transaction().execute(async (trx) => {
        const stored = await this.lockCheckpoint(trx);
        await this.loadUpTo(trx, stored.treeSize);
        const nodes = new PendingNodes(this.store);
        const tree = new MerkleTree(nodes);
        const leaves: AuditTables['audit_leaves'][] = [];
        let { position } = stored;
        for (const event of events) {
          if (position !== null && event.position <= position) continue;
          const hash = leafHash(eventLeafEntry(event));
          const index = tree.append(hash);
          leaves.push({ leaf_index: index, position: event.position, event_id: event.id, leaf_hash: hash });
          position = event.position;
        }
        if (leaves.length === 0) return nodes;
        for (let i = 0; i < leaves.length; i += INSERT_CHUNK) await trx.insertInto('audit_leaves').values(leaves.slice(i, i + INSERT_CHUNK)).execute();
        const inner = nodes.batches.flatMap((batch) => batch.slice(1)).map((n) => ({ level: n.level, idx: n.index, hash: Buffer.from(n.hash) }));
        for (let i = 0; i < inner.length; i += INSERT_CHUNK) await trx.insertInto('audit_nodes').values(inner.slice(i, i + INSERT_CHUNK)).execute();
        await trx.updateTable('audit_checkpoint').set({ tree_size: nodes.size, position }).where('id', '=', 1).execute();
        return nodes;
      });
      // Committed: now the in-memory tree takes the same nodes.
      for (const batch of pending.batches) this.store.append(batch);
      return pending.batches.length;
    });
  }

  /**
   * Signs the stored tree with `key` and stores the head, unless the latest stored head already covers the
   * whole tree — then that head is returned (an empty log gets one head of size 0). The timestamp never goes
   * back: it is max(`now`, the latest head's timestamp). Serialized with every writer by the checkpoint's lock.
   */
  signTreeHeadIfGrown(key: AuditSigningKey, now: number): Promise<{ head: SignedTreeHead; fresh: boolean }> {
    return this.memory.run(() =>
      this.db.transaction().execute(async (trx) => {
        const { treeSize } = await this.lockCheckpoint(trx);
        await this.loadUpTo(trx, treeSize);
        const latest = await this.latestTreeHead(trx);
        if (latest && latest.treeSize >= treeSize) return { head: latest, fresh: false };
        const timestamp = Math.max(Math.floor(now), latest?.timestamp ?? 0);
        const head = signTreeHead({ treeSize, rootHash: this.merkle.root(treeSize), timestamp }, key.privateKey);
        await trx.insertInto('audit_tree_heads').values(this.headRow(head)).execute();
        return { head, fresh: true };
      }),
    );
  }

  /**
   * Stores heads signed elsewhere (an earlier version's own file), one per tree size: a size already stored
   * keeps its head. Returns the heads of sizes already stored with another root (none, for one log).
   */
  async importTreeHeads(heads: readonly SignedTreeHead[]): Promise<SignedTreeHead[]> {
    const conflicting: SignedTreeHead[] = [];
    for (const head of heads) {
      await this.db.insertInto('audit_tree_heads').values(this.headRow(head)).onConflict((oc) => oc.column('tree_size').doNothing()).execute();
      const stored = await this.treeHeadOfSize(head.treeSize);
      if (stored && stored.rootHash !== head.rootHash) conflicting.push(head);
    }
    return conflicting;
  }

  /** Every stored head, by tree size. */
  async treeHeads(): Promise<SignedTreeHead[]> {
    return (await this.db.selectFrom('audit_tree_heads').selectAll().orderBy('tree_size').execute()).map(toHead);
  }

  async latestTreeHead(q: Executor = this.db): Promise<SignedTreeHead | null> {
    const row = await q.selectFrom('audit_tree_heads').selectAll().orderBy('tree_size', 'desc').limit(1).executeTakeFirst();
    return row ? toHead(row) : null;
  }

  /** The stored head of exactly `treeSize` leaves, or null. */
  async treeHeadOfSize(treeSize: number): Promise<SignedTreeHead | null> {
    if (!Number.isSafeInteger(treeSize) || treeSize < 0) return null;
    const row = await this.db.selectFrom('audit_tree_heads').selectAll().where('tree_size', '=', treeSize).executeTakeFirst();
    return row ? toHead(row) : null;
  }

  leafAt(leafIndex: number): Promise<AuditLeaf | null> {
    if (!Number.isSafeInteger(leafIndex) || leafIndex < 0) return Promise.resolve(null);
    return this.leafWhere('leaf_index', leafIndex);
  }

  leafByPosition(position: bigint): Promise<AuditLeaf | null> {
    return this.leafWhere('position', position);
  }

  leafByEventId(eventId: string): Promise<AuditLeaf | null> {
    return this.leafWhere('event_id', eventId);
  }

  /** The stored leaves below `limit`, in index order, read from the table in pages: for the exporter and the verifier. */
  async *scanLeaves(limit: number): AsyncGenerator<StoredLeafRow> {
    for (let from = 0; from < limit; ) {
      const rows = await this.leafRows(this.db)
        .where('leaf_index', '>=', from)
        .where('leaf_index', '<', Math.min(limit, from + SCAN_PAGE))
        .orderBy('leaf_index')
        .execute();
      if (rows.length === 0) return;
      for (const row of rows) {
        yield { leafIndex: Number(row.leaf_index), leafHash: row.leaf_hash, position: fromDbBigintOrNull(row.position), eventId: row.event_id };
      }
      from = Number(rows[rows.length - 1]!.leaf_index) + 1;
    }
  }

  private leafRows(q: Executor) {
    return q.selectFrom('audit_leaves').select(['leaf_index', bigintText('position').as('position'), 'event_id', 'leaf_hash']);
  }

  private async leafWhere(column: 'leaf_index' | 'position' | 'event_id', value: number | bigint | string): Promise<AuditLeaf | null> {
    const row = await this.leafRows(this.db).where(column, '=', value).executeTakeFirst();
    if (!row) return null;
    return { leafIndex: Number(row.leaf_index), position: fromDbBigintOrNull(row.position)!, eventId: row.event_id, leafHash: Buffer.from(row.leaf_hash) };
  }

  private headRow(head: SignedTreeHead): AuditTables['audit_tree_heads'] {
    return { tree_size: head.treeSize, root_hash: head.rootHash, timestamp: head.timestamp, signature: head.signature, public_key: head.publicKey };
  }

  /** Takes the checkpoint row's lock for the rest of the transaction (a no-op update: the same statement on both databases), then reads it. */
  private async lockCheckpoint(trx: Transaction<AuditTables>): Promise<AuditCheckpointRow> {
    await trx.updateTable('audit_checkpoint').set({ tree_size: sql`tree_size` }).where('id', '=', 1).execute();
    return this.checkpoint(trx);
  }

  /**
   * Extends the in-memory tree with the stored leaves and nodes from its size up to `treeSize`, in chunks:
   * leaf i brings the nodes it completes (level ℓ ≥ 1 when 2^ℓ divides i + 1), as a writer appended them.
   * Rows below a committed checkpoint never change, so they are read without a lock.
   */
  private async loadUpTo(q: Executor, treeSize: number): Promise<void> {
    if (treeSize < this.store.size) {
      throw new Error(`${WHERE}: the stored tree has ${treeSize} leaves, fewer than the ${this.store.size} this process loaded from it`);
    }
    while (this.store.size < treeSize) {
      const from = this.store.size;
      const to = Math.min(treeSize, from + LOAD_CHUNK);
      const leaves = await q.selectFrom('audit_leaves').select(['leaf_index', 'leaf_hash']).where('leaf_index', '>=', from).where('leaf_index', '<', to).orderBy('leaf_index').execute();
      if (leaves.length !== to - from) throw new Error(`${WHERE}: leaves ${from}–${to - 1} are incomplete (${leaves.length} rows)`);
      const levels: { first: number; hashes: Buffer[] }[] = [];
      for (let level = 1; 2 ** level <= to; level++) {
        const first = Math.floor(from / 2 ** level);
        const end = Math.floor(to / 2 ** level);
        if (end === first) continue;
        const rows = await q.selectFrom('audit_nodes').select('hash').where('level', '=', level).where('idx', '>=', first).where('idx', '<', end).orderBy('idx').execute();
        if (rows.length !== end - first) throw new Error(`${WHERE}: nodes ${first}–${end - 1} of level ${level} are incomplete (${rows.length} rows)`);
        levels[level] = { first, hashes: rows.map((r) => r.hash) };
      }
      for (let i = from; i < to; i++) {
        const batch: MerkleNode[] = [{ level: 0, index: i, hash: leaves[i - from]!.leaf_hash }];
        for (let n = i + 1, level = 1; n % 2 === 0; level++) {
          n /= 2;
          const { first, hashes } = levels[level]!;
          batch.push({ level, index: n - 1, hash: hashes[n - 1 - first]! });
        }
        this.store.append(batch);
      }
    }
  }
}

/**
 * The nodes a batch appends, kept aside over the in-memory tree until the transaction that stores them
 * commits: a rolled-back batch leaves the in-memory tree as it was.
 */
class PendingNodes implements MerkleStore {
  /** One entry per appended leaf: the leaf and the nodes it completed, as `append` received them. */
  readonly batches: MerkleNode[][] = [];
  private readonly added = new Map<string, Buffer>();

  constructor(private readonly base: MerkleStore) {}

  get size(): number {
    return this.base.size + this.batches.length;
  }

  node(level: number, index: number): Buffer {
    if (index < Math.floor(this.base.size / 2 ** level)) return this.base.node(level, index);
    const hash = this.added.get(`${level}:${index}`);
    if (!hash) throw new RangeError(`no stored node at level ${level}, index ${index}`);
    return Buffer.from(hash);
  }

  append(nodes: readonly MerkleNode[]): void {
    nodes.forEach((n, level) => {
      const expected = Math.floor(this.size / 2 ** level);
      if (n.level !== level || n.index !== expected) throw new RangeError(`node ${level} of the batch is (${n.level}, ${n.index}); expected (${level}, ${expected}) next`);
    });
    for (const n of nodes) this.added.set(`${n.level}:${n.index}`, Buffer.from(n.hash));
    this.batches.push([...nodes]);
  }
}
