import type { EventStore, LogFilter, RecordedEvent } from '@pfw/event-store';
import { lockCheckpoint, readCheckpoint, replaceCheckpoint } from './checkpoints';
import type { ReadModelDb } from './db';
import { ProjectionApplyError, ProjectionSupersededError, RebuildAbortedError } from './errors';
import { yieldToEventLoop } from '@pfw/consumers';
import { type StructuredLogger } from '@pfw/logging';
import { defaultProjectionLogger } from './logger';
import type { FlushContext, Projection, TableNames } from './projection';
import { assertTablesCreated, projectionTransaction } from './scoped';
import { tableNames, validateProjection } from './table-names';

/** `(done, total)` in log positions (SQLite: event numbers); `total` grows if events arrive meanwhile. */
export type RebuildProgress = (done: number, total: number) => void;

export interface RebuildOptions {
  readonly db: ReadModelDb;
  readonly store: EventStore;
  readonly projection: Projection;
  readonly onProgress?: RebuildProgress;
  /** Events per transaction while filling the fresh tables (default 1000). */
  readonly batchSize?: number;
  readonly now?: () => Date;
  readonly logger?: StructuredLogger;
  /** Aborting stops the rebuild between batches (RebuildAbortedError); the live tables stay as they were. */
  readonly signal?: AbortSignal;
}

export interface RebuildResult {
  readonly projection: string;
  /** The checkpoint swapped in with the tables. */
  readonly position: bigint | null;
  readonly generation: number;
  /** Events applied into the fresh tables. */
  readonly events: number;
}

export function subscriptionFilter(projection: Projection): LogFilter | undefined {
  return projection.handles === 'all' ? undefined : { eventTypes: projection.handles };
}

const FINAL: FlushContext = { final: true };
const FILLING: FlushContext = { final: false };

/** What applyEvents applied. */
export interface AppliedBatch {
  readonly applied: number;
  /** The last event applied (undefined when none was). */
  readonly last: RecordedEvent | undefined;
}

/**
 * Applies events in order inside `trx`, then lets the projection flush; an error names the event and the
 * projection. The flush is final (Projection.flush) unless `context` says otherwise, and skipped for an empty
 * batch unless `after` names the event a failure of it is reported under (a rebuild's swap, whose final flush
 * may have writes pending from the fill even when no event arrived since). `events` may be read as they are
 * applied (an async iterable: a rebuild streams the log into its transactions rather than holding a batch).
 */
export async function applyEvents(
  trx: Parameters<typeof projectionTransaction>[0],
  projection: Projection,
  names: TableNames,
  events: Iterable<RecordedEvent> | AsyncIterable<RecordedEvent>,
  context: FlushContext = FINAL,
  after?: RecordedEvent,
): Promise<AppliedBatch> {
  const scoped = projectionTransaction(trx, projection, names);
  let applied = 0;
  let last: RecordedEvent | undefined;
  const applyOne = async (event: RecordedEvent) => {
    try {
      await projection.apply(scoped, event, names);
    } catch (err) {
      throw new ProjectionApplyError(projection.name, event, err);
    }
    applied += 1;
    last = event;
  };
  if (Symbol.asyncIterator in events) {
    for await (const event of events) await applyOne(event);
  } else {
    for (const event of events) await applyOne(event);
  }
  const named = last ?? after;
  if (projection.flush && named) {
    try {
      await projection.flush(scoped, names, context);
    } catch (err) {
      // Named after the batch's last event: the write that failed may carry any of them.
      throw new ProjectionApplyError(projection.name, named, err);
    }
  }
  return { applied, last };
}

/**
 * The next `count` events of `log` that the projection handles (all when `handled` is null), read one at a
 * time; `log` stays open for the next batch. Sets `end.reached` once the log has no more.
 */
async function* nextBatch(
  log: AsyncIterator<RecordedEvent>,
  count: number,
  handled: ReadonlySet<string> | null,
  end: { reached: boolean },
): AsyncGenerator<RecordedEvent> {
  let taken = 0;
  while (taken < count) {
    const next = await log.next();
    if (next.done) {
      end.reached = true;
      return;
    }
    if (handled && !handled.has(next.value.type)) continue;
    taken += 1;
    yield next.value;
  }
}

