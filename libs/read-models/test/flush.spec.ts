import Database from 'better-sqlite3';
import type { RecordedEvent } from '@pfw/event-store';
import { Kysely, SqliteDialect, sql } from 'kysely';
import {
  migrateReadModels, ProjectionApplyError, ProjectionRunner, rebuildProjection, type Projection, type TableNames, READ_MODELS_MIGRATIONS,
} from '@pfw/read-models';
import { columnType, tableExists } from '@pfw/sql';
import { applyEvents } from '../src/rebuild';
import { openTestEventStore, type TestEventStore } from './support/event-store';
import { capturingLogger } from './support/logger';

/**
 * A projection that only counts in memory and writes its counts in flush (the optional Projection.flush).
 * `holdWhileFilling`: a flush that is not final writes nothing — the counts wait, across the fill's
 * transactions, for the swap's final flush (kept per rebuild, by its `names`).
 */
function countingProjection(
  calls: string[],
  { failFlush = false, holdWhileFilling = false }: { failFlush?: boolean | 'final'; holdWhileFilling?: boolean } = {},
): Projection<{ counts: { stream_id: string; n: number } }> {
  const pending = new WeakMap<object, Map<string, number>>();
  const keyOf = (trx: object, names: TableNames) => (holdWhileFilling && names.phase === 'rebuild' ? names : trx);
  return {
    name: 'counting',
    version: 1,
    handles: 'all',
    tables: ['counts'],
    async createTables(db) {
      await db.schema.createTable('counts').addColumn('stream_id', columnType.text, (c) => c.primaryKey()).addColumn('n', columnType.integer, (c) => c.notNull()).execute();
    },
    async apply(trx, event, names) {
      calls.push(`apply ${event.revision}`);
      let m = pending.get(keyOf(trx, names));
      if (!m) pending.set(keyOf(trx, names), (m = new Map()));
      m.set(event.streamId, (m.get(event.streamId) ?? 0) + 1);
    },
    async flush(trx, names, context) {
      calls.push(context.final ? 'flush final' : 'flush');
      if (failFlush === true || (failFlush === 'final' && context.final)) throw new Error('disk full');
      if (!context.final && holdWhileFilling) return;
      const key = keyOf(trx, names);
      for (const [stream, n] of pending.get(key) ?? []) {
        await trx
          .insertInto('counts')
          .values({ stream_id: stream, n })
          .onConflict((oc) => oc.column('stream_id').doUpdateSet((eb) => ({ n: eb('counts.n', '+', n) })))
          .execute();
      }
      pending.delete(key);
    },
  };
}

