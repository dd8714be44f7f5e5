import { EventEmitter } from 'node:events';
import type { EventStore, RecordedEvent, Subscription, SubscriptionMessage } from '@pfw/event-store';
import { advanceCheckpoint, insertCheckpoint, readCheckpoint } from './checkpoints';
import type { ReadModelDb } from './db';
import { CheckpointMovedError, ProjectionApplyError, RebuildInProgressError } from './errors';
import { yieldToEventLoop } from './event-loop';
import { defaultProjectionLogger, type ProjectionLogger } from './logger';
import type { Projection } from './projection';
import { applyEvents, rebuildProjection, subscriptionFilter, type RebuildProgress, type RebuildResult } from './rebuild';
import { assertTablesCreated, projectionTransaction } from './scoped';
import { tableNames, validateProjection } from './table-names';

/**
 * - `stopped`: not running (before start, after stop);
 * - `starting`: reading its checkpoint, creating its tables on the very first start;
 * - `rebuilding`: the code's version differs from the live tables' — rebuilding while queries read the old ones;
 * - `catching-up`: applying the log from its checkpoint; `live`: has reached the head once and follows it;
 * - `failed`: the last attempt threw (see `failure`); it retries with backoff and leaves this state only when
 *   a batch commits or it catches up.
 */
export type ProjectionState = 'stopped' | 'starting' | 'rebuilding' | 'catching-up' | 'live' | 'failed';

export interface ProjectionFailure {
  readonly message: string;
  /** The event that threw, when apply threw. */
  readonly event: { readonly id: string; readonly type: string; readonly streamId: string; readonly position: string } | null;
  readonly attempts: number;
  readonly retryInMs: number;
  readonly at: string;
}

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly state: ProjectionState;
  /** Last log position this runner committed (or read from its checkpoint); null before the first event. */
  readonly position: bigint | null;
  readonly failure: ProjectionFailure | null;
}

export interface ProjectionRunnerTuning {
  /** Most events per transaction (default 500). A batch also ends whenever the subscription has nothing ready. */
  readonly batchSize?: number;
  /** Events per transaction while rebuilding (default 1000). */
  readonly rebuildBatchSize?: number;
  /** Backoff after a failure: initialDelayMs, doubled per consecutive failure up to maxDelayMs (1 s … 60 s). */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  readonly logger?: ProjectionLogger;
  /** Clock for updated_at (infrastructure time, not domain time). */
  readonly now?: () => Date;
}

export interface ProjectionRunnerOptions extends ProjectionRunnerTuning {
  readonly db: ReadModelDb;
  readonly store: EventStore;
  readonly projection: Projection;
}

interface Waiter {
  readonly target: bigint;
  /**
   * Once known: the last event up to the target that this projection handles — the position it must reach.
   * The log up to a visible target never changes, so it is looked up once, not at every commit.
   */
  needed: bigint | null;
  checking: boolean;
  again: boolean;
  done: boolean;
  finish(reached: boolean): void;
}

const IDLE = Symbol('idle');
/** Where counting the lag stops: enough to tell "far behind", without reading a whole log for /health. */
const LAG_COUNT_LIMIT = 10_000;

/**
 * Runs one projection: subscribes to the log after its stored checkpoint (exclusive), applies events in
 * batches, and commits each batch's rows AND the checkpoint in one database transaction — a crash loses a
 * whole batch or nothing, and the restart resumes from the committed checkpoint, so every event is applied
 * exactly once. The checkpoint update is the transaction's first statement and is conditional on the
 * checkpoint being where this runner left it, so a rebuild swap or a second process running the same
 * projection can never make it apply an event twice.
 *
 * Events: `committed` (position: bigint) after each commit, `state` (ProjectionState) on every change,
 * `failure` (ProjectionFailure) on every failed attempt.
 */
