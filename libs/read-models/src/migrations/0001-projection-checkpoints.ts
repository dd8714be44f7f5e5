import { Kysely } from 'kysely';
import { columnType } from '@pfw/sql';

/** The checkpoint of every projection: one row, written in the same transaction as the rows it covers. */
export const projectionCheckpoints = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('projection_checkpoints')
      .ifNotExists()
      .addColumn('projection', columnType.text, (c) => c.primaryKey())
      .addColumn('position', columnType.bigint)
      .addColumn('version', columnType.integer, (c) => c.notNull())
      .addColumn('generation', columnType.integer, (c) => c.notNull())
      .addColumn('updated_at', columnType.timestamp, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('projection_checkpoints').ifExists().execute();
  },
};
