import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { InvalidInput } from '@pfw/domain';
import {
  documentKeyId,
  DocumentStore,
  DocumentTooLargeError,
  importLegacyDocuments,
  InvalidDocumentKindError,
  sniffContentType,
  UnsupportedDocumentTypeError,
  type DocumentRecord,
} from '@pfw/documents';
import { SqlDataKeyStore } from '@pfw/personal-data';
import { migrateReadModels } from '@pfw/read-models';
import { backends, type TestDatabase } from '../../read-models/test/support/backends';
import { DOCUMENT_STORE_MIGRATIONS, samples, testMasterKey } from './support';

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(Buffer.from(chunk as Buffer));
  return Buffer.concat(chunks);
}

describe('sniffContentType (leading bytes only)', () => {
  it.each([
    ['application/pdf', Buffer.from('%PDF-1.4', 'latin1')],
    ['image/png', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])],
    ['image/jpeg', Buffer.from([0xff, 0xd8, 0xff, 0xdb])],
  ])('recognizes %s', (type, head) => {
    expect(sniffContentType(head)).toBe(type);
  });

  it.each([
    ['plain text', Buffer.from('hello world', 'utf8')],
    ['a PDF signature not at the start', Buffer.from(' %PDF-1.4', 'latin1')],
    ['a truncated PNG signature', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a])],
    ['a GIF', Buffer.from('GIF89a', 'latin1')],
    ['nothing', Buffer.alloc(0)],
  ])('refuses %s', (_name, head) => {
    expect(sniffContentType(head)).toBeNull();
  });
});

