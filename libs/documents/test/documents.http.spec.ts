import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Global, Module, type INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { sql } from 'kysely';
import request from 'supertest';
import { DOCUMENT_CATALOG } from '@pfw/application';
import { AuthModule, mintToken, Role, type AuthKeyConfig, type StaffRole } from '@pfw/auth';
import { DocumentsModule, DocumentStore, MAX_DOCUMENT_BYTES } from '@pfw/documents';
import { MASTER_KEY } from '@pfw/personal-data';
import { createReadModelDb, migrateReadModels, READ_MODEL_DB, type ReadModelDb } from '@pfw/read-models';
import { DOCUMENT_STORE_MIGRATIONS, samples, testMasterKey } from './support';

const SECRET_TEXT = 'documents-spec-secret-0123456789-abcdefghij';
const SECRET = new TextEncoder().encode(SECRET_TEXT);
const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
const bearer = async (roles: StaffRole[], sub = 'staff-1') => `Bearer ${await mintToken(SECRET, { sub, roles, ttlSeconds: 600 })}`;

/** Collects a binary response body as a Buffer, whatever its content type. */
function binary(res: request.Response, callback: (err: Error | null, body: Buffer) => void): void {
  // In a parser, superagent hands over the raw response stream.
  const stream = res as unknown as NodeJS.ReadableStream;
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  stream.on('end', () => callback(null, Buffer.concat(chunks)));
}

