import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accept, ConcurrencyConflict, type Decider, DomainEvent, EventEnvelope, NotFound, refuse, RuleViolation } from '@pfw/domain';
import { EventStore, RecordedEvent, SqliteEventStore } from '@pfw/event-store';
import { deterministicEventId, EventCodec, StreamCommandExecutor, StreamStateCache } from '@pfw/application';

/** A counter that refuses to go above a limit: enough to exercise load → decide → append → retry. */
type Cmd = { type: 'Add'; by: number };
type State = { total: number };
type Ev = DomainEvent<'Added', { by: number }>;
const counter: Decider<Cmd, State, Ev> = {
  initialState: { total: 0 },
  decide: (c, s) =>
    s.total + c.by > 10 ? refuse(new RuleViolation('Art. 5', 'the counter stops at 10')) : accept({ type: 'Added', data: { by: c.by } }, { type: 'Added', data: { by: 0 } }),
  evolve: (s, e) => ({ total: s.total + e.data.by }),
};

/** A cache that keeps no state above 4 (the stand-in for a crypto-shredded contract). */
const below5 = (s: unknown) => (s as State).total < 5;

/** The test's stand-in for the real serializer: plain JSON. */
const jsonCodec: EventCodec = {
  async encode(event: DomainEvent, envelope: EventEnvelope) {
    return { type: event.type, data: event.data as Record<string, unknown>, metadata: { ...envelope, occurredAt: envelope.occurredAt.toISOString() } };
  },
  async decode(r: RecordedEvent) {
    const m = r.metadata as unknown as EventEnvelope & { occurredAt: string };
    return { event: { type: r.type, data: r.data }, envelope: { ...m, occurredAt: new Date(m.occurredAt) } };
  },
};

const ctx = (key?: string) => ({
  actor: { id: 'staff-1', role: 'BILLING' as const },
  commandName: 'Add',
  correlationId: 'corr-1',
  causationId: null,
  idempotencyKey: key ?? null,
  at: new Date('2026-11-26T01:00:00Z'),
  termsVersion: '1',
});

describe('command handling over the event store (load → decide → append)', () => {
  let dir: string;
  let store: EventStore;
  let executor: StreamCommandExecutor;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pfw-app-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
    executor = new StreamCommandExecutor(store, jsonCodec);
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('appends the decided events with their envelope and answers the position', async () => {
    const done = await executor.execute(counter, 'c-1', { type: 'Add', by: 3 }, ctx());
    expect(done.state).toEqual({ total: 3 });
    const stored = await store.readStream('c-1');
    expect(stored).toHaveLength(2);
    expect(stored[1]!.position).toBe(done.position);
    expect(stored[0]!.metadata).toMatchObject({ eventId: stored[0]!.id, actor: { id: 'staff-1', role: 'BILLING' }, correlationId: 'corr-1', commandName: 'Add', occurredAt: '2026-11-26T01:00:00.000Z', termsVersion: '1' });
  });

  it('a retried command (same clientMutationId) appends nothing the second time and answers the first result', async () => {
    const key = randomUUID();
    const first = await executor.execute(counter, 'c-1', { type: 'Add', by: 4 }, ctx(key));
    const again = await executor.execute(counter, 'c-1', { type: 'Add', by: 4 }, ctx(key));
    expect(again.replayed).toBe(true);
    expect(again.position).toBe(first.position);
    expect(again.events).toEqual(first.events);
    const stored = await store.readStream('c-1');
    expect(stored).toHaveLength(2);
    expect(stored.map((e) => e.id)).toEqual([deterministicEventId(key, 'c-1', 0), deterministicEventId(key, 'c-1', 1)]);
  });

  it('a refused command writes nothing and throws the typed domain error', async () => {
    await executor.execute(counter, 'c-1', { type: 'Add', by: 8 }, ctx());
    await expect(executor.execute(counter, 'c-1', { type: 'Add', by: 5 }, ctx())).rejects.toMatchObject({ article: 'Art. 5' });
    expect(await store.readStream('c-1')).toHaveLength(2);
  });

  it('reloads and decides again when another writer got there first', async () => {
    let raced = false;
    const racing: EventStore = Object.create(store);
    racing.append = async (streamId, events, expected) => {
      if (!raced) {
        raced = true;
        await store.append(streamId, [{ id: randomUUID(), type: 'Added', data: { by: 9 }, metadata: { occurredAt: new Date().toISOString() } }], 'any');
      }
      return store.append(streamId, events, expected);
    };
    const retrying = new StreamCommandExecutor(racing, jsonCodec);
    await expect(retrying.execute(counter, 'c-2', { type: 'Add', by: 3 }, ctx())).rejects.toBeInstanceOf(RuleViolation);
    expect((await store.readStream('c-2')).map((e) => e.data.by)).toEqual([9]);
    // Decided again on the reloaded state (9 + 3 > 10), so the stale decision was never written.
  });

  it('gives up with CONCURRENCY_CONFLICT after a bounded number of attempts', async () => {
    let attempts = 0;
    const alwaysLosing: EventStore = Object.create(store);
    alwaysLosing.append = async (streamId, events, expected) => {
      attempts += 1;
      await store.append(streamId, [{ id: randomUUID(), type: 'Added', data: { by: 0 }, metadata: { occurredAt: new Date().toISOString() } }], 'any');
      return store.append(streamId, events, expected);
    };
    const executorLosing = new StreamCommandExecutor(alwaysLosing, jsonCodec, { maxAttempts: 3 });
    await expect(executorLosing.execute(counter, 'c-3', { type: 'Add', by: 1 }, ctx())).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect(attempts).toBe(3);
  });

  it('answers NOT_FOUND for a command that needs an existing stream', async () => {
    await expect(executor.execute(counter, 'c-missing', { type: 'Add', by: 1 }, ctx(), { mustExist: { entity: 'Contract', id: 'missing' } })).rejects.toBeInstanceOf(NotFound);
    await expect(store.readStream('c-missing')).rejects.toThrow('not found');
  });
});

