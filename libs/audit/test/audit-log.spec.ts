import { sql } from 'kysely';
import Database from 'better-sqlite3';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@pfw/event-store';
import type { ConsumerGate } from '@pfw/consumers';
import { migrateReadModels } from '@pfw/read-models';
import {
  AUDIT_MIGRATIONS,
  AuditKeyMismatchError,
  AuditLogDatabase,
  AuditLogService,
  AuditProofError,
  CanonicalJsonError,
  eventLeafEntry,
  leafHash,
  loadOrCreateAuditSigningKey,
  merkleTreeHash,
  signTreeHead,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
  type AuditSigningKey,
} from '@pfw/audit';
import { backends, type TestDatabase } from '../../read-models/test/support/backends';
import { ManualClock, ManualScheduler, appendSampleEvents, eventually, sampleEvent, silentLogger, tempDir } from './support/audit-fixtures';

const b64 = (s: string) => Buffer.from(s, 'base64');

async function allEvents(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
}

const count = async (database: TestDatabase, query: ReturnType<typeof sql<{ n: number | string }>>) => Number((await query.execute(database.db)).rows[0]!.n);

describe.each(backends())('AuditLogService on %s', (_name, backend) => {
  let dir: string;
  let database: TestDatabase;
  let store: SqliteEventStore;
  let key: AuditSigningKey;
  let clock: ManualClock;
  let scheduler: ManualScheduler;
  const services: AuditLogService[] = [];

  beforeAll(() => backend.start(), 60_000);
  afterAll(() => backend.stop());

  const open = async (options: { treeHeadIntervalMs?: number; batchSize?: number; signingKey?: AuditSigningKey; legacyFile?: string; gate?: ConsumerGate } = {}) => {
    const service = await AuditLogService.open({
      store,
      db: database.db,
      signingKey: options.signingKey ?? key,
      legacyFile: options.legacyFile,
      clock,
      scheduler,
      logger: silentLogger,
      treeHeadIntervalMs: options.treeHeadIntervalMs,
      batchSize: options.batchSize,
      gate: options.gate,
    });
    services.push(service);
    return service;
  };

  /** A second view of the same tables, as another process has it. */
  const loaded = async () => {
    const other = new AuditLogDatabase(database.db);
    await other.refresh();
    return other;
  };

  beforeEach(async () => {
    dir = tempDir('audit-log');
    database = await backend.open();
    await migrateReadModels(database.db, AUDIT_MIGRATIONS);
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    key = loadOrCreateAuditSigningKey(join(dir, 'audit', 'signing-key.pem'));
    clock = new ManualClock();
    scheduler = new ManualScheduler();
  });
  afterEach(async () => {
    for (const s of services.splice(0)) await s.close();
    await store.close();
    await database.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('the follower', () => {
    it("appends each event's leaf SHA-256(0x00 ‖ eventLeafEntry(event)) in log order, with leaf index ↔ position and event id", async () => {
      await appendSampleEvents(store, 250, 0, 50);
      const audit = await open();
      audit.start();
      await eventually(async () => (await audit.status()).treeSize === 250);

      const events = await allEvents(store);
      const expected = events.map((e) => leafHash(eventLeafEntry(e)));
      const db = await loaded();
      expect(db.tree.root().equals(merkleTreeHash(expected))).toBe(true);
      for (const [i, e] of events.entries()) {
        expect(await db.leafAt(i)).toEqual({ leafIndex: i, position: e.position, eventId: e.id, leafHash: expected[i] });
      }
      expect(await db.checkpoint()).toEqual({ treeSize: 250, position: events[249]!.position });
    });

    it('keeps following live appends after the catch-up', async () => {
      await appendSampleEvents(store, 10);
      const audit = await open();
      audit.start();
      await eventually(async () => (await audit.status()).treeSize === 10);
      await store.append('contract-live', [sampleEvent(1000), sampleEvent(1001)], 'any');
      await eventually(async () => (await audit.status()).treeSize === 12);
      await store.append('contract-live', [sampleEvent(1002)], 'any');
      await eventually(async () => (await audit.status()).treeSize === 13);
      const events = await allEvents(store);
      expect(await audit.leafHash(events[12]!.id)).toBe(leafHash(eventLeafEntry(events[12]!)).toString('base64'));
    });

    it('resumes from its checkpoint after a restart and applies nothing twice, also with a second process appending', async () => {
      await appendSampleEvents(store, 120);
      const first = await open();
      await first.catchUp();
      await first.close();

      await appendSampleEvents(store, 80, 120);
      const second = await open();
      second.start();
      await eventually(async () => (await second.status()).treeSize === 200);
      // A second reader in the same process (the on-demand catch-up) and another process overlap the follower: still once each.
      const third = await open();
      await second.catchUp();
      await appendSampleEvents(store, 5, 200);
      await Promise.all([second.catchUp(), second.catchUp(), third.catchUp()]);
      await eventually(async () => (await second.status()).treeSize === 205);

      const events = await allEvents(store);
      const rows = await database.db
        .selectFrom('audit_leaves' as never)
        .select([sql<string>`cast(position as text)`.as('position'), sql<string>`event_id`.as('event_id')])
        .orderBy(sql`leaf_index`)
        .execute();
      expect(rows.map((r) => r.event_id)).toEqual(events.map((e) => e.id));
      expect(rows.map((r) => BigInt(r.position))).toEqual(events.map((e) => e.position));
      expect(await count(database, sql`select count(*) as n from audit_nodes where level = 1`)).toBe(102);
      const head = await second.signedTreeHead();
      expect(b64(head.rootHash).equals(merkleTreeHash(events.map((e) => leafHash(eventLeafEntry(e)))))).toBe(true);
      // The other process answers from the same tree.
      expect(await third.inclusionProof(events[150]!.id)).toEqual(await second.inclusionProof(events[150]!.id));
    });

    it('rolls a failed batch back completely (leaves, nodes, checkpoint, the tree in memory) and resumes at the same event', async () => {
      await appendSampleEvents(store, 100);
      const audit = await open({ batchSize: 1000 });
      await audit.catchUp();
      await appendSampleEvents(store, 50, 100);
      // A lone surrogate cannot be canonicalized (RFC 8785 needs valid Unicode): the batch fails midway.
      const bad = sampleEvent(150);
      await store.append('contract-bad', [{ ...bad, data: { ...bad.data, note: 'broken \ud800' } }], 'any');
      await appendSampleEvents(store, 10, 151);

      await expect(audit.catchUp()).rejects.toThrow(CanonicalJsonError);
      expect((await audit.status()).treeSize).toBe(100);
      expect(await count(database, sql`select count(*) as n from audit_leaves`)).toBe(100);
      expect(await count(database, sql`select count(*) as n from audit_nodes`)).toBe(100 - 3); // 100 leaves: 50 + 25 + 12 + 6 + 3 + 1 above them
      expect(await count(database, sql`select tree_size as n from audit_checkpoint`)).toBe(100);

      // Repair the row out of band (as an operator would), then the same service goes on from event 101.
      store.database.prepare("UPDATE events SET data = replace(data, '\\ud800', '?') WHERE event_id = ?").run(bad.id);
      await expect(audit.catchUp()).resolves.toBe(161);
      const events = await allEvents(store);
      const head = await audit.signedTreeHead();
      expect(head.treeSize).toBe(161);
      expect(b64(head.rootHash).equals(merkleTreeHash(events.map((e) => leafHash(eventLeafEntry(e)))))).toBe(true);
    });

    it('refuses to open a log with a signing key other than the one it was created with', async () => {
      await open();
      const other = loadOrCreateAuditSigningKey(join(dir, 'other-key.pem'));
      await expect(open({ signingKey: other })).rejects.toThrow(AuditKeyMismatchError);
    });
  });

  describe('another process (not following the log)', () => {
    it('loads the tree the follower committed at open and follows the stored checkpoint: the same roots and proofs', async () => {
      await appendSampleEvents(store, 1000);
      const writer = await open();
      await writer.catchUp();
      const reader = new AuditLogDatabase(database.db);
      expect(reader.treeSize).toBe(0);
      expect(await reader.refresh()).toBe(1000);
      const events = await allEvents(store);
      const leaves = events.map((e) => leafHash(eventLeafEntry(e)));
      expect(reader.tree.root().equals(merkleTreeHash(leaves))).toBe(true);

      await appendSampleEvents(store, 333, 1000);
      await writer.catchUp();
      expect(reader.treeSize).toBe(1000); // not until it reads again
      expect(await reader.refresh()).toBe(1333);
      const all = (await allEvents(store)).map((e) => leafHash(eventLeafEntry(e)));
      expect(reader.tree.root().equals(merkleTreeHash(all))).toBe(true);
      for (const size of [1, 2, 3, 1000, 1024, 1025, 1333]) expect(reader.tree.root(size).equals(merkleTreeHash(all.slice(0, size)))).toBe(true);
      expect(reader.tree.consistencyProof(1000, 1333)).toEqual(writer['db'].tree.consistencyProof(1000, 1333));
    });

    it('serves the heads signed by the follower, and consistency proofs between any two of them', async () => {
      const writer = await open();
      writer.start();
      const sizes = [];
      for (const [from, n] of [[0, 3], [3, 10], [13, 51]] as const) {
        await appendSampleEvents(store, n, from);
        await eventually(async () => (await writer.status()).treeSize === from + n);
        clock.advance(60_000);
        await scheduler.fire();
        sizes.push(from + n);
      }
      const reader = await open({ treeHeadIntervalMs: 0 });
      expect(await reader.treeHeads()).toEqual(await writer.treeHeads());
      expect((await reader.treeHeads()).map((h) => h.treeSize)).toEqual(sizes);
      const heads = await reader.treeHeads();
      const proof = await reader.consistencyProof(3, 64);
      expect(verifyConsistency(3, 64, proof.proof.map(b64), b64(heads[0]!.rootHash), b64(heads[2]!.rootHash))).toBe(true);
      expect(proof).toEqual(await writer.consistencyProof(3, 64));
    });
  });

  describe('signed tree heads', () => {
    it('on the interval (default 60 s): signs only when the tree grew, stamped with the injected clock', async () => {
      const audit = await open();
      audit.start();
      expect(scheduler.intervals.map((i) => i.ms)).toEqual([60_000]);
      await scheduler.fire(); // empty log: nothing grew
      expect(await audit.treeHeads()).toEqual([]);

      await appendSampleEvents(store, 10);
      await eventually(async () => (await audit.status()).treeSize === 10);
      clock.advance(60_000);
      await scheduler.fire();
      expect((await audit.treeHeads()).map((h) => [h.treeSize, h.timestamp])).toEqual([[10, clock.now().getTime()]]);
      clock.advance(60_000);
      await scheduler.fire(); // no growth: no new head
      expect(await audit.treeHeads()).toHaveLength(1);

      await appendSampleEvents(store, 5, 10);
      await eventually(async () => (await audit.status()).treeSize === 15);
      await scheduler.fire();
      const heads = await audit.treeHeads();
      expect(heads.map((h) => [h.treeSize, h.timestamp])).toEqual([
        [10, Date.parse('2025-04-01T00:01:00.000Z')],
        [15, Date.parse('2025-04-01T00:02:00.000Z')],
      ]);
      for (const h of heads) expect(verifyTreeHead(h, key.publicKeyRaw)).toBe(true);

      await audit.stop();
      expect(scheduler.active).toBe(0);
    });

    it('on the interval, only the process that follows the log signs', async () => {
      // `other` wants the lease but never gets it (another process holds it).
      const neverAdmitted: ConsumerGate = { admit: (_name, signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('stopped')))) };
      const follower = await open();
      const other = await open({ gate: neverAdmitted });
      follower.start();
      other.start();
      await appendSampleEvents(store, 4);
      await eventually(async () => (await follower.status()).treeSize === 4);
      const [followerTick, otherTick] = scheduler.intervals;
      await otherTick!.fn();
      expect(await other.treeHeads()).toEqual([]);
      await followerTick!.fn();
      expect((await other.treeHeads()).map((h) => h.treeSize)).toEqual([4]);
    });

    it('on demand: checkpoint() catches up and signs a fresh head only if the log grew, else returns the last one', async () => {
      const audit = await open({ treeHeadIntervalMs: 0 });
      audit.start();
      expect(scheduler.intervals).toEqual([]); // 0 turns the timer off

      const empty = await audit.checkpoint(); // an empty log still gets a head when asked
      expect(empty).toMatchObject({ treeSize: 0, publicKey: key.publicKeyRaw.toString('base64'), signedAt: clock.now() });
      expect(b64(empty.rootHash).toString('hex')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
      clock.advance(1000);
      expect(await audit.checkpoint()).toEqual(empty);

      await appendSampleEvents(store, 3);
      // No waiting for the follower: checkpoint() brings the tree up to the store's head itself.
      const grown = await audit.checkpoint();
      expect(grown.treeSize).toBe(3);
      expect(grown.signedAt).toEqual(clock.now());
      const events = await allEvents(store);
      expect(b64(grown.rootHash).equals(merkleTreeHash(events.map((e) => leafHash(eventLeafEntry(e)))))).toBe(true);
      clock.advance(1000);
      expect(await audit.checkpoint()).toEqual(grown);
      expect((await audit.treeHeads()).map((h) => h.treeSize)).toEqual([0, 3]);
      for (const h of await audit.treeHeads()) expect(verifyTreeHead(h, key.publicKeyRaw)).toBe(true);
    });

    it('two processes asked at once store one head per tree size', async () => {
      const a = await open({ treeHeadIntervalMs: 0 });
      const b = await open({ treeHeadIntervalMs: 0 });
      await appendSampleEvents(store, 9);
      const [x, y] = await Promise.all([a.checkpoint(), b.checkpoint()]);
      expect(x).toEqual(y);
      expect((await a.treeHeads()).map((h) => h.treeSize)).toEqual([9]);
    });

    it('never stamps a head earlier than the one before it, even if the clock goes back', async () => {
      const audit = await open();
      await appendSampleEvents(store, 2);
      const first = await audit.checkpoint();
      clock.current = new Date(clock.current.getTime() - 3_600_000);
      await appendSampleEvents(store, 2, 2);
      const second = await audit.checkpoint();
      expect(second.signedAt).toEqual(first.signedAt);
      expect(second.treeSize).toBe(4);
    });

    it('signs a last head when stopped, if the tree grew', async () => {
      const audit = await open();
      audit.start();
      await appendSampleEvents(store, 7);
      await eventually(async () => (await audit.status()).treeSize === 7);
      expect(await audit.treeHeads()).toEqual([]);
      await audit.stop();
      expect((await audit.treeHeads()).map((h) => h.treeSize)).toEqual([7]);
      await audit.stop();
      expect(await audit.treeHeads()).toHaveLength(1);
    });
  });

  describe("an earlier version's own audit.sqlite", () => {
    /** The tables and rows the earlier version kept its heads in. */
    function legacyFile(heads: ReturnType<typeof signTreeHead>[], publicKey: string | null): string {
      const file = join(dir, 'audit.sqlite');
      const db = new Database(file);
      db.exec(`CREATE TABLE audit_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
        CREATE TABLE tree_heads (id INTEGER PRIMARY KEY AUTOINCREMENT, tree_size INTEGER NOT NULL, root_hash TEXT NOT NULL,
          timestamp INTEGER NOT NULL, signature TEXT NOT NULL, public_key TEXT NOT NULL);`);
      db.prepare("INSERT INTO audit_meta (key, value) VALUES ('schema_version', '1')").run();
      if (publicKey) db.prepare("INSERT INTO audit_meta (key, value) VALUES ('public_key', ?)").run(publicKey);
      const insert = db.prepare('INSERT INTO tree_heads (tree_size, root_hash, timestamp, signature, public_key) VALUES (?, ?, ?, ?, ?)');
      for (const h of heads) insert.run(h.treeSize, h.rootHash, h.timestamp, h.signature, h.publicKey);
      db.close();
      return file;
    }

    it('moves its signed heads in once (the tree is rebuilt from the log), deletes it, and they stay provable', async () => {
      await appendSampleEvents(store, 20);
      const events = await allEvents(store);
      const leaves = events.map((e) => leafHash(eventLeafEntry(e)));
      const old = [8, 20].map((n, i) => signTreeHead({ treeSize: n, rootHash: merkleTreeHash(leaves.slice(0, n)), timestamp: Date.UTC(2025, 0, 1 + i) }, key.privateKey));
      const file = legacyFile(old, key.publicKeyRaw.toString('base64'));

      const audit = await open({ legacyFile: file });
      expect(existsSync(file)).toBe(false);
      expect(await audit.treeHeads()).toEqual(old);
      await appendSampleEvents(store, 5, 20);
      const head = await audit.signedTreeHead();
      const proof = await audit.consistencyProof(8, 25);
      expect(verifyConsistency(8, 25, proof.proof.map(b64), b64(old[0]!.rootHash), b64(head.rootHash))).toBe(true);
      const inclusion = await audit.inclusionProof(events[3]!.id, 20);
      expect(verifyInclusion(3, 20, leaves[3]!, inclusion!.proof.map(b64), b64(old[1]!.rootHash))).toBe(true);
    });

    it('refuses a file signed with another key, and keeps it', async () => {
      const other = loadOrCreateAuditSigningKey(join(dir, 'other-key.pem'));
      const file = legacyFile([signTreeHead({ treeSize: 0, rootHash: merkleTreeHash([]), timestamp: 1 }, other.privateKey)], other.publicKeyRaw.toString('base64'));
      await expect(open({ legacyFile: file })).rejects.toThrow(AuditKeyMismatchError);
      expect(existsSync(file)).toBe(true);
    });
  });

  describe('proofs', () => {
    it('gives inclusion proofs by event id, position or leaf index, against the latest or a given signed head', async () => {
      const audit = await open();
      await appendSampleEvents(store, 40);
      const h40 = await audit.checkpoint();
      await appendSampleEvents(store, 25, 40);
      const h65 = await audit.checkpoint();
      const events = await allEvents(store);
      const e = events[17]!;
      const leaf = leafHash(eventLeafEntry(e));

      const byId = await audit.inclusionProof(e.id);
      const byPosition = await audit.inclusionProof(e.position);
      const byIndex = await audit.inclusionProof({ leafIndex: 17 });
      expect(byId).toEqual(byPosition);
      expect(byId).toEqual(byIndex);
      expect(byId).toMatchObject({ leafIndex: 17, position: e.position, eventId: e.id, leafHash: leaf.toString('base64') });
      expect(byId!.treeHead.treeSize).toBe(65);
      expect(verifyInclusion(17, 65, leaf, byId!.proof.map(b64), b64(h65.rootHash))).toBe(true);

      const older = await audit.inclusionProof(e.id, 40);
      expect(older!.treeHead.rootHash).toBe(h40.rootHash);
      expect(verifyInclusion(17, 40, leaf, older!.proof.map(b64), b64(h40.rootHash))).toBe(true);

      expect(await audit.leafHash(e.id)).toBe(leaf.toString('base64'));
      expect(await audit.leafHash(e.position)).toBe(leaf.toString('base64'));
      expect(await audit.inclusionProof('no-such-event')).toBeNull();
      expect(await audit.leafHash(999_999n)).toBeNull();
      await expect(audit.inclusionProof(e.id, 41)).rejects.toThrow(AuditProofError);
      await expect(audit.inclusionProof(events[50]!.id, 40)).rejects.toThrow('not in the tree of size 40');
    });

    it('signs a fresh head when the latest does not cover the event yet, and catches up for unknown events', async () => {
      const audit = await open();
      await appendSampleEvents(store, 5);
      await audit.checkpoint();
      await appendSampleEvents(store, 5, 5);
      const events = await allEvents(store);
      const proof = await audit.inclusionProof(events[8]!.id); // not followed yet, not signed yet
      expect(proof!.treeHead.treeSize).toBe(10);
      expect(verifyInclusion(8, 10, leafHash(eventLeafEntry(events[8]!)), proof!.proof.map(b64), b64(proof!.treeHead.rootHash))).toBe(true);
    });

    it('gives consistency proofs between stored heads', async () => {
      const audit = await open();
      const heads = [];
      for (const [from, n] of [[0, 3], [3, 10], [13, 51]] as const) {
        await appendSampleEvents(store, n, from);
        heads.push(await audit.checkpoint());
      }
      const p = await audit.consistencyProof(3, 13);
      expect(p.first.treeSize).toBe(3);
      expect(p.second.treeSize).toBe(13);
      expect(verifyConsistency(3, 13, p.proof.map(b64), b64(heads[0]!.rootHash), b64(heads[1]!.rootHash))).toBe(true);
      const toLatest = await audit.consistencyProof(13);
      expect(toLatest.second.treeSize).toBe(64);
      expect(verifyConsistency(13, 64, toLatest.proof.map(b64), b64(heads[1]!.rootHash), b64(heads[2]!.rootHash))).toBe(true);
      await expect(audit.consistencyProof(4, 13)).rejects.toThrow(AuditProofError);
      await expect(audit.consistencyProof(13, 3)).rejects.toThrow('larger than the second');
    });
  });
});
