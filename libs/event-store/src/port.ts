/**
 * The event store port. Every adapter (SQLite embedded default, EventStoreDB) implements this interface
 * and passes the one contract suite in `libs/event-store/test/contract-suite.ts`.
 *
 * Positions: a global position is a monotonically increasing bigint over the whole log (SQLite: the row
 * sequence; EventStoreDB: the commit position). Reading from a position is inclusive, subscribing from a
 * position is exclusive (the subscriber gets the events *after* its checkpoint), as in EventStoreDB.
 * Revisions: a stream's events are numbered 0, 1, 2, … without gaps.
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
  /** Inclusive. Default: `start` forwards, `end` backwards. */
  readonly fromPosition?: bigint | 'start' | 'end';
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
  readonly filter?: LogFilter;
}

export interface SubscribeOptions {
  /** Exclusive: the subscription delivers events strictly after this position. Default `start`. */
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
