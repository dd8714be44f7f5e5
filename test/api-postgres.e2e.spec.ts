import { randomUUID } from 'node:crypto';
import type { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { sql } from 'kysely';
import { Logger } from 'nestjs-pino';
import { Role } from '@pfw/auth';
import type { AppConfig } from '@pfw/config';
import { createReadModelDb, migrateReadModels, READ_MODEL_DB, type ReadModelDb } from '@pfw/read-models';
import { MASTER_KEY, SqlDataKeyStore, type MasterKey } from '@pfw/personal-data';
import { AppModule } from '../apps/api/src/app.module';
import { startTestPostgres, type FreshDatabase, type TestPostgres } from '../libs/read-models/test/support/postgres';
import { makeCsrPem } from './support/csr';
import {
  accept,
  applicationInput,
  dataOf,
  issueCertificate,
  japanDate,
  mutate,
  PASSING_CHECKLIST,
  startApi,
  uploadRequired,
  type ApiHarness,
} from './support/api';
import { DATABASE_MIGRATIONS } from '@pfw/migrations';

/**
 * The same short lifecycle on the embedded default (SQLite) and with READ_MODEL_URL pointed at PostgreSQL:
 * the answers must be the same. PostgreSQL is READ_MODEL_TEST_URL when set (CI's server: the app is built by
 * `createApp` exactly as `npm start` does), else PGlite behind pglite-socket — which serves one connection
 * at a time, so there the application module is built with the read-model connection given the pool size
 * (1) and schema of the PGlite helper, everything else as `createApp` wires it.
 */
function pgliteBuild(fresh: FreshDatabase, poolMax: number) {
  return async (config: AppConfig): Promise<INestApplication> => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule.forRoot(config)] })
      .overrideProvider(READ_MODEL_DB)
      .useFactory({
        factory: async () => {
          const db = createReadModelDb({ readModelUrl: fresh.url, dataDir: config.dataDir, poolMax, ...(fresh.schema ? { schema: fresh.schema } : {}) });
          await migrateReadModels(db, DATABASE_MIGRATIONS);
          return db;
        },
      })
      // The key store on that same connection too: pglite-socket serves one connection at a time, so a pool of
      // its own would wait for this one to go idle — which a process renewing its leases never does for long.
      .overrideProvider(SqlDataKeyStore)
      .useFactory({ inject: [READ_MODEL_DB, MASTER_KEY], factory: (db: ReadModelDb, master: () => MasterKey) => new SqlDataKeyStore(db, master) })
      .compile();
    const app = moduleRef.createNestApplication({ bufferLogs: true });
    app.useLogger(app.get(Logger));
    return app;
  };
}

const CONTRACT = `id status webServerFqdn planMonths coverageStartsOn coverageEndsOn stickerRequested certificateDeliveryMethod
  termsVersion governingTermsVersion submittedAt acceptedAt version outstandingDocumentKinds
  applicant { organizationName organizationType corporateNumber address { postalCode prefecture city street } contact { name email phone } }
  documents { id kind sha256 }
  screening { result reasons checklist { japanBase organizationEligible noProhibitedActFound documentsComplete } by { id role } }
  invoice { id subtotalJpy taxJpy amountJpy paidJpy outstandingJpy issuedOn dueOn status }
  certificates { serialNumber notBefore notAfter fingerprintSha256 status deliveredAt deliveryMethod }
  currentCertificate { serialNumber }
  sticker { status serial shippedOn }
  revocation { reason crlReason status initiator noticeRule serialNumbers }
  notifications { kind channel }`;

