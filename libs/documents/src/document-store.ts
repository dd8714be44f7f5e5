import { createCipheriv, createDecipheriv, createHash, randomBytes, randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import type { Kysely } from 'kysely';
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

/** An upload read, checked and hashed, not yet part of the store. */
export interface StagedUpload {
  readonly content: Buffer;
  readonly size: number;
  readonly sha256: string;
  readonly contentType: DocumentContentType;
}

export interface DestroyResult {
  /** Every known id asked for (already destroyed ones included), with what is kept of it. */
  readonly destroyed: ReadonlyArray<DocumentRef & { readonly destroyedAt: Date }>;
  /** Ids the store has never seen. */
  readonly unknown: readonly string[];
  /** Ids left alone because they belong to another application than `owner` (or were never attached). */
  readonly foreign: readonly string[];
}

/** An upload no application took, as the retention destroyed it. */
export interface UnattachedDestruction extends DocumentRef {
  readonly uploadedAt: Date;
  readonly destroyedAt: Date;
}

export interface DestroyOptions {
  /**
   * The contract whose documents these are: a document bound to another contract is left alone (reported in
   * `foreign`), and so is one never attached. Documents imported from a store that kept no binding count as
   * this contract's.
   */
  readonly owner?: string;
  /** Who destroys them (recorded with each destroyed key). */
  readonly by?: string;
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

/**
 * Where a document's own data key lives (the personal-data key store, SqlDataKeyStore, under the id
 * `document:<id>`): created at upload, read to serve the file, destroyed with the document.
 */
export interface DocumentKeyStore {
  keyForWrite(id: string): Promise<Uint8Array | null>;
  keyForRead(id: string): Promise<{ readonly state: 'active'; readonly key: Uint8Array } | { readonly state: 'destroyed' | 'missing' }>;
  destroy(id: string, by: string): Promise<unknown>;
}

export interface DocumentStoreOptions {
  /** The read-model database (SQLite on one host, PostgreSQL shared by every process); migration 0004 has run. */
  readonly db: Kysely<any>;
  /** The key store that holds each document's data key. */
  readonly keys: DocumentKeyStore;
  /** The time recorded as uploadedAt / destroyedAt (the application clock); defaults to the wall clock. */
  readonly now?: () => Date;
  /** Largest file accepted (default MAX_DOCUMENT_BYTES, 10 MB). */
  readonly maxBytes?: number;
}

const ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const NONCE = 12;
const TAG = 16;

/** The id of a document's data key in the key store (beside the contracts' ids, which are UUIDs too). */
export const documentKeyId = (id: string) => `document:${id}`;

interface Row {
  id: string;
  /** The application the document belongs to (the first it was attached to); null until then. */
  contract_id: string | null;
  /** Imported from a store that kept no binding: counts as the destroying contract's (migration 0006). */
  unbound_legacy: number | string;
  kind: string;
  sha256: string;
  size: number | string;
  content_type: string;
  uploaded_by: string;
  uploaded_at: string;
  destroyed_at: string | null;
}

type Tables = {
  documents: Row;
  document_contents: { id: string; sealed: Uint8Array };
};

/**
 * Uploaded documents (POST /documents), in the read-model database — SQLite under DATA_DIR on one host,
 * PostgreSQL when several processes serve the deployment — so every api and worker process sees the same files
 * and the same destruction. Metadata in `documents`; the bytes in `document_contents`, encrypted (AES-256-GCM,
 * the document id as additional data) with a data key of the document's own, kept wrapped by the master key in
 * the key store.
 *
 * Files are stored by id rather than by content, so destroying one submission's documents (Art. 4) deletes
 * exactly its files, whoever else uploaded the same bytes. Destruction keeps id, kind, sha256 and destroyedAt,
 * deletes the encrypted bytes and destroys the document's key: what a database's WAL, replicas or backups still
 * hold of the bytes can no longer be decrypted.
 *
 * Also the application's DocumentCatalog: `describe` turns document ids named in a command into references.
 */
export class DocumentStore implements DocumentCatalog {
  private readonly db: Kysely<Tables>;
  private readonly keys: DocumentKeyStore;
  private readonly now: () => Date;
  readonly maxBytes: number;

  constructor(options: DocumentStoreOptions) {
    this.db = options.db.withTables<Tables>() as unknown as Kysely<Tables>;
    this.keys = options.keys;
    this.now = options.now ?? (() => new Date());
    this.maxBytes = options.maxBytes ?? MAX_DOCUMENT_BYTES;
  }

  /**
   * Reads an upload into memory while hashing it (at most the limit: 10 MB). Judges the type by the leading
   * bytes as soon as they have arrived and stops keeping bytes at once when they are not a PDF, PNG or JPEG;
   * stops as soon as the file exceeds the limit. On failure the rest of the source is drained, not destroyed:
   * destroying a multipart parser's file stream would fail the whole request with an abort error instead of ours.
   */
  async stage(source: Readable): Promise<StagedUpload> {
    const hash = createHash('sha256');
    const chunks: Buffer[] = [];
    let size = 0;
    let head = Buffer.alloc(0);
    let contentType: DocumentContentType | null = null;
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
      chunks.push(chunk);
    });
    // A file shorter than the longest signature: judge what there is.
    contentType ??= sniffContentType(head);
    if (contentType === null) throw new UnsupportedDocumentTypeError();
    if ((source as Readable & { truncated?: boolean }).truncated === true) throw new DocumentTooLargeError(this.maxBytes);
    return { content: Buffer.concat(chunks, size), size, sha256: hash.digest('hex'), contentType };
  }

  /** Stages an in-memory file (seeding, tests): the same checks as an upload. */
  async stageBuffer(content: Uint8Array): Promise<StagedUpload> {
    return this.stage(Readable.from([Buffer.from(content)]));
  }

  /**
   * Makes a staged upload a document: creates its data key, stores the record and the encrypted bytes in one
   * transaction. Returns its record. Throws InvalidDocumentKindError for a kind that is not a token.
   */
  async add(staged: StagedUpload, kind: unknown, uploadedBy: string): Promise<DocumentRecord> {
    if (!isDocumentKind(kind)) throw new InvalidDocumentKindError();
    const id = randomUUID();
    const key = await this.keyFor(id);
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
    const sealed = seal(key, id, staged.content);
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('documents')
        .values({
          id, contract_id: null, unbound_legacy: 0, kind, sha256: record.sha256, size: record.size, content_type: record.contentType, uploaded_by: uploadedBy,
          uploaded_at: record.uploadedAt.toISOString(), destroyed_at: null,
        })
        .execute();
      await trx.insertInto('document_contents').values({ id, sealed }).execute();
    });
    return record;
  }

  /**
   * Takes over a document kept elsewhere before (the store a single host kept under DATA_DIR): its record as it
   * was, its bytes (null when destroyed or lost) sealed under a new key of its own. Nothing happens for an id
   * this store already has. Returns whether it was imported.
   */
  async importDocument(
    record: DocumentRecord & { readonly contractId: string | null; readonly unboundLegacy: boolean },
    content: Buffer | null,
  ): Promise<boolean> {
    if (!ID_PATTERN.test(record.id) || (await this.get(record.id)) !== null) return false;
    const sealed = content && record.destroyedAt === null ? seal(await this.keyFor(record.id), record.id, content) : null;
    await this.db.transaction().execute(async (trx) => {
      await trx
        .insertInto('documents')
        .values({
          id: record.id, contract_id: record.contractId, unbound_legacy: record.unboundLegacy ? 1 : 0, kind: record.kind, sha256: record.sha256,
          size: record.size, content_type: record.contentType, uploaded_by: record.uploadedBy, uploaded_at: record.uploadedAt.toISOString(),
          destroyed_at: record.destroyedAt?.toISOString() ?? null,
        })
        .execute();
      if (sealed) await trx.insertInto('document_contents').values({ id: record.id, sealed }).execute();
    });
    return true;
  }

  private async keyFor(id: string): Promise<Uint8Array> {
    const key = await this.keys.keyForWrite(documentKeyId(id));
    if (key === null) throw new Error(`the data key of document ${id} is destroyed`);
    return key;
  }

  /** The record of a document (destroyed ones included), or null for an unknown id. */
  async get(id: string): Promise<DocumentRecord | null> {
    if (!ID_PATTERN.test(id)) return null;
    const row = await this.db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst();
    return row ? toRecord(row) : null;
  }

  /** The file of a live document, decrypted, or null when it is unknown or destroyed. */
  async openFile(id: string): Promise<{ readonly record: DocumentRecord; readonly stream: Readable } | null> {
    const record = await this.get(id);
    if (record === null || record.destroyedAt !== null) return null;
    const content = await this.db.selectFrom('document_contents').select('sealed').where('id', '=', id).executeTakeFirst();
    if (!content) return null;
    const key = await this.keys.keyForRead(documentKeyId(id));
    // Destroyed meanwhile (by another process): gone, like a document that never existed.
    if (key.state !== 'active') return null;
    return { record, stream: Readable.from([open(key.key, id, Buffer.from(content.sealed))]) };
  }

  /**
   * Art. 4: deletes the bytes of these documents, destroys their keys and keeps id, kind, sha256 and
   * destroyedAt. With `owner`, only that contract's documents. Idempotent: a document destroyed before keeps its
   * first destroyedAt (and its bytes and key are deleted again if a crash left them). The rows are marked and the
   * bytes deleted in one transaction, then the keys destroyed.
   */
  async destroy(ids: readonly string[], options: DestroyOptions = {}): Promise<DestroyResult> {
    const at = this.now().toISOString();
    const owner = options.owner;
    const { found, unknown, foreign } = await this.db.transaction().execute(async (trx) => {
      const found: Row[] = [];
      const unknown: string[] = [];
      const foreign: string[] = [];
      for (const id of new Set(ids)) {
        const row = ID_PATTERN.test(id) ? await trx.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
        if (!row) {
          unknown.push(id);
          continue;
        }
        if (owner !== undefined && row.contract_id !== owner && !(row.contract_id === null && Number(row.unbound_legacy) === 1)) {
          foreign.push(id);
          continue;
        }
        if (row.destroyed_at === null) {
          await trx.updateTable('documents').set({ destroyed_at: at }).where('id', '=', id).where('destroyed_at', 'is', null).execute();
          row.destroyed_at = at;
        }
        await trx.deleteFrom('document_contents').where('id', '=', id).execute();
        found.push(row);
      }
      return { found, unknown, foreign };
    });
    for (const row of found) await this.keys.destroy(documentKeyId(row.id), options.by ?? 'documents');
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
    const refs: DocumentRef[] = [];
    for (const id of ids) refs.push(toRef(await liveRow(this.db, id, field)));
    return refs;
  }

  /**
   * DocumentCatalog: binds the documents to `contractId` — the one application they belong to from then on —
   * and describes them, in one transaction (two applications naming the same upload at once cannot both have
   * it: the binding is a conditional update). Refuses (InvalidInput on `field`) an unknown or destroyed id and
   * one bound to another contract.
   */
  async attach(ids: readonly string[], contractId: string, field: string): Promise<AttachedDocuments> {
    return this.db.transaction().execute(async (trx) => {
      const bound: string[] = [];
      const documents: DocumentRef[] = [];
      for (const id of ids) {
        const row = await liveRow(trx, id, field);
        const taken = () => new InvalidInput(field, `document ${JSON.stringify(row.id)} belongs to another application`);
        if (row.contract_id !== null && row.contract_id !== contractId) throw taken();
        if (row.contract_id === null) {
          const result = await trx.updateTable('documents').set({ contract_id: contractId }).where('id', '=', row.id).where('contract_id', 'is', null).executeTakeFirst();
          if (Number(result.numUpdatedRows) === 1) bound.push(row.id);
          else if ((await trx.selectFrom('documents').select('contract_id').where('id', '=', row.id).executeTakeFirst())?.contract_id !== contractId) throw taken();
        }
        documents.push(toRef(row));
      }
      return { documents, bound };
    });
  }

  /**
   * Art. 4: uploads never attached to an application and uploaded before `uploadedBefore` are destroyed like a
   * rejected application's (bytes deleted, key destroyed, id, kind and digest kept). An upload attached
   * meanwhile is left alone (the mark is conditional on it still being free). Returns what was destroyed.
   */
  async destroyUnattached(uploadedBefore: Date, by = 'documents:retention'): Promise<DestroyResult['destroyed']> {
    const at = this.now().toISOString();
    const rows = await this.db.transaction().execute(async (trx) => {
      const candidates = await trx
        .selectFrom('documents')
        .selectAll()
        .where('contract_id', 'is', null)
        .where('destroyed_at', 'is', null)
        .where('uploaded_at', '<', uploadedBefore.toISOString())
        .execute();
      const destroyed: Row[] = [];
      for (const row of candidates) {
        const marked = await trx.updateTable('documents').set({ destroyed_at: at }).where('id', '=', row.id).where('contract_id', 'is', null).where('destroyed_at', 'is', null).executeTakeFirst();
        if (Number(marked.numUpdatedRows) !== 1) continue;
        await trx.deleteFrom('document_contents').where('id', '=', row.id).execute();
        destroyed.push({ ...row, destroyed_at: at });
      }
      return destroyed;
    });
    for (const row of rows) await this.keys.destroy(documentKeyId(row.id), by);
    return rows.map((row) => ({ id: row.id, kind: row.kind, sha256: row.sha256, destroyedAt: new Date(row.destroyed_at!) }));
  }

  /**
   * Uploads no application ever took that were destroyed at or after `since` (the retention's destructions), oldest
   * first: what the retention records in the event log.
   */
  async destroyedUnattached(since: Date): Promise<UnattachedDestruction[]> {
    const rows = await this.db
      .selectFrom('documents')
      .selectAll()
      .where('contract_id', 'is', null)
      .where('destroyed_at', 'is not', null)
      .where('destroyed_at', '>=', since.toISOString())
      .orderBy('destroyed_at', 'asc')
      .orderBy('id', 'asc')
      .execute();
    return rows.map((row) => ({ id: row.id, kind: row.kind, sha256: row.sha256, uploadedAt: new Date(row.uploaded_at), destroyedAt: new Date(row.destroyed_at!) }));
  }

  /** DocumentCatalog: frees documents `attach` bound to `contractId` for a command that was then refused. */
  async release(ids: readonly string[], contractId: string): Promise<void> {
    if (ids.length === 0) return;
    await this.db.updateTable('documents').set({ contract_id: null }).where('id', 'in', [...ids]).where('contract_id', '=', contractId).execute();
  }
}

