import { createHash, randomUUID, webcrypto } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { BasicConstraintsExtension, SubjectAlternativeNameExtension, X509CertificateGenerator } from '@peculiar/x509';
import request from 'supertest';
import { ContractCommandInput, ContractCommandResult, ExecuteContractCommand } from '@pfw/application';
import { mintToken, Role, type StaffRole } from '@pfw/auth';
import { loadConfig, type AppConfig } from '@pfw/config';
import { corporateNumberCheckDigit } from '@pfw/domain';
import { EVENT_STORE, type EventStore } from '@pfw/event-store';
import { CONTRACTS_PROJECTION_NAME, ProjectionRegistry } from '@pfw/read-models';
import { createApp } from '../../apps/api/src/bootstrap';
import { makeCsrPem } from './csr';

/** The HS256 secret every e2e app of these suites verifies with (≥ 32 bytes, as the configuration demands). */
export const E2E_SECRET = 'e2e-secret-for-the-api-suites-0123456789';
export const SECRET_BYTES = new TextEncoder().encode(E2E_SECRET);

/** A corporate number with a valid check digit (its first digit). */
export const CORPORATE_NUMBER = `${corporateNumberCheckDigit('011001016853')}011001016853`;

export const STAFF: readonly StaffRole[] = [Role.SCREENER, Role.BILLING, Role.OPERATOR, Role.ADMIN, Role.AUDITOR];

export interface GqlResponse {
  readonly status: number;
  readonly body: {
    readonly data?: Record<string, any> | null;
    readonly errors?: ReadonlyArray<{ message: string; path?: unknown; extensions?: Record<string, unknown> }>;
  };
  readonly text: string;
}

export interface ApiHarness {
  readonly app: INestApplication;
  readonly config: AppConfig;
  readonly dataDir: string;
  /** A valid token for the role (minted once per harness). */
  token(role: StaffRole): string;
  /** POST /graphql as `role`. */
  gql(role: StaffRole, query: string, variables?: Record<string, unknown>): Promise<GqlResponse>;
  /** The global position of the last event in the log (null when empty). */
  head(): Promise<bigint | null>;
  /** POST /documents as `role` (screener by default): a small PDF of that kind. */
  upload(kind: string, role?: StaffRole): Promise<{ id: string; sha256: string; size: number; kind: string; contentType: string }>;
  /** A command as the sagas send it (actor SYSTEM), then waits until the contracts read model has it. */
  system(input: ContractCommandInput): Promise<ContractCommandResult>;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Extra environment for loadConfig (READ_MODEL_URL, …). */
  readonly env?: Record<string, string>;
  /**
   * Builds the application instead of `createApp(config)` (the PostgreSQL suite overrides the read-model
   * connection for PGlite's one-connection server).
   */
  readonly build?: (config: AppConfig) => Promise<INestApplication>;
}

