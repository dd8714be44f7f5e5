import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { Kysely, sql } from 'kysely';
import { PersonalDataUnavailableError, type DataKeyLookup, type DataKeyProvider } from '@pfw/event-serialization';
import { createReadModelDb, type ReadModelDbConfig } from '@pfw/read-models';
import { dialectOf, OneArgumentQuery } from '@pfw/sql';
import type { MasterKey } from './master-key';

/** The key store's tables (migration 0003, `./migrations/0003-personal-data-keys.ts`). */
export type PersonalDataKeyTables = {
  personal_data_keys: { contract_id: string; wrapped_key: string; master_key_id: string; created_at: string };
  personal_data_key_tombstones: { contract_id: string; destroyed_at: string; destroyed_by: string };
};

export interface DataKeyStoreOptions {
  /** Wall clock for the bookkeeping times (default: real time). */
  readonly now?: () => Date;
  /**
   * How long an unwrapped key stays in this process's memory (default 30 s). Another process (ROLE=api next to
   * a worker) that destroys a key is seen here at the latest after this; a destruction in this process is seen
   * at once.
   */
  readonly cacheTtlMs?: number;
  /**
   * Most keys kept in memory (default 10 000), the least recently used going first. A rebuild reads the log in
   * order, where a contract's events lie within a few thousand events of each other (about 1,000 contracts in
   * flight at a time on the bench's log), so each contract's key is unwrapped about once per rebuild.
   */
  readonly cacheSize?: number;
}

export interface DestroyResult {
  /** A key row existed and was deleted now. */
  readonly deleted: boolean;
  /** The contract was already recorded as shredded before this call. */
  readonly alreadyDestroyed: boolean;
}

export interface CheckpointResult {
  readonly database: 'sqlite' | 'postgres';
  /** SQLite: whether `wal_checkpoint(TRUNCATE)` completed (busy = 0); PostgreSQL: not applicable (null). */
  readonly truncated: boolean | null;
}

const WRAP_LABEL = 'pfw/data-key/v1';
const NONCE = 12;
const TAG = 16;

const wrapAad = (contractId: string, masterKeyId: string) => Buffer.from([WRAP_LABEL, contractId, masterKeyId].join('\u0000'), 'utf8');

/**
 * The key store of crypto-shredding, in the read-model database (SQLite or PostgreSQL, one Kysely code path;
 * never the event log). Each contract has one random AES-256 data key, stored wrapped with the master key
 * (AES-256-GCM, the contract id and the master key's id as additional data, so a wrapped key cannot be moved to
 * another contract). Destroying a key deletes its row and records a tombstone in one transaction; with SQLite's
 * `secure_delete` (set on the read-model connection) the freed bytes are zeroed, and `checkpoint()` then
 * truncates the WAL that still held the old page.
 *
 * It is the serializer's DataKeyProvider (PersonalDataTransformer) and the outbox's key source. Projections decode
 * events inside their own transaction on the read-model connection, and SQLite's is a single connection: the key
 * store must therefore read through a connection of its own (`SqlDataKeyStore.open`), or a key lookup inside a
 * projection's batch would wait forever for the connection that batch holds.
 */
export class SqlDataKeyStore implements DataKeyProvider {
  private readonly db: Kysely<PersonalDataKeyTables>;
  private readonly now: () => Date;
  private readonly ttl: number;
  private readonly size: number;
  /** Least recently used first: a hit moves its entry to the end. */
  private readonly cache = new Map<string, { readonly id: string; readonly lookup: DataKeyLookup; readonly until: number }>();
  /** The two lookups, compiled once for this dialect and then only run with a new contract id. */
  private readonly keyRow = new OneArgumentQuery((db: Kysely<PersonalDataKeyTables>, contractId) =>
    db.selectFrom('personal_data_keys').select(['wrapped_key', 'master_key_id']).where('contract_id', '=', contractId),
  );
  private readonly tombstoneRow = new OneArgumentQuery((db: Kysely<PersonalDataKeyTables>, contractId) =>
    db.selectFrom('personal_data_key_tombstones').select('destroyed_at').where('contract_id', '=', contractId),
  );
  private owned: Kysely<any> | null = null;