/** The row of a live document, or the domain's InvalidInput on `field` for an unknown or destroyed id. */
async function liveRow(db: Kysely<Tables>, id: string, field: string): Promise<Row> {
  const row = typeof id === 'string' && ID_PATTERN.test(id) ? await db.selectFrom('documents').selectAll().where('id', '=', id).executeTakeFirst() : undefined;
  const shown = JSON.stringify(String(id).slice(0, 100));
  if (!row) throw new InvalidInput(field, `unknown document ${shown}`);
  if (row.destroyed_at !== null) throw new InvalidInput(field, `document ${shown} was destroyed`);
  return row;
}

function toRef(row: Row): DocumentRef {
  return { id: row.id, kind: row.kind, sha256: row.sha256 };
}

/** nonce ‖ ciphertext ‖ tag, the document id as additional data (a sealed file cannot be moved to another id). */
function seal(key: Uint8Array, id: string, plain: Buffer): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(`pfw/document/v1\u0000${id}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plain), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

function open(key: Uint8Array, id: string, sealed: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE));
  decipher.setAAD(Buffer.from(`pfw/document/v1\u0000${id}`, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  return Buffer.concat([decipher.update(sealed.subarray(NONCE, sealed.length - TAG)), decipher.final()]);
}

function toRecord(row: Row): DocumentRecord {
  if (!isDocumentContentType(row.content_type)) throw new Error(`document ${row.id} has an unknown content type`);
  return {
    id: row.id,
    kind: row.kind,
    sha256: row.sha256,
    size: Number(row.size),
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
