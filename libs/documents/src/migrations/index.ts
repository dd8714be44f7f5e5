import type { Migration } from 'kysely';
import { documentTables } from './0004-documents';
import { legacyDocuments } from './0006-legacy-documents';

/**
 * The uploaded documents' tables in the shared database (run by the apps through `libs/migrations`). Their
 * keys live in the key store, so the documents need `PERSONAL_DATA_MIGRATIONS` too.
 */
export const DOCUMENTS_MIGRATIONS: Readonly<Record<string, Migration>> = {
  '0004_documents': documentTables,
  '0006_legacy_documents': legacyDocuments,
};
