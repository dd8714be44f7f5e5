/**
 * The event store contract: written once, run against every adapter (SQLite, EventStoreDB over the wire
 * double, and a real EventStoreDB when EVENTSTORE_TEST_URL is set).
 *
 * The suite never assumes an empty log — a real server is shared — so every test writes to streams under a
 * fresh prefix and reads the global log filtered by that prefix, starting at the head it found.
 */
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import {
  EventData,
  EventStore,
  RecordedEvent,
  StreamNotFoundError,
  Subscription,
  SubscriptionMessage,
  WrongExpectedRevisionError,
} from '@pfw/event-store';

export interface ContractSuiteTarget {
  /** Opens a store; called once per test. */
  open(): Promise<EventStore>;
  /** Called after each test with the store `open` gave. */
  dispose?(store: EventStore): Promise<void>;
}

let counter = 0;
/** A stream id prefix no other test (or earlier run against a shared server) has used. */
function freshPrefix(): string {
  counter += 1;
  return `ct${counter}x${randomUUID().replace(/-/g, '')}-`;
}

function ev(type = 'Happened', data: Record<string, unknown> = {}): EventData {
  return { id: randomUUID(), type, data, metadata: { correlationId: randomUUID() } };
}

async function collect(iterable: AsyncIterable<RecordedEvent>): Promise<RecordedEvent[]> {
  const out: RecordedEvent[] = [];
  for await (const e of iterable) out.push(e);
  return out;
}

/** Reads `count` events from a subscription (skipping markers), failing after `timeoutMs`. */
async function take(sub: Subscription, count: number, timeoutMs = 10_000): Promise<{ events: RecordedEvent[]; markers: string[] }> {
  const events: RecordedEvent[] = [];
  const markers: string[] = [];
  const iterator = sub[Symbol.asyncIterator]();
  const deadline = Date.now() + timeoutMs;
  while (events.length < count) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) throw new Error(`subscription delivered ${events.length} of ${count} events in time`);
    let timer: NodeJS.Timeout | undefined;
    const next = await Promise.race([
      iterator.next(),
      new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), remaining))),
    ]);
    clearTimeout(timer);
    if (next === 'timeout') throw new Error(`subscription delivered ${events.length} of ${count} events in time`);
    if (next.done) break;
    const message: SubscriptionMessage = next.value;
    if (message.kind === 'event') events.push(message.event);
    else markers.push(message.kind);
  }
  return { events, markers };
}

async function expectRejects<T extends Error>(promise: Promise<unknown>, type: new (...args: never[]) => T): Promise<T> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(type);
    return err as T;
  }
  throw new Error(`expected a ${type.name}`);
}

