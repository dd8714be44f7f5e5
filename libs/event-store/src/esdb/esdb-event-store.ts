import {
  BACKWARDS,
  END,
  FORWARDS,
  START,
  jsonEvent,
  type EventStoreDBClient,
  type ReadPosition,
} from '@eventstore/db-client';
import { EventStoreDeadlineExceededError, EventStoreUnavailableError, WrongExpectedRevisionError } from '../errors';
import type {
  AppendResult,
  EventData,
  EventStore,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
} from '../port';
import { readAllStart } from '../read-all-start';
import { openEsdbClient } from './connection';
import { DEFAULT_RETRY, mapEsdbError, withRetry, type RetryPolicy } from './esdb-errors';
import { esdbPosition, logFilter, toEsdbExpected, toRecorded } from './esdb-mapping';
import { ResubscribingSubscription } from './esdb-subscription';

export interface EsdbEventStoreOptions {
  /**
   * Any connection string the client accepts: `esdb://host:2113?tls=false`, `esdb://user:pass@host:2113?tlsCAFile=ca.crt`,
   * `esdb://a:2113,b:2113,c:2113`, `esdb+discover://cluster.dns:2113?nodePreference=follower`.
   * `throwOnAppendFailure=false` is refused.
   */
  readonly connectionString: string;
  /** Events per page when reading `$all` (system and filtered-out events count towards a page). */
  readonly pageSize?: number;
  /** Resubscription backoff after a dropped subscription: doubles from `initial` up to `max` (ms). */
  readonly reconnectBackoff?: { readonly initialMs: number; readonly maxMs: number };
  /** Retries of what a retry cures (NotLeader, unavailable) for appends and reads. */
  readonly retry?: RetryPolicy;
  /** How long `ping` and `headPosition` wait for an answer before failing (ms, default 5 000). */
  readonly answerTimeoutMs?: number;
}