  /**
   * The key store on its own connection to the read-model database (SQLite: a second connection to the same
   * file, WAL and secure_delete like the first; PostgreSQL: a small pool of its own). Migration 0003 must have
   * run (ReadModelsModule migrates before anything can inject READ_MODEL_DB). `close()` ends the connection.
   */
  static open(config: ReadModelDbConfig, master: MasterKey | (() => MasterKey), options: DataKeyStoreOptions = {}): SqlDataKeyStore {
    // SQLite: the read-model connection may hold a write transaction across awaits while a command creates a key
    // here; this connection then waits asynchronously instead of blocking the event loop that transaction needs.
    const db = createReadModelDb({ ...config, poolMax: config.poolMax ?? 2, sqliteBusy: 'yield' });
    const store = new SqlDataKeyStore(db, master, options);
    store.owned = db;
    return store;
  }

  private readonly loadMaster: () => MasterKey;
  private loadedMaster: MasterKey | null = null;

  /** `master`: the key, or a loader called on first use (a process that never touches a key never needs it). */
  constructor(
    db: Kysely<any>,
    master: MasterKey | (() => MasterKey),
    options: DataKeyStoreOptions = {},
  ) {
    this.loadMaster = typeof master === 'function' ? master : () => master;
    this.db = db.withTables<PersonalDataKeyTables>() as unknown as Kysely<PersonalDataKeyTables>;
    this.now = options.now ?? (() => new Date());
    this.ttl = options.cacheTtlMs ?? 30_000;
    this.size = options.cacheSize ?? 10_000;
  }

  /** The master key (loaded on first use; a MasterKeyError when it cannot be). */
  get master(): MasterKey {
    this.loadedMaster ??= this.loadMaster();
    return this.loadedMaster;
  }

  get masterKeyId(): string {
    return this.master.id;
  }

  /**
   * The master keys other than this process's that wrap keys in the store, with how many each. Anything here
   * means this process has the wrong master key (a lost or swapped DATA_KEY_FILE): it must not start, or every
   * contract it touches would fail to decrypt.
   */
  async foreignMasterKeys(): Promise<Array<{ readonly masterKeyId: string; readonly keys: number }>> {
    const rows = await this.db
      .selectFrom('personal_data_keys')
      .select(['master_key_id', (eb) => eb.fn.countAll<string | number>().as('n')])
      .where('master_key_id', '!=', this.master.id)
      .groupBy('master_key_id')
      .orderBy('master_key_id')
      .execute();
    return rows.map((r) => ({ masterKeyId: r.master_key_id, keys: Number(r.n) }));
  }

  /** Ends the connection `open` made (a store given a connection leaves it to its owner). */
  async close(): Promise<void> {
    const db = this.owned;
    this.owned = null;
    await db?.destroy();
  }

  async keyForWrite(contractId: string): Promise<Uint8Array | null> {
    const known = await this.keyForRead(contractId);
    if (known.state === 'active') return known.key;
    if (known.state === 'destroyed') return null;
    const key = randomBytes(32);
    await this.db
      .insertInto('personal_data_keys')
      .values({ contract_id: contractId, wrapped_key: this.wrap(contractId, key), master_key_id: this.master.id, created_at: this.now().toISOString() })
      .onConflict((oc) => oc.column('contract_id').doNothing())
      .execute();
    // Another writer may have created it first (or shredded it meanwhile): what the table holds now wins.
    this.cache.delete(contractId);
    const now = await this.keyForRead(contractId);
    if (now.state === 'active') return now.key;
    if (now.state === 'destroyed') return null;
    throw new PersonalDataUnavailableError({ reason: 'KEY_MISSING', contractId, detail: 'the data key just created is not in the key store' });
  }

  async keyForRead(contractId: string): Promise<DataKeyLookup> {
    const cached = this.cache.get(contractId);
    if (cached && (cached.lookup.state === 'destroyed' || cached.until > Date.now())) {
      this.cache.delete(contractId);
      this.cache.set(cached.id, cached);
      return cached.lookup;
    }
    const lookup = await this.lookup(contractId);
    if (lookup.state !== 'missing') this.remember(contractId, lookup);
    return lookup;
  }

  /** Whether the contract's key was destroyed (crypto-shredded). */
  async isDestroyed(contractId: string): Promise<boolean> {
    return (await this.keyForRead(contractId)).state === 'destroyed';
  }

