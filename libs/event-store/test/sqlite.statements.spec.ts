import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore } from '@pfw/event-store';

describe('SqliteEventStore: prepared page statements', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pfw-es-stmt-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pageSize: 2 });
    for (let i = 0; i < 5; i++) await store.append(`s-${i % 2}`, [{ id: randomUUID(), type: i % 2 ? 'B' : 'A', data: { i }, metadata: {} }], 'any');
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const collect = async (it: AsyncIterable<{ position: bigint }>) => {
    const out: bigint[] = [];
    for await (const e of it) out.push(e.position);
    return out;
  };

  it('prepares the page query of a filter once and answers the same pages with it every time', async () => {
    const prepare = jest.spyOn(store.database, 'prepare');
    const first = await collect(store.readAll({ filter: { eventTypes: ['A'] } }));
    const second = await collect(store.readAll({ filter: { eventTypes: ['A'] } }));
    expect(first).toEqual([1n, 3n, 5n]);
    expect(second).toEqual(first);
    expect(await collect(store.readAll({ filter: { eventTypes: ['B'] }, fromPosition: 3n }))).toEqual([4n]);
    expect(await collect(store.readAll({ direction: 'backwards', maxCount: 2 }))).toEqual([5n, 4n]);
    // For the forwards type filter (any list of one type) one statement for a first page (inclusive) and one
    // for the pages after it (exclusive); one for backwards without a filter.
    expect(prepare).toHaveBeenCalledTimes(3);
  });

  /** Records the cursor of every page read of a type-filtered query on this store. */
  const recordFilteredReads = (on: SqliteEventStore) => {
    const cursors: number[] = [];
    const prepare = on.database.prepare.bind(on.database);
    jest.spyOn(on.database, 'prepare').mockImplementation(((sql: string) => {
      const stmt = prepare(sql);
      if (!sql.includes('type IN')) return stmt;
      const all = stmt.all.bind(stmt);
      return Object.assign(Object.create(stmt), { all: (cursor: number, ...rest: unknown[]) => (cursors.push(cursor), all(cursor, ...rest)) });
    }) as typeof on.database.prepare);
    return cursors;
  };
  const firstEvent = async (sub: AsyncIterable<{ kind: string; event?: { position: bigint } }>) => {
    for await (const m of sub) if (m.kind === 'event') return m.event!.position;
    return null;
  };
  const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

  it('a filtered subscription is not woken by appends its filter cannot match', async () => {
    const quiet = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 60_000 });
    const cursors = recordFilteredReads(quiet);
    const sub = quiet.subscribeToAll({ filter: { eventTypes: ['Z'] } });
    const first = firstEvent(sub);
    for (let i = 0; i < 4; i++) {
      await pause(10);
      await quiet.append('s-9', [{ id: randomUUID(), type: 'A', data: { i }, metadata: {} }], 'any');
    }
    await quiet.append('s-9', [{ id: randomUUID(), type: 'Z', data: {}, metadata: {} }], 'any');
    expect(await first).toBe(10n);
    await sub.close();
    await quiet.close();
    expect(cursors).toEqual([0, 5]); // the catch-up, then the one wake for the Z: from the head it had seen
  });

  it('a filtered subscription moves past what its filter skipped: each poll reads only what is new', async () => {
    const polling = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 10 });
    const other = new SqliteEventStore({ file: join(dir, 'events.sqlite') }); // another process: no in-process wake
    const cursors = recordFilteredReads(polling);
    const sub = polling.subscribeToAll({ filter: { eventTypes: ['Z'] } });
    const first = firstEvent(sub);
    for (let i = 0; i < 4; i++) {
      await pause(30);
      await other.append('s-9', [{ id: randomUUID(), type: 'A', data: { i }, metadata: {} }], 'any');
    }
    await pause(30);
    await other.append('s-9', [{ id: randomUUID(), type: 'Z', data: {}, metadata: {} }], 'any');
    expect(await first).toBe(10n);
    await sub.close();
    await Promise.all([polling.close(), other.close()]);
    // Without the scan mark every poll would start again at 0; with it, each starts at the head it last saw.
    expect(cursors[0]).toBe(0);
    expect(cursors.filter((c) => c === 0)).toHaveLength(1);
    expect(cursors).toContain(9);
  });
});
