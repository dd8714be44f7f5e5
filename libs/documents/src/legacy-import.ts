import Database from 'better-sqlite3';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { isDocumentContentType } from './document-types';
import type { DocumentStore } from './document-store';

/** Where a single host kept its documents before they moved into the read-model database. */
export const LEGACY_DOCUMENTS_DIR = 'documents';
const LEGACY_DB_FILE = 'documents.sqlite';

interface LegacyRow {
  id: string;
  kind: string;
  sha256: string;
  size: number;
  content_type: string;
  uploaded_by: string;
  uploaded_at: string;
  destroyed_at: string | null;
  contract_id?: string | null;
  unbound_legacy?: number;
}

/**
 * Moves the documents a single host kept under `<DATA_DIR>/documents/` (metadata in `documents.sqlite`, files
 * under `files/`) into the store, each file sealed under a key of its own; then removes that directory, so the
 * plaintext files do not outlive the move. Safe to run again after a crash: documents already moved are
 * skipped, and the directory goes only once every document is in. Returns how many were moved (0 when there is
 * nothing to move).
 */
export async function importLegacyDocuments(dataDir: string, store: DocumentStore): Promise<number> {
  const root = join(dataDir, LEGACY_DOCUMENTS_DIR);
  const file = join(root, LEGACY_DB_FILE);
  if (!existsSync(file)) return 0;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  let rows: LegacyRow[];
  try {
    rows = db.prepare('SELECT * FROM documents ORDER BY uploaded_at, id').all() as LegacyRow[];
  } finally {
    db.close();
  }
  let imported = 0;
  for (const row of rows) {
    if (!isDocumentContentType(row.content_type)) throw new Error(`legacy document ${row.id} has an unknown content type`);
    const path = join(root, 'files', row.id);
    const content = row.destroyed_at === null && existsSync(path) ? readFileSync(path) : null;
    const moved = await store.importDocument(
      {
        id: row.id, kind: row.kind, sha256: row.sha256, size: Number(row.size), contentType: row.content_type, uploadedBy: row.uploaded_by,
        uploadedAt: new Date(row.uploaded_at), destroyedAt: row.destroyed_at === null ? null : new Date(row.destroyed_at),
        contractId: row.contract_id ?? null,
        // A store without bindings (schema 1), or a row it marked so: the application it belongs to is unknown.
        unboundLegacy: row.unbound_legacy === undefined ? true : Number(row.unbound_legacy) === 1,
      },
      content,
    );
    if (moved) imported += 1;
  }
  rmSync(root, { recursive: true, force: true });
  return imported;
}
