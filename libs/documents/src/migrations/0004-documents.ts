import { Kysely } from 'kysely';
import { columnType, dialectOf } from '@pfw/sql';

/**
 * The uploaded documents (`src/document-store.ts`), in the read-model database so that every api and
 * worker process of a deployment sees the same files:
 *
 * - `documents`: what is known of each upload (kind, SHA-256, size, type, uploader, the one application it
 *   belongs to) — kept after destruction with `destroyed_at` (Art. 4: the digests stay, the bytes go);
 * - `document_contents`: the file, encrypted (AES-256-GCM) with a data key of its own in the key store
 *   (`personal_data_keys`, id `document:<id>`). Destroying a document deletes its row here and destroys its
 *   key, so a copy of the bytes left in a WAL, a replica or a backup can no longer be read.
 */
export const documentTables = {
  async up(db: Kysely<any>): Promise<void> {
    const binary = dialectOf(db) === 'postgres' ? 'bytea' : 'blob';
    await db.schema
      .createTable('documents')
      .ifNotExists()
      .addColumn('id', columnType.text, (c) => c.primaryKey())
      .addColumn('kind', columnType.text, (c) => c.notNull())
      .addColumn('sha256', columnType.text, (c) => c.notNull())
      .addColumn('size', columnType.integer, (c) => c.notNull())
      .addColumn('content_type', columnType.text, (c) => c.notNull())
      .addColumn('uploaded_by', columnType.text, (c) => c.notNull())
      .addColumn('uploaded_at', columnType.timestamp, (c) => c.notNull())
      .addColumn('destroyed_at', columnType.timestamp)
      .addColumn('contract_id', columnType.text)
      .execute();
    await db.schema
      .createTable('document_contents')
      .ifNotExists()
      .addColumn('id', columnType.text, (c) => c.primaryKey())
      .addColumn('sealed', binary, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.dropTable('document_contents').ifExists().execute();
    await db.schema.dropTable('documents').ifExists().execute();
  },
};
