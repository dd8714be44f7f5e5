import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { CheckpointWatch, CheckpointWatchClosedError, migrateReadModels, ProjectionRegistry } from '@pfw/read-models';
import { openTestEventStore, type TestEventStore } from './support/event-store';
import { exampleProjection, ITEM_ADDED } from './support/example-projection';
import { capturingLogger } from './support/logger';

/**
 * "The projection committed up to P", as the read-model database says: a process that runs no projection (an
 * api replica) learns it from the stored checkpoint; one that runs it is woken by its own commits too.
 */
describe('CheckpointWatch', () => {
  let es: TestEventStore;
  let db: Kysely<any>;
  let worker: ProjectionRegistry;

  beforeEach(async () => {
    es = openTestEventStore();
    db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    await migrateReadModels(db);
    worker = new ProjectionRegistry({ db, store: es.store, logger: capturingLogger() }, [exampleProjection()]);
  });
  afterEach(async () => {
    await worker.stopAll();
    await db.destroy();
    await es.dispose();
  });

  it('given a projection run elsewhere, when it commits past P, then a watch without any runner of its own resolves from the stored checkpoint', async () => {
    const replica = new CheckpointWatch(db, null, { pollMs: 10 });
    try {
      const target = (await es.append('item-1', ITEM_ADDED, { label: 'a' })).position;
      let done = false;
      const waiting = replica.waitFor('example', target).then(() => (done = true));
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(done).toBe(false);
      worker.startAll();
      await waiting;
      expect(await replica.current('example')).toBe(target);
      expect(replica.pending).toBe(0);
    } finally {
      replica.close();
    }
  });

  it('given the runner in this process, when it commits, then the waiter is woken by the commit (no poll needed)', async () => {
    const local = new CheckpointWatch(db, worker, { pollMs: 3_600_000 });
    try {
      worker.startAll();
      const first = (await es.append('item-1', ITEM_ADDED, { label: 'a' })).position;
      await local.waitFor('example', first); // the first poll, at once
      const second = (await es.append('item-1', ITEM_ADDED, { label: 'b' })).position;
      await local.waitFor('example', second);
      expect(await worker.get('example').position).toBe(second);
    } finally {
      local.close();
    }
  });

  it('an aborted wait rejects with the reason and leaves nothing pending; close rejects the rest', async () => {
    const watch = new CheckpointWatch(db, null, { pollMs: 10 });
    const abort = new AbortController();
    const aborted = watch.waitFor('example', 99n, abort.signal);
    const closing = watch.waitFor('example', 99n);
    abort.abort(new Error('unsubscribed'));
    await expect(aborted).rejects.toThrow('unsubscribed');
    expect(watch.pending).toBe(1);
    watch.close();
    await expect(closing).rejects.toBeInstanceOf(CheckpointWatchClosedError);
    expect(watch.pending).toBe(0);
  });
});