describe('POST /documents and GET /documents/:id over HTTP (with the auth middleware and guard)', () => {
  let dataDir: string;
  let db: ReadModelDb;
  let app: INestApplication;
  let store: DocumentStore;
  let screener: string;
  let admin: string;
  let billing: string;
  let operator: string;
  let auditor: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'pfw-docs-http-'));
    const auth: AuthKeyConfig = { nodeEnv: 'test', dataDir, auth: { jwtSecret: SECRET_TEXT, jwksUrl: null, issuer: null, audience: null } };
    db = createReadModelDb({ readModelUrl: null, dataDir });
    await migrateReadModels(db, DOCUMENT_STORE_MIGRATIONS);
    const master = testMasterKey();
    @Global()
    @Module({ providers: [{ provide: READ_MODEL_DB, useValue: db }, { provide: MASTER_KEY, useValue: () => master }], exports: [READ_MODEL_DB, MASTER_KEY] })
    class StorageModule {}
    const moduleRef = await Test.createTestingModule({ imports: [StorageModule, AuthModule.forRoot(auth), DocumentsModule.forRoot()] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    store = app.get(DocumentStore);
    [screener, admin, billing, operator, auditor] = await Promise.all([
      bearer([Role.SCREENER], 'staff-screener'),
      bearer([Role.ADMIN], 'staff-admin'),
      bearer([Role.BILLING]),
      bearer([Role.OPERATOR]),
      bearer([Role.AUDITOR]),
    ]);
  });

  afterAll(async () => {
    await app.close();
    await db.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const server = () => app.getHttpServer();
  /** Ids of the stored documents whose bytes are still kept. */
  const stored = async () => (await sql<{ id: string }>`select id from document_contents`.execute(db)).rows.map((r) => r.id);
  const upload = (token: string | null, file: Buffer | null, name: string, kind: string | null = 'APPLICATION_FORM') => {
    let req = request(server()).post('/documents');
    if (token) req = req.set('Authorization', token);
    if (kind !== null) req = req.field('kind', kind);
    if (file) req = req.attach('file', file, name);
    return req;
  };
  /** An error body as API.md wants it: no stack trace, no internal path. */
  const expectCleanError = (body: unknown) => {
    const text = JSON.stringify(body);
    expect(text).not.toContain(dataDir);
    expect(text).not.toMatch(/\bat \S+ \(|\.ts:\d+|node_modules/);
  };

  it.each([
    ['PDF', samples.pdf(4096), 'registry.pdf', 'application/pdf'],
    ['PNG', samples.png(4096), 'seal.png', 'image/png'],
    ['JPEG', samples.jpeg(4096), 'scan.jpg', 'image/jpeg'],
  ])('accepts a %s and answers { id, sha256, size, kind, contentType }', async (_type, bytes, name, contentType) => {
    const res = await upload(screener, bytes, name, 'CERTIFICATE_OF_REGISTERED_MATTERS').expect(201);
    expect(res.body).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      sha256: sha256(bytes),
      size: bytes.length,
      kind: 'CERTIFICATE_OF_REGISTERED_MATTERS',
      contentType,
    });
    expect(await store.get(res.body.id)).toMatchObject({ uploadedBy: 'staff-screener', destroyedAt: null });
  });

  it('judges the type by the leading bytes, not the name or the declared type', async () => {
    const png = samples.png();
    const res = await request(server())
      .post('/documents')
      .set('Authorization', admin)
      .field('kind', 'COVER_LETTER')
      .attach('file', png, { filename: 'letter.pdf', contentType: 'application/pdf' })
      .expect(201);
    expect(res.body.contentType).toBe('image/png');
    expect(res.body).toMatchObject({ kind: 'COVER_LETTER' });
  });

  it('refuses a text file named .pdf with 415 and keeps nothing', async () => {
    const before = (await stored()).length;
    const res = await request(server())
      .post('/documents')
      .set('Authorization', screener)
      .field('kind', 'APPLICATION_FORM')
      .attach('file', samples.text(), { filename: 'form.pdf', contentType: 'application/pdf' })
      .expect(415);
    expect(res.body).toMatchObject({ statusCode: 415, message: expect.stringContaining('PDF, PNG or JPEG') });
    expectCleanError(res.body);
    expect(await stored()).toHaveLength(before);
  });

  it('refuses a large text file with 415 as soon as its leading bytes are seen', async () => {
    const res = await upload(screener, Buffer.alloc(3 * 1024 * 1024, 'a'), 'big.pdf').expect(415);
    expectCleanError(res.body);
  });

  it('accepts exactly 10 MB and refuses 10 MB + 1 byte with 413, keeping nothing of it', async () => {
    const header = Buffer.from('%PDF-1.7\n', 'latin1');
    const exact = Buffer.concat([header, Buffer.alloc(MAX_DOCUMENT_BYTES - header.length, 0x20)]);
    const ok = await upload(screener, exact, 'exact.pdf').expect(201);
    expect(ok.body.size).toBe(MAX_DOCUMENT_BYTES);

    const before = (await stored()).length;
    const res = await upload(screener, Buffer.concat([exact, Buffer.from(' ')]), 'over.pdf').expect(413);
    expect(res.body).toMatchObject({ statusCode: 413 });
    expectCleanError(res.body);
    expect(await stored()).toHaveLength(before);
  });

  it.each([
    ['missing', null],
    ['empty', ''],
    ['lower case', 'certificate_of_registry'],
    ['with spaces', 'CERTIFICATE OF REGISTRY'],
    ['too long', `K${'X'.repeat(64)}`],
  ])('refuses a %s kind with 400 and keeps nothing', async (_case, kind) => {
    const before = (await stored()).length;
    const res = await upload(screener, samples.pdf(), 'form.pdf', kind).expect(400);
    expect(res.body).toMatchObject({ statusCode: 400, message: expect.stringContaining('kind') });
    expectCleanError(res.body);
    expect(await stored()).toHaveLength(before);
  });

  it('refuses a request without a file, a file under another field name, two files, and a JSON body with 400', async () => {
    await upload(screener, null, 'x').expect(400);
    await request(server()).post('/documents').set('Authorization', screener).field('kind', 'APPLICATION_FORM').attach('upload', samples.pdf(), 'a.pdf').expect(400);
    await request(server())
      .post('/documents')
      .set('Authorization', screener)
      .field('kind', 'APPLICATION_FORM')
      .attach('file', samples.pdf(), 'a.pdf')
      .attach('file', samples.pdf(), 'b.pdf')
      .expect(400);
    await request(server()).post('/documents').set('Authorization', screener).send({ kind: 'APPLICATION_FORM', file: 'JVBERi0=' }).expect(400);
  });

  it('GET streams the file back byte for byte with its content type', async () => {
    const bytes = samples.jpeg(300_000);
    const { body } = await upload(screener, bytes, 'scan.jpg').expect(201);
    const res = await request(server()).get(`/documents/${body.id}`).set('Authorization', auditor).buffer(true).parse(binary).expect(200);
    expect(res.headers['content-type']).toBe('image/jpeg');
    expect(res.headers['content-length']).toBe(String(bytes.length));
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['content-disposition']).toBe(`attachment; filename="${body.id}.jpg"`);
    expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
  });

  it('GET answers 404 for an unknown or malformed id', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'nope', '..%2F..%2Fdocuments.sqlite']) {
      const res = await request(server()).get(`/documents/${id}`).set('Authorization', screener).expect(404);
      expectCleanError(res.body);
    }
  });

  it('destroy (Art. 4): GET answers 404, the digest is kept, and the catalog refuses the id', async () => {
    const bytes = samples.pdf();
    const { body } = await upload(screener, bytes, 'form.pdf').expect(201);
    await request(server()).get(`/documents/${body.id}`).set('Authorization', screener).expect(200);

    const result = await store.destroy([body.id]);
    expect(result.destroyed).toEqual([{ id: body.id, kind: 'APPLICATION_FORM', sha256: sha256(bytes), destroyedAt: expect.any(Date) }]);

    const res = await request(server()).get(`/documents/${body.id}`).set('Authorization', admin).expect(404);
    expectCleanError(res.body);
    expect(await stored()).not.toContain(body.id);
    expect(await store.get(body.id)).toMatchObject({ id: body.id, kind: 'APPLICATION_FORM', sha256: sha256(bytes), destroyedAt: expect.any(Date) });
    await expect(app.get(DOCUMENT_CATALOG).describe([body.id], 'documentIds')).rejects.toMatchObject({ code: 'BAD_USER_INPUT', field: 'documentIds' });
  });

  it('DOCUMENT_CATALOG is the store, describing uploads in order', async () => {
    const a = (await upload(screener, samples.pdf(), 'a.pdf', 'APPLICATION_FORM').expect(201)).body;
    const b = (await upload(screener, samples.png(), 'b.png', 'COVER_LETTER').expect(201)).body;
    expect(app.get(DOCUMENT_CATALOG)).toBe(store);
    await expect(app.get(DOCUMENT_CATALOG).describe([b.id, a.id], 'documentIds')).resolves.toEqual([
      { id: b.id, kind: 'COVER_LETTER', sha256: b.sha256 },
      { id: a.id, kind: 'APPLICATION_FORM', sha256: a.sha256 },
    ]);
  });

  describe('roles (the auth library\'s HTTP route table)', () => {
    it.each([
      ['screener', () => screener, 201],
      ['admin', () => admin, 201],
      ['billing', () => billing, 403],
      ['operator', () => operator, 403],
      ['auditor', () => auditor, 403],
    ])('POST /documents as %s → %i', async (_role, token, status) => {
      const before = (await stored()).length;
      await upload(token(), samples.pdf(), 'a.pdf').expect(status);
      expect(await stored()).toHaveLength(status === 201 ? before + 1 : before);
    });

    it('every staff role may GET a document', async () => {
      const { body } = await upload(screener, samples.pdf(), 'a.pdf').expect(201);
      for (const token of [screener, admin, billing, operator, auditor]) {
        await request(server()).get(`/documents/${body.id}`).set('Authorization', token).expect(200);
      }
    });

    it('no token, or a bad one → 401 on both routes, before anything is stored', async () => {
      const before = (await stored()).length;
      await upload(null, samples.pdf(), 'a.pdf').expect(401);
      await upload('Bearer not.a.token', samples.pdf(), 'a.pdf').expect(401);
      const { body } = await upload(screener, samples.pdf(), 'a.pdf').expect(201);
      await request(server()).get(`/documents/${body.id}`).expect(401);
      expect(await stored()).toHaveLength(before + 1);
    });
  });

  it('a storage failure answers a generic 500 without paths or stack', async () => {
    await sql`alter table document_contents rename to document_contents_away`.execute(db);
    try {
      const res = await upload(screener, samples.pdf(), 'a.pdf').expect(500);
      expect(res.body).toEqual({ statusCode: 500, message: 'Internal server error' });
    } finally {
      await sql`alter table document_contents_away rename to document_contents`.execute(db);
    }
  });
});
