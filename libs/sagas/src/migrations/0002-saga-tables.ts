import { Kysely } from 'kysely';
import { columnType } from '@pfw/sql';

/**
 * The saga runtime's tables (`src/runtime/store.ts`), kept in the read-model database so that a saga's state, the
 * deadlines it schedules or cancels and its checkpoint commit in ONE transaction:
 *
 * - `saga_checkpoints`: per saga, the last log position it reacted to;
 * - `saga_states`: per saga and contract, the saga's own small state (JSON);
 * - `saga_deadlines`: durable deadlines and immediate actions (an immediate action is a deadline due now),
 *   dispatched by the poller with retries; `stuck` ones are shown by `stuckProcesses`;
 * - `saga_ca_orders`: which contract each CA order belongs to (the CA's answers name only the order).
 */
export const sagaTables = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('saga_checkpoints')
      .ifNotExists()
      .addColumn('saga', columnType.text, (c) => c.primaryKey())
      .addColumn('position', columnType.bigint)
      .addColumn('updated_at', columnType.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('saga_states')
      .ifNotExists()
      .addColumn('saga', columnType.text, (c) => c.notNull())
      .addColumn('contract_id', columnType.text, (c) => c.notNull())
      .addColumn('state', columnType.json, (c) => c.notNull())
      .addColumn('updated_at', columnType.timestamp, (c) => c.notNull())
      .addPrimaryKeyConstraint('saga_states_pk', ['saga', 'contract_id'])
      .execute();
    await db.schema
      .createTable('saga_deadlines')
      .ifNotExists()
      .addColumn('id', columnType.text, (c) => c.primaryKey())
      .addColumn('saga', columnType.text, (c) => c.notNull())
      .addColumn('contract_id', columnType.text, (c) => c.notNull())
      .addColumn('kind', columnType.text, (c) => c.notNull())
      .addColumn('due_at', columnType.timestamp, (c) => c.notNull())
      .addColumn('payload', columnType.json, (c) => c.notNull())
      .addColumn('status', columnType.text, (c) => c.notNull())
      .addColumn('attempts', columnType.integer, (c) => c.notNull().defaultTo(0))
      .addColumn('last_error', columnType.text)
      .addColumn('next_attempt_at', columnType.timestamp, (c) => c.notNull())
      .addColumn('outcome', columnType.text)
      .addColumn('trigger_event_id', columnType.text)
      .addColumn('trigger_position', columnType.bigint, (c) => c.notNull())
      .addColumn('step', columnType.integer, (c) => c.notNull())
      .addColumn('correlation_id', columnType.text, (c) => c.notNull())
      .addColumn('causation_id', columnType.text)
      .addColumn('claim_token', columnType.text)
      .addColumn('claimed_until', columnType.timestamp)
      .addColumn('created_at', columnType.timestamp, (c) => c.notNull())
      .addColumn('updated_at', columnType.timestamp, (c) => c.notNull())
      .addColumn('finished_at', columnType.timestamp)
      .execute();
    await db.schema.createIndex('saga_deadlines_due').ifNotExists().on('saga_deadlines').columns(['status', 'next_attempt_at']).execute();
    await db.schema.createIndex('saga_deadlines_contract').ifNotExists().on('saga_deadlines').column('contract_id').execute();
    await db.schema
      .createTable('saga_ca_orders')
      .ifNotExists()
      .addColumn('order_id', columnType.text, (c) => c.primaryKey())
      .addColumn('contract_id', columnType.text, (c) => c.notNull())
      .addColumn('kind', columnType.text, (c) => c.notNull())
      .addColumn('deadline_id', columnType.text, (c) => c.notNull())
      .addColumn('correlation_id', columnType.text, (c) => c.notNull())
      .addColumn('tracking_id', columnType.text)
      .addColumn('state', columnType.text, (c) => c.notNull())
      .addColumn('submitted_at', columnType.timestamp, (c) => c.notNull())
      .addColumn('completed_at', columnType.timestamp)
      .execute();
    await db.schema.createIndex('saga_ca_orders_state').ifNotExists().on('saga_ca_orders').column('state').execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['saga_ca_orders', 'saga_deadlines', 'saga_states', 'saga_checkpoints']) {
      await db.schema.dropTable(table).ifExists().execute();
    }
  },
};