  /**
   * Destroys the contract's data key: deletes its row, records the tombstone (who, when). Idempotent. From now
   * on every personal field encrypted under it reads as null, and nothing new is encrypted for the contract.
   */
  async destroy(contractId: string, by: string): Promise<DestroyResult> {
    const at = this.now().toISOString();
    const result = await this.db.transaction().execute(async (trx) => {
      const deleted = await trx.deleteFrom('personal_data_keys').where('contract_id', '=', contractId).executeTakeFirst();
      const inserted = await trx
        .insertInto('personal_data_key_tombstones')
        .values({ contract_id: contractId, destroyed_at: at, destroyed_by: by })
        .onConflict((oc) => oc.column('contract_id').doNothing())
        .executeTakeFirst();
      return { deleted: Number(deleted.numDeletedRows) > 0, alreadyDestroyed: Number(inserted.numInsertedOrUpdatedRows ?? 0n) === 0 };
    });
    this.cache.delete(contractId);
    this.cache.set(contractId, { id: contractId, lookup: { state: 'destroyed', destroyedAt: new Date(at) }, until: Infinity });
    return result;
  }

  /**
   * SQLite: `PRAGMA wal_checkpoint(TRUNCATE)` on the read-model connection, retried while readers keep it busy,
   * so the pages that held a deleted key or an old contract row leave the WAL file. PostgreSQL keeps old row
   * versions until VACUUM reuses their space (docs/personal-data.md): nothing to do here.
   */
  async checkpoint(attempts = 20): Promise<CheckpointResult> {
    if (dialectOf(this.db) !== 'sqlite') return { database: 'postgres', truncated: null };
    for (let i = 1; ; i++) {
      const { rows } = await sql<{ busy: number }>`PRAGMA wal_checkpoint(TRUNCATE)`.execute(this.db);
      if (Number(rows[0]?.busy ?? 0) === 0) return { database: 'sqlite', truncated: true };
      if (i >= attempts) return { database: 'sqlite', truncated: false };
      await new Promise((r) => setTimeout(r, 50 * i));
    }
  }

  private async lookup(contractId: string): Promise<DataKeyLookup> {
    const row = await this.keyRow.first(this.db, contractId);
    if (row) return { state: 'active', key: this.unwrap(contractId, row.wrapped_key, row.master_key_id) };
    const tomb = await this.tombstoneRow.first(this.db, contractId);
    if (tomb) return { state: 'destroyed', destroyedAt: new Date(tomb.destroyed_at) };
    return { state: 'missing' };
  }

  private remember(contractId: string, lookup: DataKeyLookup): void {
    this.cache.delete(contractId);
    if (this.cache.size >= this.size) this.cache.delete(this.cache.keys().next().value as string);
    // The id a reader asks with is often a slice of the ciphertext text it came from (parseCiphertext), and a
    // kept slice keeps that whole text alive: 10,000 cached ids held ~2 MB of ciphertexts during a rebuild
    // (heap snapshot, bench/). The cache keeps its own copy of the id.
    const id = JSON.parse(JSON.stringify(contractId)) as string;
    this.cache.set(id, { id, lookup, until: Date.now() + this.ttl });
  }

  private wrap(contractId: string, key: Uint8Array): string {
    const nonce = randomBytes(NONCE);
    const cipher = createCipheriv('aes-256-gcm', this.master.key, nonce);
    cipher.setAAD(wrapAad(contractId, this.master.id));
    const body = Buffer.concat([cipher.update(key), cipher.final()]);
    return Buffer.concat([nonce, body, cipher.getAuthTag()]).toString('base64');
  }

  private unwrap(contractId: string, wrapped: string, masterKeyId: string): Buffer {
    const fail = (detail: string) => new PersonalDataUnavailableError({ reason: 'KEY_UNREADABLE', contractId, detail });
    if (masterKeyId !== this.master.id) {
      throw fail(`its data key was wrapped with master key ${masterKeyId}, this process has ${this.master.id} (${this.master.path}): wrong DATA_KEY_FILE?`);
    }
    const bytes = Buffer.from(wrapped, 'base64');
    if (bytes.length !== NONCE + 32 + TAG) throw fail('the wrapped data key has the wrong length');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.master.key, bytes.subarray(0, NONCE));
      decipher.setAAD(wrapAad(contractId, masterKeyId));
      decipher.setAuthTag(bytes.subarray(bytes.length - TAG));
      const plain = Buffer.concat([decipher.update(bytes.subarray(NONCE, bytes.length - TAG)), decipher.final()]);
      // A small Buffer is a view into a shared 8 KiB pool slab: a cached key would keep its slab alive (10,000
      // cached keys held 60-80 MB in a rebuild, bench/) and its bytes would sit among unrelated data.
      // The key gets memory of its own, and the pooled copy is wiped.
      const key = Buffer.alloc(plain.length);
      plain.copy(key);
      plain.fill(0);
      return key;
    } catch {
      throw fail('the wrapped data key does not authenticate under the master key (tampered with, or moved from another contract)');
    }
  }
}
