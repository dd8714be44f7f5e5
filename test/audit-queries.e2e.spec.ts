import { Role } from '@pfw/auth';
import { CLOCK, SimulatedClock } from '@pfw/clock';
import { DEFAULT_POLICY } from '@pfw/domain';
import { verifyAuditLog, verifyTreeHead } from '@pfw/audit';
import { makeCsrPem } from './support/csr';
import { ApiHarness, CORPORATE_NUMBER, startApi } from './support/api';

const HOUR = 60 * 60 * 1000;
const CONTRACT_FIELDS = 'id status outstandingDocumentKinds documents { kind } acceptedAt screening { result } version';

describe('audit queries: auditTrail, auditLog, contractAsOf, auditCheckpoint', () => {
  let api: ApiHarness;
  let clock: SimulatedClock;
  let contractId: string;
  /** The occurredAt of each of the contract's events, oldest first. */
  const instants: Date[] = [];

  const step = () => clock.set(new Date(clock.now().getTime() + HOUR));

  beforeAll(async () => {
    api = await startApi({ env: { CLOCK: 'simulated' } });
    clock = api.app.get(CLOCK);
    const documentIds = [];
    for (const kind of DEFAULT_POLICY.requiredDocuments.CORPORATION) documentIds.push((await api.upload(kind)).id);
    const fqdn = 'www.audit.example.jp';
    const submitted = await api.gql(
      Role.SCREENER,
      `mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { contract { id } } }`,
      {
        i: {
          applicant: {
            organizationName: '株式会社監査',
            organizationType: 'CORPORATION',
            corporateNumber: CORPORATE_NUMBER,
            address: { postalCode: '100-0005', prefecture: 'Tokyo', city: '千代田区', street: '丸の内1-1' },
            representativeName: '監査 一郎',
            contact: { name: '監査 花子', email: 'hanako@audit.example.jp', phone: '03-1234-5678' },
          },
          webServerFqdn: fqdn,
          planMonths: 12,
          stickerRequested: false,
          csrPem: await makeCsrPem(fqdn),
          documentIds,
        },
      },
    );
    contractId = submitted.body.data!.submitApplication.contract.id;
    instants.push(clock.now());
    step();
    await api.gql(Role.SCREENER, `mutation($i: RequestAdditionalDocumentsInput!) { requestAdditionalDocuments(input: $i) { contract { id } } }`, {
      i: { contractId, kinds: ['SEAL_CERTIFICATE'], note: 'please' },
    });
    instants.push(clock.now());
    step();
    const seal = await api.upload('SEAL_CERTIFICATE');
    await api.gql(Role.SCREENER, `mutation($i: AttachDocumentsInput!) { attachDocuments(input: $i) { contract { id } } }`, {
      i: { contractId, documentIds: [seal.id] },
    });
    instants.push(clock.now());
    step();
    const passed = await api.gql(Role.SCREENER, `mutation($i: PassScreeningInput!) { passScreening(input: $i) { contract { status } } }`, {
      i: { contractId, checklist: { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true } },
    });
    expect(passed.body.data?.passScreening.contract.status).toBe('ACCEPTED');
    instants.push(clock.now());
  }, 60_000);
  afterAll(() => api.close());

  it('auditTrail lists every event of the contract, oldest first, with its envelope and leaf hash', async () => {
    const res = await api.gql(
      Role.AUDITOR,
      `query($id: ID!) { auditTrail(contractId: $id) { id streamId revision position type occurredAt actor { id role } commandName correlationId causationId data leafHash } }`,
      { id: contractId },
    );
    const trail = res.body.data!.auditTrail as Array<Record<string, any>>;
    expect(trail.map((e) => e.type)).toEqual(['ApplicationSubmitted', 'AdditionalDocumentsRequested', 'DocumentsAttached', 'ScreeningPassed']);
    expect(trail.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
    expect(trail.map((e) => e.occurredAt)).toEqual(instants.map((d) => d.toISOString()));
    for (const e of trail) {
      expect(e.streamId).toBe(`contract-${contractId}`);
      expect(e.actor).toEqual({ id: 'staff-screener', role: 'SCREENER' });
      expect(e.leafHash).toMatch(/^[A-Za-z0-9+/]{43}=$/);
      expect(e.correlationId).toEqual(expect.any(String));
    }
    expect(trail[0]!.data.webServerFqdn).toBe('www.audit.example.jp');
    expect(new Set(trail.map((e) => e.leafHash)).size).toBe(4);
  });

  it('contractAsOf rebuilds the contract at instants between each pair of its events', async () => {
    const asOf = async (at: Date) =>
      (await api.gql(Role.AUDITOR, `query($id: ID!, $at: DateTime!) { contractAsOf(id: $id, at: $at) { ${CONTRACT_FIELDS} } }`, { id: contractId, at: at.toISOString() }))
        .body.data!.contractAsOf;
    expect(await asOf(new Date(instants[0]!.getTime() - 1))).toBeNull();
    const between = (i: number) => new Date((instants[i]!.getTime() + instants[i + 1]!.getTime()) / 2);
    expect(await asOf(between(0))).toMatchObject({ status: 'SUBMITTED', outstandingDocumentKinds: [], version: 0 });
    expect(await asOf(between(1))).toMatchObject({ status: 'SUBMITTED', outstandingDocumentKinds: ['SEAL_CERTIFICATE'], version: 1 });
    const third = await asOf(between(2));
    expect(third).toMatchObject({ status: 'SUBMITTED', outstandingDocumentKinds: [], version: 2 });
    expect(third.documents.map((d: { kind: string }) => d.kind)).toContain('SEAL_CERTIFICATE');
    expect(await asOf(new Date(instants[3]!.getTime() + 1))).toMatchObject({ status: 'ACCEPTED', screening: { result: 'PASSED' }, version: 3 });
    // At an event's own instant, that event has happened.
    expect(await asOf(instants[1]!)).toMatchObject({ version: 1 });
  });

  it('auditLog filters by stream, event type, actor and occurredAt, and pages with cursors', async () => {
    const page = async (filter: Record<string, unknown>, first?: number, after?: string) =>
      (
        await api.gql(
          Role.ADMIN,
          `query($f: AuditLogFilter, $first: Int, $after: String) { auditLog(filter: $f, first: $first, after: $after) { edges { cursor node { type position actor { id } } } pageInfo { hasNextPage endCursor } } }`,
          { f: filter, first, after },
        )
      ).body.data!.auditLog;
    const stream = `contract-${contractId}`;
    expect((await page({ streamId: stream })).edges.map((e: any) => e.node.type)).toHaveLength(4);
    expect((await page({ eventTypes: ['ScreeningPassed'] })).edges.map((e: any) => e.node.type)).toEqual(['ScreeningPassed']);
    expect((await page({ actorId: 'nobody' })).edges).toEqual([]);
    expect((await page({ streamId: stream, from: instants[1]!.toISOString(), to: instants[2]!.toISOString() })).edges.map((e: any) => e.node.type)).toEqual([
      'AdditionalDocumentsRequested',
      'DocumentsAttached',
    ]);
    const seen: string[] = [];
    let after: string | undefined;
    for (let i = 0; i < 10; i++) {
      const p = await page({ streamId: stream }, 1, after);
      seen.push(...p.edges.map((e: any) => e.node.type));
      if (!p.pageInfo.hasNextPage) break;
      after = p.pageInfo.endCursor;
    }
    expect(seen).toEqual(['ApplicationSubmitted', 'AdditionalDocumentsRequested', 'DocumentsAttached', 'ScreeningPassed']);
  });

  it('auditCheckpoint answers a signed tree head that verifies, covering the log', async () => {
    const res = await api.gql(Role.AUDITOR, '{ auditCheckpoint { treeSize rootHash signature publicKey signedAt } }');
    const head = res.body.data!.auditCheckpoint;
    expect(head.treeSize).toBe(4);
    expect(verifyTreeHead({ ...head, timestamp: Date.parse(head.signedAt) })).toBe(true);
    const again = (await api.gql(Role.AUDITOR, '{ auditCheckpoint { treeSize rootHash signedAt } }')).body.data!.auditCheckpoint;
    expect(again).toEqual({ treeSize: 4, rootHash: head.rootHash, signedAt: head.signedAt });
  });

  it('is for auditors and admins only', async () => {
    const res = await api.gql(Role.SCREENER, '{ auditCheckpoint { treeSize } }');
    expect(res.body.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('GET /audit/export streams the JSON lines `audit export` writes, and they verify as `audit verify FILE` checks them', async () => {
    const head = (await api.gql(Role.AUDITOR, '{ auditCheckpoint { treeSize rootHash } }')).body.data!.auditCheckpoint;
    const res = await api.http().get('/audit/export').set('Authorization', `Bearer ${api.token(Role.AUDITOR)}`).buffer(true).parse((r, done) => {
      let text = '';
      r.setEncoding('utf8');
      r.on('data', (chunk: string) => (text += chunk));
      r.on('end', () => done(null, text));
    });
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/x-ndjson; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="audit-[0-9T-]+Z\.jsonl"$/);
    expect(res.headers['cache-control']).toBe('private, no-store');
    const lines = (res.body as string).trimEnd().split('\n');
    const records = lines.map((l) => JSON.parse(l) as { kind: string; treeHead?: { rootHash: string } });
    expect(records[0]!.kind).toBe('header');
    expect(records.filter((r) => r.kind === 'event')).toHaveLength(head.treeSize);
    expect(records.filter((r) => r.kind === 'treeHead').at(-1)!.treeHead!.rootHash).toBe(head.rootHash);
    expect(records.at(-1)!.kind).toBe('end');
    const result = await verifyAuditLog(lines);
    expect(result).toMatchObject({ ok: true, message: expect.stringMatching(new RegExp(`^audit log verified: ${head.treeSize} events`)) });
    // An admin may download it too.
    expect((await api.http().get('/audit/export').set('Authorization', `Bearer ${api.token(Role.ADMIN)}`)).status).toBe(200);
  });

  it('GET /audit/export: 401 without a token, 403 for a role other than auditor or admin', async () => {
    expect((await api.http().get('/audit/export')).status).toBe(401);
    for (const role of [Role.SCREENER, Role.BILLING, Role.OPERATOR] as const) {
      const res = await api.http().get('/audit/export').set('Authorization', `Bearer ${api.token(role)}`);
      expect(res.status).toBe(403);
      expect(res.text).not.toContain('"kind"');
    }
  });
});