export class ProjectionRunner {
  readonly events = new EventEmitter();
  private readonly db: ReadModelDb;
  private readonly store: EventStore;
  private readonly projection: Projection;
  private readonly logger: ProjectionLogger;
  private readonly now: () => Date;
  private readonly batchSize: number;
  private readonly rebuildBatchSize: number;
  private readonly initialDelayMs: number;
  private readonly maxDelayMs: number;

  private state: ProjectionState = 'stopped';
  private positionValue: bigint | null = null;
  private failure: ProjectionFailure | null = null;
  private attempts = 0;
  private loop: Promise<void> | null = null;
  private stopping = false;
  /** Aborted by stop(): ends a rebuild in progress between two batches. */
  private abort = new AbortController();
  private subscription: Subscription | null = null;
  private resyncRequested = false;
  private wakeUp: (() => void) | null = null;
  private rebuilding = false;
  private readonly waiters = new Set<Waiter>();

  constructor(options: ProjectionRunnerOptions) {
    validateProjection(options.projection);
    this.db = options.db;
    this.store = options.store;
    this.projection = options.projection;
    this.logger = options.logger ?? defaultProjectionLogger();
    this.now = options.now ?? (() => new Date());
    this.batchSize = options.batchSize ?? 500;
    this.rebuildBatchSize = options.rebuildBatchSize ?? 1000;
    this.initialDelayMs = options.retry?.initialDelayMs ?? 1000;
    this.maxDelayMs = options.retry?.maxDelayMs ?? 60_000;
    this.events.setMaxListeners(0);
  }

  get name(): string {
    return this.projection.name;
  }

  /** Last committed position known to this runner (null before the first event). */
  get position(): bigint | null {
    return this.positionValue;
  }

  /** Waits currently pending in waitForPosition (for tests and metrics). */
  get pendingWaits(): number {
    return this.waiters.size;
  }

  status(): ProjectionStatus {
    return {
      name: this.projection.name,
      version: this.projection.version,
      state: this.state,
      position: this.positionValue,
      failure: this.failure,
    };
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
    this.setState('stopped');
  }

