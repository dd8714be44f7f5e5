import { randomUUID } from 'node:crypto';
import { ConcurrencyConflict, DomainEvent, EventEnvelope, NotFound } from '@pfw/domain';
import type { Actor } from '@pfw/domain';
import { EventStore, ExpectedRevision, RecordedEvent, StreamNotFoundError, WrongExpectedRevisionError } from '@pfw/event-store';
import type { Decider, EventCodec } from './decider';
import { deterministicEventId } from './event-ids';

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

/**
 * Runs one command against one stream: load → decide → append with the expected revision. On a concurrency
 * conflict it reloads and decides again, a bounded number of times. Handlers stay thin by delegating here.
 */
export class StreamCommandExecutor {
  constructor(
    private readonly store: EventStore,
    private readonly codec: EventCodec,
    private readonly maxAttempts = 4,
  ) {}

  async load<C, S, E extends DomainEvent>(decider: Decider<C, S, E>, streamId: string): Promise<LoadedStream<S>> {
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

  async execute<C, S, E extends DomainEvent>(
    decider: Decider<C, S, E>,
    streamId: string,
    command: C | ((state: S) => C),
    ctx: CommandContext,
    options: ExecuteOptions = {},
  ): Promise<Executed<S, E>> {
    for (let attempt = 1; ; attempt++) {
      const loaded = await this.load(decider, streamId);
      const replay = ctx.idempotencyKey ? this.findReplay<S, E>(loaded, streamId, ctx.idempotencyKey) : null;
      if (replay) return replay;
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
        return { events: decision.events, state, position: appended.position, revision: appended.nextExpectedRevision, replayed: false };
      } catch (err) {
        if (!(err instanceof WrongExpectedRevisionError)) throw err;
        if (attempt >= this.maxAttempts) {
          throw new ConcurrencyConflict(streamId, String(err.expected), String(err.actual));
        }
      }
    }
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
