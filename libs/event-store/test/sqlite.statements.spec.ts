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
    // One statement for the forwards type filter (any list of one type), one for backwards without a filter.
    expect(prepare).toHaveBeenCalledTimes(2);
  });

  it('a filtered subscription moves past the events its filter skips: each wake reads only what is new', async () => {
    const cursors: number[] = [];
    const prepare = store.database.prepare.bind(store.database);
    jest.spyOn(store.database, 'prepare').mockImplementation(((sql: string) => {
      const stmt = prepare(sql);
      if (!sql.includes('type IN')) return stmt;
      const all = stmt.all.bind(stmt);
      return Object.assign(Object.create(stmt), { all: (cursor: number, ...rest: unknown[]) => (cursors.push(cursor), all(cursor, ...rest)) });
    }) as typeof store.database.prepare);
    const sub = store.subscribeToAll({ filter: { eventTypes: ['Z'] } });
    const received: bigint[] = [];
    const reading = (async () => {
      for await (const m of sub) {
        if (m.kind !== 'event') continue;
        received.push(m.event.position);
        if (received.length === 1) return;
      }
    })();
    for (let i = 0; i < 4; i++) {
      await new Promise((r) => setTimeout(r, 20));
      await store.append('s-9', [{ id: randomUUID(), type: 'A', data: { i }, metadata: {} }], 'any');
    }
    await new Promise((r) => setTimeout(r, 20));
    await store.append('s-9', [{ id: randomUUID(), type: 'Z', data: {}, metadata: {} }], 'any');
    await reading;
    await sub.close();
    expect(received).toEqual([10n]);
    // Without the scan mark every wake would start again at 0; with it, each starts at the head it last saw.
    expect(cursors[0]).toBe(0);
    expect(cursors.slice(1).every((c) => c >= 5)).toBe(true);
    expect(cursors[cursors.length - 1]).toBe(9);
  });
});
