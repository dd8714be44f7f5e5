import { randomUUID } from 'node:crypto';
import { ConcurrencyConflict, DomainEvent, EventEnvelope, NotFound } from '@pfw/domain';
import type { Actor, Decider } from '@pfw/domain';
import { EventStore, ExpectedRevision, RecordedEvent, StreamNotFoundError, WrongExpectedRevisionError } from '@pfw/event-store';
import type { EventCodec } from './codec';
import { deterministicEventId } from './event-ids';
import { CachedStream, StreamStateCache, type StreamStateCacheOptions } from './stream-state-cache';

/** Who asks, and why: becomes each event's envelope. */
export interface CommandContext {
  readonly actor: Actor;
  readonly commandName: string;
  readonly correlationId: string;
  readonly causationId: string | null;
  /** clientMutationId (API) or the saga step's id: makes a retry append nothing new. */
  readonly idempotencyKey?: string | null;
  /** The instant the command is decided at (from the Clock). */
  readonly at: Date;
  /** The terms version in force (Art. 13), recorded in each envelope. */
  readonly termsVersion: string | null;
}

export interface LoadedStream<S> {
  readonly state: S;
  /** The stream's last revision, or `no_stream`. */
  readonly revision: number | 'no_stream';
  readonly events: readonly { readonly recorded: RecordedEvent; readonly event: DomainEvent; readonly envelope: EventEnvelope }[];
}

export interface Executed<S, E> {
  readonly events: readonly E[];
  readonly state: S;
  /** Global position of the last event written (or found, for a retry); null when the decision was "nothing to do". */
  readonly position: bigint | null;
  readonly revision: number | 'no_stream';
  /** True when this was a retry of a command already applied: nothing was decided or written again. */
  readonly replayed: boolean;
}

export interface ExecuteOptions {
  /** The command is only valid on an existing stream (NOT_FOUND otherwise). */
  readonly mustExist?: { readonly entity: string; readonly id: string };
}

export interface StreamCommandExecutorOptions {
  /** Decide-and-append attempts on concurrency conflicts (default 4). */
  readonly maxAttempts?: number;
  /** The folded-state cache (default on, 10,000 streams, 60 s idle); `false` reads every stream whole. */
  readonly cache?: ExecutorCacheOptions | false;
}

export interface ExecutorCacheOptions extends StreamStateCacheOptions {
  /**
   * Whether a folded state may stay in the cache between commands. Default: every state but one that says its
   * personal data was crypto-shredded (`personalDataShredded: true`) — nothing of it should outlive its key in
   * memory either.
   */
  readonly retain?: (state: unknown) => boolean;
}

/** The default of ExecutorCacheOptions.retain. */
export function holdsNoShreddedData(state: unknown): boolean {
  return !(typeof state === 'object' && state !== null && (state as { personalDataShredded?: unknown }).personalDataShredded === true);
}

/** The state a command is decided on: folded from the stream's events up to `revision`. */
interface Current<S> {
  readonly state: S;
  readonly revision: number | 'no_stream';
  readonly ids: ReadonlySet<string>;
}

/**
 * Runs one command against one stream: load → decide → append with the expected revision. On a concurrency
 * conflict it reloads and decides again, a bounded number of times. Handlers stay thin by delegating here.
 *
 * Loading goes through a cache of folded state: a stream seen before is read only from the revision
 * after the cached one, so a command decodes (and decrypts) only what others appended since. The append still
 * names the expected revision, so a stale entry can only cost a retry — and a conflict drops the entry, so the
 * retry reads the stream whole. The cache's `retain` keeps states out of it (a crypto-shredded contract).
 */
export class StreamCommandExecutor {
  private readonly maxAttempts: number;
  private readonly cache: StreamStateCache | null;
  private readonly retain: (state: unknown) => boolean;

  constructor(
    private readonly store: EventStore,
    private readonly codec: EventCodec,
    options: StreamCommandExecutorOptions = {},
  ) {
    this.maxAttempts = options.maxAttempts ?? 4;
    this.cache = options.cache === false ? null : new StreamStateCache(options.cache ?? {});
    this.retain = (options.cache || undefined)?.retain ?? holdsNoShreddedData;
  }

  /** The stream's current state and revision (cached state read forward). */
  async load<C, S, E extends DomainEvent>(decider: Decider<C, S, E>, streamId: string): Promise<{ readonly state: S; readonly revision: number | 'no_stream' }> {
    const { state, revision } = await this.current(decider, streamId);
    return { state, revision };
  }

  /** Reads and decodes the whole stream (no cache): the events themselves, for finding a retried command's. */
  async loadEvents<C, S, E extends DomainEvent>(decider: Decider<C, S, E>, streamId: string): Promise<LoadedStream<S>> {
    let recorded: RecordedEvent[];
    try {
      recorded = await this.store.readStream(streamId);
    } catch (err) {
      if (err instanceof StreamNotFoundError) return { state: decider.initialState, revision: 'no_stream', events: [] };
      throw err;
    }
    let state = decider.initialState;
    const events = [];
    for (const r of recorded) {
      const decoded = await this.codec.decode(r);
      state = decider.evolve(state, decoded.event as E);
      events.push({ recorded: r, ...decoded });
    }
    return { state, revision: recorded.length ? recorded[recorded.length - 1]!.revision : 'no_stream', events };
  }

