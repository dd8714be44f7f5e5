import type { EventStore, LogFilter, RecordedEvent } from '@pfw/event-store';
import { lockCheckpoint, readCheckpoint, replaceCheckpoint } from './checkpoints';
import type { ReadModelDb } from './db';
import { ProjectionApplyError, RebuildAbortedError } from './errors';
import { yieldToEventLoop } from './event-loop';
import { defaultProjectionLogger, type ProjectionLogger } from './logger';
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
  readonly logger?: ProjectionLogger;
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

/**
 * Applies events in order inside `trx`, then lets the projection flush; an error names the event and the
 * projection. The flush is final (Projection.flush) unless `context` says otherwise, and skipped for an empty
 * batch unless `after` names the event a failure of it is reported under (a rebuild's swap, whose final flush
 * may have writes pending from the fill even when no event arrived since).
 */
export async function applyEvents(
  trx: Parameters<typeof projectionTransaction>[0],
  projection: Projection,
  names: TableNames,
  events: readonly RecordedEvent[],
  context: FlushContext = FINAL,
  after?: RecordedEvent,
): Promise<void> {
  const scoped = projectionTransaction(trx, projection, names);
  for (const event of events) {
    try {
      await projection.apply(scoped, event, names);
    } catch (err) {
      throw new ProjectionApplyError(projection.name, event, err);
    }
  }
  const last = events.length > 0 ? events[events.length - 1]! : after;
  if (projection.flush && last) {
    try {
      await projection.flush(scoped, names, context);
    } catch (err) {
      // Named after the batch's last event: the write that failed may carry any of them.
      throw new ProjectionApplyError(projection.name, last, err);
    }
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
 * A failure drops the fresh tables and leaves the live ones and the checkpoint as they were. Two rebuilds of
 * the same projection must not run at once (the ProjectionRunner guards this within a process).
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

  logger.log(`rebuilding projection ${projection.name} (version ${projection.version}, generation ${generation}) from ${total} log positions`);
  await dropFresh();
  try {
    await db.transaction().execute(async (trx) => {
      await projection.createTables(projectionTransaction(trx, projection, names), names);
      await assertTablesCreated(trx, projection, names);
    });
    report(0);

    let batch: RecordedEvent[] = [];
    /** The fill's last event: a failure of the swap's final flush with no new event is reported under it. */
    let lastFilled: RecordedEvent | undefined;
    const flush = async () => {
      if (options.signal?.aborted) throw new RebuildAbortedError(projection.name);
      if (batch.length === 0) return;
      const applying = batch;
      batch = [];
      await db.transaction().execute((trx) => applyEvents(trx, projection, names, applying, FILLING));
      lastFilled = applying[applying.length - 1]!;
      position = lastFilled.position;
      events += applying.length;
      report(Number(position));
      await yieldToEventLoop();
    };
    for await (const event of store.readAll({ fromPosition: 'start', filter })) {
      if (handled && !handled.has(event.type)) continue;
      batch.push(event);
      if (batch.length >= batchSize) await flush();
    }
    await flush();

    if (options.signal?.aborted) throw new RebuildAbortedError(projection.name);
    if (projection.createIndexes) {
      const createIndexes = projection.createIndexes.bind(projection);
      await db.transaction().execute((trx) => createIndexes(projectionTransaction(trx, projection, names), names));
    }
    if (options.signal?.aborted) throw new RebuildAbortedError(projection.name);
    await db.transaction().execute(async (trx) => {
      await lockCheckpoint(trx, projection.name, now());
      const since: RecordedEvent[] = [];
      for await (const event of store.readAll({ fromPosition: position === null ? 'start' : position + 1n, filter })) {
        if (handled && !handled.has(event.type)) continue;
        since.push(event);
      }
      await applyEvents(trx, projection, names, since, FINAL, lastFilled);
      if (since.length > 0) {
        position = since[since.length - 1]!.position;
        events += since.length;
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
      logger.log(err.message);
      throw err;
    }
    logger.error(
      `rebuild of projection ${projection.name} failed; the live tables are unchanged: ${err instanceof Error ? err.message : String(err)}`,
      err instanceof Error ? err.stack : undefined,
    );
    throw err;
  }
  const done = position === null ? total : Number(position);
  report(Math.max(done, total));
  logger.log(`rebuilt projection ${projection.name}: ${events} events, checkpoint ${position ?? 'start'}, generation ${generation}`);
  return { projection: projection.name, position, generation, events };
}
