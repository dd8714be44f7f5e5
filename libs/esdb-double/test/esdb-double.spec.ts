/**
 * The double speaks to the real @eventstore/db-client 6.2.1 over gRPC. These tests drive the client directly
 * (no adapter in between) so they pin down what the wire looks like to it.
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  NO_STREAM,
  START,
  StreamNotFoundError,
  WrongExpectedVersionError,
  excludeSystemEvents,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { EsdbDoubleLog, startEsdbDouble, type EsdbDouble } from '@pfw/esdb-double';
import { collect, ev as event } from './helpers';

const ev = (type: string, data: Record<string, unknown> = {}) => event(type, data, { by: 'test' });

describe('EventStoreDB double (wire level, real client)', () => {
  let double: EsdbDouble;
  let client: EventStoreDBClient;

  beforeEach(async () => {
    double = await startEsdbDouble({ data: new EsdbDoubleLog({ now: () => new Date('2026-01-02T03:04:05.678Z') }) });
    client = EventStoreDBClient.connectionString(double.url);
  });
  afterEach(async () => {
    await client.dispose();
    await double.stop();
  });

  it('appends through Streams.Append and reads the stream back with revisions, positions and created time', async () => {
    const result = await client.appendToStream('order-1', [ev('Placed', { n: 1 }), ev('Paid', { n: 2 })], { expectedRevision: NO_STREAM });
    expect(result.nextExpectedRevision).toBe(1n);
    const events = await collect(client.readStream('order-1'));
    expect(events.map((e) => [e.event?.type, e.event?.revision, e.event?.data])).toEqual([
      ['Placed', 0n, { n: 1 }],
      ['Paid', 1n, { n: 2 }],
    ]);
    expect(events[1]!.event!.position).toEqual(result.position);
    expect(events[0]!.event!.position!.commit < events[1]!.event!.position!.commit).toBe(true);
    expect(events[0]!.event!.metadata).toEqual({ by: 'test' });
    // `created` travels as .NET ticks since the Unix epoch; the client turns it back into a Date.
    expect(events[0]!.event!.created).toEqual(new Date('2026-01-02T03:04:05.678Z'));
  });

  it('reports a wrong expected version in-band, with the actual revision or no_stream', async () => {
    await client.appendToStream('s', [ev('A')]);
    await expect(client.appendToStream('s', [ev('B')], { expectedRevision: NO_STREAM })).rejects.toMatchObject({
      constructor: WrongExpectedVersionError,
      actualVersion: 0n,
      expectedVersion: 'no_stream',
    });
    await expect(client.appendToStream('missing', [ev('B')], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
      constructor: WrongExpectedVersionError,
      actualVersion: 'no_stream',
    });
    await expect(client.appendToStream('missing', [ev('B')], { expectedRevision: 4n })).rejects.toMatchObject({
      actualVersion: 'no_stream',
      expectedVersion: 4n,
    });
  });

  it('treats the same event ids at the same place as a retry: same answer, nothing written', async () => {
    const batch = [ev('A'), ev('B')];
    const first = await client.appendToStream('s', batch, { expectedRevision: NO_STREAM });
    const again = await client.appendToStream('s', batch, { expectedRevision: NO_STREAM });
    const anyAgain = await client.appendToStream('s', batch, { expectedRevision: 'any' });
    expect(again).toEqual(first);
    expect(anyAgain).toEqual(first);
    expect(await collect(client.readStream('s'))).toHaveLength(2);
  });

  it('answers stream-not-found in-band for a stream with no events', async () => {
    await expect(collect(client.readStream('nobody'))).rejects.toBeInstanceOf(StreamNotFoundError);
  });

  it('reads stream ranges forwards and backwards, inclusive of the revision named', async () => {
    await client.appendToStream('r', [0, 1, 2, 3, 4].map((i) => ev('N', { i })));
    const fwd = await collect(client.readStream('r', { fromRevision: 2n, maxCount: 2 }));
    expect(fwd.map((e) => e.event!.revision)).toEqual([2n, 3n]);
    const back = await collect(client.readStream('r', { fromRevision: END, direction: BACKWARDS, maxCount: 2 }));
    expect(back.map((e) => e.event!.revision)).toEqual([4n, 3n]);
    const backFrom = await collect(client.readStream('r', { fromRevision: 1n, direction: BACKWARDS }));
    expect(backFrom.map((e) => e.event!.revision)).toEqual([1n, 0n]);
    expect(await collect(client.readStream('r', { fromRevision: 9n }))).toEqual([]);
  });

  it('holds system events in $all as a real node does, interleaved with user events', async () => {
    for (let i = 0; i < 10; i++) await client.appendToStream(`u-${i}`, [ev('U')]);
    const all = await collect(client.readAll());
    const types = all.map((e) => e.event!.type);
    expect(types).toEqual(expect.arrayContaining(['$settings', '$UserCreated', '$metadata', '$statsCollected', '$epoch-information']));
    // A fresh node holds no stream of its own outside the `$` namespace.
    expect(all.filter((e) => !e.event!.streamId.startsWith('$') && !e.event!.streamId.startsWith('u-'))).toEqual([]);
    // The tenth user append is followed by a stats event (a real node writes them on a timer).
    expect(all.at(-1)!.event!.streamId).toMatch(/^\$stats-/);
    const positions = all.map((e) => e.event!.position!.commit);
    expect([...positions].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(positions);
    expect(all.every((e) => e.event!.position!.commit === e.event!.position!.prepare)).toBe(true);
  });

  it('reads $all forwards from a position inclusively and backwards from it exclusively', async () => {
    await client.appendToStream('p', [ev('A'), ev('B'), ev('C')]);
    const stream = await collect(client.readStream('p'));
    const middle = stream[1]!.event!.position!;
    const forwards = await collect(client.readAll({ fromPosition: middle, maxCount: 2 }));
    expect(forwards.map((e) => e.event!.type)).toEqual(['B', 'C']);
    const backwards = await collect(client.readAll({ fromPosition: middle, direction: BACKWARDS, maxCount: 1 }));
    expect(backwards.map((e) => e.event!.type)).toEqual(['A']);
    const fromEnd = await collect(client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    expect(fromEnd.map((e) => e.event!.type)).toEqual(['C']);
    expect(await collect(client.readAll({ fromPosition: END, direction: FORWARDS }))).toEqual([]);
  });

  it('subscribes to $all with a server-side filter: excluded system events, checkpoints, caught-up, then live', async () => {
    for (let i = 0; i < 40; i++) await client.appendToStream(`c-${i % 4}`, [ev('Before', { i })]);
    const checkpoints: Position[] = [];
    const sub = client.subscribeToAll({
      fromPosition: START,
      filter: excludeSystemEvents({ checkpointReached: (_s, p) => void checkpoints.push(p) }),
    });
    const seen: string[] = [];
    let caughtUpAfter = -1;
    sub.on('caughtUp', () => (caughtUpAfter = seen.length + sub.readableLength));
    const live = new Promise<void>((resolve, reject) => {
      sub.on('error', reject);
      sub.on('data', (e: AllStreamResolvedEvent) => {
        seen.push(e.event!.type);
        if (e.event!.type === 'Live') resolve();
      });
    });
    await new Promise<void>((resolve) => sub.once('caughtUp', () => resolve()));
    await client.appendToStream('c-live', [ev('Live')]);
    await live;
    await sub.unsubscribe();
    expect(seen.filter((t) => t.startsWith('$'))).toEqual([]);
    expect(seen.filter((t) => t === 'Before')).toHaveLength(40);
    expect(seen.at(-1)).toBe('Live');
    expect(caughtUpAfter).toBe(40);
    // The default checkpoint interval is 1 × a search window of 32 events scanned.
    expect(checkpoints.length).toBeGreaterThanOrEqual(1);
    expect(checkpoints.every((p) => p.commit === p.prepare)).toBe(true);
  });

  it('subscribes to $all from a position exclusively, with a stream-prefix filter', async () => {
    await client.appendToStream('keep-1', [ev('One'), ev('Two'), ev('Three')]);
    await client.appendToStream('other', [ev('Other')]);
    const stream = await collect(client.readStream('keep-1'));
    const sub = client.subscribeToAll({ fromPosition: stream[0]!.event!.position!, filter: streamNameFilter({ prefixes: ['keep-'] }) });
    const got: string[] = [];
    for await (const e of sub) {
      got.push(e.event!.type);
      if (got.length === 2) break;
    }
    expect(got).toEqual(['Two', 'Three']);
  });

  it('subscribes to a stream after a revision, then live', async () => {
    await client.appendToStream('one', [ev('A'), ev('B')]);
    const sub = client.subscribeToStream('one', { fromRevision: 0n });
    const got: ResolvedEvent[] = [];
    const writer = client.appendToStream('one', [ev('C')]);
    for await (const e of sub) {
      got.push(e);
      if (got.length === 2) break;
    }
    await writer;
    expect(got.map((e) => e.event!.type)).toEqual(['B', 'C']);
  });

  it('stops and starts again on the same port with the same data', async () => {
    await client.appendToStream('durable', [ev('Kept')]);
    const { port, data } = double;
    await double.stop();
    await expect(client.appendToStream('durable', [ev('Lost')])).rejects.toMatchObject({ code: 14 });
    double = await startEsdbDouble({ port, data });
    expect(double.port).toBe(port);
    const events = await collect(client.readStream('durable'));
    expect(events.map((e) => e.event!.type)).toEqual(['Kept']);
  });
});