/** The api in-process, as `npm start` wires it, on a fresh DATA_DIR: `createApp(config)` then `app.init()`. */
export async function startApi(options: StartOptions = {}): Promise<ApiHarness> {
  const dataDir = mkdtempSync(join(tmpdir(), 'pfw-api-e2e-'));
  // ROLE=api: this process answers the API and runs the projections, but no saga acts in the background — the
  // tests play the sagas' part themselves through the CommandBus (`system`), so nothing acts twice.
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATA_DIR: dataDir, AUTH_JWT_SECRET: E2E_SECRET, ROLE: 'api', ...options.env });
  let app: INestApplication;
  try {
    app = await (options.build ?? createApp)(config);
    await app.init();
  } catch (err) {
    rmSync(dataDir, { recursive: true, force: true });
    throw err;
  }
  const tokens = new Map<StaffRole, string>();
  for (const role of STAFF) tokens.set(role, await mintToken(SECRET_BYTES, { sub: `staff-${role.toLowerCase()}`, roles: [role], ttlSeconds: 3600 }));
  const store = app.get<EventStore>(EVENT_STORE);
  const registry = app.get(ProjectionRegistry);
  const bus = app.get(CommandBus);
  const token = (role: StaffRole) => tokens.get(role)!;
  const http = () => request(app.getHttpServer());
  return {
    app,
    config,
    dataDir,
    token,
    http,
    async gql(role, query, variables) {
      const res = await http().post('/graphql').set('Authorization', `Bearer ${token(role)}`).send({ query, variables });
      return { status: res.status, body: res.body, text: res.text };
    },
    head: () => store.headPosition(),
    async upload(kind, role = Role.SCREENER) {
      const res = await http()
        .post('/documents')
        .set('Authorization', `Bearer ${token(role)}`)
        .field('kind', kind)
        .attach('file', pdfBytes(kind), { filename: `${kind.toLowerCase()}.pdf`, contentType: 'application/pdf' });
      if (res.status !== 201 && res.status !== 200) throw new Error(`upload ${kind}: HTTP ${res.status} ${res.text}`);
      return res.body;
    },
    async system(input) {
      const meta = { actor: { id: 'saga:test', role: 'SYSTEM' as const }, correlationId: randomUUID(), causationId: null };
      const result = await bus.execute(new ExecuteContractCommand(input, meta));
      if (result.position !== null) await registry.waitForPosition(result.position, 10_000, [CONTRACTS_PROJECTION_NAME]);
      return result;
    },
    async close() {
      try {
        await app.close();
      } finally {
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
  };
}

/** A small, distinct PDF (the store judges the type by the leading `%PDF-` bytes). */
export function pdfBytes(label: string): Buffer {
  return Buffer.from(`%PDF-1.4\n% ${label} ${randomUUID()}\n%%EOF\n`, 'utf8');
}

export function bearer(token: string): Record<string, string> {
  return { Authorization: `Bearer ${token}` };
}

/** Today's Japan calendar date shifted by `days` (YYYY-MM-DD). */
export function japanDate(days = 0, from = new Date()): string {
  const shifted = new Date(from.getTime() + 9 * 3600_000 + days * 86_400_000);
  return shifted.toISOString().slice(0, 10);
}

/** A unique, valid FQDN for one test. */
export function uniqueFqdn(label = 'www'): string {
  return `${label}.e2e-${randomUUID().slice(0, 8)}.example.co.jp`;
}

export interface ApplicationOptions {
  readonly fqdn?: string;
  readonly organizationName?: string;
  readonly organizationType?: string;
  readonly stickerRequested?: boolean;
  readonly certificateDeliveryMethod?: 'EMAIL' | 'DOWNLOAD' | 'POST';
  readonly planMonths?: number;
  readonly documentIds: readonly string[];
  readonly csrPem: string;
  readonly clientMutationId?: string;
}

/** A valid SubmitApplicationInput (a corporation in Tokyo) for `fqdn`. */
export function applicationInput(o: ApplicationOptions): Record<string, unknown> {
  return {
    ...(o.clientMutationId ? { clientMutationId: o.clientMutationId } : {}),
    applicant: {
      organizationName: o.organizationName ?? '株式会社テスト',
      organizationType: o.organizationType ?? 'CORPORATION',
      corporateNumber: CORPORATE_NUMBER,
      address: { postalCode: '150-0001', prefecture: 'Tokyo', city: '渋谷区', street: '神宮前1-5-1' },
      representativeName: '山田 太郎',
      contact: { name: '佐藤 花子', email: 'hanako@example.co.jp', phone: '03-1234-5678' },
    },
    webServerFqdn: o.fqdn,
    planMonths: o.planMonths ?? 12,
    stickerRequested: o.stickerRequested ?? false,
    certificateDeliveryMethod: o.certificateDeliveryMethod ?? 'EMAIL',
    csrPem: o.csrPem,
    documentIds: o.documentIds,
  };
}

/** Every field of `Contract` a test looks at (kept within the depth and cost limits). */
export const CONTRACT_FIELDS = `
  id status webServerFqdn planMonths coverageStartsOn coverageEndsOn stickerRequested certificateDeliveryMethod
  termsVersion governingTermsVersion submittedAt acceptedAt renewalOf supersedes version position
  outstandingDocumentKinds documentsDiscarded personalDataShredded
  applicant { organizationName organizationType corporateNumber representativeName
    address { postalCode prefecture city street } contact { name email phone } }
  documents { id kind sha256 }
  screening { result reasons note checklist { japanBase organizationEligible noProhibitedActFound documentsComplete } by { id role } }
  invoice { id subtotalJpy taxJpy amountJpy paidJpy outstandingJpy issuedOn dueOn status payments { amountJpy paidOn bankReference } }
  certificates { serialNumber notBefore notAfter fingerprintSha256 status pem deliveredAt deliveryMethod revokedAt }
  currentCertificate { serialNumber }
  sticker { status serial shippedOn returnedOn returnDueOn }
  revocation { reason crlReason status initiator noticeRule requestedAt revokedAt deadline serialNumbers note }
  termination { noticedOn effectiveOn channel reason }
  notifications { kind channel sentAt }
`;

export const PAYLOAD = `contract { ${CONTRACT_FIELDS} } position clientMutationId`;

/** The required documents of an organization type, uploaded; their ids. */
export async function uploadRequired(api: ApiHarness, kinds: readonly string[]): Promise<string[]> {
  const ids: string[] = [];
  for (const kind of kinds) ids.push((await api.upload(kind)).id);
  return ids;
}

export interface Submitted {
  readonly id: string;
  readonly fqdn: string;
  readonly csrPem: string;
  readonly contract: Record<string, any>;
}

/** Uploads the documents a corporation needs and submits an application through GraphQL. */
export async function submit(api: ApiHarness, kinds: readonly string[], o: Partial<ApplicationOptions> = {}): Promise<Submitted> {
  const fqdn = o.fqdn ?? uniqueFqdn();
  const csrPem = o.csrPem ?? (await makeCsrPem(fqdn));
  const documentIds = o.documentIds ?? (await uploadRequired(api, kinds));
  const res = await api.gql(Role.SCREENER, `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { ${PAYLOAD} } }`, {
    i: applicationInput({ ...o, fqdn, csrPem, documentIds }),
  });
  if (res.body.errors) throw new Error(`submitApplication: ${JSON.stringify(res.body.errors)}`);
  const contract = res.body.data!.submitApplication.contract;
  return { id: contract.id, fqdn, csrPem, contract };
}

export const PASSING_CHECKLIST = { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true };

/** passScreening through GraphQL; the contract it answers. */
export async function accept(api: ApiHarness, contractId: string): Promise<Record<string, any>> {
  const res = await api.gql(Role.SCREENER, `mutation($i: PassScreeningInput!) { passScreening(input: $i) { ${PAYLOAD} } }`, {
    i: { contractId, checklist: PASSING_CHECKLIST },
  });
  if (res.body.errors) throw new Error(`passScreening: ${JSON.stringify(res.body.errors)}`);
  return res.body.data!.passScreening.contract;
}

export interface IssuedCertificate {
  readonly serialNumber: string;
  readonly fingerprintSha256: string;
  readonly pem: string;
  readonly notBefore: Date;
  readonly notAfter: Date;
  readonly subject: string;
  readonly issuer: string;
}

/**
 * A real X.509 certificate for `fqdn` (self-signed, ECDSA P-256), as a CA would answer: serial as
 * `openssl x509 -serial` prints it, SHA-256 fingerprint of the DER, valid from a minute ago for `days`.
 */
export async function makeCertificate(fqdn: string, days = 20): Promise<IssuedCertificate> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, false, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  // A positive serial whose first byte is neither 00 nor ≥ 80 (so DER needs no leading zero byte).
  const serialBytes = webcrypto.getRandomValues(new Uint8Array(16));
  serialBytes[0] = (serialBytes[0]! % 0x7f) + 1;
  const serialHex = Buffer.from(serialBytes).toString('hex').toUpperCase();
  const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
  const notAfter = new Date(notBefore.getTime() + days * 86_400_000);
  const name = `CN=${fqdn}, O=株式会社テスト, C=JP`;
  const cert = await X509CertificateGenerator.createSelfSigned(
    {
      serialNumber: serialHex,
      name,
      notBefore,
      notAfter,
      keys,
      signingAlgorithm: alg,
      extensions: [new BasicConstraintsExtension(false), new SubjectAlternativeNameExtension([{ type: 'dns', value: fqdn }])],
    },
    webcrypto as unknown as Parameters<typeof X509CertificateGenerator.createSelfSigned>[1],
  );
  return {
    serialNumber: serialHex,
    fingerprintSha256: createHash('sha256').update(Buffer.from(cert.rawData)).digest('hex'),
    pem: cert.toString('pem'),
    notBefore: cert.notBefore,
    notAfter: cert.notAfter,
    subject: cert.subject,
    issuer: cert.issuer,
  };
}

