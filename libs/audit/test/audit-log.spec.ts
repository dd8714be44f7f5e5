import Database from 'better-sqlite3';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@pfw/event-store';
import {
  AuditKeyMismatchError,
  AuditLogDatabase,
  AuditLogService,
  AuditProofError,
  CanonicalJsonError,
  InMemoryMerkleStore,
  MerkleTree,
  SqliteMerkleStore,
  consistencyProof,
  eventLeafEntry,
  inclusionPath,
  leafHash,
  loadOrCreateAuditSigningKey,
  merkleTreeHash,
  verifyConsistency,
  verifyInclusion,
  verifyTreeHead,
  type AuditSigningKey,
} from '@pfw/audit';
import { ManualClock, ManualScheduler, appendSampleEvents, eventually, sampleEvent, silentLogger, tempDir } from './support/audit-fixtures';

const b64 = (s: string) => Buffer.from(s, 'base64');

async function allEvents(store: SqliteEventStore): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of store.readAll()) out.push(e);
  return out;
}

describe('SqliteMerkleStore', () => {
  let dir: string;
  beforeEach(() => (dir = tempDir('merkle-store')));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('gives the RFC 9162 roots and proofs of the reference definitions, also after reopening the file', () => {
    const file = join(dir, 'nodes.sqlite');
    const leaves = Array.from({ length: 77 }, (_, i) => leafHash(Buffer.from(`leaf ${i}`)));
    let db = new Database(file);
    const tree = new MerkleTree(new SqliteMerkleStore(db));
    db.transaction(() => leaves.forEach((l) => tree.append(l)))();
    db.close();

    db = new Database(file);
    const reopened = new MerkleTree(new SqliteMerkleStore(db));
    expect(reopened.size).toBe(77);
    for (const size of [1, 2, 3, 31, 32, 33, 64, 77]) {
      expect(reopened.root(size).equals(merkleTreeHash(leaves.slice(0, size)))).toBe(true);
    }
    for (const [index, size] of [[0, 1], [5, 33], [76, 77], [63, 64]] as const) {
      expect(reopened.inclusionProof(index, size)).toEqual(inclusionPath(index, leaves.slice(0, size)));
    }
    for (const [m, n] of [[1, 77], [7, 64], [32, 77], [77, 77]] as const) {
      expect(reopened.consistencyProof(m, n)).toEqual(consistencyProof(m, leaves.slice(0, n)));
    }
    db.close();
  });

  it('rejects a batch that is not the next node and writes nothing of it', () => {
    const db = new Database(':memory:');
    const store = new SqliteMerkleStore(db);
    expect(() => store.append([{ level: 0, index: 1, hash: Buffer.alloc(32) }])).toThrow(RangeError);
    expect(() => store.append([{ level: 0, index: 0, hash: Buffer.alloc(31) }])).toThrow(RangeError);
    expect(store.size).toBe(0);
    expect(db.prepare('SELECT COUNT(*) AS n FROM merkle_nodes').get()).toEqual({ n: 0 });
  });

  it('forgets, on reload(), the nodes of an enclosing transaction that rolled back', () => {
    const db = new Database(':memory:');
    const store = new SqliteMerkleStore(db);
    const tree = new MerkleTree(store);
    tree.append(leafHash(Buffer.from('kept')));
    expect(() =>
      db.transaction(() => {
        tree.append(leafHash(Buffer.from('rolled back 1')));
        tree.append(leafHash(Buffer.from('rolled back 2')));
        throw new Error('crash inside the transaction');
      })(),
    ).toThrow('crash inside');
    store.reload();
    expect(store.size).toBe(1);
    const again = new MerkleTree(store);
    again.append(leafHash(Buffer.from('next')));
    const reference = new MerkleTree(new InMemoryMerkleStore());
    reference.append(leafHash(Buffer.from('kept')));
    reference.append(leafHash(Buffer.from('next')));
    expect(again.root().equals(reference.root())).toBe(true);
  });
});