describe.each(backends())('DocumentStore on %s', (_name, backend) => {
  let t: TestDatabase;
  let keys: SqlDataKeyStore;
  let store: DocumentStore;
  let now: Date;
  const master = testMasterKey();

  beforeAll(() => backend.start(), 60_000);
  afterAll(() => backend.stop());

  beforeEach(async () => {
    t = await backend.open();
    await migrateReadModels(t.db, DOCUMENT_STORE_MIGRATIONS);
    now = new Date('2026-04-01T00:00:00.000Z');
    keys = new SqlDataKeyStore(t.db, master);
    store = new DocumentStore({ db: t.db, keys, now: () => now });
  });

  afterEach(async () => {
    await t.dispose();
  });

  const put = async (bytes: Buffer, kind = 'APPLICATION_FORM', by = 'staff-1'): Promise<DocumentRecord> => store.add(await store.stageBuffer(bytes), kind, by);
  const sealedOf = async (id: string) =>
    (await t.db.withTables<{ document_contents: { id: string; sealed: Uint8Array } }>().selectFrom('document_contents').select('sealed').where('id', '=', id).executeTakeFirst())?.sealed;

  it.each([
    ['pdf', 'application/pdf'],
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
  ] as const)('stores a %s in the read-model database, encrypted under a key of its own, with its digest, size, type, uploader and time', async (sample, type) => {
    const bytes = samples[sample]();
    const record = await put(bytes, 'COVER_LETTER', 'staff-7');
    expect(record).toEqual({
      id: expect.stringMatching(/^[0-9a-f-]{36}$/),
      kind: 'COVER_LETTER',
      sha256: sha256(bytes),
      size: bytes.length,
      contentType: type,
      uploadedBy: 'staff-7',
      uploadedAt: now,
      destroyedAt: null,
    });
    expect(await store.get(record.id)).toEqual(record);
    const sealed = Buffer.from((await sealedOf(record.id))!);
    expect(sealed.length).toBe(bytes.length + 12 + 16);
    expect(sealed.includes(bytes.subarray(0, 64))).toBe(false);
    expect((await keys.keyForRead(documentKeyId(record.id))).state).toBe('active');
  });

  it('streams an upload chunk by chunk, judging the type from leading bytes split across chunks', async () => {
    const bytes = samples.png(100_000);
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 5), bytes.subarray(5, 70_000), bytes.subarray(70_000)];
    const staged = await store.stage(Readable.from(chunks));
    expect(staged).toMatchObject({ size: bytes.length, sha256: sha256(bytes), contentType: 'image/png' });
    expect(staged.content.equals(bytes)).toBe(true);
  });

  it('refuses a file whose leading bytes are not PDF, PNG or JPEG', async () => {
    await expect(store.stageBuffer(samples.text())).rejects.toBeInstanceOf(UnsupportedDocumentTypeError);
    await expect(store.stageBuffer(Buffer.from('%PD', 'latin1'))).rejects.toBeInstanceOf(UnsupportedDocumentTypeError);
  });

  it('accepts exactly the limit and refuses one byte more', async () => {
    store = new DocumentStore({ db: t.db, keys, maxBytes: 1000, now: () => now });
    const exact = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(995, 0x20)]);
    await expect(store.stageBuffer(exact)).resolves.toMatchObject({ size: 1000 });
    const over = Buffer.concat([exact, Buffer.from('x')]);
    await expect(store.stageBuffer(over)).rejects.toEqual(new DocumentTooLargeError(1000));
  });

  it('refuses a kind that is not an upper-case token and stores nothing', async () => {
    for (const kind of [undefined, '', 'application_form', 'A B', 'X'.repeat(65), '1ABC', ['A']]) {
      const staged = await store.stageBuffer(samples.pdf());
      await expect(store.add(staged, kind, 'staff-1')).rejects.toBeInstanceOf(InvalidDocumentKindError);
    }
    const { rows } = await t.db.withTables<{ documents: { id: string } }>().selectFrom('documents').select('id').execute().then((rows) => ({ rows }));
    expect(rows).toEqual([]);
  });

  it('opens a live document for reading, with identical bytes', async () => {
    const bytes = samples.jpeg(5000);
    const record = await put(bytes);
    const opened = await store.openFile(record.id);
    expect(opened?.record).toEqual(record);
    expect((await readAll(opened!.stream)).equals(bytes)).toBe(true);
  });

  it('knows nothing of unknown or malformed ids', async () => {
    expect(await store.get('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(await store.get('../documents.sqlite')).toBeNull();
    expect(await store.openFile('../../etc/passwd')).toBeNull();
  });

  it('Art. 4: destroy deletes the bytes and destroys each key, keeps id, kind, sha256 and destroyedAt, names the unknown ids, and is idempotent', async () => {
    const a = await put(samples.pdf(), 'APPLICATION_FORM');
    const b = await put(samples.png(), 'COVER_LETTER');
    const keep = await put(samples.jpeg(), 'COVER_LETTER');
    now = new Date('2026-04-02T00:00:00.000Z');
    const result = await store.destroy([a.id, b.id, 'never-seen'], { by: 'saga:rejection' });
    expect(result).toEqual({
      destroyed: [
        { id: a.id, kind: 'APPLICATION_FORM', sha256: a.sha256, destroyedAt: now },
        { id: b.id, kind: 'COVER_LETTER', sha256: b.sha256, destroyedAt: now },
      ],
      unknown: ['never-seen'],
      foreign: [],
    });
    expect(await sealedOf(a.id)).toBeUndefined();
    expect(await sealedOf(b.id)).toBeUndefined();
    expect(await sealedOf(keep.id)).toBeDefined();
    expect((await keys.keyForRead(documentKeyId(a.id))).state).toBe('destroyed');
    expect((await keys.keyForRead(documentKeyId(keep.id))).state).toBe('active');
    expect(await store.get(a.id)).toMatchObject({ id: a.id, kind: a.kind, sha256: a.sha256, destroyedAt: now });
    expect(await store.openFile(a.id)).toBeNull();

    now = new Date('2026-04-03T00:00:00.000Z');
    const again = await store.destroy([a.id]);
    expect(again.destroyed).toEqual([{ id: a.id, kind: a.kind, sha256: a.sha256, destroyedAt: new Date('2026-04-02T00:00:00.000Z') }]);
  });

  it('a destruction in another process (its own connection and key cache) is a 404 here at once', async () => {
    const record = await put(samples.pdf());
    expect(await store.openFile(record.id)).not.toBeNull();
    const other = new DocumentStore({ db: t.db, keys: new SqlDataKeyStore(t.db, master), now: () => now });
    await other.destroy([record.id]);
    expect(await store.openFile(record.id)).toBeNull();
    expect((await other.destroy(['00000000-0000-4000-8000-000000000000'])).unknown).toEqual(['00000000-0000-4000-8000-000000000000']);
  });

  it('describe answers references in the order asked, and refuses unknown or destroyed ids with InvalidInput on the field', async () => {
    const a = await put(samples.pdf(), 'APPLICATION_FORM');
    const b = await put(samples.png(), 'COVER_LETTER');
    await expect(store.describe([b.id, a.id], 'documentIds')).resolves.toEqual([
      { id: b.id, kind: 'COVER_LETTER', sha256: b.sha256 },
      { id: a.id, kind: 'APPLICATION_FORM', sha256: a.sha256 },
    ]);
    await expect(store.describe([], 'documentIds')).resolves.toEqual([]);

    const unknown = await store.describe([a.id, 'nope'], 'documentIds').catch((err: unknown) => err);
    expect(unknown).toBeInstanceOf(InvalidInput);
    expect(unknown).toMatchObject({ field: 'documentIds', code: 'BAD_USER_INPUT' });
    expect((unknown as Error).message).toContain('unknown document "nope"');

    await store.destroy([b.id]);
    const destroyed = await store.describe([b.id], 'transferConsentDocumentId').catch((err: unknown) => err);
    expect(destroyed).toBeInstanceOf(InvalidInput);
    expect(destroyed).toMatchObject({ field: 'transferConsentDocumentId' });
    expect((destroyed as Error).message).toContain('was destroyed');
  });

  describe('a document belongs to the one application it was first attached to', () => {
    const A = 'contract-a';
    const B = 'contract-b';

    it('attach binds and describes; the same contract may name them again; another contract is refused on the field', async () => {
      const a = await put(samples.pdf(), 'APPLICATION_FORM');
      const b = await put(samples.png(), 'COVER_LETTER');
      await expect(store.attach([a.id, b.id], A, 'documentIds')).resolves.toEqual({
        documents: [
          { id: a.id, kind: 'APPLICATION_FORM', sha256: a.sha256 },
          { id: b.id, kind: 'COVER_LETTER', sha256: b.sha256 },
        ],
        bound: [a.id, b.id],
      });
      await expect(store.attach([a.id], A, 'documentIds')).resolves.toMatchObject({ bound: [] });
      const refused = await store.attach([b.id], B, 'documentIds').catch((err: unknown) => err);
      expect(refused).toBeInstanceOf(InvalidInput);
      expect(refused).toMatchObject({ field: 'documentIds', code: 'BAD_USER_INPUT' });
      expect((refused as Error).message).toContain('belongs to another application');
    });

    it('a refused attach binds nothing, not even the ids before the refused one', async () => {
      const free = await put(samples.pdf());
      const taken = await put(samples.pdf());
      await store.attach([taken.id], A, 'documentIds');
      await expect(store.attach([free.id, taken.id], B, 'documentIds')).rejects.toBeInstanceOf(InvalidInput);
      await expect(store.attach([free.id], A, 'documentIds')).resolves.toMatchObject({ bound: [free.id] });
    });

    it('release frees what a refused command bound, and only that contract’s binding', async () => {
      const doc = await put(samples.pdf());
      await store.attach([doc.id], A, 'documentIds');
      await store.release([doc.id], B);
      await expect(store.attach([doc.id], B, 'documentIds')).rejects.toBeInstanceOf(InvalidInput);
      await store.release([doc.id], A);
      await expect(store.attach([doc.id], B, 'documentIds')).resolves.toMatchObject({ bound: [doc.id] });
    });

    it('Art. 4 (security review, finding 6): uploads not attached within the window are destroyed; attached and recent ones kept', async () => {
      const loose = await put(samples.pdf(), 'COVER_LETTER');
      const attached = await put(samples.pdf());
      await store.attach([attached.id], A, 'documentIds');
      now = new Date(now.getTime() + 23 * 3_600_000);
      const recent = await put(samples.pdf());
      now = new Date(now.getTime() + 2 * 3_600_000);
      const destroyed = await store.destroyUnattached(new Date(now.getTime() - 24 * 3_600_000));
      expect(destroyed).toEqual([{ id: loose.id, kind: 'COVER_LETTER', sha256: loose.sha256, destroyedAt: now }]);
      expect(await store.openFile(loose.id)).toBeNull();
      expect(await sealedOf(loose.id)).toBeUndefined();
      expect(await store.openFile(attached.id)).not.toBeNull();
      expect(await store.openFile(recent.id)).not.toBeNull();
      await expect(store.attach([loose.id], B, 'documentIds')).rejects.toBeInstanceOf(InvalidInput);
      expect(await store.destroyUnattached(new Date(now.getTime() - 24 * 3_600_000))).toEqual([]);
    });

    it('destroying one application’s documents never touches another’s (nor an upload never attached)', async () => {
      const mine = await put(samples.pdf());
      const theirs = await put(samples.pdf());
      const loose = await put(samples.pdf());
      await store.attach([mine.id], B, 'documentIds');
      await store.attach([theirs.id], A, 'documentIds');
      const result = await store.destroy([mine.id, theirs.id, loose.id], { owner: B });
      expect(result.destroyed.map((d) => d.id)).toEqual([mine.id]);
      expect(result.foreign).toEqual([theirs.id, loose.id]);
      expect(await sealedOf(theirs.id)).toBeDefined();
      expect(await sealedOf(loose.id)).toBeDefined();
      expect((await store.get(theirs.id))?.destroyedAt).toBeNull();
      await expect(store.describe([theirs.id], 'documentIds')).resolves.toHaveLength(1);
    });
  });

  it('moves the documents a single host kept under DATA_DIR into the store, sealed, then removes them there; legacy ones count as the destroying contract\'s', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'pfw-legacy-docs-'));
    try {
      const root = join(dataDir, 'documents');
      mkdirSync(join(root, 'files'), { recursive: true });
      const live = { id: '11111111-1111-4111-8111-111111111111', bytes: samples.pdf() };
      const gone = { id: '22222222-2222-4222-8222-222222222222', bytes: samples.png() };
      writeFileSync(join(root, 'files', live.id), live.bytes);
      // The schema-1 store: no binding to an application.
      const legacy = new Database(join(root, 'documents.sqlite'));
      legacy.exec(`CREATE TABLE documents (id TEXT PRIMARY KEY, kind TEXT NOT NULL, sha256 TEXT NOT NULL, size INTEGER NOT NULL,
        content_type TEXT NOT NULL, uploaded_by TEXT NOT NULL, uploaded_at TEXT NOT NULL, destroyed_at TEXT)`);
      const insert = legacy.prepare('INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?)');
      insert.run(live.id, 'APPLICATION_FORM', sha256(live.bytes), live.bytes.length, 'application/pdf', 'staff-1', '2026-03-01T00:00:00.000Z', null);
      insert.run(gone.id, 'COVER_LETTER', sha256(gone.bytes), gone.bytes.length, 'image/png', 'staff-2', '2026-03-02T00:00:00.000Z', '2026-03-03T00:00:00.000Z');
      legacy.close();

      expect(await importLegacyDocuments(dataDir, store)).toBe(2);
      expect(existsSync(root)).toBe(false);
      expect(await importLegacyDocuments(dataDir, store)).toBe(0);
      expect(await store.get(live.id)).toMatchObject({ kind: 'APPLICATION_FORM', sha256: sha256(live.bytes), uploadedBy: 'staff-1', destroyedAt: null });
      expect((await readAll((await store.openFile(live.id))!.stream)).equals(live.bytes)).toBe(true);
      expect(Buffer.from((await sealedOf(live.id))!).includes(live.bytes.subarray(0, 64))).toBe(false);
      expect(await store.get(gone.id)).toMatchObject({ destroyedAt: new Date('2026-03-03T00:00:00.000Z') });
      expect(await store.openFile(gone.id)).toBeNull();
      // Its application is unknown: the rejection saga of whichever contract names it destroys it.
      expect((await store.destroy([live.id], { owner: 'contract-a' })).destroyed.map((d) => d.id)).toEqual([live.id]);
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('keeps everything across a restart', async () => {
    const bytes = samples.pdf();
    const record = await put(bytes);
    const db = await t.reopen();
    store = new DocumentStore({ db, keys: new SqlDataKeyStore(db, master), now: () => now });
    expect(await store.get(record.id)).toEqual(record);
    expect((await readAll((await store.openFile(record.id))!.stream)).equals(bytes)).toBe(true);
  });
});