/** Runs the lifecycle and answers what each step answered. */
async function lifecycle(api: ApiHarness, run: string): Promise<Array<[string, unknown]>> {
  const answers: Array<[string, unknown]> = [];
  const record = (step: string, value: unknown) => answers.push([step, value]);
  const kinds: string[] = dataOf(await api.gql(Role.SCREENER, '{ documentRequirements(organizationType: CORPORATION) }'), 'documentRequirements');
  const fqdn = `www.${run}.example.co.jp`;
  const documentIds = await uploadRequired(api, kinds);
  const key = randomUUID();
  const input = { ...applicationInput({ fqdn, csrPem: await makeCsrPem(fqdn), documentIds, stickerRequested: true, certificateDeliveryMethod: 'POST', organizationName: `PG比較 ${run} 株式会社` }), clientMutationId: key };
  const submitted = dataOf(await mutate(api, Role.SCREENER, 'submitApplication', input, `contract { ${CONTRACT} } position`), 'submitApplication');
  const id = submitted.contract.id;
  record('submitApplication', submitted);
  const head = await api.head();
  record('submitApplication again', dataOf(await mutate(api, Role.SCREENER, 'submitApplication', input, `contract { ${CONTRACT} } position`), 'submitApplication'));
  record('nothing written by the retry', (await api.head()) === head);
  record('screeningQueue', dataOf(await api.gql(Role.SCREENER, '{ screeningQueue { id } }'), 'screeningQueue'));
  const extra = await api.upload('REPRESENTATIVE_IDENTIFICATION');
  record('requestAdditionalDocuments', dataOf(await mutate(api, Role.SCREENER, 'requestAdditionalDocuments', { contractId: id, kinds: ['REPRESENTATIVE_IDENTIFICATION'] }, `contract { ${CONTRACT} }`), 'requestAdditionalDocuments'));
  record('attachDocuments', dataOf(await mutate(api, Role.SCREENER, 'attachDocuments', { contractId: id, documentIds: [extra.id] }, `contract { ${CONTRACT} }`), 'attachDocuments'));
  record('passScreening', dataOf(await mutate(api, Role.SCREENER, 'passScreening', { contractId: id, checklist: PASSING_CHECKLIST }, `contract { ${CONTRACT} }`), 'passScreening'));
  record('stickersToShip', dataOf(await api.gql(Role.OPERATOR, '{ stickersToShip { id } }'), 'stickersToShip'));
  record('recordStickerShipped', dataOf(await mutate(api, Role.OPERATOR, 'recordStickerShipped', { contractId: id, stickerSerial: 'STK-PG-1', shippedOn: japanDate() }, `contract { ${CONTRACT} }`), 'recordStickerShipped'));
  const { certificate } = await issueCertificate(api, id, fqdn);
  record('recordPayment', dataOf(await mutate(api, Role.BILLING, 'recordPayment', { contractId: id, amountJpy: 66_000, paidOn: japanDate(), bankReference: `PG-${run}` }, `contract { ${CONTRACT} }`), 'recordPayment'));
  const deliveredAt = new Date(Date.now() - 1000).toISOString();
  record('recordCertificateDelivered', dataOf(await mutate(api, Role.OPERATOR, 'recordCertificateDelivered', { contractId: id, deliveredAt }, `contract { ${CONTRACT} }`), 'recordCertificateDelivered'));
  record('expiringCertificates', dataOf(await api.gql(Role.AUDITOR, '{ expiringCertificates(withinDays: 30) { id } }'), 'expiringCertificates'));
  record('reissuesDue', dataOf(await api.gql(Role.AUDITOR, '{ reissuesDue { id } }'), 'reissuesDue'));
  record('contracts by organization', dataOf(await api.gql(Role.AUDITOR, 'query($f: ContractFilter) { contracts(filter: $f, first: 5) { totalCount edges { node { id status } } pageInfo { hasNextPage } } }', { f: { organizationName: run } }), 'contracts'));
  record('contracts by fqdn and status', dataOf(await api.gql(Role.AUDITOR, 'query($f: ContractFilter) { contracts(filter: $f) { totalCount } }', { f: { fqdn, status: 'ACTIVE' } }), 'contracts'));
  record('requestRevocation', dataOf(await mutate(api, Role.OPERATOR, 'requestRevocation', { contractId: id, reason: 'CUSTOMER_REQUEST' }, `contract { ${CONTRACT} }`), 'requestRevocation'));
  record('pendingRevocations', dataOf(await api.gql(Role.OPERATOR, '{ pendingRevocations { id status } }'), 'pendingRevocations'));
  record('contract', dataOf(await api.gql(Role.AUDITOR, `query($id: ID!) { contract(id: $id) { ${CONTRACT} } }`, { id }), 'contract'));
  record('serviceStatus', dataOf(await api.gql(Role.AUDITOR, '{ serviceStatus { suspended reason termsVersion } }'), 'serviceStatus'));
  record('certificate', { serialNumber: certificate.serialNumber });
  return answers;
}

