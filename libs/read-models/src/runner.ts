import { EventEmitter } from 'node:events';
import {
  ALWAYS_ADMIT, CheckpointedConsumer, CheckpointMovedError, prefixedGate, withAdmission, type ConsumerFailure, type ConsumerGate, type ConsumerState,
  type PrepareContext,
} from '@pfw/consumers';
import type { EventStore, RecordedEvent } from '@pfw/event-store';
import { advanceCheckpoint, insertCheckpoint, readCheckpoint, type Checkpoint } from './checkpoints';
import type { ReadModelDb } from './db';
import { ProjectionSupersededError, RebuildInProgressError } from './errors';
import type { StructuredLogger } from '@pfw/logging';
import { defaultProjectionLogger } from './logger';
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
 *   a batch commits or it catches up;
 * - `read-only`: the live tables were built by a newer version of the projection (a rolling upgrade): this
 *   process never rebuilds them down; it serves them as they are and leaves the projection to the newer build.
 */
export type ProjectionState = 'stopped' | 'starting' | 'rebuilding' | 'catching-up' | 'live' | 'failed' | 'read-only';

/** The event that threw (when apply threw), the attempts, the next retry. */
export type ProjectionFailure = ConsumerFailure;

export interface ProjectionStatus {
  readonly name: string;
  readonly version: number;
  readonly state: ProjectionState;
  /** Last log position this runner committed (or read from its checkpoint); null before the first event. */
  readonly position: bigint | null;
  readonly failure: ProjectionFailure | null;
  /** Why it serves its tables read-only (state `read-only`), else null. */
  readonly readOnly?: string | null;
}

export interface ProjectionRunnerTuning {
  /** Most events per transaction (default 500). A batch also ends whenever the subscription has nothing ready. */
  readonly batchSize?: number;
  /** Events per transaction while rebuilding (default 1000). */
  readonly rebuildBatchSize?: number;
  /** Backoff after a failure: initialDelayMs, doubled per consecutive failure up to maxDelayMs (1 s … 60 s). */
  readonly retry?: { readonly initialDelayMs?: number; readonly maxDelayMs?: number };
  readonly logger?: StructuredLogger;
  /** Clock for updated_at (infrastructure time, not domain time). */
  readonly now?: () => Date;
  /**
   * Whether this process may run the projection now (default: always): asked for `projection:<name>` (ranked
   * by the projection's version, so a newer build wins) and for `rebuild:<name>` around every rebuild.
   */
  readonly gate?: ConsumerGate;
  /** How often a wait reads the stored checkpoint, which any process running the projection commits (default 200 ms). */
  readonly waitPollMs?: number;
}

export interface ProjectionRunnerOptions extends ProjectionRunnerTuning {
  readonly db: ReadModelDb;
  readonly store: EventStore;
  readonly projection: Projection;
}

/** Where counting the lag stops: enough to tell "far behind", without reading a whole log for /health. */
const LAG_COUNT_LIMIT = 10_000;

/**
 * Runs one projection on a {@link CheckpointedConsumer}: its checkpoint is the `projection_checkpoints` row,
 * and each batch's rows AND the checkpoint commit in one database transaction — a crash loses a whole batch or
 * nothing, and the restart resumes from the committed checkpoint, so every event is applied exactly once. The
 * checkpoint update is the transaction's first statement and is conditional on the checkpoint being where this
 * runner left it, so a rebuild swap or a second process running the same projection can never make it apply
 * an event twice. Before following the log it creates the tables (first start) or rebuilds them (the code's
 * version is not the live one).
 *
 * Events: `committed` (position: bigint) after each commit, `state` (ProjectionState) on every change,
 * `failure` (ProjectionFailure) on every failed attempt.
 */
