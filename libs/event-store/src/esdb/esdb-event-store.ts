import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  StreamNotFoundError as EsdbStreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError as EsdbWrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type Filter,
  type ReadPosition,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { EventStoreUnavailableError, StreamNotFoundError, WrongExpectedRevisionError } from '../errors';
import { logFilterPredicate } from '../log-filter';
import { readAllStart } from '../read-all-start';
import type {
  AppendResult,
  EventData,
  EventStore,
  ExpectedRevision,
  JsonObject,
  LogFilter,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  SubscribeOptions,
  Subscription,
  SubscriptionMessage,
} from '../port';

export interface EsdbEventStoreOptions {
  /** `esdb://host:2113?tls=false`, `esdb+discover://…`: any connection string the client accepts. */
  readonly connectionString: string;
  /** Events per page when reading `$all` (system and filtered-out events count towards a page). */
  readonly pageSize?: number;
  /** Resubscription backoff after a dropped subscription: doubles from `initial` up to `max` (ms). */
  readonly reconnectBackoff?: { readonly initialMs: number; readonly maxMs: number };
}

/**
 * The event store port over EventStoreDB (gRPC, @eventstore/db-client 6.2.1).
 *
 * Positions: the port's position is EventStoreDB's **commit position**. Events appended through the gRPC API
 * are written as single-record commits, so each event's commit position equals its prepare position, and a
 * port position `p` is sent to the server as `{ commit: p, prepare: p }`. (Events written inside explicit
 * multi-record transactions — a legacy TCP-client feature — would break that assumption; nothing here writes them.)
 *
 * System events: the port's global log is the user log. Events whose stream or type starts with `$`
 * (`$settings`, `$statsCollected`, `$metadata`, `$>` links, …) are never returned by `readAll`,
 * `subscribeToAll` or `headPosition`.
 *
 * `readAll`: in client 6.2.1 `readAll` sends no filter to the server, so pages of `$all` are read and
 * filtered here. Reading backwards from a position on the server is exclusive of that position; the port's
 * backwards read is inclusive, so the event at the position itself is fetched with a one-event forward read.
 *
 * `subscribeToAll`: filtered on the server where the client allows (stream prefixes, else event-type
 * prefixes, else the exclude-system-events regex) and checked again here. When the connection drops the
 * subscription resubscribes from the last event it received, with capped exponential backoff, so the consumer
 * sees no gap and no duplicate. `caughtUp` comes from the server's caught-up message (sent by the 24.x servers
 * this project targets; a server that never sends it leaves the marker out).
 *
 * Not mapped: `DuplicateEventIdError`. EventStoreDB checks event ids only at the place of a retry, so the same
 * id appended to another stream is simply written again.
 */
export class EsdbEventStore implements EventStore {
  private readonly client: EventStoreDBClient;
  private readonly pageSize: number;
  private readonly backoff: { readonly initialMs: number; readonly maxMs: number };
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(options: EsdbEventStoreOptions) {
    this.client = EventStoreDBClient.connectionString(options.connectionString);
    this.pageSize = options.pageSize ?? 500;
    this.backoff = options.reconnectBackoff ?? { initialMs: 100, maxMs: 5_000 };
  }

  async append(streamId: string, events: readonly EventData[], expectedRevision: ExpectedRevision): Promise<AppendResult> {
    this.assertOpen();
    if (events.length === 0) throw new RangeError('append needs at least one event');
    try {
      // Event ids are passed through: the server treats the same ids at the same place as a retry, which is
      // what makes the retry after an UNAVAILABLE safe even if the first attempt was written.
      const proposed = events.map((e) => jsonEvent({ id: e.id, type: e.type, data: e.data, metadata: e.metadata }));
      const result = await this.retryOnce(() =>
        this.client.appendToStream(streamId, proposed, { expectedRevision: toEsdbExpected(expectedRevision) }),
      );
      const nextExpectedRevision = Number(result.nextExpectedRevision);
      // A server may answer an idempotent retry without a position: look the last event up.
      const position = result.position?.commit ?? (await this.positionOf(streamId, nextExpectedRevision));
      return { nextExpectedRevision, position };
    } catch (err) {
      throw mapError(err, streamId, expectedRevision);
    }
  }

