import { Kysely, type Migration } from 'kysely';
import { runMigrations } from '@pfw/read-models';
import { columnType } from '@pfw/sql';

/** One clientMutationId and the first answer given for it. */
export type IdempotencyKeyRow = {
  /** The client's value (API.md: "a UUID, say"). */
  client_mutation_id: string;
  /** The GraphQL mutation it was first sent with, e.g. `submitApplication`. */
  operation: string;
  /** The staff id (token `sub`) that sent it first. */
  principal_id: string;
  /** SHA-256 hex of the RFC 8785 canonical JSON of the input without clientMutationId. */
  input_digest: string;
  /** The first answer as JSON text; null while the first call is still running (then completed_at is null). */
  answer: string | null;
  /** ISO-8601 UTC: when the key was first seen. */
  created_at: string;
  /** ISO-8601 UTC: when the first answer was saved; null while the first call runs. */
  completed_at: string | null;
  /** Who is running the first call right now (a random token per attempt); null once completed. */
  claim_token: string | null;
  /** ISO-8601 UTC: when that attempt started (a claim older than the lease may be taken over). */
  claimed_at: string | null;
};

export type IdempotencyTables = { idempotency_keys: IdempotencyKeyRow };

export const IDEMPOTENCY_TABLE = 'idempotency_keys';

/**
 * The idempotency store keeps its own migration list and bookkeeping tables (`idempotency_migration`,
 * `idempotency_migration_lock`), apart from the shared list the apps run (`DATABASE_MIGRATIONS`): existing
 * databases record its migration there as `0001_idempotency_keys`, a number the shared list uses too.
 * Same rules as there: names sort, never edit one that has shipped, Kysely's schema builder with the column
 * types of `@pfw/sql` so the same DDL runs on SQLite and PostgreSQL.
 */
export const IDEMPOTENCY_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_idempotency_keys': {
    async up(db: Kysely<any>): Promise<void> {
      await db.schema
        .createTable(IDEMPOTENCY_TABLE)
        .ifNotExists()
        .addColumn('client_mutation_id', columnType.text, (c) => c.primaryKey())
        .addColumn('operation', columnType.text, (c) => c.notNull())
        .addColumn('principal_id', columnType.text, (c) => c.notNull())
        .addColumn('input_digest', columnType.text, (c) => c.notNull())
        .addColumn('answer', columnType.json)
        .addColumn('created_at', columnType.timestamp, (c) => c.notNull())
        .addColumn('completed_at', columnType.timestamp)
        .addColumn('claim_token', columnType.text)
        .addColumn('claimed_at', columnType.timestamp)
        .execute();
      await db.schema.createIndex('idempotency_keys_created_at').ifNotExists().on(IDEMPOTENCY_TABLE).column('created_at').execute();
    },
    async down(db: Kysely<any>): Promise<void> {
      await db.schema.dropTable(IDEMPOTENCY_TABLE).ifExists().execute();
    },
  },
};

export const IDEMPOTENCY_MIGRATION_TABLE = 'idempotency_migration';
export const IDEMPOTENCY_MIGRATION_LOCK_TABLE = 'idempotency_migration_lock';

/**
 * Brings the idempotency table of the read-model database (SQLite or PostgreSQL) to the latest schema under
 * Kysely's migration lock, with its own bookkeeping tables. Idempotent; returns the names it ran.
 */
export function migrateIdempotencyStore(db: Kysely<any>): Promise<string[]> {
  return runMigrations(db, {
    migrations: IDEMPOTENCY_MIGRATIONS,
    migrationTableName: IDEMPOTENCY_MIGRATION_TABLE,
    migrationLockTableName: IDEMPOTENCY_MIGRATION_LOCK_TABLE,
    store: 'idempotency store',
  });
}