describe('the folded-state cache of the command path (issue 9)', () => {
  let dir: string;
  let store: SqliteEventStore;
  /** Counts the events each executor decodes: what the cache saves shows as events not decoded. */
  const counting = () => {
    const seen: RecordedEvent[] = [];
    const codec: EventCodec = { encode: jsonCodec.encode, decode: async (r) => (seen.push(r), jsonCodec.decode(r)) };
    return { codec, seen };
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pfw-app-cache-'));
    store = new SqliteEventStore({ file: join(dir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('decodes only the events appended since the cached revision, and none of its own', async () => {
    const { codec, seen } = counting();
    const executor = new StreamCommandExecutor(store, codec);
    await executor.execute(counter, 'c-1', { type: 'Add', by: 1 }, ctx());
    await executor.execute(counter, 'c-1', { type: 'Add', by: 1 }, ctx());
    expect(seen).toHaveLength(0); // the stream was new, then cached with the events it appended itself
    expect((await executor.load(counter, 'c-1')).revision).toBe(3);
    executor.onModuleDestroy();
  });

  it('sees what another writer (another process) appended: reads forward from its revision', async () => {
    const { codec, seen } = counting();
    const mine = new StreamCommandExecutor(store, codec);
    const theirs = new StreamCommandExecutor(store, jsonCodec);
    await mine.execute(counter, 'c-1', { type: 'Add', by: 4 }, ctx());
    await theirs.execute(counter, 'c-1', { type: 'Add', by: 5 }, ctx());
    // 4 + 5 + 2 > 10: refused on the state that includes the other writer's events.
    await expect(mine.execute(counter, 'c-1', { type: 'Add', by: 2 }, ctx())).rejects.toMatchObject({ article: 'Art. 5' });
    expect(seen.map((r) => r.revision)).toEqual([2, 3]);
    expect((await mine.load(counter, 'c-1')).state).toEqual({ total: 9 });
    mine.onModuleDestroy();
    theirs.onModuleDestroy();
  });

  it('a retried command is still found when its events are only in the cache', async () => {
    const executor = new StreamCommandExecutor(store, jsonCodec);
    const key = randomUUID();
    const first = await executor.execute(counter, 'c-1', { type: 'Add', by: 2 }, ctx(key));
    await executor.execute(counter, 'c-1', { type: 'Add', by: 1 }, ctx());
    const again = await executor.execute(counter, 'c-1', { type: 'Add', by: 2 }, ctx(key));
    expect(again).toMatchObject({ replayed: true, position: first.position, revision: 1 });
    expect(await store.readStream('c-1')).toHaveLength(4);
    executor.onModuleDestroy();
  });

  it('a conflict drops the entry, so the retry decides on the stream read whole', async () => {
    const { codec, seen } = counting();
    let raced = false;
    const racing: EventStore = Object.create(store);
    racing.append = async (streamId, events, expected) => {
      if (!raced && expected === 1) {
        raced = true;
        await store.append(streamId, [{ id: randomUUID(), type: 'Added', data: { by: 6 }, metadata: { occurredAt: new Date().toISOString() } }], 'any');
      }
      return store.append(streamId, events, expected);
    };
    const executor = new StreamCommandExecutor(racing, codec);
    await executor.execute(counter, 'c-1', { type: 'Add', by: 3 }, ctx());
    await expect(executor.execute(counter, 'c-1', { type: 'Add', by: 3 }, ctx())).rejects.toBeInstanceOf(RuleViolation);
    expect(seen.map((r) => r.revision)).toEqual([0, 1, 2]);
    executor.onModuleDestroy();
  });

  it('keeps no state its cache declines to retain (a crypto-shredded contract), and forgets idle streams', async () => {
    let now = 0;
    const { codec, seen } = counting();
    const executor = new StreamCommandExecutor(store, codec, { cache: { maxIdleMs: 1_000, now: () => now, retain: below5 } });
    await executor.execute(counter, 'c-1', { type: 'Add', by: 6 }, ctx());
    await executor.load(counter, 'c-1');
    expect(seen).toHaveLength(2); // not retained: read whole
    await executor.execute(counter, 'c-2', { type: 'Add', by: 1 }, ctx());
    await executor.load(counter, 'c-2');
    expect(seen).toHaveLength(2); // retained
    now = 1_001;
    await executor.load(counter, 'c-2');
    expect(seen).toHaveLength(4); // idle too long: read whole again
    executor.onModuleDestroy();
  });
  it('a state another writer made unretainable (a contract shredded elsewhere) is read whole before deciding', async () => {
    const { codec, seen } = counting();
    const mine = new StreamCommandExecutor(store, codec, { cache: { retain: below5 } });
    const theirs = new StreamCommandExecutor(store, jsonCodec, { cache: { retain: below5 } });
    await mine.execute(counter, 'c-1', { type: 'Add', by: 1 }, ctx());
    await theirs.execute(counter, 'c-1', { type: 'Add', by: 5 }, ctx());
    expect((await mine.load(counter, 'c-1')).state).toEqual({ total: 6 });
    expect(seen.map((r) => r.revision)).toEqual([2, 3, 0, 1, 2, 3]); // forward from the cache, then whole
    mine.onModuleDestroy();
    theirs.onModuleDestroy();
  });
});

describe('StreamStateCache', () => {
  const owner = {};
  const entry = (revision: number) => ({ state: { revision }, revision, ids: new Set<string>() });

  it('keeps at most maxStreams, dropping the least recently used', () => {
    const cache = new StreamStateCache({ maxStreams: 2 });
    cache.set(owner, 'a', entry(0));
    cache.set(owner, 'b', entry(0));
    cache.get(owner, 'a');
    cache.set(owner, 'c', entry(0));
    expect([cache.get(owner, 'a'), cache.get(owner, 'b'), cache.get(owner, 'c')].map((e) => e !== undefined)).toEqual([true, false, true]);
    cache.clear();
  });

  it('never replaces a later revision with an earlier one, and keys by decider', () => {
    const cache = new StreamStateCache();
    cache.set(owner, 'a', entry(5));
    cache.set(owner, 'a', entry(3));
    expect(cache.get(owner, 'a')?.revision).toBe(5);
    expect(cache.get({}, 'a')).toBeUndefined();
    cache.clear();
  });

  it('a sweep drops idle entries without anyone asking for them', () => {
    let now = 0;
    const cache = new StreamStateCache({ maxIdleMs: 100, now: () => now });
    cache.set(owner, 'a', entry(0));
    now = 50;
    cache.set(owner, 'b', entry(0));
    now = 120;
    cache.sweep();
    expect(cache.size).toBe(1);
    now = 200;
    cache.sweep();
    expect(cache.size).toBe(0);
  });
});
