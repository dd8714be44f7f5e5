/**
 * A scaled deployment as the README's "Running several processes" starts it: two ROLE=api and two ROLE=worker
 * processes of the compiled build (`dist/apps/api/src/main.js`), each with a DATA_DIR of its own, sharing one
 * EventStoreDB (the wire double) and one PostgreSQL database, the same DATA_KEY_FILE, AUDIT_SIGNING_KEY_FILE,
 * AUTH_JWT_SECRET, PUBLIC_BASE_URL and CLOCK. Whatever a client does on one api is what every api shows, and
 * what the workers do happens exactly once.
 *
 * PostgreSQL is READ_MODEL_TEST_URL (CI starts Debian's server): PGlite behind pglite-socket, which the
 * single-process suites use, serves one connection at a time, and four processes each keep a pool open.
 */
import { generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { mintToken, Role, type StaffRole } from '@pfw/auth';
import { startEsdbDouble, type EsdbDouble } from '@pfw/esdb-double';
import { startTestPostgres, type FreshDatabase, type TestPostgres } from '../libs/read-models/test/support/postgres';
import { makeCsrPem } from './support/csr';
import { applicationInput, E2E_SECRET, pdfBytes, PASSING_CHECKLIST, SECRET_BYTES, STAFF, uniqueFqdn, until } from './support/api';
import { buildOnce, freePort, startNode, waitForHttp, type Started } from './support/process';

const POSTGRES_URL = process.env.READ_MODEL_TEST_URL?.trim();
const describeWithPostgres = POSTGRES_URL ? describe : describe.skip;
const TITLE = POSTGRES_URL
  ? 'a scaled deployment: two api and two worker processes on EventStoreDB and PostgreSQL'
  : 'a scaled deployment (skipped: needs a PostgreSQL server in READ_MODEL_TEST_URL, as .ci/run sets it; PGlite serves one connection at a time)';

/** The documents a corporation's application needs (documentRequirements(CORPORATION)). */
const CORPORATION_KINDS = ['APPLICATION_FORM', 'COVER_LETTER', 'CERTIFICATE_OF_REGISTERED_MATTERS'];

/** One running process of the deployment. */
interface Node {
  readonly name: string;
  readonly url: string;
  readonly dataDir: string;
  readonly process: Started;
}

interface Gql {
  readonly data?: Record<string, any> | null;
  readonly errors?: ReadonlyArray<{ message: string; extensions?: Record<string, unknown> }>;
}

describeWithPostgres(TITLE, () => {
  let postgres: TestPostgres;
  let database: FreshDatabase;
  let double: EsdbDouble;
  let secrets: string;
  const nodes: Node[] = [];
  const tokens = new Map<StaffRole, string>();
  let apiA: Node;
  let apiB: Node;

  async function start(name: string, role: 'api' | 'worker', env: Record<string, string>): Promise<Node> {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), `pfw-multi-${name}-`));
    const process = startNode('dist/apps/api/src/main.js', { ...env, ROLE: role, PORT: String(port), DATA_DIR: dataDir });
    const node = { name, url: `http://127.0.0.1:${port}`, dataDir, process };
    nodes.push(node);
    return node;
  }

  beforeAll(async () => {
    buildOnce();
    postgres = await startTestPostgres();
    database = await postgres.fresh();
    double = await startEsdbDouble();
    secrets = mkdtempSync(join(tmpdir(), 'pfw-multi-secrets-'));
    // The two key files every process mounts (README: "the same two key files on every process").
    const dataKeyFile = join(secrets, 'data.key');
    writeFileSync(dataKeyFile, randomBytes(32).toString('base64'), { mode: 0o600 });
    const auditKeyFile = join(secrets, 'audit-signing-key.pem');
    writeFileSync(auditKeyFile, generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    const env = {
      NODE_ENV: 'production',
      LOG_LEVEL: 'warn',
      LOG_FORMAT: 'json',
      EVENT_STORE: double.url,
      READ_MODEL_URL: database.url,
      DATA_KEY_FILE: dataKeyFile,
      AUDIT_SIGNING_KEY_FILE: auditKeyFile,
      AUTH_JWT_SECRET: E2E_SECRET,
      PUBLIC_BASE_URL: 'http://pfw.example.test',
      CLOCK: 'simulated',
      // The suite polls the apis while the workers act; the per-process limit is not what it tests.
      RATE_LIMIT_PER_MINUTE: '0',
    };
    // The workers first: the first process migrates the database (the others wait on the migration lock).
    await start('worker-1', 'worker', env);
    await start('worker-2', 'worker', env);
    apiA = await start('api-a', 'api', env);
    apiB = await start('api-b', 'api', env);
    try {
      await Promise.all(nodes.map((n) => waitForHttp(`${n.url}/health`, 200, 120_000)));
    } catch (error) {
      throw new Error(`${(error as Error).message}\n${nodes.map((n) => `--- ${n.name}\n${n.process.output().slice(-3000)}`).join('\n')}`);
    }
    for (const role of STAFF) tokens.set(role, await mintToken(SECRET_BYTES, { sub: `staff-${role.toLowerCase()}`, roles: [role], ttlSeconds: 3600 }));
  }, 180_000);

  afterAll(async () => {
    await Promise.all(
      nodes.map(async (n) => {
        if (n.process.child.exitCode === null && n.process.child.signalCode === null) n.process.child.kill('SIGTERM');
        await n.process.exited;
        rmSync(n.dataDir, { recursive: true, force: true });
      }),
    );
    await double?.stop();
    await database?.dispose();
    await postgres?.stop();
    if (secrets) rmSync(secrets, { recursive: true, force: true });
  }, 60_000);

  async function gql(node: Node, role: StaffRole, query: string, variables?: Record<string, unknown>): Promise<Gql> {
    const res = await fetch(`${node.url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.get(role)}` },
      body: JSON.stringify({ query, variables }),
    });
    return (await res.json()) as Gql;
  }

  async function data(node: Node, role: StaffRole, query: string, variables?: Record<string, unknown>): Promise<Record<string, any>> {
    const body = await gql(node, role, query, variables);
    if (body.errors) throw new Error(`${node.name}: ${JSON.stringify(body.errors)}`);
    return body.data!;
  }

  async function upload(node: Node, kind: string): Promise<string> {
    const form = new FormData();
    form.set('kind', kind);
    form.set('file', new Blob([pdfBytes(kind)], { type: 'application/pdf' }), `${kind.toLowerCase()}.pdf`);
    const res = await fetch(`${node.url}/documents`, { method: 'POST', headers: { authorization: `Bearer ${tokens.get(Role.SCREENER)}` }, body: form });
    if (res.status !== 201) throw new Error(`upload on ${node.name}: HTTP ${res.status} ${await res.text()}`);
    return ((await res.json()) as { id: string }).id;
  }

  async function documentStatus(node: Node, id: string): Promise<number> {
    const res = await fetch(`${node.url}/documents/${id}`, { headers: { authorization: `Bearer ${tokens.get(Role.SCREENER)}` } });
    await res.arrayBuffer();
    return res.status;
  }

  /** Uploads the documents on `uploadOn` and submits the application on `submitOn`. */
  async function submitApplication(uploadOn: Node, submitOn: Node): Promise<{ id: string; fqdn: string; documentIds: string[] }> {
    const documentIds: string[] = [];
    for (const kind of CORPORATION_KINDS) documentIds.push(await upload(uploadOn, kind));
    const fqdn = uniqueFqdn();
    const answer = await data(submitOn, Role.SCREENER, 'mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { contract { id } } }', {
      i: { ...applicationInput({ fqdn, csrPem: await makeCsrPem(fqdn), documentIds }), clientMutationId: randomUUID() },
    });
    return { id: answer.submitApplication.contract.id, fqdn, documentIds };
  }

  async function contract(node: Node, id: string, selection: string): Promise<Record<string, any>> {
    return (await data(node, Role.ADMIN, `query($id: ID!) { contract(id: $id) { ${selection} } }`, { id })).contract;
  }

  /** The event types the log holds for one contract's stream, each with how often it occurs. */
  function eventCounts(contractId: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const event of double.data.events) {
      if (!event.streamId.endsWith(contractId)) continue;
      counts[event.type] = (counts[event.type] ?? 0) + 1;
    }
    return counts;
  }

  /** The notices of one contract as the CustomerNotified events record them: kind → how many. */
  function noticesRecorded(contractId: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const event of double.data.events) {
      if (!event.streamId.endsWith(contractId) || event.type !== 'CustomerNotified') continue;
      const kind = (JSON.parse(Buffer.from(event.data).toString('utf8')) as { kind: string }).kind;
      counts[kind] = (counts[kind] ?? 0) + 1;
    }
    return counts;
  }

  async function query<T>(text: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      return (await client.query(text, values)).rows as T[];
    } finally {
      await client.end();
    }
  }

  it('every process is up, each with a DATA_DIR of its own', () => {
    expect(nodes.map((n) => n.name)).toEqual(['worker-1', 'worker-2', 'api-a', 'api-b']);
    expect(new Set(nodes.map((n) => n.dataDir)).size).toBe(4);
  });

  it('uploads on api A, screening on api B: both apis show the same contract; the workers issue its invoice and certificate once', async () => {
    const submitted = await submitApplication(apiA, apiB);
    await data(apiB, Role.SCREENER, 'mutation($i: PassScreeningInput!) { passScreening(input: $i) { contract { id status } } }', {
      i: { contractId: submitted.id, checklist: PASSING_CHECKLIST, clientMutationId: randomUUID() },
    });
    const selection = 'id status documents { id sha256 } invoice { id } certificates { serialNumber status deliveredAt } notifications { kind }';
    const onA = await until('the certificate delivered, as api A shows it', () => contract(apiA, submitted.id, selection), (c) => c.certificates?.[0]?.deliveredAt != null, 60_000);
    const onB = await until('api B shows what api A shows', () => contract(apiB, submitted.id, selection), (c) => JSON.stringify(c) === JSON.stringify(onA), 20_000);
    expect(onB).toEqual(onA);
    expect(onA.documents.map((d: { id: string }) => d.id).sort()).toEqual([...submitted.documentIds].sort());
    for (const id of submitted.documentIds) {
      expect(await documentStatus(apiA, id)).toBe(200);
      expect(await documentStatus(apiB, id)).toBe(200);
    }

    // Exactly once, with two workers running the sagas and two apis running projections.
    expect(eventCounts(submitted.id)).toMatchObject({ ApplicationSubmitted: 1, ScreeningPassed: 1, InvoiceIssued: 1, CertificateRequested: 1, CertificateIssued: 1, CertificateDelivered: 1 });
    await until('the three notices sent', async () => noticesRecorded(submitted.id), (n) => Object.keys(n).length === 3, 30_000);
    expect(noticesRecorded(submitted.id)).toEqual({ SCREENING_RESULT: 1, INVOICE: 1, CERTIFICATE_DELIVERY: 1 });
    const sent = await query<{ kind: string; n: string }>(
      "select kind, count(*) as n from notification_outbox where contract_id = $1 and sent_at is not null group by kind order by kind",
      [submitted.id],
    );
    expect(sent.map((r) => [r.kind, Number(r.n)])).toEqual([['CERTIFICATE_DELIVERY', 1], ['INVOICE', 1], ['SCREENING_RESULT', 1]]);
  }, 120_000);

  it('a rejection on api B: the documents uploaded on api A are gone from both apis (404), discarded and shredded once', async () => {
    const submitted = await submitApplication(apiA, apiB);
    await data(apiB, Role.SCREENER, 'mutation($i: FailScreeningInput!) { failScreening(input: $i) { contract { id status } } }', {
      i: { contractId: submitted.id, reasons: ['DOCUMENTS_INCOMPLETE'], clientMutationId: randomUUID() },
    });
    await until('api A answers 404 for every document', async () => Promise.all(submitted.documentIds.map((id) => documentStatus(apiA, id))), (s) => s.every((x) => x === 404), 60_000);
    for (const id of submitted.documentIds) expect(await documentStatus(apiB, id)).toBe(404);
    const selection = 'status documentsDiscarded personalDataShredded applicant { organizationName }';
    const onA = await until('api A shows the shredded contract', () => contract(apiA, submitted.id, selection), (c) => c.personalDataShredded === true, 30_000);
    const onB = await until('api B shows it too', () => contract(apiB, submitted.id, selection), (c) => c.personalDataShredded === true, 20_000);
    expect(onA).toEqual({ status: 'REJECTED', documentsDiscarded: true, personalDataShredded: true, applicant: { organizationName: null } });
    expect(onB).toEqual(onA);
    expect(eventCounts(submitted.id)).toMatchObject({ ScreeningFailed: 1, SubmittedDocumentsDiscarded: 1, PersonalDataShredded: 1 });
    expect(noticesRecorded(submitted.id)).toEqual({ SCREENING_RESULT: 1 });
  }, 120_000);
});
