/**
 * A scaled deployment as the README's "Running several processes" starts it: two ROLE=api and two ROLE=worker
 * processes of the compiled build (`dist/apps/api/src/main.js`), each with a DATA_DIR of its own, sharing one
 * EventStoreDB (the wire double) and one PostgreSQL database, the same DATA_KEY_FILE, AUDIT_SIGNING_KEY_FILE,
 * AUTH_JWT_SECRET, PUBLIC_BASE_URL, CLOCK and NOTIFY_SMTP_URL (a local SMTP server that keeps what it receives).
 * Whatever a client does on one api is what every api shows, and what the workers do happens exactly once: each
 * case counts the events of its contract in the log, the mails the SMTP server received and the CA's rows.
 *
 * PostgreSQL is READ_MODEL_TEST_URL (CI starts Debian's server): PGlite behind pglite-socket, which the
 * single-process suites use, serves one connection at a time, and four processes each keep a pool open.
 */
import { createPublicKey, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as x509 from '@peculiar/x509';
import { Client } from 'pg';
import { verifyAuditLog, verifyConsistency, verifyTreeHead, type AuditExportRecord, type AuditExportTreeHead } from '@pfw/audit';
import { mintToken, Role, type StaffRole } from '@pfw/auth';
import { addDays, startOfJapanDay } from '@pfw/domain';
import { normalizeSerialNumber } from '@pfw/ca-gateway';
import { startEsdbDouble, type EsdbDouble } from '@pfw/esdb-double';
import { header, readMessage } from '../libs/notifications/test/mime';
import { startLocalSmtp, type LocalSmtp } from '../libs/notifications/test/smtp-helper';
import { startTestPostgres, type FreshDatabase, type TestPostgres } from '../libs/read-models/test/support/postgres';
import { makeCsrPem } from './support/csr';
import { applicationInput, E2E_SECRET, pdfBytes, PASSING_CHECKLIST, SECRET_BYTES, STAFF, uniqueFqdn, until } from './support/api';
import { buildOnce, freePort, ROOT, startNode, waitForHttp, type Started } from './support/process';

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
  let smtp: LocalSmtp;
  let secrets: string;
  const nodes: Node[] = [];
  const tokens = new Map<StaffRole, string>();
  let apiA: Node;
  let apiB: Node;
  /** The contract the issuance case took to a delivered certificate. */
  let issued: { id: string; fqdn: string; serialNumber: string; pem: string } | undefined;

  let baseEnv: Record<string, string> = {};

  async function start(name: string, role: 'api' | 'worker', env: Record<string, string>, build = 'dist'): Promise<Node> {
    const port = await freePort();
    const dataDir = mkdtempSync(join(tmpdir(), `pfw-multi-${name}-`));
    const process = startNode(`${build}/apps/api/src/main.js`, { ...env, ROLE: role, PORT: String(port), DATA_DIR: dataDir });
    const node = { name, url: `http://127.0.0.1:${port}`, dataDir, process };
    nodes.push(node);
    return node;
  }

  beforeAll(async () => {
    buildOnce();
    postgres = await startTestPostgres();
    database = await postgres.fresh();
    double = await startEsdbDouble();
    // README: "Use SMTP" — one mail server for every worker, which also counts what was sent.
    smtp = await startLocalSmtp();
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
      NOTIFY_SMTP_URL: smtp.url,
      // The suite polls the apis while the workers act; the per-process limit is not what it tests.
      RATE_LIMIT_PER_MINUTE: '0',
      // A killed worker's leases run out after 3 s (renewed every 600 ms): the takeover case waits that long.
      LEASE_SECONDS: '3',
      // The worker following the audit log signs a head every second while the log grows.
      AUDIT_TREE_HEAD_SECONDS: '1',
    };
    baseEnv = env;
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
    await smtp?.close();
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

  /** The mails the SMTP server received for one contract: notice kind → how many. */
  function mailsSent(contractId: string): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const mail of smtp.received) {
      const root = readMessage(mail.raw).root;
      if (header(root, 'x-pfw-contract-id') !== contractId) continue;
      const kind = header(root, 'x-pfw-notification-kind')!;
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
    const selection = 'id status documents { id sha256 } invoice { id } certificates { serialNumber status deliveredAt pem } notifications { kind }';
    await until('the certificate delivered, as api A shows it', () => contract(apiA, submitted.id, selection), (c) => c?.certificates?.[0]?.deliveredAt != null, 60_000);
    await until('the three notices recorded', async () => noticesRecorded(submitted.id), (n) => Object.keys(n).length === 3, 30_000);
    // Both read together until each has projected the three notices: a snapshot of A taken earlier may lack
    // the delivery notice that B then shows.
    const [onA, onB] = await until(
      'api B shows what api A shows',
      () => Promise.all([contract(apiA, submitted.id, selection), contract(apiB, submitted.id, selection)]),
      ([a, b]) => a.notifications?.length === 3 && JSON.stringify(a) === JSON.stringify(b),
      20_000,
    );
    expect(onB).toEqual(onA);
    expect(onA.documents.map((d: { id: string }) => d.id).sort()).toEqual([...submitted.documentIds].sort());
    for (const id of submitted.documentIds) {
      expect(await documentStatus(apiA, id)).toBe(200);
      expect(await documentStatus(apiB, id)).toBe(200);
    }

    // Exactly once, with two workers running the sagas and two apis running projections.
    expect(eventCounts(submitted.id)).toMatchObject({ ApplicationSubmitted: 1, ScreeningPassed: 1, InvoiceIssued: 1, CertificateRequested: 1, CertificateIssued: 1, CertificateDelivered: 1 });
    // One certificate signed for it, whichever worker took the CA order.
    const signed = await query<{ serial_number: string }>('select serial_number from ca_certificates where fqdn = $1', [submitted.fqdn]);
    expect(signed.map((r) => r.serial_number)).toEqual([onA.certificates[0].serialNumber]);
    issued = { id: submitted.id, fqdn: submitted.fqdn, serialNumber: onA.certificates[0].serialNumber, pem: onA.certificates[0].pem };
    expect(noticesRecorded(submitted.id)).toEqual({ SCREENING_RESULT: 1, INVOICE: 1, CERTIFICATE_DELIVERY: 1 });
    expect(mailsSent(submitted.id)).toEqual({ SCREENING_RESULT: 1, INVOICE: 1, CERTIFICATE_DELIVERY: 1 });
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
    expect(mailsSent(submitted.id)).toEqual({ SCREENING_RESULT: 1 });
  }, 120_000);

  async function caCertificate(node: Node): Promise<string> {
    const res = await fetch(`${node.url}/ca/certificate`);
    expect(res.status).toBe(200);
    return res.text();
  }

  async function crl(node: Node): Promise<Buffer> {
    const res = await fetch(`${node.url}/ca/crl`);
    expect(res.status).toBe(200);
    return Buffer.from(await res.arrayBuffer());
  }

  it('both apis serve the one CA certificate the workers sign with; after a revocation both serve the same CRL listing it, once', async () => {
    if (!issued) throw new Error('the issuance case did not run');
    const [pemA, pemB] = await Promise.all([caCertificate(apiA), caCertificate(apiB)]);
    expect(pemB).toBe(pemA);
    const caCertificateOfA = new x509.X509Certificate(pemA);
    const certificate = new x509.X509Certificate(issued.pem);
    expect(certificate.issuer).toBe(caCertificateOfA.subject);
    expect(await certificate.verify({ publicKey: caCertificateOfA, signatureOnly: true })).toBe(true);

    await data(apiA, Role.OPERATOR, 'mutation($i: RequestRevocationInput!) { requestRevocation(input: $i) { contract { id status } } }', {
      i: { contractId: issued.id, reason: 'CUSTOMER_REQUEST', crlReason: 'KEY_COMPROMISE', clientMutationId: randomUUID() },
    });
    const listed = (der: Buffer) => new x509.X509Crl(der).entries.map((e) => normalizeSerialNumber(e.serialNumber));
    const crlA = await until('api A serves a CRL listing the serial', () => crl(apiA), (der) => listed(der).includes(issued!.serialNumber), 60_000);
    const crlB = await crl(apiB);
    expect(crlB).toEqual(crlA);
    expect(listed(crlA)).toEqual([issued.serialNumber]);
    expect(await new x509.X509Crl(crlA).verify({ publicKey: caCertificateOfA })).toBe(true);
    const contractOnB = await until('api B shows the contract revoked', () => contract(apiB, issued!.id, 'status certificates { status }'), (c) => c.status === 'REVOKED', 30_000);
    expect(contractOnB.certificates).toEqual([{ status: 'REVOKED' }]);
    expect(eventCounts(issued.id)).toMatchObject({ RevocationRequested: 1, CertificateRevoked: 1 });
    const revocations = await query<{ n: string }>('select count(*) as n from ca_orders where kind = $1 and request_json like $2', ['REVOCATION', `%${issued.serialNumber}%`]);
    expect(Number(revocations[0]!.n)).toBe(1);
  }, 120_000);

  it('a step that cannot do what it records is stuck, and both apis list the same stuck processes', async () => {
    const submitted = await submitApplication(apiA, apiB);
    // A document the store lost: the discard after the rejection finds nothing to destroy for it.
    const lost = submitted.documentIds[0]!;
    await query('delete from document_contents where id = $1', [lost]);
    await query('delete from documents where id = $1', [lost]);
    await data(apiA, Role.SCREENER, 'mutation($i: FailScreeningInput!) { failScreening(input: $i) { contract { id } } }', {
      i: { contractId: submitted.id, reasons: ['DOCUMENTS_INCOMPLETE'], clientMutationId: randomUUID() },
    });
    const selection = '{ stuckProcesses { id source saga contractId kind attempts lastError } }';
    const onA = await until(
      'api A lists the stuck discard',
      async () => (await data(apiA, Role.ADMIN, selection)).stuckProcesses as Array<Record<string, unknown>>,
      (list) => list.some((p) => p.contractId === submitted.id),
      60_000,
    );
    const onB = (await data(apiB, Role.ADMIN, selection)).stuckProcesses;
    expect(onB).toEqual(onA);
    expect(onA.filter((p) => p.contractId === submitted.id)).toEqual([
      expect.objectContaining({ source: 'SAGA_STEP', saga: 'rejection', lastError: expect.stringContaining(lost) }),
    ]);
    // Nothing was recorded as discarded.
    expect(eventCounts(submitted.id).SubmittedDocumentsDiscarded).toBeUndefined();
  }, 120_000);

  /** GET /audit/export of one api, as JSON records. */
  async function auditExport(node: Node): Promise<AuditExportRecord[]> {
    const res = await fetch(`${node.url}/audit/export`, { headers: { authorization: `Bearer ${tokens.get(Role.AUDITOR)}` } });
    if (res.status !== 200) throw new Error(`${node.name}: GET /audit/export answered ${res.status}`);
    return (await res.text()).trimEnd().split('\n').map((line) => JSON.parse(line) as AuditExportRecord);
  }

  const treeHeadsOf = (records: AuditExportRecord[]) => records.filter((r): r is AuditExportTreeHead => r.kind === 'treeHead');

  it('both apis serve the same tree heads, signed by the worker following the log with the one audit key; api B proves them consistent', async () => {
    const auditKey = createPublicKey(readFileSync(join(secrets, 'audit-signing-key.pem'))).export({ format: 'jwk' }).x!;
    const publicKey = Buffer.from(auditKey, 'base64url').toString('base64');
    // No api was asked for a head yet: every stored head was signed on the interval by the worker holding the lease `audit`.
    const [fromA, fromB] = await until(
      'both apis export the same two or more signed tree heads',
      () => Promise.all([auditExport(apiA), auditExport(apiB)]),
      ([a, b]) => treeHeadsOf(b).length >= 2 && JSON.stringify(treeHeadsOf(a)) === JSON.stringify(treeHeadsOf(b)),
      30_000,
    );
    const heads = treeHeadsOf(fromB);
    expect(heads.map((h) => h.treeHead)).toEqual(treeHeadsOf(fromA).map((h) => h.treeHead));
    for (const { treeHead } of heads) expect(verifyTreeHead(treeHead, publicKey)).toBe(true);
    // Each head's consistency proof from the one before, as api B computed it from the tree the worker committed.
    for (let k = 1; k < heads.length; k++) {
      const [first, second] = [heads[k - 1]!.treeHead, heads[k]!.treeHead];
      if (first.treeSize === 0) continue;
      const proof = heads[k]!.consistency!.proof!.map((p) => Buffer.from(p, 'base64'));
      expect(verifyConsistency(first.treeSize, second.treeSize, proof, Buffer.from(first.rootHash, 'base64'), Buffer.from(second.rootHash, 'base64'))).toBe(true);
    }
    // And the whole export of api B verifies against the log as EventStoreDB holds it.
    expect(await verifyAuditLog(fromB, { publicKey })).toMatchObject({ ok: true, mismatch: null, treeHeads: heads.length });

    // On demand: both apis answer with the same head (a fresh one when the log grew), signed with the same key.
    const selection = '{ auditCheckpoint { treeSize rootHash publicKey signature signedAt } }';
    const read = async () => Promise.all([apiA, apiB].map(async (n) => (await data(n, Role.AUDITOR, selection)).auditCheckpoint));
    const [a, b] = await until('both apis sign the same tree', read, ([x, y]) => x.treeSize === y.treeSize && x.rootHash === y.rootHash, 30_000);
    expect(a.publicKey).toBe(publicKey);
    expect(b).toEqual(a);
    expect(a.treeSize).toBeGreaterThanOrEqual(heads[heads.length - 1]!.treeHead.treeSize);
  }, 60_000);

  /** `/health` as an admin sees it: this process's lease owner id and every lease's holder. */
  async function leases(node: Node): Promise<{ owner: string; all: Record<string, { owner: string; live: boolean; takeovers: number }> }> {
    const res = await fetch(`${node.url}/health`, { headers: { authorization: `Bearer ${tokens.get(Role.ADMIN)}` } });
    return ((await res.json()) as { info: { readModels: { leases: { owner: string; all: Record<string, { owner: string; live: boolean; takeovers: number }> } } } }).info.readModels.leases;
  }

  it('SIGKILL of the worker holding the non-payment saga mid-grace: the other worker takes over, the contract is revoked for NON_PAYMENT once, notice first; no notice sent twice, no projection row applied twice', async () => {
    const submitted = await submitApplication(apiB, apiA);
    await data(apiA, Role.SCREENER, 'mutation($i: PassScreeningInput!) { passScreening(input: $i) { contract { id } } }', {
      i: { contractId: submitted.id, checklist: PASSING_CHECKLIST, clientMutationId: randomUUID() },
    });
    const active = await until('the certificate delivered', () => contract(apiA, submitted.id, 'status invoice { dueOn status } certificates { deliveredAt }'), (c) => c?.certificates?.[0]?.deliveredAt != null && c.invoice?.dueOn != null, 60_000);
    const graceEnds = startOfJapanDay(addDays(active.invoice.dueOn, 15));
    const advance = (node: Node, to: Date) =>
      data(node, Role.ADMIN, 'mutation($i: AdvanceClockInput!) { advanceClock(input: $i) { now } }', { i: { to: to.toISOString(), clientMutationId: randomUUID() } });

    // The middle of the grace period: the reminders are out, the revocation is a week away.
    await advance(apiA, new Date(graceEnds.getTime() - 7 * 24 * 3600_000));
    await until('the reminders recorded', async () => noticesRecorded(submitted.id), (n) => n.PAYMENT_REMINDER === 2, 30_000);
    const workers = nodes.filter((n) => n.name.startsWith('worker-'));
    const owners = new Map(await Promise.all(workers.map(async (w) => [(await leases(w)).owner, w] as const)));
    const before = (await leases(apiA)).all['saga:non-payment']!;
    const holder = owners.get(before.owner);
    if (!holder) throw new Error(`no worker holds saga:non-payment (${JSON.stringify(before)})`);
    const survivor = workers.find((w) => w !== holder)!;
    const survivorOwner = (await leases(survivor)).owner;

    const killedAt = Date.now();
    holder.process.child.kill('SIGKILL');
    expect(await holder.process.exited).toBe('SIGKILL');
    const after = await until('the other worker holds saga:non-payment', async () => (await leases(apiA)).all['saga:non-payment']!, (l) => l.owner === survivorOwner && l.live, 30_000);
    const takeoverMs = Date.now() - killedAt;
    // Within a few lease periods (LEASE_SECONDS=3): it ran out, then the survivor's next heartbeat took it.
    expect(takeoverMs).toBeLessThan(15_000);
    expect(after.takeovers).toBe(before.takeovers + 1);
    process.stdout.write(`takeover of saga:non-payment after SIGKILL: ${takeoverMs} ms\n`);

    // The end of the grace period, asked of the other api.
    await advance(apiB, new Date(graceEnds.getTime() + 3600_000));
    const selection = 'status revocation { reason status } notifications { kind }';
    const onB = await until('api B shows the contract revoked', () => contract(apiB, submitted.id, selection), (c) => c.status === 'REVOKED' && c.notifications.some((n: { kind: string }) => n.kind === 'REVOCATION_RESULT'), 60_000);
    const onA = await until('api A shows the same', () => contract(apiA, submitted.id, selection), (c) => JSON.stringify(c) === JSON.stringify(onB), 20_000);
    expect(onA.revocation.reason).toBe('NON_PAYMENT');

    // Exactly once in the log, the notice before the request (Art. 7(2)).
    expect(eventCounts(submitted.id)).toMatchObject({ RevocationInitiated: 1, RevocationRequested: 1, CertificateRevoked: 1 });
    const recorded = { SCREENING_RESULT: 1, INVOICE: 1, CERTIFICATE_DELIVERY: 1, PAYMENT_REMINDER: 2, REVOCATION_NOTICE: 1, REVOCATION_RESULT: 1 };
    expect(noticesRecorded(submitted.id)).toEqual(recorded);
    const order = double.data.events
      .filter((e) => e.streamId.endsWith(submitted.id))
      .map((e) => (e.type === 'CustomerNotified' ? `notice:${(JSON.parse(Buffer.from(e.data).toString('utf8')) as { kind: string }).kind}` : e.type));
    expect(order.indexOf('notice:REVOCATION_NOTICE')).toBeGreaterThan(-1);
    expect(order.indexOf('notice:REVOCATION_NOTICE')).toBeLessThan(order.indexOf('RevocationRequested'));
    // No notice handed to the mail server twice: every message counted, not only distinct Message-IDs.
    const handed: Record<string, number> = {};
    for (const mail of smtp.received) {
      const root = readMessage(mail.raw).root;
      if (header(root, 'x-pfw-contract-id') === submitted.id) handed[header(root, 'x-pfw-notification-kind')!] = (handed[header(root, 'x-pfw-notification-kind')!] ?? 0) + 1;
    }
    expect(handed).toEqual(recorded);
    // No projection row applied twice: the read model lists each recorded notice once, on both apis.
    const listed = (c: Record<string, any>) => (c.notifications as Array<{ kind: string }>).reduce<Record<string, number>>((m, n) => ({ ...m, [n.kind]: (m[n.kind] ?? 0) + 1 }), {});
    expect(listed(onA)).toEqual(recorded);
    expect(listed(onB)).toEqual(recorded);
  }, 180_000);

  it('a rolling upgrade: a worker of a build with a newer contracts projection joins the older processes — one rebuild, the older ones read-only, no ping-pong', async () => {
    // The newer build: this build with the contracts projection's version one higher (a copy under dist/).
    const next = join('dist', `.upgrade-${randomUUID().slice(0, 8)}`);
    cpSync(join(ROOT, 'dist', 'apps'), join(ROOT, next, 'apps'), { recursive: true });
    cpSync(join(ROOT, 'dist', 'libs'), join(ROOT, next, 'libs'), { recursive: true });
    const projectionFile = join(ROOT, next, 'libs/read-models/src/contracts/projection.js');
    const source = readFileSync(projectionFile, 'utf8');
    const [live] = await query<{ version: number; generation: number }>("select version, generation from projection_checkpoints where projection = 'contracts'");
    expect(source).toContain(`version: ${live!.version},`);
    writeFileSync(projectionFile, source.replace(`version: ${live!.version},`, `version: ${live!.version + 1},`));
    try {
      const upgraded = await start('worker-next', 'worker', baseEnv, next);
      await waitForHttp(`${upgraded.url}/health`, 200, 60_000);
      const checkpoint = async () => (await query<{ version: number; generation: number }>("select version, generation from projection_checkpoints where projection = 'contracts'"))[0]!;
      await until('the contracts projection rebuilt to the newer version', checkpoint, (c) => Number(c.version) === live!.version + 1, 60_000);
      const state = async (node: Node) => {
        const res = await fetch(`${node.url}/health`);
        return ((await res.json()) as { info?: { readModels: { projections: Record<string, { state: string }> } }; error?: { readModels: { projections: Record<string, { state: string }> } } });
      };
      for (const api of [apiA, apiB]) {
        await until(`${api.name} serves contracts read-only`, async () => (await state(api)).info?.readModels.projections.contracts!.state, (s) => s === 'read-only', 30_000);
      }
      // The newer build follows the log; an older api still answers (from the newer tables) — and nothing rebuilds again.
      const submitted = await submitApplication(apiA, apiB);
      await until('api B shows the new application', () => contract(apiB, submitted.id, 'id status'), (c) => c?.id === submitted.id, 30_000);
      await new Promise((r) => setTimeout(r, 4 * 3000));
      expect(await checkpoint()).toMatchObject({ version: live!.version + 1, generation: Number(live!.generation) + 1 });
      expect((await state(apiA)).info?.readModels.projections.contracts!.state).toBe('read-only');
    } finally {
      rmSync(join(ROOT, next), { recursive: true, force: true });
    }
  }, 180_000);

  it("each process's DATA_DIR holds nothing at all: every piece of state is in EventStoreDB and PostgreSQL", () => {
    const files = (dir: string): string[] =>
      readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)).map((f) => `${e.name}/${f}`) : [e.name]));
    for (const node of nodes) expect({ node: node.name, files: files(node.dataDir) }).toEqual({ node: node.name, files: [] });
  });
});