/**
 * What differs between two runs by nature — generated ids, instants, log positions, the certificate's bytes, the
 * run's own names — replaced by placeholders that keep equal values equal within one run.
 */
function normalize(answers: Array<[string, unknown]>, run: string): unknown {
  const seen = new Map<string, string>();
  const placeholder = (kind: string, value: string) => {
    if (!seen.has(value)) seen.set(value, `<${kind} ${seen.size}>`);
    return seen.get(value)!;
  };
  const walk = (value: unknown, key: string): unknown => {
    if (Array.isArray(value)) return value.map((v) => walk(v, key));
    if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v, k)]));
    if (typeof value !== 'string') return value;
    if (['position', 'sha256', 'serialNumber', 'serialNumbers', 'fingerprintSha256'].includes(key)) return placeholder('serial/digest/position', value);
    if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(value)) return placeholder('id', value);
    if (/^\d{4}-\d{2}-\d{2}T/.test(value)) return '<instant>';
    if (/^INV-/.test(value)) return placeholder('invoice', value);
    return value.split(run).join('<run>');
  };
  return walk(answers, '');
}

describe('the api with its read models on PostgreSQL answers as on SQLite', () => {
  let pg: TestPostgres;
  let fresh: FreshDatabase;
  let onPostgres: ApiHarness;
  let onSqlite: ApiHarness;

  beforeAll(async () => {
    pg = await startTestPostgres();
    fresh = await pg.fresh();
    onPostgres = await startApi({ env: { READ_MODEL_URL: fresh.url }, build: pg.kind === 'pglite' ? pgliteBuild(fresh, pg.poolMax) : undefined });
    onSqlite = await startApi();
  }, 90_000);
  afterAll(async () => {
    await onPostgres?.close();
    await onSqlite?.close();
    await fresh?.dispose();
    await pg?.stop();
  }, 30_000);

  it('really reads and writes PostgreSQL', async () => {
    expect(onPostgres.config.readModelUrl).toBe(fresh.url);
    const db = onPostgres.app.get<ReadModelDb>(READ_MODEL_DB);
    const { rows } = await sql<{ version: string }>`select version() as version`.execute(db);
    expect(rows[0]!.version).toMatch(/PostgreSQL/);
    const health = await onPostgres.http().get('/health');
    expect(health.status).toBe(200);
    expect(health.body.info.readModels.status).toBe('up');
  });

  it('the same lifecycle gives the same answers on both', async () => {
    const pgRun = `pg${randomUUID().slice(0, 6)}`;
    const sqliteRun = `sq${randomUUID().slice(0, 6)}`;
    const [fromPostgres, fromSqlite] = [await lifecycle(onPostgres, pgRun), await lifecycle(onSqlite, sqliteRun)];
    // The answers themselves are right (checked on one, then both are compared).
    const byStep = new Map(fromSqlite);
    expect(byStep.get('nothing written by the retry')).toBe(true);
    expect((byStep.get('submitApplication again') as object)).toEqual(byStep.get('submitApplication'));
    expect((byStep.get('passScreening') as { contract: { status: string } }).contract.status).toBe('ACCEPTED');
    expect((byStep.get('recordPayment') as { contract: { invoice: { status: string } } }).contract.invoice.status).toBe('SETTLED');
    expect((byStep.get('recordCertificateDelivered') as { contract: { status: string } }).contract.status).toBe('ACTIVE');
    expect((byStep.get('requestRevocation') as { contract: { status: string } }).contract.status).toBe('REVOCATION_REQUESTED');
    expect(byStep.get('contracts by fqdn and status')).toEqual({ totalCount: 1 });

    const pgRows = await sql<{ n: string | number }>`select count(*) as n from contracts`.execute(onPostgres.app.get<ReadModelDb>(READ_MODEL_DB));
    expect(Number(pgRows.rows[0]!.n)).toBe(1);
    expect(normalize(fromPostgres, pgRun)).toEqual(normalize(fromSqlite, sqliteRun));
  }, 60_000);
});
