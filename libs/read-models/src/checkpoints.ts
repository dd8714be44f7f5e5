import { Kysely } from 'kysely';
import { bigintText, fromDbBigintOrNull, toDbTimestamp } from '@pfw/sql';
import type { ReadModelTables } from './schema';

export interface Checkpoint {
  readonly projection: string;
  /** Last applied log position; null before the first event. */
  readonly position: bigint | null;
  readonly version: number;
  readonly generation: number;
  readonly updatedAt: string;
}

type Db = Kysely<ReadModelTables>;

export async function readCheckpoint(db: Db, projection: string): Promise<Checkpoint | null> {
  const row = await db
    .selectFrom('projection_checkpoints')
    .select(['projection', bigintText('position').as('position'), 'version', 'generation', 'updated_at'])
    .where('projection', '=', projection)
    .executeTakeFirst();
  if (!row) return null;
  return {
    projection: row.projection,
    position: fromDbBigintOrNull(row.position),
    version: Number(row.version),
    generation: Number(row.generation),
    updatedAt: row.updated_at,
  };
}

export async function readAllCheckpoints(db: Db): Promise<Checkpoint[]> {
  const rows = await db
    .selectFrom('projection_checkpoints')
    .select(['projection', bigintText('position').as('position'), 'version', 'generation', 'updated_at'])
    .orderBy('projection')
    .execute();
  return rows.map((row) => ({
    projection: row.projection,
    position: fromDbBigintOrNull(row.position),
    version: Number(row.version),
    generation: Number(row.generation),
    updatedAt: row.updated_at,
  }));
}

/** Inserts the first checkpoint of a projection; false when another process got there first. */
export async function insertCheckpoint(
  db: Db,
  checkpoint: { projection: string; version: number; generation: number; now: Date },
): Promise<boolean> {
  const result = await db
    .insertInto('projection_checkpoints')
    .values({
      projection: checkpoint.projection,
      position: null,
      version: checkpoint.version,
      generation: checkpoint.generation,
      updated_at: toDbTimestamp(checkpoint.now),
    })
    .onConflict((oc) => oc.column('projection').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) === 1;
}

/**
 * Moves the checkpoint from `from` to `to` — only if it still is at `from` — and so takes the checkpoint row's
 * lock for the rest of the transaction (PostgreSQL: row lock; SQLite: the database write lock). False when it
 * moved: a rebuild swapped, or another process runs the same projection.
 */
export async function advanceCheckpoint(db: Db, projection: string, from: bigint | null, to: bigint, now: Date): Promise<boolean> {
  let query = db
    .updateTable('projection_checkpoints')
    .set({ position: to, updated_at: toDbTimestamp(now) })
    .where('projection', '=', projection);
  query = from === null ? query.where('position', 'is', null) : query.where('position', '=', from);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Locks the checkpoint row for the rest of the transaction (touching updated_at); false if there is none. */
export async function lockCheckpoint(db: Db, projection: string, now: Date): Promise<boolean> {
  const result = await db
    .updateTable('projection_checkpoints')
    .set({ updated_at: toDbTimestamp(now) })
    .where('projection', '=', projection)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

/** Writes the checkpoint a rebuild swapped in (inside the swap transaction, the row locked). */
export async function replaceCheckpoint(
  db: Db,
  checkpoint: { projection: string; position: bigint | null; version: number; generation: number; now: Date },
): Promise<void> {
  await db
    .insertInto('projection_checkpoints')
    .values({
      projection: checkpoint.projection,
      position: checkpoint.position,
      version: checkpoint.version,
      generation: checkpoint.generation,
      updated_at: toDbTimestamp(checkpoint.now),
    })
    .onConflict((oc) =>
      oc.column('projection').doUpdateSet((eb) => ({
        position: eb.ref('excluded.position'),
        version: eb.ref('excluded.version'),
        generation: eb.ref('excluded.generation'),
        updated_at: eb.ref('excluded.updated_at'),
      })),
    )
    .execute();
}