describe('Projection.flush', () => {
  let es: TestEventStore;
  let db: Kysely<any>;

  beforeEach(async () => {
    es = openTestEventStore();
    db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    await migrateReadModels(db, READ_MODELS_MIGRATIONS);
    for (let i = 0; i < 7; i++) await es.append('s-1', 'Thing');
  });
  afterEach(async () => {
    await db.destroy();
    await es.dispose();
  });

  it('runs once per batch, after the batch’s applies, in the same transaction; a rebuild’s swap flushes (final) even with no new event', async () => {
    const calls: string[] = [];
    await rebuildProjection({ db, store: es.store, projection: countingProjection(calls), batchSize: 3, logger: capturingLogger() });
    expect(calls).toEqual(['apply 0', 'apply 1', 'apply 2', 'flush', 'apply 3', 'apply 4', 'apply 5', 'flush', 'apply 6', 'flush', 'flush final']);
    expect((await db.selectFrom('counts').selectAll().execute())).toEqual([{ stream_id: 's-1', n: 7 }]);
  });

  it('while a rebuild fills, a projection may keep writes pending across its transactions; the swap’s final flush writes them', async () => {
    const calls: string[] = [];
    await rebuildProjection({ db, store: es.store, projection: countingProjection(calls, { holdWhileFilling: true }), batchSize: 3, logger: capturingLogger() });
    expect(calls.filter((c) => c.startsWith('flush'))).toEqual(['flush', 'flush', 'flush', 'flush final']);
    expect((await db.selectFrom('counts').selectAll().execute())).toEqual([{ stream_id: 's-1', n: 7 }]);
  });

  it('a batch applied as the live runner applies it (applyEvents’ default) flushes final', async () => {
    const calls: string[] = [];
    const projection = countingProjection(calls, { holdWhileFilling: true });
    await db.transaction().execute(async (trx) => {
      await projection.createTables(trx, { phase: 'live', generation: 1, table: (t) => t, index: (i) => i });
    });
    const events: RecordedEvent[] = [];
    for await (const e of es.store.readAll()) events.push(e);
    await db.transaction().execute((trx) => applyEvents(trx, projection, { phase: 'live', generation: 1, table: (t) => t, index: (i) => i }, events));
    expect(calls.filter((c) => c.startsWith('flush'))).toEqual(['flush final']);
    expect((await db.selectFrom('counts').selectAll().execute())).toEqual([{ stream_id: 's-1', n: 7 }]);
  });

  it('a failing final flush of the swap with no new event fails the rebuild, named after the fill’s last event; the live tables stay', async () => {
    await rebuildProjection({ db, store: es.store, projection: countingProjection([]), batchSize: 3, logger: capturingLogger() });
    const before = await db.selectFrom('counts').selectAll().execute();
    const calls: string[] = [];
    const failing = rebuildProjection({
      db, store: es.store, projection: countingProjection(calls, { failFlush: 'final', holdWhileFilling: true }), batchSize: 3, logger: capturingLogger(),
    });
    await expect(failing).rejects.toThrow(ProjectionApplyError);
    await expect(failing).rejects.toMatchObject({ projection: 'counting', event: { revision: 6 }, message: expect.stringContaining('disk full') });
    expect(calls[calls.length - 1]).toBe('flush final');
    expect(await db.selectFrom('counts').selectAll().execute()).toEqual(before);
    expect(await tableExists(db, 'counts__rebuild')).toBe(false);
  });

  it('createIndexes: on the first start right after createTables; in a rebuild after the fill, before the swap; its failure leaves the live tables', async () => {
    const calls: string[] = [];
    const withIndexes = (fail = false): Projection<{ counts: { stream_id: string; n: number } }> => {
      const base = countingProjection(calls);
      return {
        ...base,
        async createTables(db, names) {
          calls.push(`createTables ${names.phase}`);
          await base.createTables(db, names);
        },
        async createIndexes(db, names) {
          const rows = await db.selectFrom('counts').select('n').execute();
          calls.push(`createIndexes ${names.phase} over ${rows.length} row(s)`);
          if (fail) throw new Error('no space for the index');
          await db.schema.createIndex('counts_by_n').on('counts').column('n').execute();
        },
      };
    };
    const runner = new ProjectionRunner({ db, store: es.store, projection: withIndexes(), logger: capturingLogger() });
    runner.start();
    expect(await runner.waitForPosition((await es.store.headPosition())!, 10_000)).toBe(true);
    await runner.stop();
    expect(calls.slice(0, 2)).toEqual(['createTables live', 'createIndexes live over 0 row(s)']);
    const indexes = async () => (await sql<{ name: string }>`select name from sqlite_master where type = 'index' and tbl_name = 'counts' and sql is not null`.execute(db)).rows;
    expect(await indexes()).toEqual([{ name: 'counts_by_n__g1' }]);

    calls.length = 0;
    await rebuildProjection({ db, store: es.store, projection: withIndexes(), batchSize: 3, logger: capturingLogger() });
    expect(calls.filter((c) => c.startsWith('create'))).toEqual(['createTables rebuild', 'createIndexes rebuild over 1 row(s)']);
    expect(calls.indexOf('createIndexes rebuild over 1 row(s)')).toBe(calls.lastIndexOf('flush') + 1);
    expect(calls[calls.length - 1]).toBe('flush final');
    expect(await indexes()).toEqual([{ name: 'counts_by_n__g2' }]);

    const failing = rebuildProjection({ db, store: es.store, projection: withIndexes(true), batchSize: 3, logger: capturingLogger() });
    await expect(failing).rejects.toThrow('no space for the index');
    expect(await indexes()).toEqual([{ name: 'counts_by_n__g2' }]);
    expect(await db.selectFrom('counts').selectAll().execute()).toEqual([{ stream_id: 's-1', n: 7 }]);
    expect(await tableExists(db, 'counts__rebuild')).toBe(false);
  });

  it('is not called for an empty batch', async () => {
    const calls: string[] = [];
    await db.transaction().execute(async (trx) => {
      await applyEvents(trx, countingProjection(calls), { phase: 'live', generation: 1, table: (t) => t, index: (i) => i }, []);
    });
    expect(calls).toEqual([]);
  });

  it('a failing flush fails the batch like a failing apply, named after the batch’s last event; nothing of the batch stays', async () => {
    const calls: string[] = [];
    await sql`CREATE TABLE counts (stream_id TEXT PRIMARY KEY, n INTEGER NOT NULL)`.execute(db);
    const events: RecordedEvent[] = [];
    for await (const e of es.store.readAll()) events.push(e);
    const failing = db.transaction().execute((trx) => applyEvents(trx, countingProjection(calls, { failFlush: true }), { phase: 'live', generation: 1, table: (t) => t, index: (i) => i }, events.slice(0, 2)));
    await expect(failing).rejects.toThrow(ProjectionApplyError);
    await expect(failing).rejects.toMatchObject({ projection: 'counting', event: { revision: 1 }, message: expect.stringContaining('disk full') });
    expect(calls).toEqual(['apply 0', 'apply 1', 'flush final']);
    expect(await tableExists(db, 'counts')).toBe(true);
    expect(await db.selectFrom('counts').selectAll().execute()).toEqual([]);
  });
});
