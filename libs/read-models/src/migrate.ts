import { Kysely, Migration, MigrationResult, Migrator, sql } from 'kysely';
import { dialectOf } from '@pfw/sql';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly migration: string | null,
    override readonly cause: unknown,
    /** Whose migrations: `read-model`, `idempotency store`, … */
    readonly store = 'read-model',
  ) {
    super(`${store} migration ${migration ?? '(setup)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}

/**
 * Brings the read-model database to the latest schema: runs the given migrations not yet recorded in
 * `kysely_migration`, in name order, under Kysely's migration lock (PostgreSQL: an advisory lock, so two
 * processes starting together do not race). Running it again is a no-op. Returns the names it ran.
 *
 * Which migrations: each lib owns those of its tables; the apps pass the one list of them all
 * (`DATABASE_MIGRATIONS`, libs/migrations), a lib's tests the lists of the libs whose tables they use.
 */
export function migrateReadModels(db: Kysely<any>, migrations: Readonly<Record<string, Migration>>): Promise<string[]> {
  return runMigrations(db, { migrations });
}

export interface MigrationSet {
  readonly migrations: Readonly<Record<string, Migration>>;
  /** Bookkeeping tables (default Kysely's `kysely_migration` / `kysely_migration_lock`): one pair per set. */
  readonly migrationTableName?: string;
  readonly migrationLockTableName?: string;
  /** For error messages. */
  readonly store?: string;
}

/**
 * Runs a set of migrations on the read-model database (SQLite or PostgreSQL) with Kysely's Migrator, in name
 * order, under its lock; a second run is a no-op. Other stores that keep tables in this database (the
 * idempotency store) use it with their own bookkeeping tables. Returns the names it ran.
 */
export async function runMigrations(db: Kysely<any>, set: MigrationSet): Promise<string[]> {
  const migrator = new Migrator({
    db,
    provider: { getMigrations: async () => set.migrations },
    ...(set.migrationTableName ? { migrationTableName: set.migrationTableName } : {}),
    ...(set.migrationLockTableName ? { migrationLockTableName: set.migrationLockTableName } : {}),
    // PostgreSQL: keep Kysely's bookkeeping tables in the schema the read models use. Without it the Migrator
    // takes a `kysely_migration` table in ANY schema of the database for its own.
    migrationTableSchema: await currentSchema(db),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName ?? null, error, set.store);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

async function currentSchema(db: Kysely<any>): Promise<string | undefined> {
  if (dialectOf(db) !== 'postgres') return undefined;
  const { rows } = await sql<{ schema: string | null }>`select current_schema() as schema`.execute(db);
  const schema = rows[0]?.schema;
  if (!schema) throw new Error('PostgreSQL has no current schema: check the search_path of the read-model connection');
  return schema;
}
