import { EventEmitter } from 'node:events';
import type { EventStore, LogFilter, RecordedEvent, Subscription, SubscriptionMessage } from '@pfw/event-store';
import type { ConsumerHandler } from './checkpoint';
import { CheckpointMovedError, ConsumerStandbyError, EventHandlingError } from './errors';
import { abortableSleep, yieldToEventLoop, Mutex } from './event-loop';
import { ALWAYS_ADMIT, type ConsumerAdmission, type ConsumerGate } from './gate';
import { PositionWaiters, type StoredPosition } from './position-waiters';

/**
 * - `stopped`: not running (before start, after stop);
 * - `starting`: waiting for the gate, reading its checkpoint, preparing;
 * - `preparing`: a long preparation the handler reported (a projection's rebuild);
 * - `catching-up`: handling the log from its checkpoint; `live`: has reached the head once and follows it;
 * - `failed`: the last attempt threw (see `failure`); it retries with backoff and leaves this state only when
 *   a batch commits or it catches up;
 * - `standby`: its preparation said this process must not run it now ({@link ConsumerStandbyError}, see
 *   `standby` in the status); it gave its admission back and asks again every `standbyRetryMs`.
 */
export type ConsumerState = 'stopped' | 'starting' | 'preparing' | 'catching-up' | 'live' | 'failed' | 'standby';

export interface ConsumerFailure {
  readonly message: string;
  /** The event that threw, when handling one threw ({@link EventHandlingError}). */
  readonly event: { readonly id: string; readonly type: string; readonly streamId: string; readonly position: string } | null;
  readonly attempts: number;
  readonly retryInMs: number;
  readonly at: string;
}

export interface ConsumerStatus {
  readonly name: string;
  readonly state: ConsumerState;
  /** Last position this consumer committed (or read from its checkpoint); null before the first event. */
  readonly position: bigint | null;
  readonly failure: ConsumerFailure | null;
  /** Why it stands by (state `standby`), else null. */
  readonly standby: string | null;
}

export interface ConsumerRetry {
  /** First pause after a failure; doubled per consecutive failure up to `maxDelayMs`. */
  readonly initialDelayMs?: number;
  readonly maxDelayMs?: number;
}

export interface ConsumerOptions<Result = void> {
  /** Unique per checkpoint: the projection's, the saga's, `audit`. */
  readonly name: string;
  readonly store: EventStore;
  readonly handler: ConsumerHandler<Result>;
  /** The events it handles (none: the whole log). The subscription and the read-your-writes waits use it. */
  readonly filter?: LogFilter;
  /** Most events per transaction (default 500). A batch also ends whenever the subscription has nothing ready. */
  readonly batchSize?: number;
  /** Backoff after a failure (default 1 s doubling up to 60 s). */
  readonly retry?: ConsumerRetry;
  /** Whether this process may run the consumer now (default: always). */
  readonly gate?: ConsumerGate;
  /** Infrastructure time for the failure's `at` (not domain time). */
  readonly now?: () => Date;
  /** The backoff's pause: resolves after `ms`, or as soon as `signal` aborts (retryNow, stop). Default: a timer. */
  readonly sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Its checkpoint as other processes commit it, for waits this process's commits do not decide (see PositionWaiters). */
  readonly stored?: StoredPosition;
  /** How long a consumer in `standby` waits before it asks its gate and its preparation again (default 5 s). */
  readonly standbyRetryMs?: number;
}

const IDLE = Symbol('idle');

/**
 * One checkpointed consumer of the global log, the machinery under projections, sagas and the audit log:
 * once its gate admits it, it reads its checkpoint, subscribes after it (exclusive), gathers events into
 * batches, and hands each batch to its handler, which commits the batch's effects AND the moved checkpoint
 * in one transaction. A crash loses a whole batch or nothing; the restart resumes from the committed
 * checkpoint. When the checkpoint moved under it, it re-reads it; when anything else throws, it records the
 * failure and retries with backoff.
 *
 * Events: `state` (ConsumerState) on every change, `committed` (position: bigint, result) after each commit,
 * `failure` (ConsumerFailure) on every failed attempt, `recovered` (attempts: number) when a commit or the
 * catch-up follows failures, `moved` (CheckpointMovedError) when it re-reads its checkpoint, `standby`
 * (message) when it starts standing by for a new reason.
 */
