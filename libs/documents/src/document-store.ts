import Database from 'better-sqlite3';
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream, mkdirSync, type ReadStream } from 'node:fs';
import { lstat, open, readdir, rename, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { InvalidInput, type DocumentRef } from '@pfw/domain';
import type { AttachedDocuments, DocumentCatalog } from '@pfw/application';
import { isDocumentContentType, isDocumentKind, MAX_DOCUMENT_BYTES, SNIFF_BYTES, sniffContentType, type DocumentContentType } from './document-types';

/** What a stored document is, as the metadata table keeps it. */
export interface DocumentRecord {
  readonly id: string;
  readonly kind: string;
  /** SHA-256 of the file, lowercase hex. Kept after the file is destroyed. */
  readonly sha256: string;
  readonly size: number;
  readonly contentType: DocumentContentType;
  /** Staff id of the uploader (the token's `sub`). */
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
  /** When the file was deleted (Art. 4: rejection or withdrawal), or null while it exists. */
  readonly destroyedAt: Date | null;
}

/** An upload written to a private temporary file, checked and hashed, not yet part of the store. */
export interface StagedUpload {
  readonly path: string;
  readonly size: number;
  readonly sha256: string;
  readonly contentType: DocumentContentType;
}

export interface DestroyResult {
  /** Every known id asked for (already destroyed ones included), with what is kept of it. */
  readonly destroyed: ReadonlyArray<DocumentRef & { readonly destroyedAt: Date }>;
  /** Ids the store has never seen. */
  readonly unknown: readonly string[];
  /** Ids left alone because they belong to another application than `owner`. */
  readonly foreign: readonly string[];
}

export interface DestroyOptions {
  /**
   * The contract whose documents these are: a document bound to another contract is left alone (reported in
   * `foreign`), and so is one never attached. Documents stored before binding existed count as this contract's.
   */
  readonly owner?: string;
}

/** The leading bytes are not those of a PDF, PNG or JPEG (HTTP 415). */
export class UnsupportedDocumentTypeError extends Error {
  override readonly name = 'UnsupportedDocumentTypeError';
  constructor() {
    super('the file must be a PDF, PNG or JPEG (judged by its leading bytes)');
  }
}

/** More bytes than the limit (HTTP 413). */
export class DocumentTooLargeError extends Error {
  override readonly name = 'DocumentTooLargeError';
  constructor(readonly limit: number) {
    super(`the file must be at most ${limit} bytes`);
  }
}

/** A kind that is not an upper-case token (HTTP 400). */
export class InvalidDocumentKindError extends Error {
  override readonly name = 'InvalidDocumentKindError';
  constructor() {
    super('kind is required: an upper-case token such as CERTIFICATE_OF_REGISTERED_MATTERS (A-Z, 0-9, _; at most 64 characters)');
  }
}

export interface DocumentStoreOptions {
  /** DATA_DIR: the store lives in `<dataDir>/documents/`. */
  readonly dataDir: string;
  /** The time recorded as uploadedAt / destroyedAt (the application clock); defaults to the wall clock. */
  readonly now?: () => Date;
  /** Largest file accepted (default MAX_DOCUMENT_BYTES, 10 MB). */
  readonly maxBytes?: number;
}

export const DOCUMENTS_DIR = 'documents';
export const DOCUMENTS_DB_FILE = 'documents.sqlite';

/** A temporary or orphaned file younger than this may belong to an upload still under way in another process. */
const SWEEP_MIN_AGE_MS = 60 * 60 * 1000;

const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const SCHEMA_VERSION = 2;
const SCHEMA = `
CREATE TABLE IF NOT EXISTS documents (
  id           TEXT PRIMARY KEY,
  kind         TEXT NOT NULL,
  sha256       TEXT NOT NULL,
  size         INTEGER NOT NULL,
  content_type TEXT NOT NULL,
  uploaded_by  TEXT NOT NULL,
  uploaded_at  TEXT NOT NULL,
  destroyed_at TEXT,
  contract_id  TEXT,
  unbound_legacy INTEGER NOT NULL DEFAULT 0
);
`;
/**
 * Version 2: the contract a document belongs to (the first application it was attached to). Documents stored
 * before it are marked `unbound_legacy`: they may already be attached to an application the store cannot name,
 * so they are neither bound nor treated as never attached.
 */
const MIGRATE_TO_2 = `
ALTER TABLE documents ADD COLUMN contract_id TEXT;
ALTER TABLE documents ADD COLUMN unbound_legacy INTEGER NOT NULL DEFAULT 0;
UPDATE documents SET unbound_legacy = 1;
`;

interface Row {
  id: string;
  contract_id: string | null;
  unbound_legacy: number;
  kind: string;
  sha256: string;
  size: number;
  content_type: string;
  uploaded_by: string;
  uploaded_at: string;
  destroyed_at: string | null;
}

/**
 * Uploaded documents (POST /documents): each file is kept by its id under `<DATA_DIR>/documents/files/`
 * (mode 0600, in 0700 directories), and its metadata in a small SQLite table `<DATA_DIR>/documents/documents.sqlite`.
 *
 * Documents always live on the embedded default — files and SQLite under DATA_DIR — even when the read models
 * are on PostgreSQL (READ_MODEL_URL): they are not a projection of the event log and cannot be rebuilt from it,
 * and the files themselves must sit on a disk anyway. A deployment that runs several api processes shares
 * DATA_DIR (SQLite in WAL mode with a busy timeout handles the few concurrent writers).
 *
 * Files are stored by id rather than by content, so destroying one submission's documents (Art. 4) deletes
 * exactly its files, whoever else uploaded the same bytes. Destruction keeps id, kind, sha256 and destroyedAt.
 *
 * Also the application's DocumentCatalog: `describe` turns document ids named in a command into references.
 */
export class DocumentStore implements DocumentCatalog {
  readonly root: string;
  private readonly filesDir: string;
  private readonly tempDir: string;
  private readonly db: Database.Database;
  private readonly now: () => Date;
  readonly maxBytes: number;

  constructor(options: DocumentStoreOptions) {
    this.root = join(options.dataDir, DOCUMENTS_DIR);
    this.filesDir = join(this.root, 'files');
    this.tempDir = join(this.root, 'tmp');
    for (const dir of [this.root, this.filesDir, this.tempDir]) mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.now = options.now ?? (() => new Date());
    this.maxBytes = options.maxBytes ?? MAX_DOCUMENT_BYTES;
    this.db = new Database(join(this.root, DOCUMENTS_DB_FILE));
    try {
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
      // Destroyed documents' rows are updated in place; nothing of a deleted page should linger in the file.
      this.db.pragma('secure_delete = ON');
      this.db.transaction(() => {
        const version = this.db.pragma('user_version', { simple: true }) as number;
        if (version > SCHEMA_VERSION) throw new Error(`${DOCUMENTS_DB_FILE} has schema version ${version}; this build knows ${SCHEMA_VERSION}`);
        if (version === 1) this.db.exec(MIGRATE_TO_2);
        else this.db.exec(SCHEMA);
        if (version < SCHEMA_VERSION) this.db.pragma(`user_version = ${SCHEMA_VERSION}`);
      })();
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  /**
   * Reads an upload into a private temporary file while hashing it. Judges the type by the leading bytes as
   * soon as they have arrived and stops reading at once when they are not a PDF, PNG or JPEG; stops as soon as
   * the file exceeds the limit (so a huge upload is never held whole). On failure nothing is left behind and
   * the rest of the source is drained, not destroyed: destroying a multipart parser's file stream would fail
   * the whole request with an abort error instead of ours.
   */
  async stage(source: Readable): Promise<StagedUpload> {
    const path = join(this.tempDir, `${randomUUID()}.part`);
    const handle = await open(path, 'wx', 0o600);
    const hash = createHash('sha256');
    let size = 0;
    let head = Buffer.alloc(0);
    let contentType: DocumentContentType | null = null;
    let closed = false;
    try {
      await consume(source, async (chunk) => {
        if (contentType === null) {
          head = Buffer.concat([head, chunk.subarray(0, SNIFF_BYTES - head.length)]);
          if (head.length >= SNIFF_BYTES) {
            contentType = sniffContentType(head);
            if (contentType === null) throw new UnsupportedDocumentTypeError();
          }
        }
        size += chunk.length;
        if (size > this.maxBytes) throw new DocumentTooLargeError(this.maxBytes);
        hash.update(chunk);
        await handle.write(chunk);
      });
      // A file shorter than the longest signature: judge what there is.
      contentType ??= sniffContentType(head);
      if (contentType === null) throw new UnsupportedDocumentTypeError();
      if ((source as Readable & { truncated?: boolean }).truncated === true) throw new DocumentTooLargeError(this.maxBytes);
      await handle.sync();
      await handle.close();
      closed = true;
      return { path, size, sha256: hash.digest('hex'), contentType };
    } catch (err) {
      if (!closed) await handle.close().catch(() => undefined);
      await unlinkIfExists(path);
      throw err;
    }
  }

  /** Stages an in-memory file (seeding, tests): the same checks as an upload. */
  async stageBuffer(content: Uint8Array): Promise<StagedUpload> {
    return this.stage(Readable.from([Buffer.from(content)]));
  }

  /**
   * Makes a staged upload a document: moves the file into place and records it. Returns its record.
   * Throws InvalidDocumentKindError (and removes the staged file) for a kind that is not a token.
   */
  async add(staged: StagedUpload, kind: unknown, uploadedBy: string): Promise<DocumentRecord> {
    if (!isDocumentKind(kind)) {
      await this.discard(staged);
      throw new InvalidDocumentKindError();
    }
    const id = randomUUID();
    const path = this.filePath(id);
    await rename(staged.path, path);
    await syncDir(this.filesDir);
    const record: DocumentRecord = {
      id,
      kind,
      sha256: staged.sha256,
      size: staged.size,
      contentType: staged.contentType,
      uploadedBy,
      uploadedAt: this.now(),
      destroyedAt: null,
    };
    try {
      this.db
        .prepare(
          'INSERT INTO documents (id, kind, sha256, size, content_type, uploaded_by, uploaded_at, destroyed_at) VALUES (?, ?, ?, ?, ?, ?, ?, NULL)',
        )
        .run(id, kind, record.sha256, record.size, record.contentType, uploadedBy, record.uploadedAt.toISOString());
    } catch (err) {
      await unlinkIfExists(path);
      throw err;
    }
    return record;
  }

  /** Removes a staged upload that will not become a document. */
  async discard(staged: Pick<StagedUpload, 'path'>): Promise<void> {
    await unlinkIfExists(staged.path);
  }

  /** The record of a document (destroyed ones included), or null for an unknown id. */
  get(id: string): DocumentRecord | null {
    if (!ID_PATTERN.test(id)) return null;
    const row = this.db.prepare('SELECT * FROM documents WHERE id = ?').get(id) as Row | undefined;
    return row ? toRecord(row) : null;
  }

  /** The file of a live document, opened for reading, or null when it is unknown, destroyed or missing. */
  async openFile(id: string): Promise<{ readonly record: DocumentRecord; readonly stream: ReadStream } | null> {
    const record = this.get(id);
    if (record === null || record.destroyedAt !== null) return null;
    let handle;
    try {
      handle = await open(this.filePath(id), 'r');
    } catch (err) {
      if (isCode(err, 'ENOENT')) return null;
      throw err;
    }
    // The stream owns the handle (and closes it when done or destroyed).
    return { record, stream: createReadStream('', { fd: handle, autoClose: true }) };
  }

  /**
   * Art. 4: deletes the files of these documents and keeps id, kind, sha256 and destroyedAt. Idempotent: a
   * document destroyed before keeps its first destroyedAt (and its file is deleted again if a crash left it).
   * The rows are marked first, in one transaction, then the files deleted, so a crash in between leaves
   * nothing servable.
   */
  async destroy(ids: readonly string[], options: DestroyOptions = {}): Promise<DestroyResult> {
    const at = this.now().toISOString();
    const owner = options.owner;
    const select = this.db.prepare('SELECT * FROM documents WHERE id = ?');
    const mark = this.db.prepare('UPDATE documents SET destroyed_at = ? WHERE id = ? AND destroyed_at IS NULL');
    const { found, unknown, foreign } = this.db.transaction(() => {
      const found: Row[] = [];
      const unknown: string[] = [];
      const foreign: string[] = [];
      for (const id of new Set(ids)) {
        const row = ID_PATTERN.test(id) ? (select.get(id) as Row | undefined) : undefined;
        if (!row) {
          unknown.push(id);
          continue;
        }
        if (owner !== undefined && row.contract_id !== owner && !(row.contract_id === null && row.unbound_legacy === 1)) {
          foreign.push(id);
          continue;
        }
        if (row.destroyed_at === null) {
          mark.run(at, id);
          row.destroyed_at = at;
        }
        found.push(row);
      }
      return { found, unknown, foreign };
    })();
    for (const row of found) await unlinkIfExists(this.filePath(row.id));
    if (found.length > 0) await syncDir(this.filesDir);
    return {
      destroyed: found.map((row) => ({ id: row.id, kind: row.kind, sha256: row.sha256, destroyedAt: new Date(row.destroyed_at!) })),
      unknown,
      foreign,
    };
  }

  /**
   * DocumentCatalog: the references for `ids`, in order. Throws the domain's InvalidInput (field `field`)
   * for an id that is unknown or whose document was destroyed.
   */
  async describe(ids: readonly string[], field: string): Promise<DocumentRef[]> {
    const select = this.db.prepare('SELECT * FROM documents WHERE id = ?');
    return ids.map((id) => toRef(liveRow(select, id, field)));
  }

  /**
   * DocumentCatalog: binds the documents to `contractId` — the one application they belong to from then on —
   * and describes them, in one transaction (two applications naming the same upload at once cannot both have
   * it). Refuses (InvalidInput on `field`) an unknown or destroyed id and one bound to another contract.
   */
  async attach(ids: readonly string[], contractId: string, field: string): Promise<AttachedDocuments> {
    const select = this.db.prepare('SELECT * FROM documents WHERE id = ?');
    const bind = this.db.prepare('UPDATE documents SET contract_id = ? WHERE id = ? AND contract_id IS NULL');
    return this.db.transaction(() => {
      const bound: string[] = [];
      const documents = ids.map((id) => {
        const row = liveRow(select, id, field);
        if (row.contract_id !== null && row.contract_id !== contractId) {
          throw new InvalidInput(field, `document ${JSON.stringify(row.id)} belongs to another application`);
        }
        if (row.contract_id === null && bind.run(contractId, row.id).changes === 1) bound.push(row.id);
        return toRef(row);
      });
      return { documents, bound };
    })();
  }

  /** DocumentCatalog: frees documents `attach` bound to `contractId` for a command that was then refused. */
  async release(ids: readonly string[], contractId: string): Promise<void> {
    const unbind = this.db.prepare('UPDATE documents SET contract_id = NULL WHERE id = ? AND contract_id = ?');
    this.db.transaction(() => {
      for (const id of ids) unbind.run(id, contractId);
    })();
  }

  /**
   * Removes what a crash may have left: temporary files, files of destroyed documents, and files without a
   * record (a crash between moving a file into place and recording it). Temporary and unrecorded files are
   * removed only once they are an hour old, as another process may be in the middle of an upload.
   */
  async sweep(): Promise<{ removed: number }> {
    let removed = 0;
    const cutoff = this.now().getTime() - SWEEP_MIN_AGE_MS;
    const olderThanCutoff = async (path: string) => {
      try {
        const stat = await lstat(path);
        return stat.isFile() && stat.mtimeMs < cutoff;
      } catch {
        return false;
      }
    };
    for (const name of await readdir(this.tempDir)) {
      const path = join(this.tempDir, name);
      if ((await olderThanCutoff(path)) && (await unlinkIfExists(path))) removed += 1;
    }
    const select = this.db.prepare('SELECT destroyed_at FROM documents WHERE id = ?');
    for (const name of await readdir(this.filesDir)) {
      const path = join(this.filesDir, name);
      const row = ID_PATTERN.test(name) ? (select.get(name) as Pick<Row, 'destroyed_at'> | undefined) : undefined;
      const stale = row ? row.destroyed_at !== null : await olderThanCutoff(path);
      if (stale && (await unlinkIfExists(path))) removed += 1;
    }
    return { removed };
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  private filePath(id: string): string {
    if (!ID_PATTERN.test(id)) throw new Error('not a document id');
    return join(this.filesDir, id);
  }
}

/** The row of a live document, or the domain's InvalidInput on `field` for an unknown or destroyed id. */
function liveRow(select: Database.Statement, id: string, field: string): Row {
  const row = typeof id === 'string' && ID_PATTERN.test(id) ? (select.get(id) as Row | undefined) : undefined;
  const shown = JSON.stringify(String(id).slice(0, 100));
  if (!row) throw new InvalidInput(field, `unknown document ${shown}`);
  if (row.destroyed_at !== null) throw new InvalidInput(field, `document ${shown} was destroyed`);
  return row;
}

function toRef(row: Row): DocumentRef {
  return { id: row.id, kind: row.kind, sha256: row.sha256 };
}

function toRecord(row: Row): DocumentRecord {
  if (!isDocumentContentType(row.content_type)) throw new Error(`document ${row.id} has an unknown content type`);
  return {
    id: row.id,
    kind: row.kind,
    sha256: row.sha256,
    size: row.size,
    contentType: row.content_type,
    uploadedBy: row.uploaded_by,
    uploadedAt: new Date(row.uploaded_at),
    destroyedAt: row.destroyed_at === null ? null : new Date(row.destroyed_at),
  };
}

/**
 * Feeds `source` chunk by chunk to `onChunk`, one at a time (paused while it runs). When `onChunk` throws, the
 * rest of the source is drained and discarded and the promise rejects with that error.
 */
function consume(source: Readable, onChunk: (chunk: Buffer) => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => {
    let pending: Promise<void> = Promise.resolve();
    let settled = false;
    const cleanup = () => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('error', onError);
    };
    const fail = (err: unknown) => {
      if (settled) return;
      settled = true;
      cleanup();
      source.on('error', () => undefined);
      source.resume();
      reject(err);
    };
    const onData = (data: Buffer | string) => {
      const chunk = typeof data === 'string' ? Buffer.from(data) : data;
      source.pause();
      pending = onChunk(chunk).then(() => {
        if (!settled) source.resume();
      }, fail);
    };
    const onEnd = () => {
      void pending.then(() => {
        if (settled) return;
        settled = true;
        cleanup();
        resolve();
      });
    };
    const onError = (err: unknown) => fail(err);
    source.on('data', onData);
    source.on('end', onEnd);
    source.on('error', onError);
  });
}

async function unlinkIfExists(path: string): Promise<boolean> {
  try {
    await unlink(path);
    return true;
  } catch (err) {
    if (isCode(err, 'ENOENT')) return false;
    throw err;
  }
}

/** Makes a rename or unlink in `dir` durable. */
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
