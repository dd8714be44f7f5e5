import { Kysely } from 'kysely';
import { columnType } from '@pfw/sql';

/**
 * The key store of crypto-shredding (docs/personal-data.md; `src/key-store.ts`), kept in
 * the read-model database — never in the event log, so destroying a key needs no change to an immutable event:
 *
 * - `personal_data_keys`: one AES-256 data key per contract, wrapped (AES-256-GCM) with the master key that
 *   lives outside this database (`DATA_KEY_FILE`), base64 text; `master_key_id` names that master key;
 * - `personal_data_key_tombstones`: the contracts whose key was destroyed on purpose (crypto-shredded), so a
 *   destroyed key reads as "shredded" (fields null) and is never created again, while a key that is simply
 *   missing is an error. Destroying a key deletes its row and inserts the tombstone in one transaction.
 */
export const personalDataKeys = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema
      .createTable('personal_data_keys')
      .ifNotExists()
      .addColumn('contract_id', columnType.text, (c) => c.primaryKey())
      .addColumn('wrapped_key', columnType.text, (c) => c.notNull())
      .addColumn('master_key_id', columnType.text, (c) => c.notNull())
      .addColumn('created_at', columnType.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('personal_data_key_tombstones')
      .ifNotExists()
      .addColumn('contract_id', columnType.text, (c) => c.primaryKey())
      .addColumn('destroyed_at', columnType.timestamp, (c) => c.notNull())
      .addColumn('destroyed_by', columnType.text, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('personal_data_key_tombstones').ifExists().execute();
    await db.schema.dropTable('personal_data_keys').ifExists().execute();
  },
};
