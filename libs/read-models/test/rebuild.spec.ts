import {
  migrateReadModels, ProjectionApplyError, ProjectionRunner, readCheckpoint, rebuildProjection, type Projection, type ProjectionState, READ_MODELS_MIGRATIONS,
} from '@pfw/read-models';
import { tableExists } from '@pfw/sql';
import { backends, type TestDatabase } from './support/backends';
import { openTestEventStore, type TestEventStore } from './support/event-store';
import { exampleProjection, ITEM_ADDED, ITEM_FLAGGED, readItems, readStreams, UNRELATED } from './support/example-projection';
import { capturingLogger } from './support/logger';
import { untilState } from './support/runner';

async function seed(es: TestEventStore, count: number): Promise<bigint> {
  let position = 0n;
  for (let i = 0; i < count; i++) {
    const stream = `item-${i % 3}`;
    position = (await es.append(stream, ITEM_ADDED, { label: `label-${i}` })).position;
    if (i % 7 === 3) position = (await es.append(stream, ITEM_FLAGGED, {})).position;
    if (i % 5 === 1) position = (await es.append('other', UNRELATED, { i })).position;
  }
  return position;
}

describe.each(backends())('projection rebuild on %s', (_name, backend) => {
  let t: TestDatabase;
  let es: TestEventStore;
  let logger: ReturnType<typeof capturingLogger>;
  let runners: ProjectionRunner[];

  const runnerFor = (projection: Projection) => {
    const runner = new ProjectionRunner({
      db: t.db,
      store: es.store,
      projection,
      logger,
      rebuildBatchSize: 5,
      retry: { initialDelayMs: 20, maxDelayMs: 80 },
    });
    runners.push(runner);
    return runner;
  };

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    t = await backend.open();
    await migrateReadModels(t.db, READ_MODELS_MIGRATIONS);
    es = openTestEventStore();
    logger = capturingLogger();
    runners = [];
  });
  afterEach(async () => {
    for (const runner of runners) await runner.stop();
    await t.dispose();
    await es.dispose();
  });

  it('replays the log into fresh tables and swaps them in: the rebuilt tables equal the incremental ones', async () => {
    const head = await seed(es, 30);
    const runner = runnerFor(exampleProjection());
    runner.start();
    expect(await runner.waitForPosition(head, 10_000)).toBe(true);
    const incremental = { items: await readItems(t.db), streams: await readStreams(t.db) };
    const before = await readCheckpoint(t.db, 'example');

    const progress: Array<[number, number]> = [];
    const result = await runner.rebuild((done, total) => progress.push([done, total]));

    expect({ items: await readItems(t.db), streams: await readStreams(t.db) }).toEqual(incremental);
    const handled = [];
    for await (const e of es.store.readAll({ filter: { eventTypes: [ITEM_ADDED, ITEM_FLAGGED] } })) handled.push(e);
    expect(before!.position).toBe(handled[handled.length - 1]!.position);
    expect(result).toEqual({ projection: 'example', position: before!.position, generation: 2, events: handled.length });
    expect(await readCheckpoint(t.db, 'example')).toMatchObject({ position: before!.position, version: 1, generation: 2 });
    expect(await tableExists(t.db, 'example_items__rebuild')).toBe(false);
    expect(progress[0]).toEqual([0, Number(head)]);
    expect(progress[progress.length - 1]).toEqual([Number(head), Number(head)]);
    expect(progress.length).toBeGreaterThan(3);
    for (let i = 1; i < progress.length; i++) expect(progress[i]![0]).toBeGreaterThanOrEqual(progress[i - 1]![0]);

    // Generation-named indexes and constraints: a second rebuild creates no clashing names.
    await runner.rebuild();
    expect(await readCheckpoint(t.db, 'example')).toMatchObject({ generation: 3 });
    expect({ items: await readItems(t.db), streams: await readStreams(t.db) }).toEqual(incremental);

    // The runner resumed from the swapped-in checkpoint and goes on applying, once.
    const next = await es.append('item-9', ITEM_ADDED, { label: 'after' });
    expect(await runner.waitForPosition(next.position, 10_000)).toBe(true);
    expect((await readItems(t.db)).filter((i) => i.label === 'after').length).toBe(1);
  });

  it('a projection that handles most of the log is rebuilt from the log read in position order, skipping the rest itself: the same tables, checkpoint and events', async () => {
    const head = await seed(es, 30);
    const runner = runnerFor(exampleProjection());
    runner.start();
    expect(await runner.waitForPosition(head, 10_000)).toBe(true);
    await runner.stop();
    const incremental = { items: await readItems(t.db), streams: await readStreams(t.db), checkpoint: await readCheckpoint(t.db, 'example') };
    const unrelated = await es.append('other', UNRELATED, { last: true });

    const filters: unknown[] = [];
    const store = es.store;
    const spied = Object.create(store, {
      readAll: { value: (options?: Parameters<typeof store.readAll>[0]) => (filters.push(options?.filter), store.readAll(options)) },
    }) as typeof store;
    const dense = { ...exampleProjection(), handlesMostOfTheLog: true };
    const result = await rebuildProjection({ db: t.db, store: spied, projection: dense, batchSize: 4, logger });

    expect(filters).toEqual([undefined, undefined]);
    expect(dense.applied.length).toBe(result.events);
    const handled = [];
    for await (const e of es.store.readAll({ filter: { eventTypes: [ITEM_ADDED, ITEM_FLAGGED] } })) handled.push(e);
    expect(result).toEqual({ projection: 'example', position: incremental.checkpoint!.position, generation: 2, events: handled.length });
    expect(unrelated.position).toBeGreaterThan(result.position!);
    expect({ items: await readItems(t.db), streams: await readStreams(t.db) }).toEqual({ items: incremental.items, streams: incremental.streams });
    expect(await readCheckpoint(t.db, 'example')).toMatchObject({ position: incremental.checkpoint!.position, version: 1, generation: 2 });
  });

  it('reads the log as it applies it: each event is read after the previous one was applied, no batch is held', async () => {
    await seed(es, 12);
    const trace: string[] = [];
    const store = es.store;
    const spied = Object.create(store, {
      readAll: {
        value: async function* (options?: Parameters<typeof store.readAll>[0]) {
          for await (const event of store.readAll(options)) {
            trace.push(`read ${event.id}`);
            yield event;
          }
        },
      },
    }) as typeof store;
    const base = exampleProjection();
    const traced: Projection = { ...base, apply: async (trx, event, names) => (trace.push(`apply ${event.id}`), base.apply(trx, event, names)) };
    const result = await rebuildProjection({ db: t.db, store: spied, projection: traced, batchSize: 4, logger });

    const applied = trace.filter((l) => l.startsWith('apply'));
    expect(applied).toHaveLength(result.events);
    for (const line of applied) {
      const id = line.slice('apply '.length);
      // Read right before it is applied (the read of the next event comes after).
      expect(trace[trace.indexOf(line) - 1]).toBe(`read ${id}`);
    }
  });

  it('keeps answering queries from the old tables during a rebuild and answers from the new ones after the swap', async () => {
    const head = await seed(es, 40);
    const v1 = runnerFor(exampleProjection(1));
    v1.start();
    expect(await v1.waitForPosition(head, 10_000)).toBe(true);
    await v1.stop();

    const log: string[] = [];
    let rebuilding = true;
    const reader = (async () => {
      while (rebuilding) {
        const items = await readItems(t.db);
        const labels = items.map((i) => i.label);
        const kind =
          items.length !== 40 ? `partial(${items.length})` : labels.every((l) => l === l.toLowerCase()) ? 'old' : labels.every((l) => l === l.toUpperCase()) ? 'new' : 'mixed';
        log.push(`read ${kind}`);
        await new Promise((resolve) => setImmediate(resolve));
      }
    })();
    const v2 = exampleProjection(2);
    await rebuildProjection({ db: t.db, store: es.store, projection: v2, batchSize: 5, logger, onProgress: (done) => log.push(`progress ${done}`) });
    rebuilding = false;
    await reader;

    const reads = log.filter((l) => l.startsWith('read'));
    expect(reads.every((r) => r === 'read old' || r === 'read new')).toBe(true);
    // Reads were answered, from the old tables, while the fresh ones were being filled.
    const firstProgress = log.indexOf('progress 0');
    const lastFill = log.lastIndexOf(log.filter((l) => l.startsWith('progress')).slice(-2)[0]!);
    expect(log.slice(firstProgress, lastFill).filter((l) => l === 'read old').length).toBeGreaterThan(0);
    // Once a read saw the new tables, no read saw the old ones again.
    const firstNew = reads.indexOf('read new');
    if (firstNew >= 0) expect(reads.slice(firstNew).every((r) => r === 'read new')).toBe(true);

    const after = await readItems(t.db);
    expect(after.length).toBe(40);
    expect(after.every((i) => i.label === i.label.toUpperCase())).toBe(true);
    expect(await readCheckpoint(t.db, 'example')).toMatchObject({ version: 2, generation: 2 });

    // The version-2 code now starts without another rebuild.
    const states: ProjectionState[] = [];
    const runner = runnerFor(exampleProjection(2));
    runner.events.on('state', (s: ProjectionState) => states.push(s));
    runner.start();
    await untilState(runner, 'live');
    expect(states).not.toContain('rebuilding');
  });

  it('rebuilds at start when the code’s version differs from the live tables’', async () => {
    const head = await seed(es, 12);
    const v1 = runnerFor(exampleProjection(1));
    v1.start();
    expect(await v1.waitForPosition(head, 10_000)).toBe(true);
    await v1.stop();

    const states: ProjectionState[] = [];
    const v2 = runnerFor(exampleProjection(2));
    v2.events.on('state', (s: ProjectionState) => states.push(s));
    v2.start();
    await untilState(v2, 'live');
    expect(states).toEqual(['starting', 'rebuilding', 'catching-up', 'live']);
    expect((await readItems(t.db)).every((i) => i.label === i.label.toUpperCase())).toBe(true);
    expect(await readCheckpoint(t.db, 'example')).toMatchObject({ position: v1.position, version: 2, generation: 2 });
    expect(logger.lines.some((l) => l.message.includes('live tables are version 1, code is 2'))).toBe(true);
  });

  it('stopping the runner aborts its rebuild between batches and leaves the old tables live', async () => {
    const head = await seed(es, 40);
    const v1 = runnerFor(exampleProjection(1));
    v1.start();
    expect(await v1.waitForPosition(head, 10_000)).toBe(true);
    await v1.stop();
    const before = { items: await readItems(t.db), checkpoint: await readCheckpoint(t.db, 'example') };

    const v2 = runnerFor(exampleProjection(2));
    v2.start();
    await untilState(v2, 'rebuilding');
    await v2.stop();

    expect(await readItems(t.db)).toEqual(before.items);
    expect(await readCheckpoint(t.db, 'example')).toEqual(before.checkpoint);
    expect(await tableExists(t.db, 'example_items__rebuild')).toBe(false);
    expect(logger.lines.some((l) => l.message.includes('rebuild of projection example aborted'))).toBe(true);
  });

  it('applies events written during a rebuild exactly once, while the runner keeps running', async () => {
    await seed(es, 30);
    const runner = runnerFor(exampleProjection());
    runner.start();
    await untilState(runner, 'live');

    const appends: Array<Promise<unknown>> = [];
    let n = 0;
    await runner.rebuild(() => {
      // A write lands at every progress report: during the fill, between the fill and the swap, and after it.
      appends.push(es.append(`item-${n % 3}`, ITEM_ADDED, { label: `during-${n++}` }));
    });
    await Promise.all(appends);
    const head = (await es.store.headPosition())!;
    expect(await runner.waitForPosition(head, 10_000)).toBe(true);

    const items = await readItems(t.db);
    const added = [];
    for await (const e of es.store.readAll({ filter: { eventTypes: [ITEM_ADDED] } })) added.push(e.id);
    expect(n).toBeGreaterThan(2);
    expect(items.map((i) => i.eventId)).toEqual(added);
    expect((await readStreams(t.db)).reduce((sum, s) => sum + s.events, 0)).toBe(added.length);
    expect(await readCheckpoint(t.db, 'example')).toMatchObject({ generation: 2 });
    expect(runner.status().failure).toBeNull();
  });

  it('leaves the live tables and the checkpoint as they were, and no fresh tables, when a rebuild fails', async () => {
    const head = await seed(es, 10);
    const runner = runnerFor(exampleProjection());
    runner.start();
    expect(await runner.waitForPosition(head, 10_000)).toBe(true);
    await runner.stop();
    const before = { items: await readItems(t.db), checkpoint: await readCheckpoint(t.db, 'example') };

    const broken = exampleProjection();
    const victim = before.items[6]!.eventId;
    broken.failOn.add(victim);
    const error = await rebuildProjection({ db: t.db, store: es.store, projection: broken, batchSize: 4, logger }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProjectionApplyError);
    expect((error as ProjectionApplyError).event.id).toBe(victim);

    expect(await readItems(t.db)).toEqual(before.items);
    expect(await readCheckpoint(t.db, 'example')).toEqual(before.checkpoint);
    expect(await tableExists(t.db, 'example_items__rebuild')).toBe(false);
    expect(await tableExists(t.db, 'example_streams__rebuild')).toBe(false);
    expect(logger.lines.some((l) => l.level === 'error' && l.message.includes('live tables are unchanged'))).toBe(true);
  });
});
