import { Kysely } from 'kysely';
import { columnType } from '@pfw/sql';

/**
 * `simulated_clock` (`src/sql-clock-store.ts`): the instant of CLOCK=simulated, one row, in the database every
 * process of a deployment shares, so they all read one time and `advanceClock` on any of them moves it for all.
 */
export const simulatedClock = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('simulated_clock')
      .ifNotExists()
      .addColumn('id', columnType.integer, (c) => c.primaryKey())
      .addColumn('now', columnType.timestamp, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('simulated_clock').ifExists().execute();
  },
};
