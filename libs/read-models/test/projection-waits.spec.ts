import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateReadModels, ProjectionRegistry, READ_MODELS_MIGRATIONS } from '@pfw/read-models';
import { openTestEventStore, type TestEventStore } from './support/event-store';
import { exampleProjection, ITEM_ADDED } from './support/example-projection';
import { capturingLogger } from './support/logger';

/**
 * "The projection committed up to P", one waitForPosition for read-your-writes and live feeds: a process that
 * runs no projection (an api replica) learns it from the stored checkpoint; one that runs it is woken by its
 * own commits at once.
 */
describe('a projection wait (PositionWaiters under the runner)', () => {
  let es: TestEventStore;
  let db: Kysely<any>;
  let worker: ProjectionRegistry;

  beforeEach(async () => {
    es = openTestEventStore();
    db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    await migrateReadModels(db, READ_MODELS_MIGRATIONS);
    worker = new ProjectionRegistry({ db, store: es.store, logger: capturingLogger() }, [exampleProjection()]);
  });
  afterEach(async () => {
    await worker.stopAll();
    await db.destroy();
    await es.dispose();
  });

  it('given a projection run by another process, when it commits past P, then a replica that never started it resolves from the stored checkpoint', async () => {
    const replica = new ProjectionRegistry({ db, store: es.store, logger: capturingLogger(), waitPollMs: 10 }, [exampleProjection()]);
    try {
      const target = (await es.append('item-1', ITEM_ADDED, { label: 'a' })).position;
      let done: boolean | null = null;
      const waiting = replica.waitForPosition(target, Infinity, ['example']).then((reached) => (done = reached));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(done).toBeNull();
      worker.startAll();
      expect(await waiting).toBe(true);
      expect(await replica.committedPosition('example')).toBe(target);
      expect(replica.get('example').pendingWaits).toBe(0);
    } finally {
      replica.closeWaits();
    }
  });

  it('given the runner in this process, when it commits, then the wait is woken by the commit (no poll needed)', async () => {
    const local = new ProjectionRegistry({ db, store: es.store, logger: capturingLogger(), waitPollMs: 3_600_000 }, [exampleProjection()]);
    try {
      local.startAll();
      const first = (await es.append('item-1', ITEM_ADDED, { label: 'a' })).position;
      expect(await local.waitForPosition(first, Infinity, ['example'])).toBe(true);
      const second = (await es.append('item-1', ITEM_ADDED, { label: 'b' })).position;
      expect(await local.waitForPosition(second, Infinity, ['example'])).toBe(true);
      expect(local.get('example').position).toBe(second);
    } finally {
      await local.stopAll();
    }
  });

  it('an aborted wait answers false and leaves nothing pending; closeWaits answers the rest false', async () => {
    const replica = new ProjectionRegistry({ db, store: es.store, logger: capturingLogger(), waitPollMs: 10 }, [exampleProjection()]);
    const abort = new AbortController();
    const aborted = replica.waitForPosition(99n, Infinity, ['example'], abort.signal);
    const closing = replica.waitForPosition(99n, Infinity, ['example']);
    abort.abort(new Error('unsubscribed'));
    expect(await aborted).toBe(false);
    expect(replica.get('example').pendingWaits).toBe(1);
    replica.closeWaits();
    expect(await closing).toBe(false);
    expect(replica.get('example').pendingWaits).toBe(0);
  });
});
