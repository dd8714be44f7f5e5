import Database from 'better-sqlite3';
import { Kysely, SqliteDialect } from 'kysely';
import { migrateReadModels, ProjectionRunner, READ_MODELS_MIGRATIONS } from '@pfw/read-models';
import { openTestEventStore, type TestEventStore } from './support/event-store';
import { exampleProjection, ITEM_ADDED, UNRELATED } from './support/example-projection';
import { capturingLogger } from './support/logger';

/** Read-your-writes waits (waitForPosition): decided from the log once, then by comparing positions. */
describe('projection runner: waiters', () => {
  let es: TestEventStore;
  let db: Kysely<any>;
  let runner: ProjectionRunner;

  beforeEach(async () => {
    es = openTestEventStore();
    db = new Kysely<any>({ dialect: new SqliteDialect({ database: new Database(':memory:') }) });
    await migrateReadModels(db, READ_MODELS_MIGRATIONS);
    runner = new ProjectionRunner({ db, store: es.store, projection: exampleProjection(), logger: capturingLogger(), batchSize: 3, retry: { initialDelayMs: 20, maxDelayMs: 80 } });
  });
  afterEach(async () => {
    await runner.stop();
    await db.destroy();
    await es.dispose();
  });

  it('reads the log once for a waiter, however many commits it takes to reach it', async () => {
    let target = 0n;
    for (let i = 0; i < 20; i++) target = (await es.append(`item-${i % 4}`, ITEM_ADDED, { label: `l-${i}` })).position;
    const reads = jest.spyOn(es.store, 'readAll');
    const committed: bigint[] = [];
    runner.events.on('committed', (p: bigint) => committed.push(p));
    const waiting = runner.waitForPosition(target, 10_000);
    runner.start();
    expect(await waiting).toBe(true);
    expect(committed.length).toBeGreaterThanOrEqual(7);
    expect(committed[committed.length - 1]).toBe(target);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('a target this projection does not handle is reached with the last handled event before it, not earlier', async () => {
    const handled = (await es.append('item-1', ITEM_ADDED, { label: 'x' })).position;
    const unrelated = (await es.append('other-1', UNRELATED, {})).position;
    const order: string[] = [];
    runner.events.on('committed', (p: bigint) => order.push(`committed ${p}`));
    const waiting = runner.waitForPosition(unrelated, 10_000).then((r) => {
      order.push(`woken ${r}`);
      return r;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(order).toEqual([]);
    runner.start();
    expect(await waiting).toBe(true);
    expect(order).toEqual([`committed ${handled}`, 'woken true']);
  });

  it('a target not written yet is decided once it is: waits, then is woken by the commit that reaches it', async () => {
    runner.start();
    const first = (await es.append('item-1', ITEM_ADDED, { label: 'a' })).position;
    expect(await runner.waitForPosition(first, 10_000)).toBe(true);
    const waiting = runner.waitForPosition(first + 2n, 10_000);
    await es.append('other-1', UNRELATED, {});
    const last = (await es.append('item-2', ITEM_ADDED, { label: 'b' })).position;
    expect(last).toBe(first + 2n);
    expect(await waiting).toBe(true);
    expect(runner.position).toBe(last);
  });
});