/**
 * What the issuance saga (issue 6) would do after acceptance, through the CommandBus: the invoice (optionally
 * issued in the past), the CA order and the CA's certificate.
 */
export async function issueCertificate(
  api: ApiHarness,
  contractId: string,
  fqdn: string,
  options: { readonly invoiceIssuedOn?: string; readonly certificateDays?: number } = {},
): Promise<{ invoiceId: string; caOrderId: string; certificate: IssuedCertificate }> {
  const invoiceId = `INV-${randomUUID().slice(0, 8)}`;
  await api.system({ type: 'IssueInvoice', contractId, invoiceId, channel: 'EMAIL', ...(options.invoiceIssuedOn ? { issuedOn: options.invoiceIssuedOn } : {}) });
  // Art. 5: the e-mailed invoice is received (and falls due 30 days later) when its e-mail goes out, as the dispatcher records it.
  await api.system({ type: 'NotifyCustomer', contractId, kind: 'INVOICE', channel: 'EMAIL', recipient: 'billing@example.co.jp' });
  const caOrderId = `order-${randomUUID()}`;
  await api.system({ type: 'RequestCertificate', contractId, caOrderId });
  const certificate = await makeCertificate(fqdn, options.certificateDays);
  await api.system({ type: 'RecordCertificateIssued', contractId, caOrderId, ...certificate });
  return { invoiceId, caOrderId, certificate };
}

