import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { accept, ConcurrencyConflict, DomainEvent, EventEnvelope, NotFound, refuse, RuleViolation } from '@pfw/domain';
import { EventStore, RecordedEvent, SqliteEventStore } from '@pfw/event-store';
import { Decider, deterministicEventId, EventCodec, StreamCommandExecutor } from '@pfw/application';

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
    const executorLosing = new StreamCommandExecutor(alwaysLosing, jsonCodec, 3);
    await expect(executorLosing.execute(counter, 'c-3', { type: 'Add', by: 1 }, ctx())).rejects.toBeInstanceOf(ConcurrencyConflict);
    expect(attempts).toBe(3);
  });

  it('answers NOT_FOUND for a command that needs an existing stream', async () => {
    await expect(executor.execute(counter, 'c-missing', { type: 'Add', by: 1 }, ctx(), { mustExist: { entity: 'Contract', id: 'missing' } })).rejects.toBeInstanceOf(NotFound);
    await expect(store.readStream('c-missing')).rejects.toThrow('not found');
  });
});