  /**
   * Runs `op`, and once more after a short pause if it failed as UNAVAILABLE. After any connection failure the
   * client closes its channel and opens a new one on the next call; a call that raced with that close fails
   * with "Channel closed before call started" although the server is up. A server that is really down fails
   * the second attempt too.
   */
  private async retryOnce<T>(op: () => Promise<T>): Promise<T> {
    try {
      return await op();
    } catch (err) {
      if (!isUnavailable(err) || this.closed) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
      return op();
    }
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
      throw mapError(err, streamId);
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
      throw mapError(err);
    }
  }

  subscribeToAll(options: SubscribeOptions = {}): Subscription {
    this.assertOpen();
    const subscription = new ResubscribingSubscription(this.client, options, this.backoff, () => this.subscriptions.delete(subscription));
    this.subscriptions.add(subscription);
    return subscription;
  }

  async headPosition(): Promise<bigint | null> {
    this.assertOpen();
    for await (const event of this.readAll({ direction: 'backwards', maxCount: 1 })) return event.position;
    return null;
  }

  async ping(): Promise<void> {
    this.assertOpen();
    try {
      await this.collectWithRetry(() => this.client.readAll({ fromPosition: END, direction: BACKWARDS, maxCount: 1 }));
    } catch (err) {
      const mapped = mapError(err);
      throw mapped instanceof EventStoreUnavailableError ? mapped : new EventStoreUnavailableError(`EventStoreDB ping failed: ${String(err)}`, err);
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.close()));
    await this.client.dispose();
  }

  private async collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
    const out: T[] = [];
    for await (const item of stream) out.push(item);
    return out;
  }

  private collectWithRetry<T>(read: () => AsyncIterable<T>): Promise<T[]> {
    return this.retryOnce(() => this.collect(read()));
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('event store is closed');
  }
}

// --- mapping between the port and the client ---

export function toEsdbExpected(expected: ExpectedRevision): AppendExpectedRevision {
  switch (expected) {
    case 'any':
      return 'any';
    case 'no_stream':
      return 'no_stream';
    case 'stream_exists':
      return 'stream_exists';
    default:
      return BigInt(expected);
  }
}

export function fromEsdbExpected(expected: AppendExpectedRevision): ExpectedRevision {
  return typeof expected === 'bigint' ? Number(expected) : expected;
}

function esdbPosition(position: bigint): { commit: bigint; prepare: bigint } {
  return { commit: position, prepare: position };
}

function isSystem(streamId: string, type: string): boolean {
  return streamId.startsWith('$') || type.startsWith('$');
}

/** The port's log filter, user events only. */
function logFilter(filter: LogFilter | undefined): (event: RecordedEvent) => boolean {
  const passes = logFilterPredicate(filter);
  return (e) => !isSystem(e.streamId, e.type) && passes(e.streamId, e.type);
}

/** The narrowest filter the server can apply for a port filter (the client sends one expression). */
function serverFilter(filter: LogFilter | undefined): Filter {
  const prefixes = filter?.streamPrefixes?.filter((p) => p.length > 0);
  if (prefixes && prefixes.length > 0 && prefixes.length === filter!.streamPrefixes!.length) {
    return streamNameFilter({ prefixes });
  }
  const types = filter?.eventTypes;
  if (types && types.length > 0 && types.every((t) => t.length > 0)) return eventTypeFilter({ prefixes: [...types] });
  return excludeSystemEvents();
}

