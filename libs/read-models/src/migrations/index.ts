import type { Migration } from 'kysely';
import { projectionCheckpoints } from './0001-projection-checkpoints';
import { sagaTables } from './0002-sagas';
import { personalDataKeys } from './0003-personal-data-keys';
import { documentTables } from './0004-documents';
import { notificationOutbox } from './0005-notification-outbox';
import { legacyDocuments } from './0006-legacy-documents';
import { simulatedClock } from './0007-simulated-clock';
import { localCaTables } from './0008-local-ca';
import { consumerLeases } from './0009-consumer-leases';

/**
 * Every read-model migration, in order. Kysely's Migrator runs the ones not yet recorded in
 * `kysely_migration`, sorted by name, so:
 *
 * To add a table: create `NNNN-what-it-is.ts` next to this file exporting `{ up, down }` written with Kysely's
 * schema builder and the column types of `../dialect` (the same DDL then runs on SQLite and PostgreSQL), and
 * add one line below with the next number. Never edit or renumber a migration that has shipped.
 *
 * Tables owned by a projection are NOT created here: the projection declares them (Projection.createTables)
 * so that a rebuild can create fresh copies; change them by bumping Projection.version.
 */
export const READ_MODEL_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0001_projection_checkpoints': projectionCheckpoints,
  '0002_saga_tables': sagaTables,
  '0003_personal_data_keys': personalDataKeys,
  '0004_documents': documentTables,
  '0005_notification_outbox': notificationOutbox,
  '0006_legacy_documents': legacyDocuments,
  '0007_simulated_clock': simulatedClock,
  '0008_local_ca': localCaTables,
  '0009_consumer_leases': consumerLeases,
};