export function describeEventStoreContract(adapterName: string, target: ContractSuiteTarget): void {
  describe(`event store contract: ${adapterName}`, () => {
    let store: EventStore;
    let prefix: string;

    beforeEach(async () => {
      store = await target.open();
      prefix = freshPrefix();
    });
    afterEach(async () => {
      if (target.dispose) await target.dispose(store);
      else await store.close();
    });

    const inPrefix = () => ({ streamPrefixes: [prefix] });

    describe('append', () => {
      it('creates a stream with no_stream, numbering its events from revision 0', async () => {
        const result = await store.append(`${prefix}a`, [ev(), ev(), ev()], 'no_stream');
        expect(result.nextExpectedRevision).toBe(2);
        expect(typeof result.position).toBe('bigint');
        const events = await store.readStream(`${prefix}a`);
        expect(events.map((e) => e.revision)).toEqual([0, 1, 2]);
        expect(events[2]!.position).toBe(result.position);
      });

      it('appends at the exact expected revision and answers the next one', async () => {
        const first = await store.append(`${prefix}a`, [ev()], 'no_stream');
        const second = await store.append(`${prefix}a`, [ev(), ev()], first.nextExpectedRevision);
        expect(second.nextExpectedRevision).toBe(2);
        expect(second.position > first.position).toBe(true);
      });

      it('appends with any whether or not the stream exists', async () => {
        expect((await store.append(`${prefix}a`, [ev()], 'any')).nextExpectedRevision).toBe(0);
        expect((await store.append(`${prefix}a`, [ev()], 'any')).nextExpectedRevision).toBe(1);
      });

      it('appends with stream_exists to an existing stream', async () => {
        await store.append(`${prefix}a`, [ev()], 'no_stream');
        expect((await store.append(`${prefix}a`, [ev()], 'stream_exists')).nextExpectedRevision).toBe(1);
      });

      it('refuses no_stream on an existing stream, reporting the actual revision', async () => {
        await store.append(`${prefix}a`, [ev(), ev()], 'no_stream');
        const err = await expectRejects(store.append(`${prefix}a`, [ev()], 'no_stream'), WrongExpectedRevisionError);
        expect(err.streamId).toBe(`${prefix}a`);
        expect(err.expected).toBe('no_stream');
        expect(err.actual).toBe(1);
      });

      it('refuses a stale exact revision, reporting expected and actual', async () => {
        await store.append(`${prefix}a`, [ev(), ev(), ev()], 'no_stream');
        const err = await expectRejects(store.append(`${prefix}a`, [ev()], 0), WrongExpectedRevisionError);
        expect(err.expected).toBe(0);
        expect(err.actual).toBe(2);
      });

      it('refuses stream_exists on a missing stream, reporting no_stream', async () => {
        const err = await expectRejects(store.append(`${prefix}a`, [ev()], 'stream_exists'), WrongExpectedRevisionError);
        expect(err.actual).toBe('no_stream');
      });

      it('refuses an exact revision on a missing stream, reporting no_stream', async () => {
        const err = await expectRejects(store.append(`${prefix}a`, [ev()], 3), WrongExpectedRevisionError);
        expect(err.expected).toBe(3);
        expect(err.actual).toBe('no_stream');
      });

      it('writes nothing of a refused multi-event append', async () => {
        await store.append(`${prefix}a`, [ev()], 'no_stream');
        await expectRejects(store.append(`${prefix}a`, [ev('X'), ev('Y'), ev('Z')], 5), WrongExpectedRevisionError);
        expect((await store.readStream(`${prefix}a`)).map((e) => e.type)).toEqual(['Happened']);
        expect(await collect(store.readAll({ filter: inPrefix() }))).toHaveLength(1);
      });

      it('writes a multi-event append as one contiguous run', async () => {
        await store.append(`${prefix}a`, [ev('A1')], 'no_stream');
        const batch = [ev('B1'), ev('B2'), ev('B3')];
        await store.append(`${prefix}a`, batch, 0);
        const all = await collect(store.readAll({ filter: inPrefix() }));
        expect(all.map((e) => e.type)).toEqual(['A1', 'B1', 'B2', 'B3']);
        expect(all.slice(1).map((e) => e.id)).toEqual(batch.map((e) => e.id));
      });

      it('treats the same event ids appended again at the same place as a retry that writes nothing', async () => {
        const batch = [ev('A'), ev('B')];
        const first = await store.append(`${prefix}a`, batch, 'no_stream');
        const retry = await store.append(`${prefix}a`, batch, 'no_stream');
        expect(retry).toEqual(first);
        const later = [ev('C')];
        const third = await store.append(`${prefix}a`, later, first.nextExpectedRevision);
        const retryExact = await store.append(`${prefix}a`, later, first.nextExpectedRevision);
        expect(retryExact).toEqual(third);
        expect((await store.readStream(`${prefix}a`)).map((e) => e.type)).toEqual(['A', 'B', 'C']);
      });

      it('answers a retry with expected any without failing: written once, or (best effort) a second time', async () => {
        // EventStoreDB recognises an `any` retry only while its in-memory idempotency cache holds the ids; the
        // port promises no more than that (exact revisions and no_stream are the idempotent kinds).
        const batch = [ev('A')];
        const first = await store.append(`${prefix}a`, batch, 'any');
        const retry = await store.append(`${prefix}a`, batch, 'any');
        const stored = await store.readStream(`${prefix}a`);
        if (stored.length === 1) expect(retry).toEqual(first);
        else expect(stored.map((e) => [e.id, e.revision])).toEqual([[batch[0]!.id, 0], [batch[0]!.id, 1]]);
      });

      it('treats an exact-revision retry of a multi-event append as idempotent even after the stream moved on', async () => {
        const created = await store.append(`${prefix}a`, [ev('A')], 'no_stream');
        const batch = [ev('B'), ev('C')];
        const written = await store.append(`${prefix}a`, batch, created.nextExpectedRevision);
        await store.append(`${prefix}a`, [ev('D')], written.nextExpectedRevision);
        expect(await store.append(`${prefix}a`, batch, created.nextExpectedRevision)).toEqual(written);
        expect((await store.readStream(`${prefix}a`)).map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
      });

      it('round-trips event data and metadata as JSON, with the store time of recording', async () => {
        const data = { text: '東京都千代田区 ✓ "quoted"', nested: { list: [1, 2.5, null, true], empty: {} }, n: -7 };
        const metadata = { actor: { id: 'staff-1', role: 'screener' }, occurredAt: '2026-11-26T00:00:00.000Z' };
        const id = randomUUID();
        const before = Date.now();
        await store.append(`${prefix}a`, [{ id, type: 'Typed', data, metadata }], 'no_stream');
        const [read] = await store.readStream(`${prefix}a`);
        expect(read!.id).toBe(id);
        expect(read!.type).toBe('Typed');
        expect(read!.streamId).toBe(`${prefix}a`);
        expect(read!.data).toEqual(data);
        expect(read!.metadata).toEqual(metadata);
        expect(read!.recordedAt).toBeInstanceOf(Date);
        expect(read!.recordedAt.getTime()).toBeGreaterThanOrEqual(before - 60_000);
      });
    });

    describe('readStream', () => {
      beforeEach(async () => {
        await store.append(`${prefix}s`, [0, 1, 2, 3, 4].map((i) => ev('N', { i })), 'no_stream');
      });

      it('reads forwards from the start', async () => {
        expect((await store.readStream(`${prefix}s`)).map((e) => e.data.i)).toEqual([0, 1, 2, 3, 4]);
      });

      it('reads forwards from a revision with a max count', async () => {
        const events = await store.readStream(`${prefix}s`, { fromRevision: 2, maxCount: 2 });
        expect(events.map((e) => e.revision)).toEqual([2, 3]);
      });

      it('reads backwards from the end', async () => {
        const events = await store.readStream(`${prefix}s`, { direction: 'backwards', maxCount: 2 });
        expect(events.map((e) => e.revision)).toEqual([4, 3]);
      });

      it('reads backwards from a revision', async () => {
        const events = await store.readStream(`${prefix}s`, { direction: 'backwards', fromRevision: 1 });
        expect(events.map((e) => e.revision)).toEqual([1, 0]);
      });

      it('answers an empty list past the end of an existing stream', async () => {
        expect(await store.readStream(`${prefix}s`, { fromRevision: 10 })).toEqual([]);
      });

      it('throws StreamNotFoundError for a stream that has no events', async () => {
        const err = await expectRejects(store.readStream(`${prefix}missing`), StreamNotFoundError);
        expect(err.streamId).toBe(`${prefix}missing`);
      });
    });

    describe('readAll', () => {
      let positions: bigint[];
      beforeEach(async () => {
        positions = [];
        positions.push((await store.append(`${prefix}one`, [ev('Opened')], 'no_stream')).position);
        positions.push((await store.append(`${prefix}two`, [ev('Opened')], 'no_stream')).position);
        positions.push((await store.append(`${prefix}one`, [ev('Closed')], 0)).position);
        positions.push((await store.append(`${prefix}three`, [ev('Noted')], 'no_stream')).position);
      });

      it('reads the global log in append order with strictly increasing positions', async () => {
        const all = await collect(store.readAll({ filter: inPrefix() }));
        expect(all.map((e) => `${e.streamId.slice(prefix.length)}:${e.type}`)).toEqual([
          'one:Opened',
          'two:Opened',
          'one:Closed',
          'three:Noted',
        ]);
        expect(all.map((e) => e.position)).toEqual(positions);
      });

      it('reads from a position inclusively', async () => {
        const all = await collect(store.readAll({ fromPosition: positions[2]!, filter: inPrefix() }));
        expect(all.map((e) => e.position)).toEqual(positions.slice(2));
      });

      it('reads after a position exclusively, whatever the filter', async () => {
        const after = await collect(store.readAll({ after: positions[1]!, filter: inPrefix() }));
        expect(after.map((e) => e.position)).toEqual(positions.slice(2));
        const typed = await collect(store.readAll({ after: positions[0]!, filter: { ...inPrefix(), eventTypes: ['Opened'] } }));
        expect(typed.map((e) => e.position)).toEqual([positions[1]]);
        expect(await collect(store.readAll({ after: positions[3]!, filter: inPrefix() }))).toEqual([]);
      });

      it('pages to the end with after = the last position of the previous page: every event once, in order', async () => {
        const more = [];
        for (let i = 0; i < 7; i++) more.push((await store.append(`${prefix}page${i % 2}`, [ev('Paged', { i })], 'any')).position);
        const expected = [...positions, ...more];
        const seen: bigint[] = [];
        let after: bigint | undefined;
        for (let pages = 0; pages < 20; pages++) {
          const page = await collect(store.readAll({ ...(after === undefined ? {} : { after }), maxCount: 3, filter: inPrefix() }));
          if (page.length === 0) break;
          seen.push(...page.map((e) => e.position));
          after = page[page.length - 1]!.position;
        }
        expect(seen).toEqual(expected);
      });

      it('refuses after together with fromPosition, and after backwards', async () => {
        await expect(collect(store.readAll({ after: positions[0]!, fromPosition: positions[0]! }))).rejects.toBeInstanceOf(RangeError);
        await expect(collect(store.readAll({ after: positions[0]!, direction: 'backwards' }))).rejects.toBeInstanceOf(RangeError);
      });

      it('filters by event type', async () => {
        const all = await collect(store.readAll({ filter: { ...inPrefix(), eventTypes: ['Opened', 'Noted'] } }));
        expect(all.map((e) => e.type)).toEqual(['Opened', 'Opened', 'Noted']);
      });

      it('filters by stream prefix', async () => {
        const all = await collect(store.readAll({ filter: { streamPrefixes: [`${prefix}t`] } }));
        expect(all.map((e) => e.streamId.slice(prefix.length))).toEqual(['two', 'three']);
      });

      it('reads backwards from the end with a max count', async () => {
        const all = await collect(store.readAll({ direction: 'backwards', maxCount: 2, filter: inPrefix() }));
        expect(all.map((e) => e.position)).toEqual([positions[3], positions[2]]);
      });

      it('reads backwards from a position inclusively', async () => {
        const all = await collect(store.readAll({ direction: 'backwards', fromPosition: positions[1]!, filter: inPrefix() }));
        expect(all.map((e) => e.position)).toEqual([positions[1], positions[0]]);
      });

      it('reports the head position of the log', async () => {
        const head = await store.headPosition();
        expect(head).not.toBeNull();
        expect(head! >= positions[3]!).toBe(true);
      });
    });

    describe('subscribeToAll', () => {
      it('catches up, says so once, then delivers live events with no gap and no duplicate', async () => {
        const start = (await store.headPosition()) ?? 'start';
        for (let i = 0; i < 30; i++) await store.append(`${prefix}s${i % 3}`, [ev('Before', { i })], 'any');
        const sub = store.subscribeToAll({ fromPosition: start, filter: inPrefix() });
        try {
          const writer = (async () => {
            for (let i = 0; i < 30; i++) await store.append(`${prefix}s${i % 3}`, [ev('During', { i })], 'any');
          })();
          const first = await take(sub, 30);
          await writer;
          for (let i = 0; i < 20; i++) await store.append(`${prefix}s${i % 3}`, [ev('After', { i })], 'any');
          const rest = await take(sub, 50);
          const delivered = [...first.events, ...rest.events];
          const stored = await collect(store.readAll({ filter: inPrefix() }));
          expect(delivered.map((e) => e.id)).toEqual(stored.map((e) => e.id));
          expect(new Set(delivered.map((e) => e.id)).size).toBe(80);
          expect([...first.markers, ...rest.markers]).toEqual(['caughtUp']);
        } finally {
          await sub.close();
        }
      });

      it('starts after the given position (exclusive)', async () => {
        await store.append(`${prefix}a`, [ev('One')], 'no_stream');
        const second = await store.append(`${prefix}a`, [ev('Two')], 0);
        await store.append(`${prefix}a`, [ev('Three')], 1);
        const sub = store.subscribeToAll({ fromPosition: second.position, filter: inPrefix() });
        try {
          const { events } = await take(sub, 1);
          expect(events.map((e) => e.type)).toEqual(['Three']);
        } finally {
          await sub.close();
        }
      });

      it('applies the event type filter', async () => {
        const start = (await store.headPosition()) ?? 'start';
        await store.append(`${prefix}a`, [ev('Skip'), ev('Keep'), ev('Skip'), ev('Keep')], 'no_stream');
        const sub = store.subscribeToAll({ fromPosition: start, filter: { ...inPrefix(), eventTypes: ['Keep'] } });
        try {
          const { events } = await take(sub, 2);
          expect(events.map((e) => e.type)).toEqual(['Keep', 'Keep']);
          expect(events.map((e) => e.revision)).toEqual([1, 3]);
        } finally {
          await sub.close();
        }
      });

      it('ends the iteration when closed', async () => {
        const sub = store.subscribeToAll({ fromPosition: (await store.headPosition()) ?? 'start', filter: inPrefix() });
        const iterator = sub[Symbol.asyncIterator]();
        expect((await iterator.next()).value).toEqual({ kind: 'caughtUp' });
        const pending = iterator.next();
        await sub.close();
        expect((await pending).done).toBe(true);
      });
    });

    describe('concurrency', () => {
      it('lets exactly one of two writers racing at the same revision win; the other gets the conflict', async () => {
        const created = await store.append(`${prefix}race`, [ev()], 'no_stream');
        const outcomes = await Promise.allSettled([
          store.append(`${prefix}race`, [ev('Writer1')], created.nextExpectedRevision),
          store.append(`${prefix}race`, [ev('Writer2')], created.nextExpectedRevision),
        ]);
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(1);
        expect(lost[0]!.reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect((lost[0]!.reason as WrongExpectedRevisionError).actual).toBe(1);
        expect(await store.readStream(`${prefix}race`)).toHaveLength(2);
      });

      it('answers concurrent appends to distinct streams each with its own result', async () => {
        const streams = Array.from({ length: 20 }, (_, i) => `${prefix}many-${i}`);
        const batches = streams.map((_, i) => Array.from({ length: (i % 3) + 1 }, () => ev('Many')));
        const results = await Promise.all(streams.map((s, i) => store.append(s, batches[i]!, 'no_stream')));
        for (const [i, s] of streams.entries()) {
          const read = await store.readStream(s);
          expect(read.map((e) => e.id)).toEqual(batches[i]!.map((e) => e.id));
          expect(results[i]!.nextExpectedRevision).toBe(batches[i]!.length - 1);
          expect(results[i]!.position).toBe(read[read.length - 1]!.position);
        }
        const positions = results.map((r) => r.position);
        expect(new Set(positions).size).toBe(positions.length);
      });

      it('refuses only the conflicting one of concurrent appends; the others are written', async () => {
        const existing = await store.append(`${prefix}held`, [ev(), ev()], 'no_stream');
        const fresh = Array.from({ length: 6 }, (_, i) => `${prefix}fresh-${i}`);
        const outcomes = await Promise.allSettled([
          ...fresh.slice(0, 3).map((s) => store.append(s, [ev('Fresh')], 'no_stream')),
          store.append(`${prefix}held`, [ev('Stale')], 0),
          ...fresh.slice(3).map((s) => store.append(s, [ev('Fresh')], 'no_stream')),
        ]);
        const refused = outcomes[3]!;
        expect(refused.status).toBe('rejected');
        expect((refused as PromiseRejectedResult).reason).toBeInstanceOf(WrongExpectedRevisionError);
        expect(((refused as PromiseRejectedResult).reason as WrongExpectedRevisionError).actual).toBe(existing.nextExpectedRevision);
        expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(6);
        for (const s of fresh) expect((await store.readStream(s)).map((e) => e.type)).toEqual(['Fresh']);
        expect(await store.readStream(`${prefix}held`)).toHaveLength(2);
      });

      it('keeps every stream gapless and the global order consistent with each stream under random interleavings', async () => {
        const command = fc.record({
          stream: fc.constantFrom('a', 'b', 'c'),
          count: fc.integer({ min: 1, max: 3 }),
          stale: fc.boolean(),
        });
        await fc.assert(
          fc.asyncProperty(fc.array(command, { minLength: 1, maxLength: 12 }), async (commands) => {
            const runPrefix = freshPrefix();
            const known = new Map<string, number>();
            // Fire the appends concurrently in random order, each with the revision last seen for its stream.
            await Promise.allSettled(
              commands.map((c) => {
                const streamId = `${runPrefix}${c.stream}`;
                const seen = known.get(streamId);
                const expected = c.stale ? (seen ?? 'no_stream') : 'any';
                return store
                  .append(streamId, Array.from({ length: c.count }, () => ev('P')), expected)
                  .then((r) => known.set(streamId, r.nextExpectedRevision));
              }),
            );
            const all = await collect(store.readAll({ filter: { streamPrefixes: [runPrefix] } }));
            for (let i = 1; i < all.length; i++) expect(all[i]!.position > all[i - 1]!.position).toBe(true);
            for (const s of ['a', 'b', 'c']) {
              const inLog = all.filter((e) => e.streamId === `${runPrefix}${s}`);
              expect(inLog.map((e) => e.revision)).toEqual(inLog.map((_, i) => i));
              if (inLog.length > 0) {
                const own = await store.readStream(`${runPrefix}${s}`);
                expect(own.map((e) => e.id)).toEqual(inLog.map((e) => e.id));
              }
            }
          }),
          { numRuns: 50 },
        );
        // 50 runs of up to 12 racing appends each: over the wire on a busy machine this takes longer than the default.
      }, 120_000);
    });
  });
}
