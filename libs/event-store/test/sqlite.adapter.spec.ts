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