export class CheckpointedConsumer<Result = void> {
  readonly events = new EventEmitter();
  readonly name: string;
  private readonly store: EventStore;
  private readonly handler: ConsumerHandler<Result>;
  private readonly filter: LogFilter | undefined;
  private readonly batchSize: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;
  private readonly gate: ConsumerGate;
  private readonly now: () => Date;
  private readonly pause: (ms: number, signal: AbortSignal) => Promise<void>;
  private readonly standbyRetryMs: number;
  private readonly waiters: PositionWaiters;
  /** Commits of the background loop and of drain() one at a time. */
  private readonly mutex = new Mutex();

  private state: ConsumerState = 'stopped';
  private positionValue: bigint | null = null;
  private failure: ConsumerFailure | null = null;
  private standby: string | null = null;
  private attempts = 0;
  private loop: Promise<void> | null = null;
  private stopping = false;
  private abort = new AbortController();
  private subscription: Subscription | null = null;
  private resyncRequested = false;
  private wakeUp: (() => void) | null = null;

  constructor(options: ConsumerOptions<Result>) {
    this.name = options.name;
    this.store = options.store;
    this.handler = options.handler;
    this.filter = options.filter;
    this.batchSize = options.batchSize ?? 500;
    this.initialDelayMs = options.retry?.initialDelayMs ?? 1000;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 60_000;
    this.gate = options.gate ?? ALWAYS_ADMIT;
    this.now = options.now ?? (() => new Date());
    this.pause = options.sleep ?? abortableSleep;
    this.standbyRetryMs = options.standbyRetryMs ?? 5000;
    if (!Number.isSafeInteger(this.batchSize) || this.batchSize < 1) throw new RangeError(`batchSize must be a positive integer, got ${this.batchSize}`);
    this.waiters = new PositionWaiters({ store: options.store, filter: options.filter, stored: options.stored });
    this.events.setMaxListeners(0);
  }

  /** Last committed position known in this process (null before the first event). */
  get position(): bigint | null {
    return this.positionValue;
  }

  /** Whether the background loop runs (between start and stop). */
  get running(): boolean {
    return this.loop !== null;
  }

  /** Read-your-writes waits currently pending (for tests and metrics). */
  get pendingWaits(): number {
    return this.waiters.pending;
  }

  status(): ConsumerStatus {
    return { name: this.name, state: this.state, position: this.positionValue, failure: this.failure, standby: this.standby };
  }

