import type { EventEmitter } from 'node:events';
import {
  CheckpointedConsumer, CheckpointMovedError, EventHandlingError, type ConsumerFailure, type ConsumerGate, type ConsumerRetry, type ConsumerState,
} from '@pfw/consumers';
import type { EventStore, RecordedEvent } from '@pfw/event-store';
import type { EventSerializer } from '@pfw/event-serialization';
import { contractIdOfStream, SERVICE_STREAM_ID } from '@pfw/domain';
import { describeError, SILENT_LOGGER, type StructuredLogger } from '@pfw/logging';
import { deadlineId, type Json, type SagaDefinition, type SagaEvent } from './saga';
import type { SagaStore } from './store';

export type SubscriberState = ConsumerState;

export interface SubscriberStatus {
  readonly saga: string;
  readonly state: SubscriberState;
  readonly position: bigint | null;
  readonly failure: { readonly message: string; readonly attempts: number; readonly at: string; readonly eventId: string | null } | null;
}

export interface SagaSubscriberOptions {
  readonly saga: SagaDefinition<Json>;
  readonly store: EventStore;
  readonly sagaStore: SagaStore;
  readonly serializer: EventSerializer;
  readonly logger?: StructuredLogger;
  /** Most events per transaction (default 200); a batch also ends when the subscription has nothing ready. */
  readonly batchSize?: number;
  /** Backoff after a failure (default 1 s doubling to 60 s). */
  readonly retry?: ConsumerRetry;
  /** Whether this process may run the saga now (default: always). */
  readonly gate?: ConsumerGate;
  /** Infrastructure time for `updated_at` columns (not the domain clock). */
  readonly now?: () => Date;
}

/**
 * One saga on a {@link CheckpointedConsumer}: its checkpoint is the `saga_checkpoints` row. It follows the
 * whole log after its checkpoint (exclusive); for each event the saga handles it runs the pure `react`, and
 * commits the new states, the scheduled and cancelled deadlines AND the checkpoint in one transaction per
 * batch. A crash loses a whole batch or nothing; the restart resumes from the committed checkpoint. Deadlines
 * have deterministic ids and are inserted only when absent, so a replayed event never schedules (or revives)
 * anything twice.
 *
 * It is the only path from the log into the sagas: projection rebuilds, audit replays and `contractAsOf`
 * read the log without it, so they never make a saga act.
 *
 * Events (its consumer's): `committed` (position: bigint, scheduled: number) after each commit, `state`,
 * `failure`, `recovered`.
 */
export class SagaSubscriber {
  private readonly saga: SagaDefinition<Json>;
  private readonly handles: ReadonlySet<string>;
  private readonly logger: StructuredLogger;
  private readonly now: () => Date;
  private readonly consumer: CheckpointedConsumer<number>;

  constructor(private readonly options: SagaSubscriberOptions) {
    this.saga = options.saga;
    this.handles = new Set(options.saga.handles);
    this.logger = options.logger ?? SILENT_LOGGER;
    this.now = options.now ?? (() => new Date());
    this.consumer = new CheckpointedConsumer<number>({
      name: options.saga.name,
      store: options.store,
      batchSize: options.batchSize ?? 200,
      retry: options.retry,
      gate: options.gate,
      now: this.now,
      handler: {
        prepare: () => options.sagaStore.ensureCheckpoint(this.saga.name, this.now()),
        readCheckpoint: () => options.sagaStore.readCheckpoint(this.saga.name),
        commit: (events, from) => this.commit(events, from),
      },
    });
    this.consumer.events.on('recovered', (attempts: number) => this.logger.info({ saga: this.saga.name, attempts }, 'saga subscriber recovered'));
    this.consumer.events.on('failure', (failure: ConsumerFailure) =>
      this.logger.error({ saga: this.saga.name, attempts: failure.attempts, retryInMs: failure.retryInMs, err: failure.message }, 'saga subscriber failed'),
    );
  }

  get events(): EventEmitter {
    return this.consumer.events;
  }

  get name(): string {
    return this.saga.name;
  }

  get position(): bigint | null {
    return this.consumer.position;
  }

  get running(): boolean {
    return this.consumer.running;
  }

  status(): SubscriberStatus {
    const { state, position, failure } = this.consumer.status();
    return {
      saga: this.saga.name,
      state,
      position,
      failure: failure && { message: failure.message, attempts: failure.attempts, at: failure.at, eventId: failure.event?.id ?? null },
    };
  }

  /** Starts following the log in the background. */
  start(): void {
    this.consumer.start();
  }

  /** Stops after the batch in flight (an uncommitted batch is read again next time). */
  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /** A failed subscriber retries at once instead of waiting out its backoff. */
  retryNow(): void {
    this.consumer.retryNow();
  }