export class ProjectionRunner {
  readonly events = new EventEmitter();
  private readonly db: ReadModelDb;
  private readonly store: EventStore;
  private readonly projection: Projection;
  private readonly logger: StructuredLogger;
  private readonly now: () => Date;
  private readonly rebuildBatchSize: number;
  private readonly consumer: CheckpointedConsumer;
  private readonly gate: ConsumerGate;
  private rebuilding = false;
  /** The live tables' generation, as of the checkpoint the consumer last read. */
  private generation = 1;

  constructor(options: ProjectionRunnerOptions) {
    validateProjection(options.projection);
    this.db = options.db;
    this.store = options.store;
    this.projection = options.projection;
    this.logger = options.logger ?? defaultProjectionLogger();
    this.now = options.now ?? (() => new Date());
    this.rebuildBatchSize = options.rebuildBatchSize ?? 1000;
    this.events.setMaxListeners(0);
    this.gate = options.gate ?? ALWAYS_ADMIT;
    this.consumer = new CheckpointedConsumer({
      name: options.projection.name,
      store: options.store,
      filter: subscriptionFilter(options.projection),
      batchSize: options.batchSize ?? 500,
      retry: options.retry,
      gate: prefixedGate(this.gate, 'projection:', () => options.projection.version),
      now: this.now,
      stored: { read: () => readCheckpoint(options.db, options.projection.name).then((c) => c?.position ?? null), everyMs: options.waitPollMs },
      handler: {
        prepare: (context) => this.prepare(context),
        standby: () => this.superseded(),
        readCheckpoint: () => this.readCheckpointRow().then((checkpoint) => checkpoint.position),
        commit: (events, from) => this.commit(events, from),
      },
    });
    const { events } = this.consumer;
    events.on('state', (state: ConsumerState) => this.events.emit('state', projectionState(state)));
    events.on('committed', (position: bigint) => this.events.emit('committed', position));
    events.on('moved', (err: CheckpointMovedError) => this.logger.info({ projection: this.projection.name }, err.message));
    events.on('standby', (message: string) => this.logger.warn({ projection: this.projection.name }, message));
    events.on('recovered', (attempts: number) => this.logger.info({ projection: this.projection.name, attempts }, `projection ${this.projection.name} recovered after ${attempts} failed attempt(s)`));
    events.on('failure', (failure: ProjectionFailure, err: unknown) => {
      this.logger.error(
        { projection: this.projection.name, attempts: failure.attempts, retryInMs: failure.retryInMs, stack: err instanceof Error ? err.stack : undefined },
        `projection ${this.projection.name} stopped (attempt ${failure.attempts}, retrying in ${failure.retryInMs} ms): ${failure.message}`,
      );
      this.events.emit('failure', failure);
    });
  }

  get name(): string {
    return this.projection.name;
  }

  /** Last committed position known to this runner (null before the first event). */
  get position(): bigint | null {
    return this.consumer.position;
  }

  /** Waits currently pending in waitForPosition (for tests and metrics). */
  get pendingWaits(): number {
    return this.consumer.pendingWaits;
  }

  status(): ProjectionStatus {
    const status = this.consumer.status();
    return {
      name: this.projection.name,
      version: this.projection.version,
      state: projectionState(status.state),
      position: status.position,
      failure: status.failure,
      readOnly: status.standby,
    };
  }

  /** Starts in the background; returns at once. Safe to call twice. */
  start(): void {
    this.consumer.start();
  }

  /** Stops after the batch in flight (an uncommitted batch is simply read again next time). */
  stop(): Promise<void> {
    return this.consumer.stop();
  }

  /**
   * Resolves true as soon as this projection reflects every event up to `position` — its checkpoint is at or
   * past it, or none of the events between its checkpoint and `position` is one it handles — or false after
   * `timeoutMs` (Infinity: none) or when `signal` aborts. Woken at once by commits in this process and by the
   * stored checkpoint, read every `waitPollMs` while anyone waits, whichever process commits; never rejects.
   */
  waitForPosition(position: bigint, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    return this.consumer.waitForPosition(position, timeoutMs, signal);
  }

  /** The checkpoint as stored now (whichever process committed it); null before the first event. */
  committedPosition(): Promise<bigint | null> {
    return this.consumer.committedPosition();
  }

