import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DuplicateEventIdError, SqliteEventStore, WrongExpectedRevisionError } from '@pfw/event-store';

/** SQLite-only guarantees beyond the shared contract: the file is shared by several connections. */
describe('SQLite event store adapter', () => {
  let dir: string;
  let file: string;
  const stores: SqliteEventStore[] = [];
  const open = () => {
    const s = new SqliteEventStore({ file, pollIntervalMs: 20 });
    stores.push(s);
    return s;
  };
  const ev = (type = 'E') => ({ id: randomUUID(), type, data: {}, metadata: {} });

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pfw-es-'));
    file = join(dir, 'nested', 'events.sqlite');
  });
  afterEach(async () => {
    for (const s of stores.splice(0)) await s.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates its file (and folders) and uses WAL', () => {
    const store = open();
    expect(store.database.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(store.database.pragma('synchronous', { simple: true })).toBe(2); // FULL
  });

  it('refuses an event id that already exists in another stream (unique event id)', async () => {
    const store = open();
    const e = ev();
    await store.append('s-1', [e], 'no_stream');
    await expect(store.append('s-2', [e], 'no_stream')).rejects.toBeInstanceOf(DuplicateEventIdError);
    await expect(store.readStream('s-2')).rejects.toThrow('not found');
  });

  it('lets one of two connections to the same file win a race; the other gets the conflict', async () => {
    const a = open();
    const b = open();
    await a.append('race', [ev()], 'no_stream');
    const outcomes = await Promise.allSettled([a.append('race', [ev()], 0), b.append('race', [ev()], 0)]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const lost = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(lost?.reason).toBeInstanceOf(WrongExpectedRevisionError);
  });

  it('delivers to a live subscription the events another connection appends', async () => {
    const reader = open();
    const writer = open();
    const sub = reader.subscribeToAll();
    const iterator = sub[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ kind: 'caughtUp' });
    const appended = await writer.append('other-process', [ev('FromElsewhere')], 'no_stream');
    const next = await iterator.next();
    expect(next.value).toMatchObject({ kind: 'event', event: { type: 'FromElsewhere', position: appended.position } });
    await sub.close();
  });

  describe('group commit', () => {
    const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));
    /** Lets the store see an idle event-loop turn, as between two commands of a quiet system. */
    const quiet = async () => {
      await nextTurn();
      await nextTurn();
    };

    it('writes appends that arrive together in one transaction, each with its own answer, in call order', async () => {
      const store = open();
      await store.append('warm', [ev()], 'no_stream');
      await quiet();
      const before = store.groupCommitStats;
      const streams = Array.from({ length: 16 }, (_, i) => `group-${i}`);
      const results = await Promise.all(streams.map((s) => store.append(s, [ev('G'), ev('G')], 'no_stream')));
      const after = store.groupCommitStats;
      // The first finds the store quiet and is written at once; the fifteen behind it share one transaction.
      expect(after.transactions - before.transactions).toBe(2);
      expect(after.appends - before.appends).toBe(16);
      expect(after.largestGroup).toBe(15);
      for (let i = 1; i < results.length; i++) expect(results[i]!.position > results[i - 1]!.position).toBe(true);
      for (const [i, s] of streams.entries()) {
        const read = await store.readStream(s);
        expect(read.map((e) => e.revision)).toEqual([0, 1]);
        expect(results[i]).toEqual({ nextExpectedRevision: 1, position: read[1]!.position });
      }
    });

    it('fails a conflicting append alone: the rest of its group commits', async () => {
      const store = open();
      await store.append('held', [ev()], 'no_stream');
      await quiet();
      const before = store.groupCommitStats;
      const outcomes = await Promise.allSettled([
        store.append('a', [ev()], 'no_stream'),
        store.append('b', [ev()], 'no_stream'),
        store.append('held', [ev()], 'no_stream'),
        store.append('c', [ev()], 'no_stream'),
        store.append('b', [ev()], 0), // the same stream twice in one group: sees the first one's write
      ]);
      expect(store.groupCommitStats.transactions - before.transactions).toBe(2);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'fulfilled', 'rejected', 'fulfilled', 'fulfilled']);
      expect((outcomes[2] as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(await store.readStream('held')).toHaveLength(1);
      expect((await store.readStream('b')).map((e) => e.revision)).toEqual([0, 1]);
    });

    it('writes a sequential append at once, in a transaction of its own', async () => {
      const store = open();
      for (let i = 0; i < 3; i++) {
        await quiet();
        const e = ev();
        const pending = store.append('seq', [e], i === 0 ? 'no_stream' : i - 1);
        // Already committed before the caller's await returns: no waiting for the end of the turn.
        expect(store.database.prepare('SELECT revision FROM events WHERE event_id = ?').get(e.id)).toEqual({ revision: i });
        await pending;
      }
      expect(store.groupCommitStats).toEqual({ transactions: 3, appends: 3, largestGroup: 1 });
    });

    it('commits an append queued alone behind a commit of its turn as a transaction of its own, and refuses a conflicting one alone', async () => {
      const store = open();
      await quiet();
      const before = store.groupCommitStats;
      await store.append('seq', [ev()], 'no_stream'); // the store was quiet: written at once
      // A sequential caller's next append in the same turn waits for the turn's end, then commits alone.
      const second = await store.append('seq', [ev()], 0);
      expect(second).toEqual({ nextExpectedRevision: 1, position: (await store.readStream('seq'))[1]!.position });
      const stale = ev();
      await expect(store.append('seq', [stale], 0)).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect(store.database.prepare('SELECT 1 FROM events WHERE event_id = ?').get(stale.id)).toBeUndefined();
      await store.append('seq', [ev()], 1);
      expect((await store.readStream('seq')).map((e) => e.revision)).toEqual([0, 1, 2]);
      const after = store.groupCommitStats;
      expect(after.transactions - before.transactions).toBe(3);
      expect(after.appends - before.appends).toBe(3);
      expect(after.largestGroup).toBe(1);
    });

    it('commits and answers the appends still queued when the store closes', async () => {
      const store = open();
      await store.append('first', [ev()], 'no_stream');
      const queued = store.append('queued', [ev()], 'no_stream');
      await store.close();
      await expect(queued).resolves.toMatchObject({ nextExpectedRevision: 0 });
      const again = open();
      expect(await again.readStream('queued')).toHaveLength(1);
    });
  });

  it('keeps positions monotonic across reopening the file', async () => {
    const first = open();
    const p1 = (await first.append('s', [ev()], 'no_stream')).position;
    await first.close();
    const second = open();
    const p2 = (await second.append('s', [ev()], 0)).position;
    expect(p2 > p1).toBe(true);
    expect((await second.readStream('s')).map((e) => e.revision)).toEqual([0, 1]);
  });
});
