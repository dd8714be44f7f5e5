/**
 * The event store port. Every adapter (SQLite embedded default, EventStoreDB) implements this interface
 * and passes the one contract suite in `libs/event-store/test/contract-suite.ts`.
 *
 * Positions are opaque. A global position is a bigint that grows along the log (SQLite: the row sequence;
 * EventStoreDB: the commit position, a byte offset into the transaction file with system records in between).
 * Callers may compare positions, store them and hand back one the store gave out; they never compute one:
 * `p + 1n` is not "the next event" (on EventStoreDB it points into the middle of a record, and the server
 * refuses the read). To read what follows a position use `readAll({ after: p })`, and to follow the log use
 * `subscribeToAll({ fromPosition: p })`, both exclusive. How far behind a reader is, is counted in events.
 *
 * Revisions: a stream's events are numbered 0, 1, 2, … without gaps.
 *
 * Idempotent retries (`append` with the same event ids again): guaranteed for an exact expected revision and
 * for `no_stream` — the retry finds the events at the place it expects and writes nothing. With `any` (and
 * `stream_exists`) it is best effort: EventStoreDB recognises the retry only while its in-memory
 * idempotency cache still holds the ids (not after a restart, nor once evicted), so the events may be
 * written a second time. Writers that need exactly-once use an exact revision.
 */

/** JSON value as stored: the event store never sees class instances, only plain JSON. */
export type JsonObject = { [key: string]: unknown };

/** What a writer hands to `append`. `id` is a UUID; the same id appended again at the same place is a no-op. */
export interface EventData {
  readonly id: string;
  readonly type: string;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
}

export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  /** 0-based, gapless within the stream. */
  readonly revision: number;
  /** Global position in the whole log. */
  readonly position: bigint;
  readonly data: JsonObject;
  readonly metadata: JsonObject;
  /** When the store recorded it (the store's clock, not the domain clock). */
  readonly recordedAt: Date;
}

/**
 * The revision a writer expects the stream to be at:
 * - `any`: no check;
 * - `no_stream`: the stream must not exist yet;
 * - `stream_exists`: the stream must have at least one event;
 * - a number: the revision of the stream's last event.
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

export interface AppendResult {
  /** The revision of the last event now in the stream (pass it as the next expected revision). */
  readonly nextExpectedRevision: number;
  /** Global position of the last event written (or found, for an idempotent retry). */
  readonly position: bigint;
}

export interface ReadStreamOptions {
  /** First revision to read (inclusive). Default: `start` forwards, `end` backwards. */
  readonly fromRevision?: number | 'start' | 'end';
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
}

export interface LogFilter {
  /** Only events whose type is one of these (exact match). */
  readonly eventTypes?: readonly string[];
  /** Only events whose stream id starts with one of these. */
  readonly streamPrefixes?: readonly string[];
}

export interface ReadAllOptions {
  /**
   * Inclusive: the event at this position is the first read. Must be a position the store gave out (an
   * event's, or an append's). Default: `start` forwards, `end` backwards. Not together with `after`.
   */
  readonly fromPosition?: bigint | 'start' | 'end';
  /**
   * Exclusive, forwards only: the events strictly after this position — a checkpoint, the last event of a
   * page. Must be a position the store gave out. Not together with `fromPosition`.
   */
  readonly after?: bigint;
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
  readonly filter?: LogFilter;
}

export interface SubscribeOptions {
  /**
   * Exclusive: the subscription delivers events strictly after this position (a position the store gave
   * out, usually a checkpoint). Default `start`.
   */
  readonly fromPosition?: bigint | 'start';
  readonly filter?: LogFilter;
}

/** What a subscription yields: events, then once a `caughtUp` marker when the catch-up reaches the head. */
export type SubscriptionMessage =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'caughtUp' };

export interface Subscription extends AsyncIterable<SubscriptionMessage> {
  /** Ends the iteration; safe to call more than once. */
  close(): Promise<void>;
}

export interface EventStore {
  /** Atomically appends `events` to `streamId` if the stream is at `expectedRevision`. */
  append(streamId: string, events: readonly EventData[], expectedRevision: ExpectedRevision): Promise<AppendResult>;
  /** Reads one stream. Throws StreamNotFoundError if the stream has no events. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  /** Reads the global log (user events only: no `$`-prefixed system events), lazily, in order. */
  readAll(options?: ReadAllOptions): AsyncIterable<RecordedEvent>;
  /** Catch-up then live subscription to the global log: no gap and no duplicate at the hand-over. */
  subscribeToAll(options?: SubscribeOptions): Subscription;
  /** Position of the last user event in the log, or null for an empty log. */
  headPosition(): Promise<bigint | null>;
  /** Whether the store answers (for /health). */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** Nest injection token for the configured EventStore. */
export const EVENT_STORE = Symbol.for('pfw.EventStore');