  /** Ends every pending wait with false (shutdown). */
  closeWaits(): void {
    this.consumer.closeWaits();
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
   * Replays the whole log into fresh tables and swaps them in (see rebuildProjection); the running consumer
   * keeps the live tables current meanwhile and resumes from the swapped-in checkpoint afterwards. Waits for
   * any rebuild of the same projection in another process to end first (the `rebuild:<name>` admission).
   */
  async rebuild(onProgress?: RebuildProgress): Promise<RebuildResult> {
    if (this.rebuilding) throw new RebuildInProgressError(this.projection.name);
    this.rebuilding = true;
    try {
      const result = (await this.rebuildAlone(this.consumer.stopSignal, onProgress))!;
      this.consumer.resync();
      return result;
    } finally {
      this.rebuilding = false;
    }
  }

  /** One rebuild of this projection at a time across the processes sharing the gate. */
  private rebuildAlone(signal: AbortSignal | undefined, onProgress?: RebuildProgress, stillNeeded?: () => Promise<boolean>): Promise<RebuildResult | null> {
    return withAdmission(this.gate, `rebuild:${this.projection.name}`, signal, async (revoked) => {
      if (stillNeeded && !(await stillNeeded())) return null;
      return rebuildProjection({
        db: this.db,
        store: this.store,
        projection: this.projection,
        onProgress,
        batchSize: this.rebuildBatchSize,
        now: this.now,
        logger: this.logger,
        signal: signal ? AbortSignal.any([signal, revoked]) : revoked,
      });
    });
  }

  /** Why this build must leave the projection to another: its live tables are of a newer version. */
  private async superseded(): Promise<string | null> {
    const checkpoint = await readCheckpoint(this.db, this.projection.name);
    if (checkpoint === null || checkpoint.version <= this.projection.version) return null;
    return new ProjectionSupersededError(this.projection.name, checkpoint.version, this.projection.version).message;
  }

  /** Creates the tables on the very first start; rebuilds when the code's version is not the live one. */
  private async prepare(context: PrepareContext): Promise<void> {
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
    // Never down: an older build leaves tables of a newer version to the newer build (a rolling upgrade).
    if (checkpoint.version > projection.version) throw new ProjectionSupersededError(projection.name, checkpoint.version, projection.version);
    if (checkpoint.version < projection.version) {
      if (this.rebuilding) throw new RebuildInProgressError(projection.name);
      context.preparing();
      this.logger.info({ projection: projection.name }, `projection ${projection.name}: live tables are version ${checkpoint.version}, code is ${projection.version}: rebuilding`);
      this.rebuilding = true;
      try {
        // Another process (`projections rebuild`) may have rebuilt it while this one waited for the lock.
        await this.rebuildAlone(context.signal, undefined, async () => (await readCheckpoint(this.db, projection.name))?.version !== projection.version);
      } finally {
        this.rebuilding = false;
      }
    }
  }

  private async readCheckpointRow(): Promise<Checkpoint> {
    const checkpoint = await readCheckpoint(this.db, this.projection.name);
    if (checkpoint === null) throw new Error(`checkpoint of projection ${this.projection.name} disappeared`);
    this.generation = checkpoint.generation;
    return checkpoint;
  }

  private async commit(events: readonly RecordedEvent[], from: bigint | null): Promise<void> {
    const { projection } = this;
    const names = tableNames(projection, 'live', this.generation);
    const last = events[events.length - 1]!.position;
    await this.db.transaction().execute(async (trx) => {
      if (!(await advanceCheckpoint(trx, projection.name, from, last, this.now()))) {
        throw new CheckpointMovedError(`projection ${projection.name}`, from);
      }
      await applyEvents(trx, projection, names, events);
    });
  }
}

function projectionState(state: ConsumerState): ProjectionState {
  if (state === 'preparing') return 'rebuilding';
  if (state === 'standby') return 'read-only';
  return state;
}
