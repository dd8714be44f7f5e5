/**
 * What an EventStoreDB 24.10 node does that the double must do too, each checked through the real client
 * 6.2.1: delete and tombstone, ServerFeatures and BatchAppend, the 1 MiB append limit, stream metadata on
 * reads, `$>` links, byte-offset positions, "consumer too slow" drops, idempotency across a restart, and live
 * events that arrive while a subscription's catch-up fills the send buffer.
 */
import { randomUUID } from 'node:crypto';
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  MaxAppendSizeExceededError,
  NO_STREAM,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  binaryEvent,
  jsonEvent,
  type AllStreamResolvedEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { EsdbDoubleLog, createEsdbDoubleSecurity, startEsdbDouble, type EsdbDouble } from '@pfw/esdb-double';
import { collect, ev } from './helpers';

const json = (value: unknown) => new Uint8Array(Buffer.from(JSON.stringify(value), 'utf8'));

describe('EventStoreDB double: server fidelity (real client 6.2.1)', () => {
  let double: EsdbDouble;
  let client: EventStoreDBClient;
  let now: Date;

  beforeEach(async () => {
    now = new Date('2026-01-02T03:04:05.000Z');
    double = await startEsdbDouble({ data: new EsdbDoubleLog({ now: () => now }), strictPositions: true });
    client = EventStoreDBClient.connectionString(double.url);
  });
  afterEach(async () => {
    await client.dispose();
    await double.stop();
  });

  describe('ServerFeatures and BatchAppend', () => {
    it('advertises a 24.10 server with BatchAppend, so every append of the client goes through BatchAppend', async () => {
      await client.appendToStream('b-1', [ev('A')], { expectedRevision: NO_STREAM });
      await client.appendToStream('b-1', [ev('B'), ev('C')], { expectedRevision: 0n });
      await client.appendToStream('b-2', ev('D'));
      expect(double.stats).toEqual({ batchAppendStreams: 1, batchAppends: 3, appends: 0 });
      expect((await collect(client.readStream('b-1'))).map((e) => [e.event!.type, e.event!.revision])).toEqual([
        ['A', 0n],
        ['B', 1n],
        ['C', 2n],
      ]);
    });

    it('answers a wrong expected version over BatchAppend with the current revision', async () => {
      await client.appendToStream('b-wev', [ev('A'), ev('B')]);
      await expect(client.appendToStream('b-wev', ev('C'), { expectedRevision: 0n })).rejects.toMatchObject({
        constructor: WrongExpectedVersionError,
        streamName: 'b-wev',
        actualVersion: 1n,
        expectedVersion: 0n,
      });
      await expect(client.appendToStream('b-none', ev('C'), { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
        actualVersion: 'no_stream',
        expectedVersion: 'stream_exists',
      });
    });

    it('refuses an append over 1 MiB (data + metadata + type) with MaxAppendSizeExceeded, on both append paths', async () => {
      const big = jsonEvent({ id: randomUUID(), type: 'Big', data: { blob: 'x'.repeat(1_048_576) } });
      await expect(client.appendToStream('big', big)).rejects.toBeInstanceOf(MaxAppendSizeExceededError);
      // Per-call credentials make the client take the older Append call.
      await expect(client.appendToStream('big', big, { credentials: { username: 'admin', password: 'changeit' } })).rejects.toBeInstanceOf(
        MaxAppendSizeExceededError,
      );
      expect(double.stats.appends).toBe(1);
      // Just under the limit is written.
      const fits = jsonEvent({ id: randomUUID(), type: 'Fits', data: { blob: 'x'.repeat(1_000_000) } });
      await expect(client.appendToStream('big', fits)).resolves.toMatchObject({ nextExpectedRevision: 0n });
    });
  });

  describe('Delete and Tombstone', () => {
    it('soft-deletes: reads say not found, the events stay in $all, and a new append continues the numbering', async () => {
      await client.appendToStream('soft', [ev('A'), ev('B')]);
      await expect(client.deleteStream('soft', { expectedRevision: 0n })).rejects.toMatchObject({
        constructor: WrongExpectedVersionError,
        expectedVersion: 0n,
      });
      const deleted = await client.deleteStream('soft', { expectedRevision: 1n });
      expect(deleted.position!.commit).toBeGreaterThan(0n);
      await expect(collect(client.readStream('soft'))).rejects.toBeInstanceOf(StreamNotFoundError);
      expect((await collect(client.readAll())).filter((e) => e.event?.streamId === 'soft')).toHaveLength(2);
      await client.appendToStream('soft', ev('C'), { expectedRevision: NO_STREAM });
      expect((await collect(client.readStream('soft'))).map((e) => [e.event!.type, e.event!.revision])).toEqual([['C', 2n]]);
      // A stream that never existed cannot be deleted.
      await expect(client.deleteStream('never', { expectedRevision: NO_STREAM })).rejects.toBeInstanceOf(WrongExpectedVersionError);
    });

    it('tombstones: reads, appends, deletes and subscriptions of the stream fail with StreamDeleted from then on', async () => {
      await client.appendToStream('hard', [ev('A')]);
      await client.tombstoneStream('hard');
      await expect(collect(client.readStream('hard'))).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(client.appendToStream('hard', ev('B'))).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(client.appendToStream('hard', ev('B'), { credentials: { username: 'admin', password: 'changeit' } })).rejects.toBeInstanceOf(
        StreamDeletedError,
      );
      await expect(client.tombstoneStream('hard')).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(collect(client.subscribeToStream('hard'))).rejects.toBeInstanceOf(StreamDeletedError);
      const tombstone = (await collect(client.readAll())).find((e) => e.event?.streamId === 'hard' && e.event.type === '$streamDeleted');
      expect(tombstone?.event?.revision).toBe(9_223_372_036_854_775_807n);
      // A tombstone can be written for a stream that never existed.
      await client.tombstoneStream('nothing-here', { expectedRevision: NO_STREAM });
      await expect(collect(client.readStream('nothing-here'))).rejects.toBeInstanceOf(StreamDeletedError);
    });

    it('ends a live stream subscription with StreamDeleted when the tombstone arrives', async () => {
      await client.appendToStream('doomed', [ev('A')]);
      const sub = client.subscribeToStream('doomed');
      const seen: string[] = [];
      const ended = (async () => {
        for await (const e of sub) {
          seen.push(e.event!.type);
          if (seen.length === 1) await client.tombstoneStream('doomed');
        }
      })();
      await expect(ended).rejects.toBeInstanceOf(StreamDeletedError);
      expect(seen).toEqual(['A']);
    });
  });

  describe('stream metadata on reads', () => {
    it('applies $maxCount, $tb and $maxAge', async () => {
      await client.appendToStream('capped', Array.from({ length: 20 }, (_, i) => ev('N', { i })));
      await client.setStreamMetadata('capped', { maxCount: 2 });
      expect((await collect(client.readStream('capped'))).map((e) => e.event!.revision)).toEqual([18n, 19n]);
      expect((await collect(client.readStream('capped', { direction: BACKWARDS, fromRevision: END }))).map((e) => e.event!.revision)).toEqual([19n, 18n]);

      await client.appendToStream('truncated', Array.from({ length: 5 }, (_, i) => ev('N', { i })));
      await client.setStreamMetadata('truncated', { truncateBefore: 3 });
      expect((await collect(client.readStream('truncated'))).map((e) => e.event!.revision)).toEqual([3n, 4n]);

      await client.appendToStream('aged', [ev('Old')]);
      now = new Date(now.getTime() + 60_000);
      await client.appendToStream('aged', [ev('New')]);
      await client.setStreamMetadata('aged', { maxAge: 30 });
      expect((await collect(client.readStream('aged'))).map((e) => e.event!.type)).toEqual(['New']);
      expect(await client.getStreamMetadata('aged')).toMatchObject({ metadata: { maxAge: 30 } });
    });
  });

  describe('links', () => {
    it('resolves $> links when asked, keeping the link', async () => {
      await client.appendToStream('target', [ev('First'), ev('Second')]);
      // A link's data is the bare text "N@stream" (projections write it so), not a JSON string.
      await client.appendToStream('links', binaryEvent({ id: randomUUID(), type: '$>', data: Buffer.from('1@target') }));
      const [plain] = await collect(client.readStream('links'));
      expect(plain!.event!.type).toBe('$>');
      expect(plain!.link).toBeUndefined();
      const [resolved] = await collect(client.readStream('links', { resolveLinkTos: true }));
      expect(resolved!.event).toMatchObject({ type: 'Second', streamId: 'target', revision: 1n });
      expect(resolved!.link).toMatchObject({ type: '$>', streamId: 'links', revision: 0n });
      const fromAll = (await collect(client.readAll({ resolveLinkTos: true }))).find((e) => e.link?.streamId === 'links');
      expect(fromAll?.event?.type).toBe('Second');
      expect(fromAll?.commitPosition).toBe(fromAll?.link?.position?.commit);
    });
  });

  describe('positions: byte offsets of records in a log with system records between the events', () => {
    it('moves positions on by the size of each record, and leaves gaps where system records sit', async () => {
      await client.appendToStream('p', [ev('A', { pad: 'x'.repeat(100) }), ev('B')]);
      const [a, b] = await collect(client.readStream('p'));
      // A prepare record of stream "p", type "A" and its data: 88 bytes of frame and header plus both strings.
      const dataA = Buffer.byteLength(JSON.stringify({ pad: 'x'.repeat(100) }));
      expect(b!.event!.position!.commit - a!.event!.position!.commit).toBe(BigInt(88 + 2 + 2 + dataA + 0));
      const { port, data } = double;
      await client.dispose();
      await double.stop();
      double = await startEsdbDouble({ port, data, strictPositions: true });
      client = EventStoreDBClient.connectionString(double.url);
      await client.appendToStream('p', [ev('C')]);
      const all = await collect(client.readAll());
      const epochInfo = all.findIndex((e) => e.event!.type === '$epoch-information' && e.event!.position!.commit > b!.event!.position!.commit);
      const before = all[epochInfo - 1]!.event!;
      // The restart wrote an epoch record (not an event) in front of its `$epoch-information` event.
      const recordAfterB = before.position!.commit + BigInt(88 + 2 + 2 + before.data.toString().length);
      expect(all[epochInfo]!.event!.position!.commit).toBeGreaterThan(recordAfterB);
    });

    it('refuses reads of $all from a position inside a record, as the server does; position + 1 is not "after"', async () => {
      await client.appendToStream('q', [ev('A'), ev('B'), ev('C')]);
      const [a] = await collect(client.readStream('q'));
      const p = a!.event!.position!;
      expect((await collect(client.readAll({ fromPosition: p, maxCount: 1 })))[0]!.event!.type).toBe('A');
      const inside = { commit: p.commit + 1n, prepare: p.prepare + 1n };
      await expect(collect(client.readAll({ fromPosition: inside, maxCount: 1 }))).rejects.toThrow(/invalid position/i);
      await expect(collect(client.readAll({ fromPosition: inside, direction: BACKWARDS, maxCount: 1 }))).rejects.toThrow(/invalid position/i);
      await expect(collect(client.subscribeToAll({ fromPosition: inside }))).rejects.toThrow(/invalid position/i);
    });

    it('lets a subscription start past the last event without reading, as the server goes live directly there', async () => {
      await client.appendToStream('r', [ev('A')]);
      const [a] = await collect(client.readStream('r'));
      const sub = client.subscribeToAll({ fromPosition: { commit: a!.event!.position!.commit + 1n, prepare: a!.event!.position!.prepare + 1n } });
      const caughtUp = new Promise<void>((resolve) => sub.once('caughtUp', () => resolve()));
      const next = (async () => {
        for await (const e of sub) if (e.event?.streamId === 'r') return e.event.type;
        return undefined;
      })();
      await caughtUp;
      await client.appendToStream('r', [ev('B')]);
      expect(await next).toBe('B');
      await sub.unsubscribe();
    });
  });

  describe('live subscribers that fall behind', () => {
    it('drops a live subscriber on demand with ABORTED "consumer too slow"', async () => {
      await client.appendToStream('slow', [ev('A')]);
      const sub = client.subscribeToAll({ fromPosition: END });
      await new Promise<void>((resolve) => sub.once('caughtUp', () => resolve()));
      const failed = new Promise<Error>((resolve) => sub.once('error', resolve));
      expect(double.dropSlowSubscribers()).toBe(1);
      const error = await failed;
      expect(error.message).toMatch(/Consumer too slow/);
      expect(error).toMatchObject({ code: 10 });
    });
  });

  describe('a node told to stop', () => {
    it('ends open subscriptions CANCELLED on a graceful stop', async () => {
      const sub = client.subscribeToAll({ fromPosition: END });
      await new Promise<void>((resolve) => sub.once('caughtUp', () => resolve()));
      const failed = new Promise<Error>((resolve) => sub.once('error', resolve));
      await double.stop({ graceful: true });
      expect(await failed).toMatchObject({ code: 1 });
    });

    it('over TLS too: the CANCELLED statuses reach the clients before the connections close', async () => {
      const secure = await startEsdbDouble({ security: await createEsdbDoubleSecurity({ admin: 'changeit' }) });
      const secureClient = EventStoreDBClient.connectionString(secure.url);
      try {
        await secureClient.appendToStream('tls-stop', ev('A'));
        const subs = [secureClient.subscribeToAll({ fromPosition: END }), secureClient.subscribeToStream('tls-stop', { fromRevision: END })];
        await Promise.all(subs.map((sub) => new Promise<void>((resolve) => sub.once('caughtUp', () => resolve()))));
        const failed = subs.map((sub) => new Promise<Error>((resolve) => sub.once('error', resolve)));
        await secure.stop({ graceful: true });
        expect(await Promise.all(failed)).toEqual([expect.objectContaining({ code: 1 }), expect.objectContaining({ code: 1 })]);
      } finally {
        await secureClient.dispose();
        await secure.stop();
      }
    });
  });

  describe('idempotency across a restart', () => {
    async function restart() {
      const { port, data } = double;
      await client.dispose();
      await double.stop();
      double = await startEsdbDouble({ port, data, strictPositions: true });
      client = EventStoreDBClient.connectionString(double.url);
    }

    it('remembers an exact-revision or no_stream retry after a restart, but writes an `any` retry again', async () => {
      const exact = [ev('A'), ev('B')];
      const first = await client.appendToStream('idem-exact', exact, { expectedRevision: NO_STREAM });
      const anyBatch = [ev('X')];
      await client.appendToStream('idem-any', anyBatch, { expectedRevision: 'any' });
      // Before a restart the in-memory cache recognises the `any` retry too.
      await client.appendToStream('idem-any', anyBatch, { expectedRevision: 'any' });
      expect(await collect(client.readStream('idem-any'))).toHaveLength(1);

      await restart();
      expect(await client.appendToStream('idem-exact', exact, { expectedRevision: NO_STREAM })).toEqual(first);
      await client.appendToStream('idem-any', anyBatch, { expectedRevision: 'any' });
      expect((await collect(client.readStream('idem-exact'))).map((e) => e.event!.type)).toEqual(['A', 'B']);
      expect((await collect(client.readStream('idem-any'))).map((e) => e.event!.id)).toEqual([anyBatch[0]!.id, anyBatch[0]!.id]);
    });
  });

  describe('live events while the catch-up fills the send buffer', () => {
    it('never loses a wake-up: a write between the scan and the wait ends the wait at once', async () => {
      // A subscription reads the log version, sends what it found (possibly waiting for the send buffer to
      // drain), then waits for a write after that version. A write made during the send must not be missed.
      const data = new EsdbDoubleLog({ systemEvents: false });
      const seen = data.version;
      data.append('w', [{ id: randomUUID(), type: 'Live', contentType: 'application/json', data: json({}), customMetadata: new Uint8Array(0) }], { kind: 'any' });
      const never = new AbortController();
      await expect(data.waitForAppend(never.signal, seen)).resolves.toBeUndefined();
      // With nothing written since the version was read, the wait holds until the next write.
      let woke = false;
      const waiting = data.waitForAppend(never.signal, data.version).then(() => (woke = true));
      await Promise.resolve();
      expect(woke).toBe(false);
      data.collectStats();
      await waiting;
      expect(woke).toBe(true);
    });

    // The client reads as messages come, so which catch-up length fills the server's send buffer exactly
    // depends on timing; every length from 1 to 40 is tried, and each must deliver the live event.
    const lengths = Array.from({ length: 40 }, (_, i) => i + 1);

    it('subscribeToStream delivers the live append after a catch-up of every length', async () => {
      for (const n of lengths) {
        const stream = `fill-${n}`;
        await client.appendToStream(stream, Array.from({ length: n }, (_, i) => ev('Old', { i })));
        const sub = client.subscribeToStream(stream, { fromRevision: START });
        const caughtUp = new Promise<void>((resolve) => sub.once('caughtUp', () => resolve()));
        const got: ResolvedEvent[] = [];
        const live = (async () => {
          for await (const e of sub) {
            got.push(e);
            if (e.event?.type === 'Live') return;
          }
        })();
        await caughtUp;
        await client.appendToStream(stream, ev('Live'));
        await live;
        await sub.unsubscribe();
        expect(got).toHaveLength(n + 1);
      }
    });

    it('subscribeToAll delivers the live append after a catch-up of every length', async () => {
      for (const n of lengths) {
        const data = new EsdbDoubleLog({ systemEvents: false });
        for (let i = 0; i < n; i++) {
          data.append(`old-${n}`, [{ id: randomUUID(), type: 'Old', contentType: 'application/json', data: json({ i }), customMetadata: new Uint8Array(0) }], { kind: 'any' });
        }
        const single = await startEsdbDouble({ data });
        const c = EventStoreDBClient.connectionString(single.url);
        try {
          const sub = c.subscribeToAll({ fromPosition: START });
          const caughtUp = new Promise<void>((resolve) => sub.once('caughtUp', () => resolve()));
          const got: AllStreamResolvedEvent[] = [];
          const live = (async () => {
            for await (const e of sub) {
              got.push(e);
              if (e.event?.type === 'Live') return;
            }
          })();
          await caughtUp;
          await c.appendToStream(`old-${n}`, ev('Live'));
          await live;
          await sub.unsubscribe();
          expect(got.filter((e) => e.event?.streamId === `old-${n}`)).toHaveLength(n + 1);
        } finally {
          await c.dispose();
          await single.stop();
        }
      }
    });
  });
});