  /** Releases the cache (Nest calls it on shutdown). */
  onModuleDestroy(): void {
    this.cache?.clear();
  }

  async execute<C, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    streamId: string,
    command: C | ((state: S) => C),
    ctx: CommandContext,
    options: ExecuteOptions = {},
  ): Promise<Executed<S, E>> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.current(decider, streamId);
      if (ctx.idempotencyKey && loaded.ids.has(deterministicEventId(ctx.idempotencyKey, streamId, 0))) {
        const replay = this.findReplay<S, E>(await this.loadEvents(decider, streamId), streamId, ctx.idempotencyKey);
        if (replay) return replay;
      }
      if (options.mustExist && loaded.revision === 'no_stream') throw new NotFound(options.mustExist.entity, options.mustExist.id);

      const concrete = typeof command === 'function' ? (command as (state: S) => C)(loaded.state) : command;
      const decision = decider.decide(concrete, loaded.state);
      if (!decision.ok) throw decision.error;
      if (decision.events.length === 0) {
        return { events: [], state: loaded.state, position: null, revision: loaded.revision, replayed: false };
      }
      const data = await Promise.all(
        decision.events.map(async (event, index) => {
          const eventId = ctx.idempotencyKey ? deterministicEventId(ctx.idempotencyKey, streamId, index) : randomUUID();
          const envelope: EventEnvelope = {
            eventId,
            actor: ctx.actor,
            correlationId: ctx.correlationId,
            causationId: ctx.causationId,
            commandName: ctx.commandName,
            occurredAt: ctx.at,
            termsVersion: ctx.termsVersion,
          };
          return { id: eventId, ...(await this.codec.encode(event, envelope, streamId)) };
        }),
      );
      const expected: ExpectedRevision = loaded.revision;
      try {
        const appended = await this.store.append(streamId, data, expected);
        const state = decision.events.reduce((s, e) => decider.evolve(s, e), loaded.state);
        this.remember(decider, streamId, { state, revision: appended.nextExpectedRevision, ids: new Set([...loaded.ids, ...data.map((d) => d.id)]) });
        return { events: decision.events, state, position: appended.position, revision: appended.nextExpectedRevision, replayed: false };
      } catch (err) {
        // Whatever happened, what we hold of the stream may be stale: the next attempt (or command) reads it whole.
        this.cache?.delete(decider, streamId);
        if (!(err instanceof WrongExpectedRevisionError)) throw err;
        if (attempt >= this.maxAttempts) {
          throw new ConcurrencyConflict(streamId, String(err.expected), String(err.actual));
        }
      }
    }
  }

  /** The cached state read forward from its revision, or the whole stream folded (then cached). */
  private async current<C, S, E extends DomainEvent>(decider: Decider<C, S, E>, streamId: string): Promise<Current<S>> {
    const cached = this.cache?.get<S>(decider, streamId);
    let recorded: RecordedEvent[];
    try {
      recorded = await this.store.readStream(streamId, { fromRevision: cached ? cached.revision + 1 : 0 });
    } catch (err) {
      if (!(err instanceof StreamNotFoundError)) throw err;
      if (cached) this.cache!.delete(decider, streamId); // gone (a test's reset): start over
      return { state: decider.initialState, revision: 'no_stream', ids: new Set() };
    }
    if (recorded.length === 0) return cached ?? { state: decider.initialState, revision: 'no_stream', ids: new Set() };
    let state = cached ? cached.state : decider.initialState;
    const ids = new Set(cached?.ids);
    for (const r of recorded) {
      const decoded = await this.codec.decode(r);
      state = decider.evolve(state, decoded.event as E);
      ids.add(r.id);
    }
    if (cached && !this.retain(state)) {
      // E.g. the contract was shredded meanwhile: decide on the stream as it reads now (the fields null), not on
      // what was decrypted before.
      this.cache!.delete(decider, streamId);
      return this.current(decider, streamId);
    }
    const value = { state, revision: recorded[recorded.length - 1]!.revision, ids };
    this.remember(decider, streamId, value);
    return value;
  }

  private remember<C, S, E extends DomainEvent>(decider: Decider<C, S, E>, streamId: string, value: CachedStream<S>): void {
    if (!this.cache) return;
    if (!this.retain(value.state)) this.cache.delete(decider, streamId);
    else this.cache.set(decider, streamId, value);
  }

  /** The events this idempotency key already wrote to the stream, if it did. */
  private findReplay<S, E extends DomainEvent>(loaded: LoadedStream<S>, streamId: string, key: string): Executed<S, E> | null {
    const firstId = deterministicEventId(key, streamId, 0);
    const start = loaded.events.findIndex((e) => e.recorded.id === firstId);
    if (start < 0) return null;
    const mine = [];
    for (let i = start; i < loaded.events.length; i++) {
      if (loaded.events[i]!.recorded.id !== deterministicEventId(key, streamId, i - start)) break;
      mine.push(loaded.events[i]!);
    }
    const last = mine[mine.length - 1]!.recorded;
    return {
      events: mine.map((e) => e.event as E),
      state: loaded.state,
      position: last.position,
      revision: last.revision,
      replayed: true,
    };
  }
}