  /**
   * Resolves true as soon as this projection reflects every event up to `position` — it committed a position
   * ≥ it, or none of the events between its checkpoint and `position` is one it handles — or false after
   * `timeoutMs`. Woken by commits in this process (no polling); never rejects.
   */
  waitForPosition(position: bigint, timeoutMs: number): Promise<boolean> {
    if (this.reached(position)) return Promise.resolve(true);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        target: position,
        needed: null,
        checking: false,
        again: false,
        done: false,
        finish: (reached) => {
          if (waiter.done) return;
          waiter.done = true;
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      const timer = setTimeout(() => waiter.finish(false), timeoutMs);
      this.waiters.add(waiter);
      void this.recheck(waiter);
    });
  }

  /**
   * How far the read model is behind the log, in events: how many events it handles lie after its checkpoint
   * (positions are opaque — byte offsets on EventStoreDB — so they are never subtracted). Counted up to
   * LAG_COUNT_LIMIT, which then means "at least that many". Reads the stored checkpoint, so it is right in
   * any process.
   */
  async lag(): Promise<bigint> {
    const checkpoint = await readCheckpoint(this.db, this.projection.name);
    const position = checkpoint?.position ?? null;
    const behind = this.store.readAll({
      ...(position === null ? {} : { after: position }),
      maxCount: LAG_COUNT_LIMIT,
      filter: subscriptionFilter(this.projection),
    });
    let count = 0n;
    for await (const _event of behind) count += 1n;
    return count;
  }

  /**
   * Replays the whole log into fresh tables and swaps them in (see rebuildProjection); the running loop keeps
   * the live tables current meanwhile and resumes from the swapped-in checkpoint afterwards.
   */
  async rebuild(onProgress?: RebuildProgress): Promise<RebuildResult> {
    if (this.rebuilding) throw new RebuildInProgressError(this.projection.name);
    this.rebuilding = true;
    try {
      const result = await rebuildProjection({
        db: this.db,
        store: this.store,
        projection: this.projection,
        onProgress,
        batchSize: this.rebuildBatchSize,
        now: this.now,
        logger: this.logger,
        signal: this.loop ? this.abort.signal : undefined,
      });
      this.requestResync();
      return result;
    } finally {
      this.rebuilding = false;
    }
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        await this.prepare();
        if (this.stopping) break;
        await this.consume();
      } catch (err) {
        if (this.stopping) break;
        if (err instanceof CheckpointMovedError) {
          this.logger.log(err.message);
          continue;
        }
        await this.fail(err);
      }
    }
  }

  /** Creates the tables on the very first start; rebuilds when the code's version is not the live one. */
  private async prepare(): Promise<void> {
    const { projection } = this;
    const checkpoint = await readCheckpoint(this.db, projection.name);
    if (checkpoint === null) {
      const names = tableNames(projection, 'live', 1);
      await this.db.transaction().execute(async (trx) => {
        // Another process starting the same projection waits on this insert, then finds the row and skips.
        if (!(await insertCheckpoint(trx, { projection: projection.name, version: projection.version, generation: 1, now: this.now() }))) return;
        const scoped = projectionTransaction(trx, projection, names);
        await projection.createTables(scoped, names);
        await projection.createIndexes?.(scoped, names);
        await assertTablesCreated(trx, projection, names);
      });
      return;
    }
    if (checkpoint.version !== projection.version) {
      if (this.rebuilding) throw new RebuildInProgressError(projection.name);
      this.setState('rebuilding');
      this.logger.log(`projection ${projection.name}: live tables are version ${checkpoint.version}, code is ${projection.version}: rebuilding`);
      this.rebuilding = true;
      try {
        await rebuildProjection({
          db: this.db,
          store: this.store,
          projection,
          batchSize: this.rebuildBatchSize,
          now: this.now,
          logger: this.logger,
          signal: this.abort.signal,
        });
      } finally {
        this.rebuilding = false;
      }
    }
  }

  /** Follows the log from the stored checkpoint until stopped, resynced, or an error. */
  private async consume(): Promise<void> {
    const { projection } = this;
    this.resyncRequested = false;
    const checkpoint = await readCheckpoint(this.db, projection.name);
    if (checkpoint === null) throw new Error(`checkpoint of projection ${projection.name} disappeared`);
    this.positionKnown(checkpoint.position);
    if (this.failure === null) this.setState('catching-up');
    const names = tableNames(projection, 'live', checkpoint.generation);
    let expected = checkpoint.position;

    const subscription = this.store.subscribeToAll({
      fromPosition: expected ?? 'start',
      filter: subscriptionFilter(projection),
    });
    this.subscription = subscription;
    const iterator = subscription[Symbol.asyncIterator]();
    let outstanding: Promise<IteratorResult<SubscriptionMessage>> | null = null;
    let batch: RecordedEvent[] = [];

    const commit = async () => {
      const applying = batch;
      batch = [];
      const last = applying[applying.length - 1]!.position;
      await this.db.transaction().execute(async (trx) => {
        if (!(await advanceCheckpoint(trx, projection.name, expected, last, this.now()))) {
          throw new CheckpointMovedError(projection.name, expected);
        }
        await applyEvents(trx, projection, names, applying);
      });
      expected = last;
      this.committed(last);
      await yieldToEventLoop();
    };

    try {
      while (!this.stopping && !this.resyncRequested) {
        const next: Promise<IteratorResult<SubscriptionMessage>> = outstanding ?? iterator.next();
        outstanding = next;
        let result: IteratorResult<SubscriptionMessage>;
        if (batch.length > 0) {
          // Commit as soon as the subscription has nothing ready: a batch never waits for future events.
          const raced = await Promise.race([next, nextTurn()]);
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
          this.recovered();
          this.setState('live');
          continue;
        }
        batch.push(message.event);
        if (batch.length >= this.batchSize) await commit();
      }
    } finally {
      this.subscription = null;
      outstanding?.catch(() => undefined);
      await subscription.close();
    }
    if (this.stopping || this.resyncRequested) return;
    throw new Error(`event subscription of projection ${projection.name} ended unexpectedly`);
  }

  private async fail(err: unknown): Promise<void> {
    this.attempts += 1;
    const delay = Math.min(this.initialDelayMs * 2 ** (this.attempts - 1), this.maxDelayMs);
    const message = err instanceof Error ? err.message : String(err);
    this.failure = {
      message,
      event:
        err instanceof ProjectionApplyError
          ? { id: err.event.id, type: err.event.type, streamId: err.event.streamId, position: err.event.position.toString() }
          : null,
      attempts: this.attempts,
      retryInMs: delay,
      at: this.now().toISOString(),
    };
    this.logger.error(
      `projection ${this.projection.name} stopped (attempt ${this.attempts}, retrying in ${delay} ms): ${message}`,
      err instanceof Error ? err.stack : undefined,
    );
    this.setState('failed');
    this.events.emit('failure', this.failure);
    await this.sleep(delay);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakeUp = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakeUp = done;
    });
  }

  /** After a rebuild swapped: re-read the checkpoint now (and retry at once if failed). */
  private requestResync(): void {
    if (!this.loop) return;
    this.resyncRequested = true;
    this.wakeUp?.();
    void this.subscription?.close();
  }

  private recovered(): void {
    if (this.failure === null) return;
    this.logger.log(`projection ${this.projection.name} recovered after ${this.attempts} failed attempt(s)`);
    this.failure = null;
    this.attempts = 0;
  }

  private committed(position: bigint): void {
    this.recovered();
    if (this.state === 'failed') this.setState('catching-up');
    this.positionKnown(position);
    this.events.emit('committed', position);
  }

  private positionKnown(position: bigint | null): void {
    this.positionValue = position;
    for (const waiter of this.waiters) {
      if (this.reached(waiter.target) || (waiter.needed !== null && this.reached(waiter.needed))) waiter.finish(true);
      else if (waiter.needed === null) void this.recheck(waiter);
    }
  }

  private reached(target: bigint): boolean {
    return this.positionValue !== null && this.positionValue >= target;
  }

  /**
   * Decides a waiter from the log: reached when no event this projection handles lies between its position
   * and the target, i.e. once it reached the last such event up to the target. The head is read first: once it
   * is at or past the target, every event up to the target is visible and will never change, so that last
   * handled event is read once; the commits then only compare positions. (Looking up the *next* handled event
   * after every commit would cost one read of the log per waiter per commit: with fifty mutations waiting, most
   * of the read-your-writes cost, bench/.)
   */
  private async recheck(waiter: Waiter): Promise<void> {
    if (waiter.checking) {
      waiter.again = true;
      return;
    }
    waiter.checking = true;
    try {
      do {
        waiter.again = false;
        if (waiter.done) return;
        if (this.reached(waiter.target)) return waiter.finish(true);
        const head = await this.store.headPosition();
        // Not visible yet: the next commit asks again.
        if (head === null || head < waiter.target) continue;
        const last = await this.lastHandledUpTo(waiter.target);
        if (waiter.done) return;
        if (last === null || this.reached(waiter.target) || this.reached(last)) return waiter.finish(true);
        waiter.needed = last;
      } while (waiter.again);
    } catch {
      // The store did not answer: the next commit, or the timeout, decides.
    } finally {
      waiter.checking = false;
    }
  }

  /** Position of the last event at or before `position` that this projection handles, or null when none is. */
  private async lastHandledUpTo(position: bigint): Promise<bigint | null> {
    const events = this.store.readAll({ fromPosition: position, direction: 'backwards', maxCount: 1, filter: subscriptionFilter(this.projection) });
    for await (const event of events) return event.position;
    return null;
  }

  private setState(state: ProjectionState): void {
    if (this.state === state) return;
    this.state = state;
    this.events.emit('state', state);
  }
}

function nextTurn(): Promise<typeof IDLE> {
  return yieldToEventLoop().then(() => IDLE);
}