/** No stack trace, no file path, no internal text in what the server answered. */
export function expectNoLeak(text: string): void {
  expect(text).not.toMatch(/stacktrace/i);
  expect(text).not.toMatch(/\bat [\w.<>]+ \(/); // a stack frame
  expect(text).not.toMatch(/(\/work\/|\/home\/|\/srv\/|node_modules|\.ts:\d+|\.js:\d+)/);
  expect(text).not.toMatch(/SQLITE_|sqlite3|SELECT |INSERT INTO|relation "|TypeError|ReferenceError/);
}

/** The one error of a GraphQL answer (fails the test when there is none or several). */
export function onlyError(res: GqlResponse): { message: string; extensions: Record<string, unknown> } {
  expect(res.body.errors).toHaveLength(1);
  const [error] = res.body.errors!;
  return { message: error!.message, extensions: error!.extensions ?? {} };
}

/** Input type of a mutation, by API.md's convention (name + `Input`). */
export function inputTypeOf(mutation: string): string {
  return `${mutation[0]!.toUpperCase()}${mutation.slice(1)}Input`;
}

/** Runs `mutation(input: $i) { selection }` as `role`. */
export function mutate(api: ApiHarness, role: StaffRole, name: string, input: unknown, selection = PAYLOAD): Promise<GqlResponse> {
  return api.gql(role, `mutation($i: ${inputTypeOf(name)}!) { ${name}(input: $i) { ${selection} } }`, { i: input });
}

/** The field's data of a successful answer (fails the test, showing the errors, when there are any). */
export function dataOf(res: GqlResponse, field: string): any {
  if (res.body.errors !== undefined) throw new Error(`${field}: unexpected errors ${JSON.stringify(res.body.errors)}`);
  expect(res.status).toBe(200);
  return res.body.data![field];
}

/** Reads until `ok` holds, every 100 ms; fails after `timeoutMs` with the last value read. */
export async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 30_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last)) {
    if (Date.now() > deadline) throw new Error(`${what}: gave up; last ${JSON.stringify(last).slice(0, 600)}`);
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  return last;
}
