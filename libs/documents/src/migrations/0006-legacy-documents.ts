import { Kysely } from 'kysely';
import { columnType } from '@pfw/sql';

/**
 * `documents.unbound_legacy`: a document imported from the store a single host kept under DATA_DIR before its
 * documents moved into this database, stored before documents were bound to one application. It may already be
 * attached to an application the store cannot name, so it counts as the destroying contract's (1), unlike an
 * upload that was simply never attached (0).
 */
export const legacyDocuments = {
  async up(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('documents').addColumn('unbound_legacy', columnType.integer, (c) => c.notNull().defaultTo(0)).execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    await db.schema.alterTable('documents').dropColumn('unbound_legacy').execute();
  },
};
