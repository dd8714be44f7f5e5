import type { RecordedEvent } from '@pfw/event-store';
import { migrateReadModels, ProjectionRunner, readCheckpoint, type Projection, type ReadModelDb, READ_MODELS_MIGRATIONS } from '@pfw/read-models';
import { backends, type TestDatabase } from './support/backends';
import { openTestEventStore, type TestEventStore } from './support/event-store';
import { exampleProjection, ITEM_ADDED, ITEM_FLAGGED, readItems, readStreams, UNRELATED } from './support/example-projection';
import { capturingLogger } from './support/logger';
import { untilFailures, untilState } from './support/runner';

async function allEvents(es: TestEventStore): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for await (const e of es.store.readAll()) events.push(e);
  return events;
}

async function addItems(es: TestEventStore, count: number, streams = ['item-1', 'item-2']): Promise<bigint> {
  let position = 0n;
  for (let i = 0; i < count; i++) {
    position = (await es.append(streams[i % streams.length]!, ITEM_ADDED, { label: `label-${i}` })).position;
  }
  return position;
}

describe.each(backends())('projection runner on %s', (_name, backend) => {
  let t: TestDatabase;
  let es: TestEventStore;
  let logger: ReturnType<typeof capturingLogger>;
  let runners: ProjectionRunner[];

  const runnerFor = (projection: Projection, db: ReadModelDb = t.db, batchSize = 500) => {
    const runner = new ProjectionRunner({
      db,
      store: es.store,
      projection,
      logger,
      batchSize,
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

  it('creates its tables on the first start and applies the log in order, checkpoint at the last handled event', async () => {
    await es.append('item-1', ITEM_ADDED, { label: 'a', nested: { n: 1 } });
    await es.append('item-1', ITEM_ADDED, { label: 'b' });
    await es.append('item-2', ITEM_ADDED, { label: 'c' });
    await es.append('other-1', UNRELATED, {});
    const flagged = await es.append('item-1', ITEM_FLAGGED, {});
    const runner = runnerFor(exampleProjection());
    runner.start();

    expect(await runner.waitForPosition(flagged.position, 10_000)).toBe(true);
    await untilState(runner, 'live');
    const items = await readItems(t.db);
    expect(items.map((i) => [i.streamId, i.seq, i.label, i.flagged])).toEqual([
      ['item-1', 0, 'a', true],
      ['item-1', 1, 'b', true],
      ['item-2', 0, 'c', false],
    ]);
    expect(items[0]!.payload).toEqual({ label: 'a', nested: { n: 1 } });
    expect(items.map((i) => i.position)).toEqual([1n, 2n, 3n]);
    expect(await readStreams(t.db)).toEqual([
      { streamId: 'item-1', events: 2, lastPosition: 2n },
      { streamId: 'item-2', events: 1, lastPosition: 3n },
    ]);
    const checkpoint = await readCheckpoint(t.db, 'example');
    expect(checkpoint).toMatchObject({ position: flagged.position, version: 1, generation: 1 });
    expect(runner.position).toBe(flagged.position);
  });

  it('commits a batch with its checkpoint in one transaction: a failure half-way commits nothing, the retry applies every event exactly once', async () => {
    const last = await addItems(es, 10);
    const events = await allEvents(es);
    const projection = exampleProjection();
    projection.failOn.add(events[5]!.id);
    const runner = runnerFor(projection);
    runner.start();

    await untilFailures(runner, 2);
    // The batch held all ten events; apply ran for the first six, then threw: nothing of it is in the database.
    expect(projection.applied.slice(0, 6)).toEqual(events.slice(0, 6).map((e) => e.id));
    expect(await readItems(t.db)).toEqual([]);
    expect(await readStreams(t.db)).toEqual([]);
    expect((await readCheckpoint(t.db, 'example'))!.position).toBeNull();
    expect(runner.status()).toMatchObject({ state: 'failed', position: null });
    expect(runner.status().failure!.event).toEqual({
      id: events[5]!.id,
      type: ITEM_ADDED,
      streamId: events[5]!.streamId,
      position: events[5]!.position.toString(),
    });

    projection.failOn.clear();
    expect(await runner.waitForPosition(last, 10_000)).toBe(true);
    await untilState(runner, 'live');
    const items = await readItems(t.db);
    expect(items.map((i) => i.eventId)).toEqual(events.map((e) => e.id));
    expect(await readStreams(t.db)).toEqual([
      { streamId: 'item-1', events: 5, lastPosition: 9n },
      { streamId: 'item-2', events: 5, lastPosition: 10n },
    ]);
    expect((await readCheckpoint(t.db, 'example'))!.position).toBe(last);
    expect(runner.status().failure).toBeNull();
  });

  it('resumes after a restart from the stored checkpoint (exclusive), applying nothing twice', async () => {
    const first = exampleProjection();
    const before = await addItems(es, 5);
    const runnerA = runnerFor(first);
    runnerA.start();
    expect(await runnerA.waitForPosition(before, 10_000)).toBe(true);
    await runnerA.stop();

    const after = await addItems(es, 3, ['item-3']);
    const newEvents = (await allEvents(es)).slice(5);
    const db = await t.reopen();
    const second = exampleProjection();
    const runnerB = runnerFor(second, db);
    runnerB.start();
    expect(await runnerB.waitForPosition(after, 10_000)).toBe(true);

    expect(second.applied).toEqual(newEvents.map((e) => e.id));
    expect((await readItems(db)).length).toBe(8);
    expect((await readStreams(db)).map((s) => [s.streamId, s.events])).toEqual([
      ['item-1', 3],
      ['item-2', 2],
      ['item-3', 3],
    ]);
  });

  it('stops at a failing event with a visible failed state and a logged error, retries with backoff, never skips it', async () => {
    await addItems(es, 5);
    const events = await allEvents(es);
    const projection = exampleProjection();
    projection.failOn.add(events[2]!.id);
    const runner = runnerFor(projection, t.db, 1);
    runner.start();

    await untilFailures(runner, 3);
    const status = runner.status();
    expect(status.state).toBe('failed');
    expect(status.failure!.attempts).toBeGreaterThanOrEqual(3);
    expect(status.failure!.retryInMs).toBe(Math.min(20 * 2 ** (status.failure!.attempts - 1), 80));
    expect(status.failure!.message).toContain('injected failure');
    // Events before it are committed (one per batch here); it and everything after it wait.
    expect((await readItems(t.db)).map((i) => i.eventId)).toEqual([events[0]!.id, events[1]!.id]);
    expect((await readCheckpoint(t.db, 'example'))!.position).toBe(events[1]!.position);
    const errors = logger.lines.filter((l) => l.level === 'error');
    expect(errors.length).toBeGreaterThanOrEqual(3);
    expect(errors[0]!.message).toContain('projection example');
    expect(errors[0]!.message).toContain(`${ITEM_ADDED} ${events[2]!.id}`);
    expect(errors[0]!.message).toContain(`position ${events[2]!.position}`);

    projection.failOn.clear();
    await untilState(runner, 'live');
    expect((await readItems(t.db)).map((i) => i.eventId)).toEqual(events.map((e) => e.id));
    expect(runner.status().failure).toBeNull();
    expect(logger.lines.some((l) => l.level === 'info' && l.message.includes('recovered'))).toBe(true);
  });

  it('waitForPosition is woken by the commit that reaches the position, without polling the store', async () => {
    const runner = runnerFor(exampleProjection());
    runner.start();
    await untilState(runner, 'live');
    await runner.stop();
    const { position } = await es.append('item-1', ITEM_ADDED, { label: 'x' });

    const order: string[] = [];
    runner.events.on('committed', (p: bigint) => order.push(`committed ${p}`));
    const headCalls = jest.spyOn(es.store, 'headPosition');
    const waiting = runner.waitForPosition(position, 10_000).then((reached) => {
      order.push(`woken ${reached}`);
      return reached;
    });
    // Nothing commits while the runner is stopped: the wait stays pending and the store is not polled.
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(order).toEqual([]);
    expect(runner.pendingWaits).toBe(1);
    expect(headCalls.mock.calls.length).toBeLessThanOrEqual(1);

    runner.start();
    expect(await waiting).toBe(true);
    expect(order).toEqual([`committed ${position}`, 'woken true']);
    expect(runner.pendingWaits).toBe(0);
  });

  it('waitForPosition times out cleanly with false and leaves no waiter behind', async () => {
    const head = await addItems(es, 2);
    const runner = runnerFor(exampleProjection());
    runner.start();
    expect(await runner.waitForPosition(head, 10_000)).toBe(true);

    expect(await runner.waitForPosition(head + 100n, 50)).toBe(false);
    expect(runner.pendingWaits).toBe(0);

    await runner.stop();
    const unapplied = await addItems(es, 1);
    expect(await runner.waitForPosition(unapplied, 50)).toBe(false);
    expect(runner.pendingWaits).toBe(0);
  });

  it('waitForPosition resolves at once when no event it handles lies between its checkpoint and the position', async () => {
    const runner = runnerFor(exampleProjection());
    const head = await addItems(es, 2);
    runner.start();
    expect(await runner.waitForPosition(head, 10_000)).toBe(true);
    await runner.stop();
    const { position } = await es.append('other-1', UNRELATED, {});
    expect(await runner.waitForPosition(position, 10_000)).toBe(true);
    expect(runner.position).toBe(head);
  });

  it('reports lag as the count of handled events after its checkpoint, and 0 when caught up or when only unhandled events follow', async () => {
    const runner = runnerFor(exampleProjection());
    expect(await runner.lag()).toBe(0n);
    const first = await addItems(es, 3);
    expect(await runner.lag()).toBe(3n);

    runner.start();
    expect(await runner.waitForPosition(first, 10_000)).toBe(true);
    expect(await runner.lag()).toBe(0n);
    await runner.stop();

    await es.append('other-1', UNRELATED, {});
    expect(await runner.lag()).toBe(0n);
    await addItems(es, 2);
    expect(await runner.lag()).toBe(2n);
  });

  it('two runners of the same projection (two processes) never apply an event twice', async () => {
    await addItems(es, 20, ['item-1', 'item-2', 'item-3', 'item-4']);
    const a = runnerFor(exampleProjection(), t.db, 3);
    const b = runnerFor(exampleProjection(), t.db, 3);
    a.start();
    b.start();
    const head = await addItems(es, 8, ['item-1', 'item-2', 'item-3', 'item-4']);
    expect(await a.waitForPosition(head, 10_000)).toBe(true);
    expect(await b.waitForPosition(head, 10_000)).toBe(true);

    const items = await readItems(t.db);
    expect(items.length).toBe(28);
    expect(new Set(items.map((i) => i.eventId)).size).toBe(28);
    expect((await readStreams(t.db)).map((s) => s.events)).toEqual([7, 7, 7, 7]);
    // They did collide: the loser's batch rolled back on the checkpoint guard and it re-read the checkpoint.
    expect(logger.lines.some((l) => l.message.includes('moved away'))).toBe(true);
    expect(a.status().failure).toBeNull();
    expect(b.status().failure).toBeNull();
  });
});
