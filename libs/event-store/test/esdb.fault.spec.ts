/**
 * Faults between the EventStoreDB adapter and the server, over the wire-level double: the server goes away
 * mid-subscription and comes back on the same port with the same data.
 */
import { randomUUID } from 'node:crypto';
import { EsdbEventStore, EventStoreUnavailableError, type RecordedEvent, type Subscription } from '@pfw/event-store';
import { EsdbDoubleLog, startEsdbDouble, type EsdbDouble } from '@pfw/esdb-double';

const json = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));

/** Pulls messages until `count` events arrived; fails after `timeoutMs`. */
async function take(iterator: AsyncIterator<unknown>, count: number, timeoutMs = 20_000) {
  const events: RecordedEvent[] = [];
  const markers: string[] = [];
  const deadline = Date.now() + timeoutMs;
  while (events.length < count) {
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), Math.max(0, deadline - Date.now())))),
    ]);
    clearTimeout(timer);
    if (next === 'timeout') throw new Error(`delivered ${events.length} of ${count} events in time`);
    if (next.done) throw new Error(`subscription ended after ${events.length} of ${count} events`);
    const message = next.value as { kind: string; event?: RecordedEvent };
    if (message.kind === 'event') events.push(message.event!);
    else markers.push(message.kind);
  }
  return { events, markers };
}

/** Whatever the subscription still says within `quietMs` (markers, or stray events), without blocking on it. */
async function drain(iterator: AsyncIterator<unknown>, quietMs = 300): Promise<string[]> {
  const said: string[] = [];
  for (;;) {
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([iterator.next(), new Promise<'quiet'>((resolve) => (timer = setTimeout(() => resolve('quiet'), quietMs)))]);
    clearTimeout(timer);
    if (next === 'quiet' || next.done) return said;
    said.push((next.value as { kind: string }).kind);
  }
}

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

describe('EventStoreDB adapter: the server goes away and comes back', () => {
  let double: EsdbDouble;
  let store: EsdbEventStore;
  let sub: Subscription | undefined;
  const prefix = `fault-${randomUUID().slice(0, 8)}-`;

  beforeEach(async () => {
    const data = new EsdbDoubleLog();
    // A catch-up long enough that the server is still sending it when it goes away (HTTP/2 flow control
    // holds most of it back until the subscriber reads).
    for (let i = 0; i < 5_000; i++) {
      data.append(
        `${prefix}${i % 7}`,
        [{ id: randomUUID(), type: 'Seeded', contentType: 'application/json', data: json({ i }), customMetadata: json({}) }],
        { kind: 'any' },
      );
    }
    double = await startEsdbDouble({ data });
    store = new EsdbEventStore({ connectionString: double.url });
  });
  afterEach(async () => {
    await sub?.close();
    await store.close();
    await double.stop();
  });

  it('resumes the subscription from its last position after a restart: nothing lost, nothing twice', async () => {
    sub = store.subscribeToAll({ filter: { streamPrefixes: [prefix] } });
    const iterator = sub[Symbol.asyncIterator]();
    const before = await take(iterator, 50);

    // The node dies mid catch-up.
    const { port, data } = double;
    await double.stop();
    await expect(store.append(`${prefix}down`, [{ id: randomUUID(), type: 'Lost', data: {}, metadata: {} }], 'any')).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);

    // It comes back on the same port with the same data; new events are written after the restart.
    double = await startEsdbDouble({ port, data });
    for (let i = 0; i < 10; i++) await store.append(`${prefix}after`, [{ id: randomUUID(), type: 'After', data: { i }, metadata: {} }], 'any');

    const rest = await take(iterator, 5_000 + 10 - 50);
    const delivered = [...before.events, ...rest.events];
    const stored = await collect(store.readAll({ filter: { streamPrefixes: [prefix] } }));
    expect(stored).toHaveLength(5_010);
    expect(delivered.map((e) => e.id)).toEqual(stored.map((e) => e.id));
    expect(new Set(delivered.map((e) => e.id)).size).toBe(5_010);
    // Caught up exactly once: wherever the restart put it, and nothing after the last event but (maybe) it.
    expect([...before.markers, ...rest.markers, ...(await drain(iterator))]).toEqual(['caughtUp']);
    expect(stored.some((e) => e.type === 'Lost')).toBe(false);
  });

  it('survives a restart while live, and a subscriber restarted from its own checkpoint gets the rest once', async () => {
    const head = (await store.headPosition())!;
    sub = store.subscribeToAll({ fromPosition: head, filter: { streamPrefixes: [prefix] } });
    const iterator = sub[Symbol.asyncIterator]();
    expect((await iterator.next()).value).toEqual({ kind: 'caughtUp' });
    await store.append(`${prefix}live`, [{ id: randomUUID(), type: 'Live', data: { n: 1 }, metadata: {} }], 'no_stream');
    const first = await take(iterator, 1);
    expect(first.events.map((e) => e.data.n)).toEqual([1]);

    const { port, data } = double;
    await double.stop();
    double = await startEsdbDouble({ port, data });
    await store.append(`${prefix}live`, [{ id: randomUUID(), type: 'Live', data: { n: 2 }, metadata: {} }], 0);
    const second = await take(iterator, 1);
    expect(second.events.map((e) => e.data.n)).toEqual([2]);
    expect(second.markers).toEqual([]);

    // The consumer stops, keeping the position of the last event it handled as its checkpoint...
    const checkpoint = second.events[0]!.position;
    await sub.close();
    await store.append(`${prefix}live`, [{ id: randomUUID(), type: 'Live', data: { n: 3 }, metadata: {} }, { id: randomUUID(), type: 'Live', data: { n: 4 }, metadata: {} }], 1);
    // ...and starts again from it: exactly the events after it.
    sub = store.subscribeToAll({ fromPosition: checkpoint, filter: { streamPrefixes: [prefix] } });
    const resumed = await take(sub[Symbol.asyncIterator](), 2);
    expect(resumed.events.map((e) => e.data.n)).toEqual([3, 4]);
  });
});
