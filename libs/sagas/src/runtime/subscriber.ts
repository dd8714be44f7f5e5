import { EventEmitter } from 'node:events';
import type { EventStore, RecordedEvent, Subscription, SubscriptionMessage } from '@pfw/event-store';
import type { EventSerializer } from '@pfw/event-serialization';
import { describeError, Mutex, nextTurn, SILENT_LOGGER, type SagaLogger } from './logger';
import { contractIdOfStream, deadlineId, type Json, type SagaDefinition, type SagaEvent } from './saga';
import type { SagaStore } from './store';

/** Another process (or a catch-up in this one) moved the checkpoint: re-read it and go on from there. */
class CheckpointMovedError extends Error {
  override readonly name = 'CheckpointMovedError';
}

export type SubscriberState = 'stopped' | 'starting' | 'catching-up' | 'live' | 'failed';

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
  readonly logger?: SagaLogger;
  /** Most events per transaction (default 200); a batch also ends when the subscription has nothing ready. */
  readonly batchSize?: number;
  /** Backoff after a failure (default 1 s doubling to 60 s). */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  /** Infrastructure time for `updated_at` columns (not the domain clock). */
  readonly now?: () => Date;
}

/**
 * One saga's checkpointed subscriber. It follows the whole log after its checkpoint (exclusive); for each
 * event the saga handles it runs the pure `react`, and commits the new states, the scheduled and cancelled
 * deadlines AND the checkpoint in one transaction per batch. A crash loses a whole batch or nothing; the
 * restart resumes from the committed checkpoint. Deadlines have deterministic ids and are inserted only when
 * absent, so a replayed event never schedules (or revives) anything twice.
 *
 * It is the only path from the log into the sagas: projection rebuilds, audit replays and `contractAsOf`
 * read the log without it, so they never make a saga act.
 *
 * Events: `committed` (position: bigint, scheduled: number) after each commit.
 */
export class SagaSubscriber {
  readonly events = new EventEmitter();
  private readonly saga: SagaDefinition<Json>;
  private readonly handles: ReadonlySet<string>;
  private readonly logger: SagaLogger;
  private readonly batchSize: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly now: () => Date;
  private readonly mutex = new Mutex();
  private positionValue: bigint | null = null;
  private state: SubscriberState = 'stopped';
  private failure: SubscriberStatus['failure'] = null;
  private attempts = 0;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private subscription: Subscription | null = null;
  private wakeUp: (() => void) | null = null;

  constructor(private readonly options: SagaSubscriberOptions) {
    this.saga = options.saga;
    this.handles = new Set(options.saga.handles);
    this.logger = options.logger ?? SILENT_LOGGER;
    this.batchSize = options.batchSize ?? 200;
    this.initialDelayMs = options.retry?.initialDelayMs ?? 1000;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 60_000;
    this.now = options.now ?? (() => new Date());
    this.events.setMaxListeners(0);
  }

  get name(): string {
    return this.saga.name;
  }

  get position(): bigint | null {
    return this.positionValue;
  }

  get running(): boolean {
    return this.loop !== null;
  }

  status(): SubscriberStatus {
    return { saga: this.saga.name, state: this.state, position: this.positionValue, failure: this.failure };
  }

