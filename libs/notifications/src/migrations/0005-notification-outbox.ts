import { Kysely } from 'kysely';
import { columnType, dialectOf } from '@pfw/sql';

/**
 * The notification outbox (libs/notifications' SqlOutboxStore), in the read-model database so that every worker
 * of a deployment shares one outbox — a notice is claimed by one dispatcher at a time, sent once, and a stuck
 * one shows on every api (`stuckProcesses`). Instants are epoch milliseconds; `payload` is the sealed notice
 * (encrypted with the contract's data key), erased by crypto-shredding.
 */
export const notificationOutbox = {
  async up(db: Kysely<any>): Promise<void> {
    const postgres = dialectOf(db) === 'postgres';
    await db.schema
      .createTable('notification_outbox')
      .ifNotExists()
      .addColumn('seq', postgres ? 'bigserial' : 'integer', (c) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement()))
      .addColumn('id', columnType.text, (c) => c.notNull().unique())
      .addColumn('contract_id', columnType.text, (c) => c.notNull())
      .addColumn('kind', columnType.text, (c) => c.notNull())
      .addColumn('channel', columnType.text, (c) => c.notNull())
      .addColumn('causation_id', columnType.text, (c) => c.notNull())
      .addColumn('protector', columnType.text, (c) => c.notNull())
      .addColumn('payload', postgres ? 'bytea' : 'blob')
      .addColumn('status', columnType.text, (c) => c.notNull())
      .addColumn('attempts', columnType.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('record_attempts', columnType.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('next_attempt_at', columnType.bigint)
      .addColumn('claim_token', columnType.text)
      .addColumn('claimed_until', columnType.bigint)
      .addColumn('enqueued_at', columnType.bigint, (c) => c.notNull())
      .addColumn('sent_at', columnType.bigint)
      .addColumn('message_id', columnType.text)
      .addColumn('transport', columnType.text)
      .addColumn('response', columnType.text)
      .addColumn('recorded_at', columnType.bigint)
      .addColumn('last_error', columnType.text)
      .addColumn('last_error_at', columnType.bigint)
      .addColumn('stuck_at', columnType.bigint)
      .addColumn('stuck_stage', columnType.text)
      .addColumn('purged_at', columnType.bigint)
      .execute();
    await db.schema.createIndex('notification_outbox_due').ifNotExists().on('notification_outbox').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('notification_outbox_contract').ifNotExists().on('notification_outbox').column('contract_id').execute();
    await db.schema.createIndex('notification_outbox_claim').ifNotExists().on('notification_outbox').column('claim_token').execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('notification_outbox').ifExists().execute();
  },
};
