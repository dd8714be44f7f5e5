import { createHash } from 'node:crypto';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import Database from 'better-sqlite3';
import { InvalidInput } from '@pfw/domain';
import {
  DocumentStore,
  DocumentTooLargeError,
  InvalidDocumentKindError,
  sniffContentType,
  UnsupportedDocumentTypeError,
  type DocumentRecord,
} from '@pfw/documents';
import { samples } from './support';

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

describe('DocumentStore', () => {
  let dataDir: string;
  let store: DocumentStore;
  let now: Date;

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pfw-docs-'));
    now = new Date('2026-04-01T00:00:00.000Z');
    store = new DocumentStore({ dataDir, now: () => now });
  });

  afterEach(() => {
    store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const put = async (bytes: Buffer, kind = 'APPLICATION_FORM', by = 'staff-1'): Promise<DocumentRecord> => store.add(await store.stageBuffer(bytes), kind, by);
  const fileOf = (id: string) => join(dataDir, 'documents', 'files', id);
  const tempFiles = () => readdirSync(join(dataDir, 'documents', 'tmp'));

  it.each([
    ['pdf', 'application/pdf'],
    ['png', 'image/png'],
    ['jpeg', 'image/jpeg'],
  ] as const)('stores a %s under DATA_DIR/documents with its digest, size, type, uploader and time', async (sample, type) => {
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
    expect(readFileSync(fileOf(record.id)).equals(bytes)).toBe(true);
    expect(store.get(record.id)).toEqual(record);
    expect(tempFiles()).toEqual([]);
  });

  it('streams an upload chunk by chunk, judging the type from leading bytes split across chunks', async () => {
    const bytes = samples.png(100_000);
    const chunks = [bytes.subarray(0, 3), bytes.subarray(3, 5), bytes.subarray(5, 70_000), bytes.subarray(70_000)];
    const staged = await store.stage(Readable.from(chunks));
    expect(staged).toMatchObject({ size: bytes.length, sha256: sha256(bytes), contentType: 'image/png' });
    expect(readFileSync(staged.path).equals(bytes)).toBe(true);
  });

  it('refuses a file whose leading bytes are not PDF, PNG or JPEG, and keeps nothing', async () => {
    await expect(store.stageBuffer(samples.text())).rejects.toBeInstanceOf(UnsupportedDocumentTypeError);
    await expect(store.stageBuffer(Buffer.from('%PD', 'latin1'))).rejects.toBeInstanceOf(UnsupportedDocumentTypeError);
    expect(tempFiles()).toEqual([]);
  });

  it('accepts exactly the limit and refuses one byte more, and keeps nothing of the refused one', async () => {
    store.close();
    store = new DocumentStore({ dataDir, maxBytes: 1000, now: () => now });
    const exact = Buffer.concat([Buffer.from('%PDF-'), Buffer.alloc(995, 0x20)]);
    await expect(store.stageBuffer(exact)).resolves.toMatchObject({ size: 1000 });
    const over = Buffer.concat([exact, Buffer.from('x')]);
    await expect(store.stageBuffer(over)).rejects.toEqual(new DocumentTooLargeError(1000));
    expect(tempFiles()).toHaveLength(1); // the accepted one, still staged
  });

  it('refuses a kind that is not an upper-case token and removes the staged file', async () => {
    for (const kind of [undefined, '', 'application_form', 'A B', 'X'.repeat(65), '1ABC', ['A']]) {
      const staged = await store.stageBuffer(samples.pdf());
      await expect(store.add(staged, kind, 'staff-1')).rejects.toBeInstanceOf(InvalidDocumentKindError);
      expect(existsSync(staged.path)).toBe(false);
    }
  });

  it('opens a live document for reading, with identical bytes', async () => {
    const bytes = samples.jpeg(5000);
    const record = await put(bytes);
    const opened = await store.openFile(record.id);
    expect(opened?.record).toEqual(record);
    expect((await readAll(opened!.stream)).equals(bytes)).toBe(true);
  });

  it('knows nothing of unknown or malformed ids', async () => {
    expect(store.get('00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(store.get('../documents.sqlite')).toBeNull();
    expect(await store.openFile('../../etc/passwd')).toBeNull();
  });

  it('destroy deletes the files, keeps id, kind, sha256 and destroyedAt, and is idempotent', async () => {
    const a = await put(samples.pdf(), 'APPLICATION_FORM');
    const b = await put(samples.png(), 'COVER_LETTER');
    const keep = await put(samples.jpeg(), 'COVER_LETTER');
    now = new Date('2026-04-02T00:00:00.000Z');
    const result = await store.destroy([a.id, b.id, 'never-seen']);
    expect(result).toEqual({
      destroyed: [
        { id: a.id, kind: 'APPLICATION_FORM', sha256: a.sha256, destroyedAt: now },
        { id: b.id, kind: 'COVER_LETTER', sha256: b.sha256, destroyedAt: now },
      ],
      unknown: ['never-seen'],
      foreign: [],
    });
    expect(existsSync(fileOf(a.id))).toBe(false);
    expect(existsSync(fileOf(b.id))).toBe(false);
    expect(existsSync(fileOf(keep.id))).toBe(true);
    expect(store.get(a.id)).toMatchObject({ id: a.id, kind: a.kind, sha256: a.sha256, destroyedAt: now });
    expect(await store.openFile(a.id)).toBeNull();

    const later = new Date('2026-04-03T00:00:00.000Z');
    now = later;
    const again = await store.destroy([a.id]);
    expect(again.destroyed).toEqual([{ id: a.id, kind: a.kind, sha256: a.sha256, destroyedAt: new Date('2026-04-02T00:00:00.000Z') }]);
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

    it('destroying one application’s documents never touches another’s (nor an upload never attached)', async () => {
      const mine = await put(samples.pdf());
      const theirs = await put(samples.pdf());
      const loose = await put(samples.pdf());
      await store.attach([mine.id], B, 'documentIds');
      await store.attach([theirs.id], A, 'documentIds');
      const result = await store.destroy([mine.id, theirs.id, loose.id], { owner: B });
      expect(result.destroyed.map((d) => d.id)).toEqual([mine.id]);
      expect(result.foreign).toEqual([theirs.id, loose.id]);
      expect(existsSync(fileOf(theirs.id))).toBe(true);
      expect(existsSync(fileOf(loose.id))).toBe(true);
      expect(store.get(theirs.id)?.destroyedAt).toBeNull();
      await expect(store.describe([theirs.id], 'documentIds')).resolves.toHaveLength(1);
    });

    it('documents stored before bindings existed (schema 1) still count as the destroying contract’s', async () => {
      const doc = await put(samples.pdf());
      store.close();
      const db = new Database(join(dataDir, 'documents', 'documents.sqlite'));
      db.exec('ALTER TABLE documents DROP COLUMN contract_id; ALTER TABLE documents DROP COLUMN unbound_legacy');
      db.pragma('user_version = 1');
      db.close();
      store = new DocumentStore({ dataDir, now: () => now });
      const result = await store.destroy([doc.id], { owner: A });
      expect(result.destroyed.map((d) => d.id)).toEqual([doc.id]);
    });
  });

  it('keeps everything across a restart', async () => {
    const bytes = samples.pdf();
    const record = await put(bytes);
    store.close();
    store = new DocumentStore({ dataDir, now: () => now });
    expect(store.get(record.id)).toEqual(record);
    expect((await readAll((await store.openFile(record.id))!.stream)).equals(bytes)).toBe(true);
  });

  it('sweep removes old leftovers (temp files, files of destroyed or unrecorded documents) and nothing recent or live', async () => {
    const live = await put(samples.pdf());
    const doomed = await put(samples.pdf());
    await store.destroy([doomed.id]);
    // A crash after marking destroyed but before unlinking leaves the file behind.
    writeFileSync(fileOf(doomed.id), 'left behind');
    const oldTemp = join(dataDir, 'documents', 'tmp', 'old.part');
    const freshTemp = join(dataDir, 'documents', 'tmp', 'fresh.part');
    const orphan = fileOf('11111111-1111-4111-8111-111111111111');
    const freshOrphan = fileOf('22222222-2222-4222-8222-222222222222');
    for (const path of [oldTemp, freshTemp, orphan, freshOrphan]) writeFileSync(path, 'x');
    const twoHoursAgo = new Date(now.getTime() - 2 * 3600_000);
    utimesSync(oldTemp, twoHoursAgo, twoHoursAgo);
    utimesSync(orphan, twoHoursAgo, twoHoursAgo);
    utimesSync(freshTemp, now, now);
    utimesSync(freshOrphan, now, now);

    expect(await store.sweep()).toEqual({ removed: 3 });
    expect(existsSync(oldTemp)).toBe(false);
    expect(existsSync(orphan)).toBe(false);
    expect(existsSync(fileOf(doomed.id))).toBe(false);
    expect(existsSync(freshTemp)).toBe(true);
    expect(existsSync(freshOrphan)).toBe(true);
    expect(existsSync(fileOf(live.id))).toBe(true);
  });
});