  /** Starts following the log in the background. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.state = 'starting';
    this.loop = this.run();
  }

  /** Stops after the batch in flight (an uncommitted batch is read again next time). */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.stopping = true;
    this.wakeUp?.();
    await this.subscription?.close();
    await this.loop;
    this.loop = null;
    this.state = 'stopped';
  }

  /** A failed subscriber retries at once instead of waiting out its backoff. */
  retryNow(): void {
    this.wakeUp?.();
  }

  /**
   * Brings the saga up to the head of the log: waits for the background loop when it runs, else reads and
   * commits the missing events itself (a process that does not run the sagas, e.g. for `advanceClock`).
   */
  async catchUp(timeoutMs = 30_000): Promise<void> {
    const head = await this.options.store.headPosition();
    if (head === null) return;
    if (this.loop) {
      await this.waitForPosition(head, timeoutMs);
      return;
    }
    await this.mutex.run(async () => {
      await this.options.sagaStore.ensureCheckpoint(this.saga.name, this.now());
      for (;;) {
        const from = await this.options.sagaStore.readCheckpoint(this.saga.name);
        this.positionValue = from;
        const batch: RecordedEvent[] = [];
        for await (const event of this.options.store.readAll({ fromPosition: from ?? 'start', maxCount: this.batchSize + 1 })) {
          if (from !== null && event.position <= from) continue;
          batch.push(event);
        }
        if (batch.length === 0) return;
        try {
          await this.commit(batch);
        } catch (err) {
          if (!(err instanceof CheckpointMovedError)) throw err;
        }
        await nextTurn();
      }
    });
  }

  /** Resolves when the committed checkpoint reaches `position`; rejects on timeout or while failed. */
  waitForPosition(position: bigint, timeoutMs: number): Promise<void> {
    if (this.positionValue !== null && this.positionValue >= position) return Promise.resolve();
    if (this.state === 'failed') return Promise.reject(new Error(`saga ${this.saga.name} failed: ${this.failure?.message ?? 'unknown error'}`));
    return new Promise<void>((resolve, reject) => {
      const onCommit = () => {
        if (this.positionValue !== null && this.positionValue >= position) finish();
      };
      const onFailure = () => {
        finish(new Error(`saga ${this.saga.name} failed: ${this.failure?.message ?? 'unknown error'}`));
      };
      const finish = (error?: Error) => {
        clearTimeout(timer);
        this.events.off('committed', onCommit);
        this.events.off('failed', onFailure);
        if (error) reject(error);
        else resolve();
      };
      const timer = setTimeout(() => finish(new Error(`saga ${this.saga.name} did not reach position ${position} within ${timeoutMs} ms`)), timeoutMs);
      this.events.on('committed', onCommit);
      this.events.on('failed', onFailure);
    });
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.options.sagaStore.ensureCheckpoint(this.saga.name, this.now());
        this.positionValue = await this.options.sagaStore.readCheckpoint(this.saga.name);
        if (this.stopping) break;
        this.state = 'catching-up';
        await this.consume();
      } catch (err) {
        if (this.stopping) break;
        if (err instanceof CheckpointMovedError) continue;
        await this.fail(err);
      }
    }
  }

  private async consume(): Promise<void> {
    const subscription = this.options.store.subscribeToAll({ fromPosition: this.positionValue ?? 'start' });
    this.subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();
    let outstanding: Promise<IteratorResult<SubscriptionMessage>> | null = null;
    let batch: RecordedEvent[] = [];
    const flush = async () => {
      const events = batch;
      batch = [];
      await this.mutex.run(() => this.commit(events));
      await nextTurn();
    };
    const IDLE = Symbol('idle');
    try {
      while (!this.stopping) {
        const next: Promise<IteratorResult<SubscriptionMessage>> = outstanding ?? iterator.next();
        outstanding = next;
        let result: IteratorResult<SubscriptionMessage>;
        if (batch.length > 0) {
          const raced = await Promise.race([next, nextTurn().then(() => IDLE)]);
          if (raced === IDLE) {
            await flush();
            continue;
          }
          result = raced as IteratorResult<SubscriptionMessage>;
        } else {
          result = await next;
        }
        outstanding = null;
        if (result.done) break;
        const message = result.value;
        if (message.kind === 'caughtUp') {
          if (batch.length > 0) await flush();
          this.state = 'live';
          this.recovered();
          continue;
        }
        batch.push(message.event);
        if (batch.length >= this.batchSize) await flush();
      }
    } finally {
      this.subscription = null;
      outstanding?.catch(() => undefined);
      await subscription.close();
    }
    if (!this.stopping) throw new Error(`the event subscription of saga ${this.saga.name} ended unexpectedly`);
  }

  /** One transaction: checkpoint first (it takes the lock), then each handled event's reaction, then the states. */
  private async commit(events: readonly RecordedEvent[]): Promise<void> {
    if (events.length === 0) return;
    const name = this.saga.name;
    const from = this.positionValue;
    const last = events[events.length - 1]!.position;
    const handled: SagaEvent[] = [];
    for (const recorded of events) {
      const contractId = contractIdOfStream(recorded.streamId);
      if (!contractId || !this.handles.has(recorded.type)) continue;
      let decoded;
      try {
        decoded = await this.options.serializer.decode(recorded);
      } catch (err) {
        throw Object.assign(new Error(`event ${recorded.id} (${recorded.type}) cannot be decoded: ${describeError(err)}`), { eventId: recorded.id });
      }
      handled.push({ event: decoded.event, envelope: decoded.envelope, streamId: recorded.streamId, contractId, position: recorded.position });
    }
    const now = this.now();
    let scheduled = 0;
    await this.options.sagaStore.db.transaction().execute(async (trx) => {
      if (!(await this.options.sagaStore.advanceCheckpoint(trx, name, from, last, now))) throw new CheckpointMovedError(`saga ${name}: the checkpoint moved`);
      const states = new Map<string, Json>();
      for (const e of handled) {
        let state: Json | undefined = states.get(e.contractId);
        if (state === undefined) state = (await this.options.sagaStore.readState(trx, name, e.contractId)) ?? this.saga.initialState;
        let reaction;
        try {
          reaction = this.saga.react(state, e);
        } catch (err) {
          throw Object.assign(new Error(`saga ${name} cannot react to event ${e.envelope.eventId} (${e.event.type}): ${describeError(err)}`), { eventId: e.envelope.eventId });
        }
        states.set(e.contractId, reaction.state);
        const specs = reaction.schedule ?? [];
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
      for (const [contractId, state] of states) await this.options.sagaStore.writeState(trx, name, contractId, state, now);
    });
    this.positionValue = last;
    if (this.loop) this.recovered();
    this.events.emit('committed', last, scheduled);
  }

  private recovered(): void {
    if (!this.failure) return;
    this.logger.info({ saga: this.saga.name, attempts: this.attempts }, 'saga subscriber recovered');
    this.failure = null;
    this.attempts = 0;
  }

  private async fail(err: unknown): Promise<void> {
    this.attempts += 1;
    const delay = Math.min(this.initialDelayMs * 2 ** (this.attempts - 1), this.maxDelayMs);
    const eventId = typeof (err as { eventId?: unknown })?.eventId === 'string' ? (err as { eventId: string }).eventId : null;
    this.failure = { message: describeError(err), attempts: this.attempts, at: this.now().toISOString(), eventId };
    this.state = 'failed';
    this.logger.error({ saga: this.saga.name, attempts: this.attempts, retryInMs: delay, err: this.failure.message }, 'saga subscriber failed');
    this.events.emit('failed', this.failure);
    await new Promise<void>((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, delay);
      this.wakeUp = done;
    });
  }
}