/**
 * The event store port over EventStoreDB (gRPC, @eventstore/db-client 6.2.1).
 *
 * Positions: the port's position is EventStoreDB's **commit position**, a byte offset in the transaction log
 * (system records lie between events). Events appended through the gRPC API are written as single-record
 * commits, so each event's commit position equals its prepare position, and a port position `p` is sent to the
 * server as `{ commit: p, prepare: p }`. Only positions of events are ever sent: `after: p` reads from `p` and
 * skips the event at it, since the server refuses a read from a position that is not a record's start.
 *
 * System events: the port's global log is the user log. Events whose stream or type starts with `$`
 * (`$settings`, `$statsCollected`, `$metadata`, `$>` links, …) are never returned by `readAll`,
 * `subscribeToAll` or `headPosition`.
 *
 * `readAll` is filtered here: client 6.2.1 sends no filter with `Streams.Read` on `$all` (its `readAll` has no
 * filter option, although the server's ReadReq has one), so every page of `$all` crosses the wire. A
 * subscription does carry a server-side filter, which is why the live path (projections, sagas, audit) is
 * filtered on the server; a rebuild or an audit query reads the whole log once.
 *
 * Errors: the client's errors become the port's typed errors (see `mapEsdbError`). Appends are sent with
 * `requires-leader`, so a follower answers NotLeader (with the leader's address) instead of forwarding; the
 * client then aims its next call at that leader and the adapter retries with bounded backoff, as it does after
 * UNAVAILABLE. Retrying an append is safe for an exact revision and `no_stream` (the server recognises the
 * same ids at the same place); with `any` it is best effort (the server's idempotency cache is in memory).
 * `ping` and `headPosition` give up after `answerTimeoutMs`, so `/health` never hangs on a stalled node.
 *
 * Not mapped: `DuplicateEventIdError`. EventStoreDB checks event ids only at the place of a retry, so the same
 * id appended to another stream is simply written again.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly pageSize: number;
  private readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  private readonly retry: RetryPolicy;
  private readonly answerTimeoutMs: number;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(options: EsdbEventStoreOptions) {
    this.client = openEsdbClient(options.connectionString).client;
    this.pageSize = options.pageSize ?? 500;
    this.backoff = options.reconnectBackoff ?? { initialMs: 100, maxMs: 5_000 };
    this.retry = options.retry ?? DEFAULT_RETRY;
    this.answerTimeoutMs = options.answerTimeoutMs ?? 5_000;
  }

  async append(streamId: string, events: readonly EventData[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new RangeError('append needs at least one event');
    try {
      // Event ids are passed through: the server treats the same ids at the same place as a retry, which is
      // what makes the retry after an UNAVAILABLE or a NotLeader safe even if the first attempt was written.
      const proposed = events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata }));
      const result = await this.withRetry(() =>
        this.client.appendToStream(streamId, proposed, { expectedRevision: toEsdbExpected(expectedRevision), requiresLeader: true }),
      );
      if (!result.success) {
        // Only with throwOnAppendFailure=false, which the connection refuses; kept so a failure can never pass.
        const actual = result.nextExpectedRevision;
        throw new WrongExpectedRevisionError(streamId, expectedRevision, actual < 0n ? 'no_stream' : Number(actual));
      }
      const nextExpectedRevision = Number(result.nextExpectedRevision);
      // A server may answer an idempotent retry without a position: look the last event up.
      const position = result.position?.commit ?? (await this.positionOf(streamId, nextExpectedRevision));
      return { nextExpectedRevision, position };
    } catch (err) {
      throw mapEsdbError(err, streamId, expectedRevision);
    }
  }

  private withRetry<T>(op: () => Promise<T>): Promise<T> {
    return withRetry(op, this.retry, () => this.closed);
  }

  private async positionOf(streamId: string, revision: number): Promise<bigint> {
    const [found] = await this.collectWithRetry(() => this.client.readStream(streamId, { fromRevision: BigInt(revision), direction: BACKWARDS, maxCount: 1 }));
    const position = found?.event?.position?.commit ?? found?.commitPosition;
    if (position === undefined) throw new Error(`event ${revision} of ${streamId} has no position`);
    return position;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.assertOpen();
    const direction = options.direction ?? 'forwards';
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    try {
      const resolved = await this.collectWithRetry(() =>
        this.client.readStream(streamId, {
          direction: direction === 'forwards' ? FORWARDS : BACKWARDS,
          fromRevision: from === 'start' ? START : from === 'end' ? END : BigInt(from),
          maxCount: options.maxCount ?? Number.MAX_SAFE_INTEGER,
        }),
      );
      return resolved.flatMap((r) => {
        const event = toRecorded(r);
        return event ? [event] : [];
      });
    } catch (err) {
      throw mapEsdbError(err, streamId);
    }
  }

  async *readAll(options: ReadAllOptions = {}): AsyncIterable<RecordedEvent> {
    this.assertOpen();
    const { backwards, from, exclusive } = readAllStart(options);
    const accept = logFilter(options.filter);
    let remaining = options.maxCount ?? Number.MAX_SAFE_INTEGER;
    if (remaining <= 0) return;
    try {
      if (backwards && typeof from === 'bigint') {
        // The server reads backwards from a position exclusively; the port includes the event at it.
        const [at] = await this.collectWithRetry(() =>
          this.client.readAll({ fromPosition: esdbPosition(from), direction: FORWARDS, maxCount: 1 }),
        );
        const event = at ? toRecorded(at) : undefined;
        if (event && event.position === from && accept(event)) {
          yield event;
          if (--remaining === 0) return;
        }
      }
      let cursor: ReadPosition = from === 'start' ? START : from === 'end' ? END : esdbPosition(from);
      // Backwards the event at `from` was handled above; forwards after `from` it is skipped (the server reads
      // from a position inclusively, and only an event's own position is a valid place to start).
      let last: bigint | undefined = (backwards || exclusive) && typeof from === 'bigint' ? from : undefined;
      for (;;) {
        const at = cursor;
        const page = await this.collectWithRetry(() =>
          this.client.readAll({ fromPosition: at, direction: backwards ? BACKWARDS : FORWARDS, maxCount: this.pageSize }),
        );
        for (const resolved of page) {
          const event = toRecorded(resolved);
          if (!event) continue;
          // Pages overlap on their boundary event (forwards reads are inclusive): skip what was already seen.
          if (last !== undefined && (backwards ? event.position >= last : event.position <= last)) continue;
          last = event.position;
          if (!accept(event)) continue;
          yield event;
          if (--remaining === 0) return;
        }
        if (page.length < this.pageSize || last === undefined) return;
        cursor = esdbPosition(last);
      }
    } catch (err) {
      throw mapEsdbError(err);
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new ResubscribingSubscription(this.client, options, this.backoff, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** The last user event's position: pages of `$all` backwards from the end until one is not a system event. */
  async headPosition(): Promise<bigint | null> {
    this.assertOpen();
    const accept = logFilter(undefined);
    try {
      return await this.answerWithin('the head position', async (track) => {
        let cursor: ReadPosition = END;
        for (;;) {
          const at = cursor;
          const page = await this.collectWithRetry(() => track(this.client.readAll({ fromPosition: at, direction: BACKWARDS, maxCount: this.pageSize })));
          for (const resolved of page) {
            const event = toRecorded(resolved);
            if (event && accept(event)) return event.position;
          }
          const last = page.length === this.pageSize ? toRecorded(page[page.length - 1]!) : undefined;
          if (!last) return null;
          cursor = esdbPosition(last.position);
        }
      });
    } catch (err) {
      throw mapEsdbError(err);
    }
  }

  async ping(): Promise<void> {
    this.assertOpen();
    try {
      await this.answerWithin('a ping', (track) =>
        this.collectWithRetry(() => track(this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }))),
      );
    } catch (err) {
      const mapped = mapEsdbError(err);
      throw mapped instanceof EventStoreUnavailableError ? mapped : new EventStoreUnavailableError(`EventStoreDB ping failed: ${String(err)}`, err);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  /**
   * Runs `op`, failing with EventStoreDeadlineExceededError after `answerTimeoutMs`. The client reads `$all` with
   * no deadline, and a node that accepts the connection but never answers would hold the call forever: the
   * reads `op` starts are tracked and cancelled when the time is up.
   */
  private answerWithin<T>(what: string, op: (track: <S extends object>(stream: S) => S) => Promise<T>): Promise<T> {
    const started = new Set<{ cancel?: () => void }>();
    const track = <S extends object>(stream: S): S => {
      started.add(stream as { cancel?: () => void });
      return stream;
    };
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        for (const stream of started) stream.cancel?.();
        reject(new EventStoreDeadlineExceededError(`EventStoreDB did not answer ${what} within ${this.answerTimeoutMs} ms`));
      }, this.answerTimeoutMs);
      op(track).then(
        (value) => {
          clearTimeout(timer);
          resolve(value);
        },
        (err: unknown) => {
          clearTimeout(timer);
          reject(err);
        },
      );
    });
  }

  private async collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const item of stream) out.push(item);
    return out;
  }

  private collectWithRetry<T>(read: () => AsyncIterable<T>): Promise<T[]> {
    return this.withRetry(() => this.collect(read()));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}