/**
 * Replays the whole log into fresh tables (`<table>__rebuild`) and swaps them in.
 *
 * 1. Drops any leftover fresh tables of a crashed rebuild and creates new ones (projection.createTables, with
 *    the next generation's index names), without their secondary indexes (projection.createIndexes).
 * 2. Fills them from the start of the log, one transaction per batch: the live tables are not touched, so
 *    queries — and a live runner, even in another process — go on as before. The fill's flushes are not
 *    final (Projection.flush): a projection may keep writes pending from one batch to a later one. Then
 *    creates the secondary indexes over the filled tables, in a transaction of their own.
 * 3. Swaps, in ONE transaction: lock the checkpoint row (a live runner's next commit now waits, then finds the
 *    checkpoint moved and re-reads it), apply the events written since step 2 ended and flush (final: every
 *    pending write), drop each live table, rename each fresh table to the live name, write the checkpoint
 *    (position, version, generation). DDL is transactional on SQLite and PostgreSQL, so a reader sees either
 *    all old tables or all new ones.
 *
 * A failure drops the fresh tables and leaves the live ones and the checkpoint as they were. Live tables of a
 * newer version than the code's are never rebuilt down (ProjectionSupersededError). Two rebuilds of the same
 * projection must not run at once (the ProjectionRunner holds the `rebuild:<name>` admission of its gate).
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  const { db, store, projection } = options;
  validateProjection(projection);
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? defaultProjectionLogger();
  const batchSize = options.batchSize ?? 1000;
  // Most of the log: read it in position order and skip the rest here (Projection.handlesMostOfTheLog).
  const filter = projection.handlesMostOfTheLog ? undefined : subscriptionFilter(projection);
  const handled: ReadonlySet<string> | null = filter || projection.handles === 'all' ? null : new Set(projection.handles);
  const current = await readCheckpoint(db, projection.name);
  if (current && current.version > projection.version) throw new ProjectionSupersededError(projection.name, current.version, projection.version);
  const generation = (current?.generation ?? 0) + 1;
  const names = tableNames(projection, 'rebuild', generation);

  const head = await store.headPosition();
  let total = head === null ? 0 : Number(head);
  let position: bigint | null = null;
  let events = 0;
  const report = (done: number) => {
    total = Math.max(total, done);
    options.onProgress?.(done, total);
  };

  const dropFresh = async () => {
    await db.transaction().execute(async (trx) => {
      for (const table of projection.tables) await trx.schema.dropTable(names.table(table)).ifExists().execute();
    });
  };

  logger.info({ projection: projection.name }, `rebuilding projection ${projection.name} (version ${projection.version}, generation ${generation}) from ${total} log positions`);
  await dropFresh();
  try {
    await db.transaction().execute(async (trx) => {
      await projection.createTables(projectionTransaction(trx, projection, names), names);
      await assertTablesCreated(trx, projection, names);
    });
    report(0);

    /** The fill's last event: a failure of the swap's final flush with no new event is reported under it. */
    let lastFilled: RecordedEvent | undefined;
    // The log is read as the batches apply it, each transaction pulling its next batchSize events from one
    // open read: no batch of read events is held in memory, only the one being applied (and the store's page).
    const log = store.readAll({ fromPosition: 'start', filter })[Symbol.asyncIterator]();
    try {
      const end = { reached: false };
      while (!end.reached) {
        if (options.signal?.aborted) throw new RebuildAbortedError(projection.name);
        const batch = await db.transaction().execute((trx) => applyEvents(trx, projection, names, nextBatch(log, batchSize, handled, end), FILLING));
        if (batch.last === undefined) break;
        lastFilled = batch.last;
        position = lastFilled.position;
        events += batch.applied;
        report(Number(position));
        await yieldToEventLoop();
      }
    } finally {
      await log.return?.();
    }

    if (options.signal?.aborted) throw new RebuildAbortedError(projection.name);
    if (projection.createIndexes) {
      const createIndexes = projection.createIndexes.bind(projection);
      await db.transaction().execute((trx) => createIndexes(projectionTransaction(trx, projection, names), names));
    }
    if (options.signal?.aborted) throw new RebuildAbortedError(projection.name);
    await db.transaction().execute(async (trx) => {
      await lockCheckpoint(trx, projection.name, now());
      const locked = await readCheckpoint(trx, projection.name);
      if (locked && locked.version > projection.version) throw new ProjectionSupersededError(projection.name, locked.version, projection.version);
      const rest = store.readAll({ ...(position === null ? {} : { after: position }), filter })[Symbol.asyncIterator]();
      try {
        const since = await applyEvents(trx, projection, names, nextBatch(rest, Infinity, handled, { reached: false }), FINAL, lastFilled);
        if (since.last !== undefined) {
          position = since.last.position;
          events += since.applied;
        }
      } finally {
        await rest.return?.();
      }
      for (const table of projection.tables) {
        await trx.schema.dropTable(table).ifExists().execute();
        await trx.schema.alterTable(names.table(table)).renameTo(table).execute();
      }
      await replaceCheckpoint(trx, { projection: projection.name, position, version: projection.version, generation, now: now() });
    });
  } catch (err) {
    await dropFresh().catch(() => undefined);
    if (err instanceof RebuildAbortedError) {
      logger.info({ projection: projection.name }, err.message);
      throw err;
    }
    logger.error(
      { projection: projection.name, stack: err instanceof Error ? err.stack : undefined },
      `rebuild of projection ${projection.name} failed; the live tables are unchanged: ${err instanceof Error ? err.message : String(err)}`,
    );
    throw err;
  }
  const done = position === null ? total : Number(position);
  report(Math.max(done, total));
  logger.info({ projection: projection.name }, `rebuilt projection ${projection.name}: ${events} events, checkpoint ${position ?? 'start'}, generation ${generation}`);
  return { projection: projection.name, position, generation, events };
}