  /**
   * Brings the saga up to the head of the log: waits for the background loop when it runs here (failing at
   * once when it fails), else handles the missing events itself (a process that does not run the sagas, e.g.
   * for `advanceClock`). `here: false` says the background loop is not admitted in this process now.
   */
  async catchUp(timeoutMs = 30_000, options: { readonly here?: boolean } = {}): Promise<void> {
    const head = await this.options.store.headPosition();
    if (head === null) return;
    if (!this.consumer.running || options.here === false) {
      await this.options.sagaStore.ensureCheckpoint(this.saga.name, this.now());
      await this.consumer.drain();
      return;
    }
    const failed = () => this.consumer.status().failure;
    if (failed()) throw new Error(`saga ${this.saga.name} failed: ${failed()!.message}`);
    const giveUp = new AbortController();
    const onFailure = () => giveUp.abort();
    this.consumer.events.once('failure', onFailure);
    try {
      if (await this.consumer.waitForPosition(head, timeoutMs, giveUp.signal)) return;
    } finally {
      this.consumer.events.off('failure', onFailure);
    }
    if (failed()) throw new Error(`saga ${this.saga.name} failed: ${failed()!.message}`);
    throw new Error(`saga ${this.saga.name} did not reach position ${head} within ${timeoutMs} ms`);
  }

  /** One transaction: checkpoint first (it takes the lock), then each handled event's reaction, then the states. */
  private async commit(events: readonly RecordedEvent[], from: bigint | null): Promise<number> {
    const name = this.saga.name;
    const last = events[events.length - 1]!.position;
    const handled: { readonly e: SagaEvent; readonly recorded: RecordedEvent }[] = [];
    const serviceScope = this.saga.scope === 'service';
    for (const recorded of events) {
      // A saga of the whole service also sees the service stream; its one state is kept under SERVICE_STREAM_ID.
      const contractId = contractIdOfStream(recorded.streamId) ?? (serviceScope && recorded.streamId === SERVICE_STREAM_ID ? SERVICE_STREAM_ID : null);
      if (!contractId || !this.handles.has(recorded.type)) continue;
      let decoded;
      try {
        decoded = await this.options.serializer.decode(recorded);
      } catch (err) {
        throw new EventHandlingError(name, recorded, `event ${recorded.id} (${recorded.type}) cannot be decoded: ${describeError(err)}`, err);
      }
      handled.push({ e: { event: decoded.event, envelope: decoded.envelope, streamId: recorded.streamId, contractId, position: recorded.position }, recorded });
    }
    const now = this.now();
    let scheduled = 0;
    await this.options.sagaStore.db.transaction().execute(async (trx) => {
      if (!(await this.options.sagaStore.advanceCheckpoint(trx, name, from, last, now))) throw new CheckpointMovedError(`saga ${name}`, from);
      const states = new Map<string, Json>();
      for (const { e, recorded } of handled) {
        const stateKey = serviceScope ? SERVICE_STREAM_ID : e.contractId;
        let state: Json | undefined = states.get(stateKey);
        if (state === undefined) state = (await this.options.sagaStore.readState(trx, name, stateKey)) ?? this.saga.initialState;
        let reaction;
        try {
          reaction = this.saga.react(state, e);
        } catch (err) {
          throw new EventHandlingError(name, recorded, `saga ${name} cannot react to event ${e.envelope.eventId} (${e.event.type}): ${describeError(err)}`, err);
        }
        states.set(stateKey, reaction.state);
        const specs = reaction.schedule ?? [];
        if (e.contractId === SERVICE_STREAM_ID && (specs.some((spec) => !spec.contractId) || (reaction.cancel ?? []).length > 0)) {
          throw new EventHandlingError(name, recorded, `saga ${name}: a reaction to ${e.event.type} (service stream) must name the contract of each deadline and cancels nothing`);
        }
        for (let step = 0; step < specs.length; step++) {
          const spec = specs[step]!;
          const target = spec.contractId ?? e.contractId;
          const inserted = await this.options.sagaStore.insertDeadline(
            trx,
            {
              id: deadlineId(name, target, spec.key),
              saga: name,
              contractId: target,
              kind: spec.kind,
              dueAt: spec.dueAt,
              payload: spec.payload ?? {},
              triggerEventId: e.envelope.eventId,
              triggerPosition: e.position,
              step,
              correlationId: e.envelope.correlationId,
              causationId: e.envelope.eventId,
            },
            now,
          );
          if (inserted) scheduled += 1;
        }
        // A reaction never cancels what it schedules (on a replay its state may still list those keys as open).
        const scheduledIds = new Set(specs.map((spec) => deadlineId(name, spec.contractId ?? e.contractId, spec.key)));
        const cancel = (reaction.cancel ?? []).map((k) => deadlineId(name, e.contractId, k)).filter((id) => !scheduledIds.has(id));
        if (cancel.length > 0) await this.options.sagaStore.cancelDeadlines(trx, cancel, now);
      }
      for (const [key, state] of states) await this.options.sagaStore.writeState(trx, name, key, state, now);
    });
    return scheduled;
  }
}