describe('AuditLogService', () => {
  let dir: string;
  let store: SqliteEventStore;
  let key: AuditSigningKey;
  let clock: ManualClock;
  let scheduler: ManualScheduler;
  const services: AuditLogService[] = [];

  const open = (options: { treeHeadIntervalMs?: number; batchSize?: number; signingKey?: AuditSigningKey } = {}) => {
    const service = new AuditLogService({
      store,
      file: join(dir, 'audit.sqlite'),
      signingKey: options.signingKey ?? key,
      clock,
      scheduler,
      logger: silentLogger,
      treeHeadIntervalMs: options.treeHeadIntervalMs,
      batchSize: options.batchSize,
    });
    services.push(service);
    return service;
  };

  beforeEach(() => {
    dir = tempDir('audit-log');
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 20 });
    key = loadOrCreateAuditSigningKey(join(dir, 'audit', 'signing-key.pem'));
    clock = new ManualClock();
    scheduler = new ManualScheduler();
  });
  afterEach(async () => {
    for (const s of services.splice(0)) await s.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe('the follower', () => {
    it("appends each event's leaf SHA-256(0x00 ‖ eventLeafEntry(event)) in log order, with leaf index ↔ position and event id", async () => {
      await appendSampleEvents(store, 250, 0, 50);
      const audit = open();
      audit.start();
      await eventually(() => audit.status().treeSize === 250);

      const events = await allEvents(store);
      const expected = events.map((e) => leafHash(eventLeafEntry(e)));
      const db = new AuditLogDatabase(join(dir, 'audit.sqlite'), { readonly: true });
      try {
        expect(db.tree.root().equals(merkleTreeHash(expected))).toBe(true);
        events.forEach((e, i) => {
          expect(db.leafAt(i)).toEqual({ leafIndex: i, position: e.position, eventId: e.id, leafHash: expected[i] });
        });
        expect(db.checkpoint()).toEqual({ treeSize: 250, position: events[249]!.position });
      } finally {
        db.close();
      }
    });

    it('keeps following live appends after the catch-up', async () => {
      await appendSampleEvents(store, 10);
      const audit = open();
      audit.start();
      await eventually(() => audit.status().treeSize === 10);
      await store.append('contract-live', [sampleEvent(1000), sampleEvent(1001)], 'any');
      await eventually(() => audit.status().treeSize === 12);
      await store.append('contract-live', [sampleEvent(1002)], 'any');
      await eventually(() => audit.status().treeSize === 13);
      const events = await allEvents(store);
      expect((await audit.leafHash(events[12]!.id))).toBe(leafHash(eventLeafEntry(events[12]!)).toString('base64'));
    });

    it('resumes from its checkpoint after a restart and applies nothing twice', async () => {
      await appendSampleEvents(store, 120);
      const first = open();
      await first.catchUp();
      await first.close();

      await appendSampleEvents(store, 80, 120);
      const second = open();
      second.start();
      await eventually(() => second.status().treeSize === 200);
      // A second reader in the same process (the on-demand catch-up) overlaps the follower: still once each.
      await second.catchUp();
      await appendSampleEvents(store, 5, 200);
      await Promise.all([second.catchUp(), second.catchUp()]);
      await eventually(() => second.status().treeSize === 205);

      const events = await allEvents(store);
      const db = new Database(join(dir, 'audit.sqlite'), { readonly: true });
      try {
        const rows = db.prepare('SELECT leaf_index, position, event_id FROM audit_leaves ORDER BY leaf_index').all() as {
          leaf_index: number;
          position: number;
          event_id: string;
        }[];
        expect(rows.map((r) => r.event_id)).toEqual(events.map((e) => e.id));
        expect(rows.map((r) => BigInt(r.position))).toEqual(events.map((e) => e.position));
        expect(db.prepare('SELECT COUNT(*) AS n FROM merkle_nodes WHERE level = 0').get()).toEqual({ n: 205 });
      } finally {
        db.close();
      }
      const head = await second.signedTreeHead();
      expect(b64(head.rootHash).equals(merkleTreeHash(events.map((e) => leafHash(eventLeafEntry(e)))))).toBe(true);
    });

    it('rolls a failed batch back completely (nodes, mapping, checkpoint) and resumes at the same event', async () => {
      await appendSampleEvents(store, 100);
      const audit = open({ batchSize: 1000 });
      await audit.catchUp();
      await appendSampleEvents(store, 50, 100);
      // A lone surrogate cannot be canonicalized (RFC 8785 needs valid Unicode): the batch fails midway.
      const bad = sampleEvent(150);
      await store.append('contract-bad', [{ ...bad, data: { ...bad.data, note: 'broken \ud800' } }], 'any');
      await appendSampleEvents(store, 10, 151);

      await expect(audit.catchUp()).rejects.toThrow(CanonicalJsonError);
      expect(audit.status().treeSize).toBe(100);
      const check = new Database(join(dir, 'audit.sqlite'), { readonly: true });
      expect(check.prepare('SELECT COUNT(*) AS n FROM merkle_nodes WHERE level = 0').get()).toEqual({ n: 100 });
      expect(check.prepare('SELECT COUNT(*) AS n FROM audit_leaves').get()).toEqual({ n: 100 });
      expect(check.prepare('SELECT tree_size FROM audit_checkpoint').get()).toEqual({ tree_size: 100 });
      check.close();

      // Repair the row out of band (as an operator would), then the same service goes on from event 101.
      store.database.prepare("UPDATE events SET data = replace(data, '\\ud800', '?') WHERE event_id = ?").run(bad.id);
      await expect(audit.catchUp()).resolves.toBe(161);
      const events = await allEvents(store);
      const head = await audit.signedTreeHead();
      expect(head.treeSize).toBe(161);
      expect(b64(head.rootHash).equals(merkleTreeHash(events.map((e) => leafHash(eventLeafEntry(e)))))).toBe(true);
    });

    it('refuses to open a log with a signing key other than the one it was created with', async () => {
      open();
      const other = loadOrCreateAuditSigningKey(join(dir, 'other-key.pem'));
      expect(() => open({ signingKey: other })).toThrow(AuditKeyMismatchError);
    });
  });

  describe('signed tree heads', () => {
    it('on the interval (default 60 s): signs only when the tree grew, stamped with the injected clock', async () => {
      const audit = open();
      audit.start();
      expect(scheduler.intervals.map((i) => i.ms)).toEqual([60_000]);
      scheduler.fire(); // empty log: nothing grew
      expect(audit.treeHeads()).toEqual([]);

      await appendSampleEvents(store, 10);
      await eventually(() => audit.status().treeSize === 10);
      clock.advance(60_000);
      scheduler.fire();
      expect(audit.treeHeads().map((h) => [h.treeSize, h.timestamp])).toEqual([[10, clock.now().getTime()]]);
      clock.advance(60_000);
      scheduler.fire(); // no growth: no new head
      expect(audit.treeHeads()).toHaveLength(1);

      await appendSampleEvents(store, 5, 10);
      await eventually(() => audit.status().treeSize === 15);
      scheduler.fire();
      const heads = audit.treeHeads();
      expect(heads.map((h) => [h.treeSize, h.timestamp])).toEqual([
        [10, Date.parse('2025-04-01T00:01:00.000Z')],
        [15, Date.parse('2025-04-01T00:02:00.000Z')],
      ]);
      for (const h of heads) expect(verifyTreeHead(h, key.publicKeyRaw)).toBe(true);

      await audit.stop();
      expect(scheduler.active).toBe(0);
    });

    it('on demand: checkpoint() catches up and signs a fresh head only if the log grew, else returns the last one', async () => {
      const audit = open({ treeHeadIntervalMs: 0 });
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
      expect(audit.treeHeads().map((h) => h.treeSize)).toEqual([0, 3]);
      for (const h of audit.treeHeads()) expect(verifyTreeHead(h, key.publicKeyRaw)).toBe(true);
    });

    it('never stamps a head earlier than the one before it, even if the clock goes back', async () => {
      const audit = open();
      await appendSampleEvents(store, 2);
      const first = await audit.checkpoint();
      clock.current = new Date(clock.current.getTime() - 3_600_000);
      await appendSampleEvents(store, 2, 2);
      const second = await audit.checkpoint();
      expect(second.signedAt).toEqual(first.signedAt);
      expect(second.treeSize).toBe(4);
    });

    it('signs a last head when stopped, if the tree grew', async () => {
      const audit = open();
      audit.start();
      await appendSampleEvents(store, 7);
      await eventually(() => audit.status().treeSize === 7);
      expect(audit.treeHeads()).toEqual([]);
      await audit.stop();
      expect(audit.treeHeads().map((h) => h.treeSize)).toEqual([7]);
      await audit.stop();
      expect(audit.treeHeads()).toHaveLength(1);
    });
  });

  describe('proofs', () => {
    it('gives inclusion proofs by event id, position or leaf index, against the latest or a given signed head', async () => {
      const audit = open();
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
      const audit = open();
      await appendSampleEvents(store, 5);
      await audit.checkpoint();
      await appendSampleEvents(store, 5, 5);
      const events = await allEvents(store);
      const proof = await audit.inclusionProof(events[8]!.id); // not followed yet, not signed yet
      expect(proof!.treeHead.treeSize).toBe(10);
      expect(verifyInclusion(8, 10, leafHash(eventLeafEntry(events[8]!)), proof!.proof.map(b64), b64(proof!.treeHead.rootHash))).toBe(true);
    });

    it('gives consistency proofs between stored heads', async () => {
      const audit = open();
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
