import type { Transaction } from 'kysely';
import type { RecordedEvent } from '@pfw/event-store';

/**
 * Where a projection's tables are, for one run of its code: the live tables, or the fresh copies a rebuild
 * fills. Projection code normally needs none of this — it writes Kysely queries against its *logical* table
 * names and the runner rewrites them (see ProjectionTablesPlugin). `names` is for raw SQL text.
 */
export interface TableNames {
  /** `live`: the tables queries read; `rebuild`: the fresh copies a rebuild fills before the swap. */
  readonly phase: 'live' | 'rebuild';
  /** Bumped by every rebuild; part of index and constraint names so that old and new never collide. */
  readonly generation: number;
  /** Physical name of a logical table in this phase. */
  table(logical: string): string;
  /** Physical name for an index or a named constraint created in this phase. */
  index(logical: string): string;
}

/**
 * A read model fed from the event log. Register it with the ProjectionRegistry (ReadModelsModule.forRoot).
 *
 * - `tables`: the logical names of the tables it owns (lower-case snake_case, ≤ 50 characters).
 * - `createTables`: creates exactly those tables (and their indexes), with Kysely's schema builder and the
 *   column types of dialect.ts. Called once when the projection first starts, and by every rebuild to create
 *   the fresh copies, so it must not assume the tables it creates are the live ones: write
 *   `db.schema.createTable('contracts')`; the runner turns it into `contracts__rebuild` during a rebuild and
 *   suffixes index/constraint names with the generation.
 * - `apply`: applies one event inside the runner's transaction (the same one that commits the checkpoint). It
 *   must be deterministic (no clock, no randomness: use event.recordedAt / event data), must only touch the
 *   projection's own tables, and must throw on anything it cannot handle — an error stops the projection
 *   (state `failed`, retried with backoff), it is never skipped.
 * - `version`: bump it when `createTables` or `apply` changes meaning; at the next start the runner rebuilds
 *   into fresh tables while queries keep reading the old ones, then swaps.
 */
export interface Projection<Tables = any> {
  readonly name: string;
  readonly version: number;
  /** The event types it applies (the subscription filter), or `all`. */
  readonly handles: readonly string[] | 'all';
  readonly tables: readonly string[];
  /**
   * Optional hint for rebuilds: most events of the log are ones this projection handles (the contracts
   * projection: every event of every contract). A rebuild then reads the log in position order and skips the
   * few others itself, rather than asking the store to filter by type: the SQLite store answers a type filter
   * through its (type, position) index and sorts every page, which pays for rare types but costs three to
   * four times a plain read when nearly every event matches (bench/). What is applied is the same.
   */
  readonly handlesMostOfTheLog?: boolean;
  createTables(db: Transaction<Tables>, names: TableNames): Promise<void>;
  /**
   * Optional: creates the tables' secondary indexes — those that serve queries only; an index `apply` or
   * `flush` relies on (a unique index behind an upsert's ON CONFLICT) belongs in createTables. On the first
   * start it runs right after createTables, in the same transaction, so the live tables get exactly what
   * they had when createTables made them; a rebuild runs it on the fresh tables after filling them, before
   * the swap (building an index once over the filled table is cheaper than updating it on every write).
   * Same rules as createTables: logical names, renamed per phase and generation.
   */
  createIndexes?(db: Transaction<Tables>, names: TableNames): Promise<void>;
  apply(trx: Transaction<Tables>, event: RecordedEvent, names: TableNames): Promise<void>;
  /**
   * Optional: called once per batch, after `apply` of its last event, in the same transaction, before the
   * batch commits (live: with its checkpoint). A projection may keep what `apply` computed in memory and write
   * it here (one row per entity per batch rather than one per event).
   *
   * When `context.final` is true — every live batch, and the swap transaction of a rebuild — everything kept
   * must be written now and belongs to that transaction only, since a failed batch is rolled back and applied
   * again. It is false only for the transactions that fill a rebuild's fresh tables before the swap: no one
   * reads those tables until the swap, and a failed or aborted fill drops them altogether (nothing of it is
   * retried), so the projection may keep some of what it computed pending for a later flush of the same
   * rebuild (the same `names` object), as long as it bounds what it keeps; the swap's final flush — called
   * even when no event arrived since the fill — writes the rest before the checkpoint commits.
   */
  flush?(trx: Transaction<Tables>, names: TableNames, context: FlushContext): Promise<void>;
}

/** See Projection.flush. */
export interface FlushContext {
  /** false only while a rebuild fills its fresh tables: pending writes may wait for a later flush of that rebuild. */
  readonly final: boolean;
}