  /** Starts in the background; returns at once. Safe to call twice. */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.abort = new AbortController();
    this.setState('starting');
    this.loop = this.run();
  }

  /** Stops after the batch in flight (an uncommitted batch is simply read again next time). */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.stopping = true;
    this.abort.abort();
    this.wakeUp?.();
    await this.subscription?.close();
    await this.loop;
    this.loop = null;
    this.failure = null;
    this.standby = null;
    this.setState('stopped');
  }

  /** Aborted by stop(): long work started for this consumer (a rebuild) ends with it. */
  get stopSignal(): AbortSignal | undefined {
    return this.loop ? this.abort.signal : undefined;
  }

  /** A failed consumer retries at once instead of waiting out its backoff. */
  retryNow(): void {
    this.wakeUp?.();
  }

  /** Re-reads the checkpoint now (after a rebuild swapped one in), and retries at once if failed. */
  resync(): void {
    if (!this.loop) return;
    this.resyncRequested = true;
    this.wakeUp?.();
    void this.subscription?.close();
  }

  /**
   * Resolves true as soon as this consumer reflects every event up to `position` (see {@link PositionWaiters}),
   * false after `timeoutMs` or when `signal` aborts. Never rejects.
   */
  waitForPosition(position: bigint, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.waiters.waitForPosition(position, timeoutMs, signal);
  }

  /** The committed position: the stored one when it is stored where other processes commit (read now), else this process's. */
  async committedPosition(): Promise<bigint | null> {
    const position = await this.waiters.position();
    return position ?? this.positionValue;
  }

  /** Ends every pending wait with false (at shutdown: no wait outlives the process's consumers). */
  closeWaits(): void {
    this.waiters.close();
  }

  /**
   * Handles the log from the stored checkpoint up to the head as of this call, in the calling process and
   * alongside the background loop if it runs (commits take turns; the checkpoint's conditional move decides
   * who handles an event). For a process that does not follow the log itself, or a caller that needs the
   * effects now. `signal` ends it early (closing its subscription).
   */
  async drain(signal?: AbortSignal): Promise<void> {
    for (;;) {
      const from = await this.handler.readCheckpoint();
      try {
        await this.pass(from, true, signal);
        return;
      } catch (err) {
        if (!(err instanceof CheckpointMovedError)) throw err;
        this.events.emit('moved', err);
      }
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      let admission: ConsumerAdmission | null = null;
      try {
        const admitted = await this.admitUnlessStandby();
        if (this.stopping) break;
        if (typeof admitted === 'string') {
          await this.standBy(new ConsumerStandbyError(admitted));
          continue;
        }
        admission = admitted;
        await this.handler.prepare?.({ signal: this.abort.signal, preparing: () => this.setState('preparing') });
        if (this.stopping) break;
        this.standby = null;
        await this.follow(admission.revoked);
      } catch (err) {
        if (this.stopping) break;
        if (err instanceof CheckpointMovedError) {
          this.events.emit('moved', err);
          continue;
        }
        if (err instanceof ConsumerStandbyError) {
          await admission?.release({ handOver: true }).catch(() => undefined);
          admission = null;
          await this.standBy(err);
          continue;
        }
        await this.fail(err);
      } finally {
        await admission?.release().catch(() => undefined);
      }
    }
  }

  /** Follows the log from the stored checkpoint until stopped, resynced, revoked, or an error. */
  private async follow(revoked: AbortSignal): Promise<void> {
    this.resyncRequested = false;
    const from = await this.handler.readCheckpoint();
    this.positionKnown(from);
    if (this.failure === null) this.setState('catching-up');
    await this.pass(from, false, revoked);
    if (this.stopping || this.resyncRequested) return;
    if (revoked.aborted) return this.setState('starting');
    throw new Error(`the event subscription of ${this.name} ended unexpectedly`);
  }

  /**
   * Subscribes after `from` and commits batches: a batch is committed when it is full, at the catch-up
   * marker, or as soon as the subscription has nothing more ready (a batch never waits for future events).
   * With `untilCaughtUp`, ends at the catch-up marker.
   */
  private async pass(from: bigint | null, untilCaughtUp: boolean, revoked: AbortSignal | undefined): Promise<void> {
    let expected = from;
    const subscription = this.store.subscribeToAll({ fromPosition: from ?? 'start', filter: this.filter });
    if (!untilCaughtUp) this.subscription = subscription;
    const onRevoked = () => void subscription.close();
    revoked?.addEventListener('abort', onRevoked, { once: true });
    const iterator = subscription[Symbol.asyncIterator]();
    let outstanding: Promise<IteratorResult<SubscriptionMessage>> | null = null;
    let batch: RecordedEvent[] = [];

    const commit = async () => {
      const events = batch;
      batch = [];
      const last = events[events.length - 1]!.position;
      const at = expected;
      const result = await this.mutex.run(() => this.handler.commit(events, at));
      expected = last;
      this.committed(last, result);
      await yieldToEventLoop();
    };

    try {
      while (untilCaughtUp ? !revoked?.aborted : !this.stopping && !this.resyncRequested) {
        const next: Promise<IteratorResult<SubscriptionMessage>> = outstanding ?? iterator.next();
        outstanding = next;
        let result: IteratorResult<SubscriptionMessage>;
        if (batch.length > 0) {
          const raced = await Promise.race([next, yieldToEventLoop().then((): typeof IDLE => IDLE)]);
          if (raced === IDLE) {
            await commit();
            continue;
          }
          result = raced;
        } else {
          result = await next;
        }
        outstanding = null;
        if (result.done) break;
        const message = result.value;
        if (message.kind === 'caughtUp') {
          if (batch.length > 0) await commit();
          if (untilCaughtUp) break;
          this.recovered();
          this.setState('live');
          continue;
        }
        batch.push(message.event);
        if (batch.length >= this.batchSize) await commit();
      }
    } finally {
      revoked?.removeEventListener('abort', onRevoked);
      if (!untilCaughtUp) this.subscription = null;
      outstanding?.catch(() => undefined);
      await subscription.close();
    }
  }

  /**
   * The gate's admission, or the reason to stand by: asked before the gate and again every standbyRetryMs
   * while waiting for it (a newer build may take over meanwhile); the wait for the gate then ends.
   */
  private async admitUnlessStandby(): Promise<ConsumerAdmission | string> {
    const { standby } = this.handler;
    if (!standby) return this.gate.admit(this.name, this.abort.signal);
    const first = await standby.call(this.handler);
    if (first !== null) return first;
    const giveUp = new AbortController();
    const watching = new AbortController();
    let reason: string | null = null;
    const watcher = (async () => {
      while (!watching.signal.aborted) {
        await this.pause(this.standbyRetryMs, watching.signal);
        if (watching.signal.aborted) return;
        reason = await standby.call(this.handler).catch(() => null);
        if (reason !== null) return giveUp.abort();
      }
    })();
    try {
      return await this.gate.admit(this.name, AbortSignal.any([this.abort.signal, giveUp.signal]));
    } catch (err) {
      if (reason !== null && !this.stopping) return reason;
      throw err;
    } finally {
      watching.abort();
      await watcher;
    }
  }

  private async standBy(err: ConsumerStandbyError): Promise<void> {
    const first = this.standby !== err.message;
    this.standby = err.message;
    this.failure = null;
    this.attempts = 0;
    this.setState('standby');
    if (first) this.events.emit('standby', err.message);
    await this.sleep(this.standbyRetryMs);
  }

  private async fail(err: unknown): Promise<void> {
    this.attempts += 1;
    const delay = Math.min(this.initialDelayMs * 2 ** (this.attempts - 1), this.maxDelayMs);
    const event = err instanceof EventHandlingError ? err.event : null;
    this.failure = {
      message: err instanceof Error ? err.message : String(err),
      event: event && { id: event.id, type: event.type, streamId: event.streamId, position: event.position.toString() },
      attempts: this.attempts,
      retryInMs: delay,
      at: this.now().toISOString(),
    };
    this.setState('failed');
    this.events.emit('failure', this.failure, err);
    await this.sleep(delay);
  }

  private async sleep(ms: number): Promise<void> {
    const wake = new AbortController();
    this.wakeUp = () => wake.abort();
    try {
      await this.pause(ms, wake.signal);
    } finally {
      this.wakeUp = null;
    }
  }

  private recovered(): void {
    if (this.failure === null) return;
    const attempts = this.attempts;
    this.failure = null;
    this.attempts = 0;
    this.events.emit('recovered', attempts);
  }

  private committed(position: bigint, result: Result): void {
    if (this.loop) {
      this.recovered();
      if (this.state === 'failed') this.setState('catching-up');
    }
    this.positionKnown(position);
    this.events.emit('committed', position, result);
  }

  private positionKnown(position: bigint | null): void {
    this.positionValue = position;
    this.waiters.positionKnown(position);
  }

  private setState(state: ConsumerState): void {
    if (this.state === state) return;
    this.state = state;
    this.events.emit('state', state);
  }
}
