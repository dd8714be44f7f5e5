import Database from 'better-sqlite3';
import type { RecordedEvent } from '@pfw/event-store';
import { Kysely, SqliteDialect, sql } from 'kysely';
import { columnType, migrateReadModels, ProjectionApplyError, rebuildProjection, tableExists, type Projection } from '@pfw/read-models';
import { applyEvents } from '../src/rebuild';
import { openTestEventStore, type TestEventStore } from './support/event-store';
import { capturingLogger } from './support/logger';

/** A projection that only counts in memory and writes its counts in flush (the optional Projection.flush). */
function countingProjection(calls: string[], failFlush = false): Projection<{ counts: { stream_id: string; n: number } }> {
  const pending = new WeakMap<object, Map<string, number>>();
  return {
    name: 'counting',
    version: 1,
    handles: 'all',
    tables: ['counts'],
    async createTables(db) {
      await db.schema.createTable('counts').addColumn('stream_id', columnType.text, (c) => c.primaryKey()).addColumn('n', columnType.integer, (c) => c.notNull()).execute();
    },
    async apply(trx, event) {
      calls.push(`apply ${event.revision}`);
      let m = pending.get(trx);
      if (!m) pending.set(trx, (m = new Map()));
      m.set(event.streamId, (m.get(event.streamId) ?? 0) + 1);
    },
    async flush(trx) {
      calls.push('flush');
      if (failFlush) throw new Error('disk full');
      for (const [stream, n] of pending.get(trx) ?? []) {
        await trx
          .insertInto('counts')
          .values({ stream_id: stream, n })
          .onConflict((oc) => oc.column('stream_id').doUpdateSet((eb) => ({ n: eb('counts.n', '+', n) })))
          .execute();
      }
      pending.delete(trx);
    },
  };
}

describe('Projection.flush', () => {
  let es: TestEventStore;
  let db: Kysely<any>;

  beforeEach(async () => {
    es = openTestEventStore();
    db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    await migrateReadModels(db);
    for (let i = 0; i < 7; i++) await es.append('s-1', 'Thing');
  });
  afterEach(async () => {
    await db.destroy();
    await es.dispose();
  });

  it('runs once per batch, after the batch’s applies, in the same transaction', async () => {
    const calls: string[] = [];
    await rebuildProjection({ db, store: es.store, projection: countingProjection(calls), batchSize: 3, logger: capturingLogger() });
    expect(calls).toEqual(['apply 0', 'apply 1', 'apply 2', 'flush', 'apply 3', 'apply 4', 'apply 5', 'flush', 'apply 6', 'flush']);
    expect((await db.selectFrom('counts').selectAll().execute())).toEqual([{ stream_id: 's-1', n: 7 }]);
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
    const failing = db.transaction().execute((trx) => applyEvents(trx, countingProjection(calls, true), { phase: 'live', generation: 1, table: (t) => t, index: (i) => i }, events.slice(0, 2)));
    await expect(failing).rejects.toThrow(ProjectionApplyError);
    await expect(failing).rejects.toMatchObject({ projection: 'counting', event: { revision: 1 }, message: expect.stringContaining('disk full') });
    expect(calls).toEqual(['apply 0', 'apply 1', 'flush']);
    expect(await tableExists(db, 'counts')).toBe(true);
    expect(await db.selectFrom('counts').selectAll().execute()).toEqual([]);
  });
});
