import { Kysely } from 'kysely';
import { columnType } from '@pfw/sql';

/**
 * Leases of the log's consumers (libs/consumers' ConsumerLeases, stored by `src/leases/sql-lease-store.ts`): one row per lease
 * (a projection, a saga, the audit log, a rebuild) naming the process that holds it and until when, and one
 * heartbeat row per running process with the leases it wants. Instants are wall-clock epoch milliseconds;
 * owners are random ids drawn at each process start.
 */
export const consumerLeases = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('consumer_leases')
      .ifNotExists()
      .addColumn('name', columnType.text, (c) => c.primaryKey())
      .addColumn('owner', columnType.text, (c) => c.notNull())
      .addColumn('expires_at', columnType.bigint, (c) => c.notNull())
      .addColumn('acquired_at', columnType.bigint, (c) => c.notNull())
      .addColumn('renewed_at', columnType.bigint, (c) => c.notNull())
      .addColumn('takeovers', columnType.integer, (c) => c.notNull().defaultTo(0))
      .execute();
    await db.schema
      .createTable('consumer_lease_members')
      .ifNotExists()
      .addColumn('owner', columnType.text, (c) => c.primaryKey())
      .addColumn('expires_at', columnType.bigint, (c) => c.notNull())
      .addColumn('wants', columnType.json, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('consumer_lease_members').ifExists().execute();
    await db.schema.dropTable('consumer_leases').ifExists().execute();
  },
};
