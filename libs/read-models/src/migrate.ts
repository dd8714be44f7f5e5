import { Kysely, Migration, MigrationResult, Migrator } from 'kysely';
import { READ_MODEL_MIGRATIONS } from './migrations';

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
  constructor(
    readonly migration: string | null,
    override readonly cause: unknown,
  ) {
    super(
      `read-model migration ${migration ?? '(setup)'} failed: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
}

/**
 * Brings the read-model database to the latest schema: runs the pending migrations in name order, each
 * recorded in `kysely_migration`, under Kysely's migration lock (PostgreSQL: an advisory lock, so two
 * processes starting together do not race). Running it again is a no-op. Returns the names it ran.
 *
 * `extra` adds migrations after the built-in ones (tests use it for example tables).
 */
export async function migrateReadModels(
  db: Kysely<any>,
  extra: Readonly<Record<string, Migration>> = {},
): Promise<string[]> {
  for (const name of Object.keys(extra)) {
    if (name in READ_MODEL_MIGRATIONS) throw new Error(`migration name ${name} is already taken`);
  }
  const migrations = { ...READ_MODEL_MIGRATIONS, ...extra };
  const migrator = new Migrator({ db, provider: { getMigrations: async () => migrations } });
  const { error, results } = await migrator.migrateToLatest();
  if (error !== undefined) {
    const failed = results?.find((r: MigrationResult) => r.status === 'Error');
    throw new MigrationError(failed?.migrationName ?? null, error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