function toRecorded(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  const position = event.position?.commit ?? resolved.commitPosition;
  if (position === undefined) throw new Error(`event ${event.id} in ${event.streamId} came without a position`);
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: Number(event.revision),
    position,
    data: asJsonObject(event.isJson ? event.data : parseBytes(event.data)),
    metadata: asJsonObject(event.metadata instanceof Uint8Array ? parseBytes(event.metadata) : event.metadata),
    recordedAt: event.created,
  };
}

function parseBytes(bytes: unknown): unknown {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0) return {};
  try {
    return JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    return { base64: Buffer.from(bytes).toString('base64') };
  }
}

function asJsonObject(value: unknown): JsonObject {
  if (value === undefined || value === null) return {};
  if (typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array)) return value as JsonObject;
  return { value };
}

function isUnavailable(err: unknown): boolean {
  if (err instanceof UnavailableError) return true;
  const code = (err as { code?: unknown } | null)?.code;
  // A raw gRPC status 14 (UNAVAILABLE) reaches appends when the server is down: the client's feature
  // discovery call rejects with the service error before any command error is made of it.
  return code === 14 || code === 'ECONNREFUSED';
}

function mapError(err: unknown, streamId?: string, expected?: ExpectedRevision): unknown {
  if (err instanceof EsdbWrongExpectedVersionError) {
    const actual = err.actualVersion;
    return new WrongExpectedRevisionError(
      err.streamName || streamId || '',
      expected ?? fromEsdbExpected(err.expectedVersion),
      actual === 'no_stream' || actual < 0n ? 'no_stream' : Number(actual),
    );
  }
  if (err instanceof EsdbStreamNotFoundError) return new StreamNotFoundError(streamId ?? err.streamName);
  if (isUnavailable(err)) return new EventStoreUnavailableError(`EventStoreDB unavailable: ${(err as Error).message}`, err);
  return err;
}

// --- subscriptions ---

type FeedItem = { readonly kind: 'event'; readonly resolved: AllStreamResolvedEvent } | { readonly kind: 'caughtUp' } | { readonly kind: 'aborted' };

/**
 * One server subscription, turned into a pull feed. The server's caught-up message reaches the client's stream
 * object as an event, not as a chunk in it, so it can overtake events still buffered there. When it fires,
 * every event the server sent before it has been pushed into that stream: either taken by the pump already or
 * still in the stream's buffer. So the marker belongs after exactly `received + readableLength` events.
 */
class SubscriptionFeed {
  private readonly queue: AllStreamResolvedEvent[] = [];
  private failure: { readonly error: unknown } | undefined;
  /** Events taken from the client's stream / handed out by `next`. */
  private received = 0;
  private delivered = 0;
  /** How many events come before the caught-up marker, once the server has said it. */
  private caughtUpAfter: number | undefined;
  private caughtUpReported = false;
  private wake: (() => void) | undefined;
  private space: (() => void) | undefined;
  private static readonly HIGH_WATER = 256;
  confirmed = false;

  constructor(readonly subscription: AllStreamSubscription) {
    subscription.on('confirmation', () => {
      this.confirmed = true;
    });
    subscription.on('caughtUp', () => {
      this.caughtUpAfter ??= this.received + subscription.readableLength;
      this.signal();
    });
    void this.pump();
  }

  private async pump(): Promise<void> {
    try {
      for await (const resolved of this.subscription as AsyncIterable<AllStreamResolvedEvent>) {
        this.received += 1;
        this.queue.push(resolved);
        this.signal();
        if (this.queue.length >= SubscriptionFeed.HIGH_WATER) await new Promise<void>((resolve) => (this.space = resolve));
      }
      this.failure ??= { error: new Error('the server ended the subscription') };
    } catch (error) {
      this.failure ??= { error };
    }
    this.signal();
  }

  private signal(): void {
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }

  async next(abort: AbortSignal): Promise<FeedItem> {
    for (;;) {
      if (abort.aborted) return { kind: 'aborted' };
      if (!this.caughtUpReported && this.caughtUpAfter !== undefined && this.delivered >= this.caughtUpAfter) {
        this.caughtUpReported = true;
        return { kind: 'caughtUp' };
      }
      const resolved = this.queue.shift();
      if (resolved) {
        this.delivered += 1;
        const space = this.space;
        this.space = undefined;
        space?.();
        return { kind: 'event', resolved };
      }
      if (this.failure) throw this.failure.error;
      await new Promise<void>((resolve) => {
        const done = () => {
          abort.removeEventListener('abort', done);
          resolve();
        };
        this.wake = done;
        abort.addEventListener('abort', done, { once: true });
      });
    }
  }

  async close(): Promise<void> {
    this.failure ??= { error: new Error('closed') };
    this.space?.();
    await this.subscription.unsubscribe().catch(() => undefined);
    // A cancelled call never ends the client's stream object: end it so the pump above finishes.
    this.subscription.destroy();
  }
}

function isTransient(err: unknown): boolean {
  if (isUnavailable(err)) return true;
  const code = (err as { code?: unknown } | null)?.code;
  const type = (err as { type?: unknown } | null)?.type;
  // CANCELLED from the server side, DEADLINE_EXCEEDED, ABORTED, INTERNAL (a reset connection), or a stream the
  // server ended: a new subscription from the last position is the cure.
  return (
    code === 1 ||
    code === 4 ||
    code === 10 ||
    code === 13 ||
    type === 'cancelled' ||
    type === 'not-leader' ||
    type === 'timeout' ||
    type === 'deadline-exceeded' ||
    (err instanceof Error && err.message === 'the server ended the subscription')
  );
}

class ResubscribingSubscription implements Subscription {
  private readonly abort = new AbortController();
  private readonly iterator: AsyncGenerator<SubscriptionMessage>;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: SubscribeOptions,
    private readonly backoff: { readonly initialMs: number; readonly maxMs: number },
    private readonly onClosed: () => void,
  ) {
    this.iterator = this.run();
  }

  [Symbol.asyncIterator](): AsyncIterator<SubscriptionMessage> {
    return this.iterator;
  }

  async close(): Promise<void> {
    this.abort.abort();
    this.onClosed();
    // Runs the iteration's cleanup (cancelling the server subscription) even if nobody calls next() again.
    await this.iterator.return(undefined).catch(() => undefined);
  }

  private async *run(): AsyncGenerator<SubscriptionMessage> {
    const signal = this.abort.signal;
    const accept = logFilter(this.options.filter);
    const filter = serverFilter(this.options.filter);
    /** The last position received (delivered or filtered out here): the exclusive resume point. */
    let after: bigint | 'start' = this.options.fromPosition ?? 'start';
    let caughtUpSent = false;
    let failures = 0;
    try {
      while (!signal.aborted) {
        const feed = new SubscriptionFeed(
          this.client.subscribeToAll({ fromPosition: after === 'start' ? START : esdbPosition(after), filter }),
        );
        try {
          for (;;) {
            const item = await feed.next(signal);
            if (item.kind === 'aborted') return;
            if (item.kind === 'caughtUp') {
              if (!caughtUpSent) {
                caughtUpSent = true;
                yield { kind: 'caughtUp' };
              }
              continue;
            }
            const event = toRecorded(item.resolved);
            if (!event) continue;
            after = event.position;
            if (accept(event)) yield { kind: 'event', event };
          }
        } catch (err) {
          if (signal.aborted) return;
          if (!isTransient(err)) throw mapError(err);
          if (feed.confirmed) failures = 0;
        } finally {
          await feed.close();
        }
        const delay = Math.min(this.backoff.initialMs * 2 ** failures, this.backoff.maxMs);
        failures = Math.min(failures + 1, 30);
        await sleep(delay, signal);
      }
    } finally {
      this.abort.abort();
      this.onClosed();
    }
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done, { once: true });
  });
}
