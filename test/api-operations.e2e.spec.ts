import { randomUUID } from 'node:crypto';
import { mintToken, Role } from '@pfw/auth';
import { addDays, coverageEndsOn, DEFAULT_POLICY, japanDate as asJapanDate, periodEnd } from '@pfw/domain';
import { makeCsrPem } from './support/csr';
import {
  accept,
  dataOf,
  expectNoLeak,
  issueCertificate,
  japanDate,
  mutate,
  onlyError,
  PASSING_CHECKLIST,
  SECRET_BYTES,
  startApi,
  submit,
  uniqueFqdn,
  uploadRequired,
  applicationInput,
  type ApiHarness,
} from './support/api';

/**
 * API.md "Mutations" and "Queries" end to end: the real application (`createApp`) on a fresh DATA_DIR, every
 * operation called through POST /graphql with a role allowed to do it, results asserted from the answer itself
 * (read-your-writes) and from the work lists. What the sagas (issue 6) would do in between — invoices, CA
 * orders, certificates, notices — is sent on the CommandBus as SYSTEM, as the sagas will.
 */
describe('GraphQL API end to end: every operation of API.md', () => {
  let api: ApiHarness;
  let corporationKinds: string[];

  beforeAll(async () => {
    api = await startApi();
    corporationKinds = dataOf(await api.gql(Role.SCREENER, '{ documentRequirements(organizationType: CORPORATION) }'), 'documentRequirements');
  });
  afterAll(() => api?.close());

  const ids = (list: Array<{ id: string }>) => list.map((c) => c.id);
  const workList = async (query: string) => ids(dataOf(await api.gql(Role.AUDITOR, `{ ${query} { id status } }`), query.replace(/\(.*$/, '')));

  describe('reference queries', () => {
    it('documentRequirements answers the kinds the policy requires for each organization type', async () => {
      for (const type of ['CORPORATION', 'OTHER_LEGAL_ENTITY', 'APPROVED_ORGANIZATION', 'SOLE_PROPRIETOR'] as const) {
        const res = await api.gql(Role.BILLING, `{ documentRequirements(organizationType: ${type}) }`);
        expect(dataOf(res, 'documentRequirements')).toEqual([...DEFAULT_POLICY.requiredDocuments[type]]);
      }
      expect(corporationKinds).toEqual(['APPLICATION_FORM', 'COVER_LETTER', 'CERTIFICATE_OF_REGISTERED_MATTERS']);
    });

    it('feeSchedule answers the plans, tax-exclusive integer yen (Art. 5)', async () => {
      const res = await api.gql(Role.OPERATOR, '{ feeSchedule { planMonths amountJpy } }');
      expect(dataOf(res, 'feeSchedule')).toEqual([
        { planMonths: 12, amountJpy: 60_000 },
        { planMonths: 24, amountJpy: 110_000 },
      ]);
    });

    it('serviceStatus answers the initial state: not suspended, terms version 1', async () => {
      const res = await api.gql(Role.AUDITOR, '{ serviceStatus { suspended reason termsVersion } }');
      expect(dataOf(res, 'serviceStatus')).toEqual({ suspended: false, reason: null, termsVersion: '1' });
    });

    it('contract(id) answers null for an unknown id', async () => {
      const res = await api.gql(Role.SCREENER, 'query($id: ID!) { contract(id: $id) { id } }', { id: randomUUID() });
      expect(dataOf(res, 'contract')).toBeNull();
    });
  });

  describe('a contract from application to revocation, one mutation after another', () => {
    let contractId: string;
    let fqdn: string;
    let uploads: Array<{ id: string; sha256: string; kind: string }>;
    let serialNumber: string;

    it('submitApplication (after POST /documents) answers the new contract, SUBMITTED, normalized, in the screening queue', async () => {
      fqdn = uniqueFqdn();
      uploads = [];
      for (const kind of corporationKinds) uploads.push(await api.upload(kind));
      for (const u of uploads) expect(u).toMatchObject({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), contentType: 'application/pdf' });
      const before = await api.head();
      const csrPem = await makeCsrPem(fqdn);
      const res = await mutate(api, Role.SCREENER, 'submitApplication', {
        ...applicationInput({ fqdn, csrPem, documentIds: uploads.map((u) => u.id), stickerRequested: true, certificateDeliveryMethod: 'POST' }),
      });
      const payload = dataOf(res, 'submitApplication');
      const c = payload.contract;
      contractId = c.id;
      expect(c).toMatchObject({
        status: 'SUBMITTED',
        webServerFqdn: fqdn,
        planMonths: 12,
        stickerRequested: true,
        certificateDeliveryMethod: 'POST',
        termsVersion: '1',
        governingTermsVersion: '1',
        acceptedAt: null,
        coverageStartsOn: null,
        invoice: null,
        certificates: [],
        currentCertificate: null,
        revocation: null,
        sticker: { status: 'REQUESTED', serial: null },
        renewalOf: null,
        supersedes: null,
        version: 0,
        applicant: {
          organizationName: '株式会社テスト',
          organizationType: 'CORPORATION',
          // API.md "Accepted inputs": romanized prefecture names are normalized to the official name.
          address: { postalCode: '150-0001', prefecture: '東京都', city: '渋谷区', street: '神宮前1-5-1' },
          contact: { name: '佐藤 花子', email: 'hanako@example.co.jp' },
        },
      });
      expect(c.id).toMatch(/^[0-9a-f-]{36}$/);
      expect(Date.parse(c.submittedAt)).not.toBeNaN();
      expect(c.documents).toEqual(uploads.map((u) => ({ id: u.id, kind: u.kind, sha256: u.sha256 })));
      // The write moved the log by exactly this contract's first event(s), and the answer names its position.
      const after = await api.head();
      expect(after).not.toBeNull();
      expect(after! > (before ?? -1n)).toBe(true);
      expect(payload.position).toBe(after!.toString());
      expect(BigInt(c.position)).toBe(after);
      expect(await workList('screeningQueue')).toContain(contractId);
    });

    it('requestAdditionalDocuments answers the kinds outstanding', async () => {
      const res = await mutate(api, Role.SCREENER, 'requestAdditionalDocuments', {
        contractId,
        kinds: ['REPRESENTATIVE_IDENTIFICATION'],
        note: 'please send the representative ID',
      });
      const c = dataOf(res, 'requestAdditionalDocuments').contract;
      expect(c.status).toBe('SUBMITTED');
      expect(c.outstandingDocumentKinds).toEqual(['REPRESENTATIVE_IDENTIFICATION']);
      expect(c.version).toBe(1);
    });

    it('passScreening is refused while a requested document is missing (Art. 4), and nothing is written', async () => {
      const before = await api.head();
      const res = await mutate(api, Role.SCREENER, 'passScreening', { contractId, checklist: PASSING_CHECKLIST });
      const error = onlyError(res);
      expect(error.extensions).toEqual({ code: 'RULE_VIOLATION', article: 'Art. 4' });
      expect(error.message).toContain('REPRESENTATIVE_IDENTIFICATION');
      expect(await api.head()).toBe(before);
    });

    it('attachDocuments answers the document attached and nothing outstanding', async () => {
      const doc = await api.upload('REPRESENTATIVE_IDENTIFICATION');
      const res = await mutate(api, Role.SCREENER, 'attachDocuments', { contractId, documentIds: [doc.id] });
      const c = dataOf(res, 'attachDocuments').contract;
      expect(c.documents).toHaveLength(4);
      expect(c.documents[3]).toEqual({ id: doc.id, kind: 'REPRESENTATIVE_IDENTIFICATION', sha256: doc.sha256 });
      expect(c.outstandingDocumentKinds).toEqual([]);
      expect(c.version).toBe(2);
    });

    it('passScreening answers ACCEPTED with coverage from today (Art. 3, 4, 11), off the screening queue, onto stickersToShip', async () => {
      const res = await mutate(api, Role.SCREENER, 'passScreening', { contractId, checklist: PASSING_CHECKLIST });
      const c = dataOf(res, 'passScreening').contract;
      const today = japanDate();
      expect(c).toMatchObject({
        status: 'ACCEPTED',
        coverageStartsOn: today,
        coverageEndsOn: coverageEndsOn(asJapanDate(today), 12),
        screening: { result: 'PASSED', reasons: [], checklist: PASSING_CHECKLIST, by: { id: 'staff-screener', role: 'SCREENER' } },
        version: 3,
      });
      expect(Date.parse(c.acceptedAt)).not.toBeNaN();
      expect(await workList('screeningQueue')).not.toContain(contractId);
      expect(await workList('stickersToShip')).toContain(contractId);
    });

    it('recordStickerShipped answers the sticker LENT with its serial, off stickersToShip', async () => {
      const res = await mutate(api, Role.OPERATOR, 'recordStickerShipped', { contractId, stickerSerial: 'STK-000123', shippedOn: japanDate() });
      const c = dataOf(res, 'recordStickerShipped').contract;
      expect(c.sticker).toMatchObject({ status: 'LENT', serial: 'STK-000123', shippedOn: japanDate() });
      expect(await workList('stickersToShip')).not.toContain(contractId);
    });

    it('recordPayment answers the invoice SETTLED (Art. 5), after the saga issued it', async () => {
      const issued = await issueCertificate(api, contractId, fqdn);
      serialNumber = issued.certificate.serialNumber;
      const shown = dataOf(await api.gql(Role.BILLING, `query($id: ID!) { contract(id: $id) { status invoice { id subtotalJpy taxJpy amountJpy paidJpy issuedOn dueOn status } } }`, { id: contractId }), 'contract');
      expect(shown.status).toBe('ISSUED');
      expect(shown.invoice).toEqual({
        id: issued.invoiceId,
        subtotalJpy: 60_000,
        taxJpy: 6_000,
        amountJpy: 66_000,
        paidJpy: 0,
        issuedOn: japanDate(),
        dueOn: japanDate(30),
        status: 'OPEN',
      });
      const res = await mutate(api, Role.BILLING, 'recordPayment', { contractId, amountJpy: 66_000, paidOn: japanDate(), bankReference: 'MIZUHO-0001' });
      const c = dataOf(res, 'recordPayment').contract;
      expect(c.invoice).toMatchObject({ status: 'SETTLED', paidJpy: 66_000, outstandingJpy: 0, payments: [{ amountJpy: 66_000, paidOn: japanDate(), bankReference: 'MIZUHO-0001' }] });
    });

    it('recordCertificateDelivered (POST) answers ACTIVE with the certificate delivered (Art. 4(4))', async () => {
      const deliveredAt = new Date(Date.now() - 1000).toISOString();
      const res = await mutate(api, Role.OPERATOR, 'recordCertificateDelivered', { contractId, method: 'POST', deliveredAt });
      const c = dataOf(res, 'recordCertificateDelivered').contract;
      expect(c.status).toBe('ACTIVE');
      expect(c.certificates).toHaveLength(1);
      expect(c.certificates[0]).toMatchObject({ serialNumber, status: 'DELIVERED', deliveryMethod: 'POST', deliveredAt });
      expect(c.certificates[0].pem).toMatch(/^-----BEGIN CERTIFICATE-----/);
      expect(c.currentCertificate).toEqual({ serialNumber });
    });

    it('expiringCertificates and reissuesDue list the contract whose certificate ends within the window', async () => {
      // The certificate is valid 20 days.
      expect(await workList('expiringCertificates(withinDays: 30)')).toContain(contractId);
      expect(await workList('expiringCertificates(withinDays: 10)')).not.toContain(contractId);
      expect(await workList('expiringCertificates')).toContain(contractId); // default 30 days
      expect(await workList('reissuesDue')).toContain(contractId);
    });

    it('requestReissue (REKEY, a new key for the same server) answers the contract still ACTIVE, off reissuesDue (Art. 11)', async () => {
      const before = dataOf(await api.gql(Role.OPERATOR, 'query($id: ID!) { contract(id: $id) { version } }', { id: contractId }), 'contract').version;
      const res = await mutate(api, Role.OPERATOR, 'requestReissue', { contractId, csrPem: await makeCsrPem(fqdn), reason: 'REKEY' });
      const c = dataOf(res, 'requestReissue').contract;
      expect(c.status).toBe('ACTIVE');
      expect(c.version).toBe(before + 1);
      expect(await workList('reissuesDue')).not.toContain(contractId);
    });

    it('assessCompensation answers the Art. 15 amount: the fee pro rata to the remaining whole months, capped at the fee received', async () => {
      const res = await mutate(
        api,
        Role.ADMIN,
        'assessCompensation',
        { contractId, incidentOn: japanDate() },
        'amountJpy contractFeeJpy feeReceivedJpy remainingWholeMonths totalMonths clientMutationId',
      );
      const answer = dataOf(res, 'assessCompensation');
      // Coverage started today: all 12 months remain, so the whole fee, capped at what was received.
      expect(answer.totalMonths).toBe(12);
      expect(answer.remainingWholeMonths).toBe(12);
      expect(answer.feeReceivedJpy).toBeGreaterThan(0);
      expect(answer.amountJpy).toBe(Math.min(Math.floor((answer.contractFeeJpy * 12) / 12), answer.feeReceivedJpy));
      expect([60_000, 66_000]).toContain(answer.contractFeeJpy);
      expect(answer.clientMutationId).toBeNull();
    });

    it('noticeTermination answers the notice and the TERMINATION_NOTICE sent (Art. 14)', async () => {
      const noticedOn = japanDate();
      const effectiveOn = addDays(periodEnd(asJapanDate(noticedOn), 3), 1);
      const res = await mutate(api, Role.ADMIN, 'noticeTermination', { contractId, noticedOn, effectiveOn, channel: 'EMAIL', reason: 'service closing' });
      const c = dataOf(res, 'noticeTermination').contract;
      expect(c.status).toBe('ACTIVE');
      expect(c.termination).toEqual({ noticedOn, effectiveOn, channel: 'EMAIL', reason: 'service closing' });
      expect(c.notifications.map((n: { kind: string; channel: string }) => [n.kind, n.channel])).toContainEqual(['TERMINATION_NOTICE', 'EMAIL']);
    });

    it('requestRevocation (the customer’s request, its CRL reason) answers REVOCATION_REQUESTED, INITIATED, in pendingRevocations (Art. 7)', async () => {
      const res = await mutate(api, Role.OPERATOR, 'requestRevocation', { contractId, reason: 'CUSTOMER_REQUEST', crlReason: 'KEY_COMPROMISE', note: 'customer asked by phone' });
      const c = dataOf(res, 'requestRevocation').contract;
      expect(c.status).toBe('REVOCATION_REQUESTED');
      expect(c.revocation).toMatchObject({
        reason: 'CUSTOMER_REQUEST',
        crlReason: 'KEY_COMPROMISE',
        status: 'INITIATED',
        initiator: 'OPERATOR',
        noticeRule: 'REVOCATION_NOTICE',
        requestedAt: null,
        revokedAt: null,
        serialNumbers: [serialNumber],
        note: 'customer asked by phone',
      });
      // BR §4.9.1.1: 24 hours for a customer's request.
      expect(Date.parse(c.revocation.deadline) - Date.now()).toBeGreaterThan(23 * 3600_000);
      expect(await workList('pendingRevocations')).toContain(contractId);
      const deadlines = dataOf(await api.gql(Role.OPERATOR, '{ pendingRevocationDeadlines { contract { id } deadline overdue urgent remainingMinutes } }'), 'pendingRevocationDeadlines');
      const mine = deadlines.find((d: { contract: { id: string } }) => d.contract.id === contractId);
      expect(mine).toMatchObject({ deadline: c.revocation.deadline, overdue: false, urgent: false });
      expect(mine.remainingMinutes).toBeGreaterThan(23 * 60);
    });

    it('recordStickerReturned answers the sticker RETURNED once the revoked contract asked for it back (Art. 12)', async () => {
      // The revocation saga: notice, request, the CA's answer; then the end-of-contract saga asks for the sticker.
      await api.system({ type: 'NotifyCustomer', contractId, kind: 'REVOCATION_NOTICE', channel: 'EMAIL', recipient: 'hanako@example.co.jp' });
      await api.system({ type: 'SendRevocationRequest', contractId, caOrderId: `revoke-${randomUUID()}` });
      await api.system({ type: 'RecordCertificateRevoked', contractId, serialNumber, revokedAt: new Date(), crlReason: 'KEY_COMPROMISE', caReference: 'CA-REF-1' });
      await api.system({ type: 'RequestStickerReturn', contractId });
      expect(await workList('pendingRevocations')).not.toContain(contractId);
      expect(await workList('outstandingStickers')).toContain(contractId);

      const res = await mutate(api, Role.OPERATOR, 'recordStickerReturned', { contractId, stickerSerial: 'STK-000123', receivedOn: japanDate() });
      const c = dataOf(res, 'recordStickerReturned').contract;
      expect(c.status).toBe('REVOKED');
      expect(c.revocation).toMatchObject({ status: 'REVOKED', crlReason: 'KEY_COMPROMISE' });
      expect(c.certificates[0]).toMatchObject({ serialNumber, status: 'REVOKED' });
      expect(c.currentCertificate).toBeNull();
      expect(c.sticker).toMatchObject({ status: 'RETURNED', serial: 'STK-000123', returnedOn: japanDate() });
      expect(await workList('outstandingStickers')).not.toContain(contractId);
    });
  });

  describe('the other ways a contract goes', () => {
    it('read-your-writes: the answer shows the write, and so does every read sent right after it', async () => {
      const s = await submit(api, corporationKinds);
      const res = await mutate(api, Role.SCREENER, 'failScreening', { contractId: s.id, reasons: ['DOCUMENTS_INCOMPLETE'] });
      const payload = dataOf(res, 'failScreening');
      expect(payload.contract).toMatchObject({ status: 'REJECTED', version: 1 });
      expect(BigInt(payload.contract.position)).toBeGreaterThanOrEqual(BigInt(payload.position));
      // The answer came from the command's own fold; reads sent after it wait until the read model shows the write.
      const [byId, byFilter, queue] = await Promise.all([
        api.gql(Role.AUDITOR, 'query($id: ID!) { contract(id: $id) { status version position } }', { id: s.id }),
        api.gql(Role.AUDITOR, 'query($f: ContractFilter) { contracts(filter: $f) { totalCount } }', { f: { fqdn: s.fqdn, status: 'REJECTED' } }),
        api.gql(Role.AUDITOR, '{ screeningQueue { id } }'),
      ]);
      expect(dataOf(byId, 'contract')).toEqual({ status: 'REJECTED', version: 1, position: payload.contract.position });
      expect(dataOf(byFilter, 'contracts').totalCount).toBe(1);
      expect(ids(dataOf(queue, 'screeningQueue'))).not.toContain(s.id);
    });

    it('failScreening answers REJECTED with the reasons (Art. 3, 4)', async () => {
      const s = await submit(api, corporationKinds);
      const res = await mutate(api, Role.SCREENER, 'failScreening', { contractId: s.id, reasons: ['NO_JAPAN_BASE', 'OTHER'], note: 'no office found' });
      const c = dataOf(res, 'failScreening').contract;
      expect(c.status).toBe('REJECTED');
      expect(c.screening).toMatchObject({ result: 'FAILED', reasons: ['NO_JAPAN_BASE', 'OTHER'], note: 'no office found' });
      expect(await workList('screeningQueue')).not.toContain(s.id);
    });

    it('withdrawApplication answers WITHDRAWN (Art. 4)', async () => {
      const s = await submit(api, corporationKinds);
      const res = await mutate(api, Role.SCREENER, 'withdrawApplication', { contractId: s.id, note: 'customer changed their mind' });
      expect(dataOf(res, 'withdrawApplication').contract).toMatchObject({ id: s.id, status: 'WITHDRAWN', version: 1 });
      expect(await workList('screeningQueue')).not.toContain(s.id);
    });

    it('reportTrustImpaired answers the revocation sent to the CA at once, 24 h deadline, no notice first (Art. 7(1))', async () => {
      const s = await submit(api, corporationKinds);
      await accept(api, s.id);
      const { certificate } = await issueCertificate(api, s.id, s.fqdn);
      const reportedAt = new Date(Date.now() - 60_000).toISOString();
      const res = await mutate(api, Role.OPERATOR, 'reportTrustImpaired', { contractId: s.id, cause: 'KEY_COMPROMISE', reportedAt, note: 'key leaked on a forum' });
      const c = dataOf(res, 'reportTrustImpaired').contract;
      expect(c.status).toBe('REVOCATION_REQUESTED');
      expect(c.revocation).toMatchObject({
        reason: 'KEY_COMPROMISE',
        crlReason: 'KEY_COMPROMISE',
        status: 'REQUESTED',
        initiator: 'CUSTOMER_REPORT',
        noticeRule: 'NONE',
        serialNumbers: [certificate.serialNumber],
        deadline: new Date(Date.parse(reportedAt) + 24 * 3600_000).toISOString(),
      });
      expect(Date.parse(c.revocation.requestedAt)).not.toBeNaN();
      expect(await workList('pendingRevocations')).toContain(s.id);
    });

    it('overdueInvoices lists a contract whose invoice went unpaid past its due date (Art. 5)', async () => {
      const s = await submit(api, corporationKinds);
      await accept(api, s.id);
      // The invoice was received 40 days ago (a paper one), so it fell due 10 days ago.
      await api.system({ type: 'IssueInvoice', contractId: s.id, invoiceId: `INV-${randomUUID().slice(0, 8)}`, channel: 'DOCUMENT', issuedOn: japanDate(-40), receivedOn: japanDate(-40) });
      await api.system({ type: 'MarkPaymentOverdue', contractId: s.id });
      expect(await workList('overdueInvoices')).toContain(s.id);
      const c = dataOf(await api.gql(Role.BILLING, 'query($id: ID!) { contract(id: $id) { invoice { status dueOn outstandingJpy } } }', { id: s.id }), 'contract');
      expect(c.invoice).toEqual({ status: 'OVERDUE', dueOn: japanDate(-10), outstandingJpy: 66_000 });
    });
  });

  describe('the service stream', () => {
    it('suspendService and resumeService answer the service status they caused (Art. 6)', async () => {
      const suspended = dataOf(await mutate(api, Role.ADMIN, 'suspendService', { reason: 'CA maintenance' }, 'serviceStatus { suspended reason termsVersion } clientMutationId'), 'suspendService');
      expect(suspended).toEqual({ serviceStatus: { suspended: true, reason: 'CA maintenance', termsVersion: '1' }, clientMutationId: null });
      expect(dataOf(await api.gql(Role.SCREENER, '{ serviceStatus { suspended reason } }'), 'serviceStatus')).toEqual({ suspended: true, reason: 'CA maintenance' });

      // Art. 6: while suspended, no request goes to the CA.
      const s = await submit(api, corporationKinds);
      await accept(api, s.id);
      await expect(api.system({ type: 'RequestCertificate', contractId: s.id, caOrderId: `order-${randomUUID()}` })).rejects.toMatchObject({ article: 'Art. 6' });

      const resumed = dataOf(await mutate(api, Role.ADMIN, 'resumeService', { reason: 'maintenance over' }, 'serviceStatus { suspended reason termsVersion }'), 'resumeService');
      expect(resumed).toEqual({ serviceStatus: { suspended: false, reason: null, termsVersion: '1' } });
      await api.system({ type: 'RequestCertificate', contractId: s.id, caOrderId: `order-${randomUUID()}` });
      const c = dataOf(await api.gql(Role.OPERATOR, 'query($id: ID!) { contract(id: $id) { status } }', { id: s.id }), 'contract');
      expect(c.status).toBe('CERTIFICATE_REQUESTED');
    });
  });

  describe('contracts: filters and cursor paging', () => {
    const run = randomUUID().slice(0, 8);
    const organizationName = `ページング検証 ${run} 株式会社`;
    let created: Array<{ id: string; fqdn: string }>;

    beforeAll(async () => {
      created = [];
      for (let i = 0; i < 5; i++) {
        const fqdn = `host${i}.paging-${run}.example.jp`;
        const s = await submit(api, corporationKinds, { fqdn, organizationName });
        created.push({ id: s.id, fqdn });
      }
      await accept(api, created[0]!.id);
    });

    const PAGE = `totalCount edges { cursor node { id status webServerFqdn submittedAt } } pageInfo { hasNextPage endCursor }`;

    it('pages through every contract of a filter, 2 at a time, newest first, none twice', async () => {
      const seen: string[] = [];
      let after: string | null = null;
      let pages = 0;
      for (;;) {
        const res = await api.gql(Role.AUDITOR, `query($f: ContractFilter, $after: String) { contracts(filter: $f, first: 2, after: $after) { ${PAGE} } }`, {
          f: { organizationName: `ページング検証 ${run}` },
          after,
        });
        const page = dataOf(res, 'contracts');
        pages++;
        expect(page.totalCount).toBe(5);
        expect(page.edges.length).toBeLessThanOrEqual(2);
        for (const edge of page.edges) {
          expect(typeof edge.cursor).toBe('string');
          seen.push(edge.node.id);
        }
        if (page.edges.length > 0) expect(page.pageInfo.endCursor).toBe(page.edges[page.edges.length - 1].cursor);
        if (!page.pageInfo.hasNextPage) break;
        after = page.pageInfo.endCursor;
      }
      expect(pages).toBe(3);
      expect(new Set(seen).size).toBe(5);
      expect([...seen].sort()).toEqual(ids(created).sort());
      // Newest first: the last submitted comes first.
      expect(seen[0]).toBe(created[4]!.id);
      expect(seen[4]).toBe(created[0]!.id);
    });

    it('filters by status, FQDN (the domain and names under it), organization name (literal substring, any case) and submission time', async () => {
      const byStatus = dataOf(
        await api.gql(Role.SCREENER, `query($f: ContractFilter) { contracts(filter: $f, first: 10) { ${PAGE} } }`, { f: { organizationName: run, status: 'ACCEPTED' } }),
        'contracts',
      );
      expect(byStatus.totalCount).toBe(1);
      expect(byStatus.edges[0].node).toMatchObject({ id: created[0]!.id, status: 'ACCEPTED' });

      const byDomain = dataOf(await api.gql(Role.SCREENER, `query($f: ContractFilter) { contracts(filter: $f) { ${PAGE} } }`, { f: { fqdn: `paging-${run}.example.jp` } }), 'contracts');
      expect(byDomain.totalCount).toBe(5);
      const byHost = dataOf(await api.gql(Role.SCREENER, `query($f: ContractFilter) { contracts(filter: $f) { ${PAGE} } }`, { f: { fqdn: created[2]!.fqdn } }), 'contracts');
      expect(byHost.edges.map((e: { node: { id: string } }) => e.node.id)).toEqual([created[2]!.id]);

      const all = dataOf(await api.gql(Role.SCREENER, `query($f: ContractFilter) { contracts(filter: $f, first: 10) { ${PAGE} } }`, { f: { organizationName: run } }), 'contracts');
      const times = all.edges.map((e: { node: { submittedAt: string } }) => e.node.submittedAt).sort();
      const from = times[1];
      const to = times[3];
      const window = dataOf(
        await api.gql(Role.SCREENER, `query($f: ContractFilter) { contracts(filter: $f, first: 10) { ${PAGE} } }`, { f: { organizationName: run, submittedFrom: from, submittedTo: to } }),
        'contracts',
      );
      for (const edge of window.edges) {
        expect(edge.node.submittedAt >= from && edge.node.submittedAt <= to).toBe(true);
      }
      expect(window.totalCount).toBeGreaterThanOrEqual(2);
      expect(window.totalCount).toBeLessThan(5);

      // The organization filter is a substring, case-insensitive, and SQL wildcards in it are plain characters.
      const count = async (f: Record<string, unknown>) =>
        dataOf(await api.gql(Role.SCREENER, 'query($f: ContractFilter) { contracts(filter: $f) { totalCount } }', { f }), 'contracts').totalCount;
      expect(await count({ organizationName: `ページング検証 ${run.toUpperCase()}` })).toBe(5);
      expect(await count({ organizationName: `ページング検証 % 株式会社` })).toBe(0);
      expect(await count({ organizationName: `ページング検証 ${run.slice(0, 4)}____ 株式会社` })).toBe(0);
      expect(await count({ organizationName: run, submittedFrom: to, submittedTo: from })).toBe(0);
    });

    it('refuses a page larger than 100 (first: 101) with BAD_USER_INPUT, and a cursor it never gave out', async () => {
      const tooMany = await api.gql(Role.AUDITOR, '{ contracts(first: 101) { totalCount } }');
      expect(onlyError(tooMany).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'first' });
      expect(dataOf(await api.gql(Role.AUDITOR, '{ contracts(first: 100) { totalCount } }'), 'contracts').totalCount).toBeGreaterThanOrEqual(5);
      const badCursor = await api.gql(Role.AUDITOR, '{ contracts(first: 2, after: "not-a-cursor") { totalCount } }');
      expect(onlyError(badCursor).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'after' });
      const badStatus = await api.gql(Role.AUDITOR, '{ contracts(filter: { status: "NOPE" }) { totalCount } }');
      expect(onlyError(badStatus).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'filter.status' });
      expectNoLeak(tooMany.text + badCursor.text + badStatus.text);
    });
  });

  describe('idempotency (clientMutationId)', () => {
    it('a retried submitApplication answers the first contract and creates no second one', async () => {
      const fqdn = uniqueFqdn('retry');
      const input = applicationInput({
        fqdn,
        csrPem: await makeCsrPem(fqdn),
        documentIds: await uploadRequired(api, corporationKinds),
        clientMutationId: randomUUID(),
      });
      const first = dataOf(await mutate(api, Role.SCREENER, 'submitApplication', input), 'submitApplication');
      const head = await api.head();
      const second = dataOf(await mutate(api, Role.SCREENER, 'submitApplication', input), 'submitApplication');
      expect(second).toEqual(first);
      expect(second.clientMutationId).toBe(input.clientMutationId);
      expect(await api.head()).toBe(head);
      const found = dataOf(await api.gql(Role.SCREENER, 'query($f: ContractFilter) { contracts(filter: $f) { totalCount edges { node { id } } } }', { f: { fqdn } }), 'contracts');
      expect(found.totalCount).toBe(1);
      expect(found.edges[0].node.id).toBe(first.contract.id);
    });

    it('the same clientMutationId twice answers the same and writes nothing; with another input → IDEMPOTENCY_CONFLICT', async () => {
      const s = await submit(api, corporationKinds);
      const key = randomUUID();
      const first = dataOf(await mutate(api, Role.SCREENER, 'passScreening', { clientMutationId: key, contractId: s.id, checklist: PASSING_CHECKLIST }), 'passScreening');
      expect(first.contract).toMatchObject({ status: 'ACCEPTED', version: 1 });
      const head = await api.head();
      expect(first.position).toBe(head!.toString());

      const again = dataOf(await mutate(api, Role.SCREENER, 'passScreening', { clientMutationId: key, contractId: s.id, checklist: PASSING_CHECKLIST }), 'passScreening');
      expect(again).toEqual(first);
      expect(await api.head()).toBe(head);

      const conflict = await mutate(api, Role.SCREENER, 'passScreening', { clientMutationId: key, contractId: s.id, checklist: { ...PASSING_CHECKLIST, documentsComplete: false } });
      const error = onlyError(conflict);
      expect(error.extensions.code).toBe('IDEMPOTENCY_CONFLICT');
      expectNoLeak(conflict.text);
      expect(await api.head()).toBe(head);
      const shown = dataOf(await api.gql(Role.SCREENER, 'query($id: ID!) { contract(id: $id) { version status } }', { id: s.id }), 'contract');
      expect(shown).toEqual({ version: 1, status: 'ACCEPTED' });
    });

    it('two requests with the same clientMutationId at once: one write, both get the same answer', async () => {
      const s = await submit(api, corporationKinds);
      const key = randomUUID();
      const send = () => mutate(api, Role.SCREENER, 'passScreening', { clientMutationId: key, contractId: s.id, checklist: PASSING_CHECKLIST });
      const [a, b] = await Promise.all([send(), send()]);
      expect(dataOf(a, 'passScreening')).toEqual(dataOf(b, 'passScreening'));
      expect(dataOf(a, 'passScreening').contract.version).toBe(1);
      const trail = dataOf(await api.gql(Role.AUDITOR, 'query($id: ID!) { contract(id: $id) { version } }', { id: s.id }), 'contract');
      expect(trail.version).toBe(1);
    });

    it('a clientMutationId already used by another operation or another staff member → IDEMPOTENCY_CONFLICT, nothing written', async () => {
      const s = await submit(api, corporationKinds);
      const key = randomUUID();
      dataOf(await mutate(api, Role.SCREENER, 'requestAdditionalDocuments', { clientMutationId: key, contractId: s.id, kinds: ['COVER_LETTER'] }), 'requestAdditionalDocuments');
      const head = await api.head();
      const otherOperation = await mutate(api, Role.SCREENER, 'withdrawApplication', { clientMutationId: key, contractId: s.id });
      expect(onlyError(otherOperation).extensions.code).toBe('IDEMPOTENCY_CONFLICT');
      const colleague = await mintToken(SECRET_BYTES, { sub: 'staff-screener-2', roles: [Role.SCREENER], ttlSeconds: 600 });
      const otherStaff = await api
        .http()
        .post('/graphql')
        .set('Authorization', `Bearer ${colleague}`)
        .send({ query: 'mutation($i: RequestAdditionalDocumentsInput!) { requestAdditionalDocuments(input: $i) { position } }', variables: { i: { clientMutationId: key, contractId: s.id, kinds: ['COVER_LETTER'] } } });
      expect(otherStaff.body.errors.map((e: { extensions: { code: string } }) => e.extensions.code)).toEqual(['IDEMPOTENCY_CONFLICT']);
      expect(await api.head()).toBe(head);
    });

    it('concurrent mutations of one contract: each is written or answered CONCURRENCY_CONFLICT (retryable), never an internal error', async () => {
      const s = await submit(api, corporationKinds);
      const kinds = ['KIND_A', 'KIND_B', 'KIND_C', 'KIND_D', 'KIND_E'];
      const answers = await Promise.all(kinds.map((kind) => mutate(api, Role.SCREENER, 'requestAdditionalDocuments', { contractId: s.id, kinds: [kind] })));
      let written = 0;
      for (const res of answers) {
        expectNoLeak(res.text);
        if (res.body.errors) {
          expect(onlyError(res).extensions).toMatchObject({ code: 'CONCURRENCY_CONFLICT', retryable: true });
        } else {
          written++;
        }
      }
      expect(written).toBeGreaterThanOrEqual(1);
      const c = dataOf(await api.gql(Role.AUDITOR, 'query($id: ID!) { contract(id: $id) { version outstandingDocumentKinds } }', { id: s.id }), 'contract');
      expect(c.version).toBe(written);
      expect(c.outstandingDocumentKinds).toHaveLength(written);
    });

    it('a refused mutation keeps nothing: the same clientMutationId may be used again once the cause is fixed', async () => {
      const s = await submit(api, corporationKinds);
      await accept(api, s.id);
      const { certificate } = await issueCertificate(api, s.id, s.fqdn);
      const key = randomUUID();
      const future = new Date(Date.now() + 3600_000).toISOString();
      const refused = await mutate(api, Role.OPERATOR, 'recordCertificateDelivered', { clientMutationId: key, contractId: s.id, deliveredAt: future });
      expect(onlyError(refused).extensions).toEqual({ code: 'BAD_USER_INPUT', field: 'input.deliveredAt' });
      const deliveredAt = new Date(Date.now() - 1000).toISOString();
      const ok = dataOf(await mutate(api, Role.OPERATOR, 'recordCertificateDelivered', { clientMutationId: key, contractId: s.id, deliveredAt }), 'recordCertificateDelivered');
      expect(ok.contract.certificates[0]).toMatchObject({ serialNumber: certificate.serialNumber, status: 'DELIVERED' });
    });

    it('service mutations and assessCompensation replay their first answer too', async () => {
      const key = randomUUID();
      const first = dataOf(await mutate(api, Role.ADMIN, 'suspendService', { clientMutationId: key, reason: 'idempotency check' }, 'serviceStatus { suspended reason } clientMutationId'), 'suspendService');
      const head = await api.head();
      const again = dataOf(await mutate(api, Role.ADMIN, 'suspendService', { clientMutationId: key, reason: 'idempotency check' }, 'serviceStatus { suspended reason } clientMutationId'), 'suspendService');
      expect(again).toEqual(first);
      expect(await api.head()).toBe(head);
      dataOf(await mutate(api, Role.ADMIN, 'resumeService', {}, 'serviceStatus { suspended }'), 'resumeService');

      const s = await submit(api, corporationKinds);
      await accept(api, s.id);
      await issueCertificate(api, s.id, s.fqdn);
      await api.gql(Role.BILLING, 'mutation($i: RecordPaymentInput!) { recordPayment(input: $i) { position } }', {
        i: { contractId: s.id, amountJpy: 30_000, paidOn: japanDate(), bankReference: 'PARTIAL-1' },
      });
      const compensationKey = randomUUID();
      const selection = 'amountJpy contractFeeJpy feeReceivedJpy remainingWholeMonths totalMonths clientMutationId';
      const c1 = dataOf(await mutate(api, Role.ADMIN, 'assessCompensation', { clientMutationId: compensationKey, contractId: s.id, incidentOn: japanDate() }, selection), 'assessCompensation');
      expect(c1).toMatchObject({ feeReceivedJpy: 30_000, amountJpy: 30_000, remainingWholeMonths: 12, totalMonths: 12, clientMutationId: compensationKey });
      const compensationHead = await api.head();
      const c2 = dataOf(await mutate(api, Role.ADMIN, 'assessCompensation', { clientMutationId: compensationKey, contractId: s.id, incidentOn: japanDate() }, selection), 'assessCompensation');
      expect(c2).toEqual(c1);
      expect(await api.head()).toBe(compensationHead);
    });
  });

  describe('reviseTerms (last: it changes the terms in force for every later application)', () => {
    it('answers the new version in force from today, and the next application records it (Art. 13)', async () => {
      const doc = await api.upload('TERMS_OF_USE', Role.ADMIN);
      const res = await mutate(api, Role.ADMIN, 'reviseTerms', { version: '2', effectiveFrom: japanDate(), summary: 'Art. 5: new fees', documentId: doc.id }, 'serviceStatus { suspended reason termsVersion }');
      expect(dataOf(res, 'reviseTerms')).toEqual({ serviceStatus: { suspended: false, reason: null, termsVersion: '2' } });
      expect(dataOf(await api.gql(Role.AUDITOR, '{ serviceStatus { termsVersion } }'), 'serviceStatus')).toEqual({ termsVersion: '2' });
      const s = await submit(api, corporationKinds);
      expect(s.contract).toMatchObject({ termsVersion: '2', governingTermsVersion: '2' });
    });
  });

  describe('operations of API.md that other issues own (sagas: issue 6, audit: issue 7)', () => {
    let mutations: string[];
    let queries: string[];
    beforeAll(async () => {
      const schema = dataOf(await api.gql(Role.ADMIN, '{ __schema { mutationType { fields { name } } queryType { fields { name } } } }'), '__schema');
      mutations = schema.mutationType.fields.map((f: { name: string }) => f.name);
      queries = schema.queryType.fields.map((f: { name: string }) => f.name);
    });

    it('the schema serves every operation of issue 5 this suite calls', () => {
      expect(mutations).toEqual(expect.arrayContaining([
        'submitApplication', 'requestAdditionalDocuments', 'attachDocuments', 'withdrawApplication', 'passScreening', 'failScreening',
        'recordPayment', 'recordCertificateDelivered', 'requestReissue', 'recordStickerShipped', 'recordStickerReturned',
        'reportTrustImpaired', 'requestRevocation', 'noticeTermination', 'assessCompensation', 'suspendService', 'resumeService', 'reviseTerms',
      ]));
      expect(queries).toEqual(expect.arrayContaining([
        'contract', 'contracts', 'screeningQueue', 'overdueInvoices', 'expiringCertificates', 'stickersToShip', 'outstandingStickers',
        'pendingRevocations', 'reissuesDue', 'serviceStatus', 'documentRequirements', 'feeSchedule',
      ]));
    });

    // Each answers as API.md says once its issue puts it in the schema; until then there is nothing to call.
    const OTHER_ISSUES: Array<[kind: 'mutation' | 'query', name: string, check: () => Promise<void>]> = [
      ['mutation', 'advanceClock', async () => {
        const refused = await mutate(api, Role.ADMIN, 'advanceClock', { days: 1 }, 'now');
        expect(onlyError(refused).extensions.code).toBe('CLOCK_NOT_SIMULATED');
      }],
      ['mutation', 'retryProcess', async () => {
        const res = await mutate(api, Role.ADMIN, 'retryProcess', { processId: 'no-such-process' }, '__typename');
        const code = onlyError(res).extensions.code;
        expect(['NOT_FOUND', 'BAD_USER_INPUT']).toContain(code);
      }],
      ['query', 'stuckProcesses', async () => {
        expect(dataOf(await api.gql(Role.ADMIN, '{ stuckProcesses { __typename } }'), 'stuckProcesses')).toEqual(expect.any(Array));
      }],
      ['query', 'auditTrail', async () => {
        const s = await submit(api, corporationKinds);
        const trail = dataOf(await api.gql(Role.AUDITOR, 'query($id: ID!) { auditTrail(contractId: $id) { streamId revision type actor { id role } } }', { id: s.id }), 'auditTrail');
        expect(trail[0]).toMatchObject({ revision: 0, type: 'ApplicationSubmitted', actor: { id: 'staff-screener', role: 'SCREENER' } });
      }],
      ['query', 'auditLog', async () => {
        const query = 'query($after: String) { auditLog(first: 2, after: $after) { totalCount edges { cursor node { id type position } } pageInfo { hasNextPage endCursor } } }';
        const page1 = dataOf(await api.gql(Role.AUDITOR, query, { after: null }), 'auditLog');
        expect(page1.edges).toHaveLength(2);
        expect(page1.pageInfo.hasNextPage).toBe(true);
        // (totalCount is the page's count there, not the matches' — reported, not asserted either way.)
        expect(page1.totalCount).toBeGreaterThanOrEqual(2);
        const page2 = dataOf(await api.gql(Role.AUDITOR, query, { after: page1.pageInfo.endCursor }), 'auditLog');
        expect(BigInt(page2.edges[0].node.position) > BigInt(page1.edges[1].node.position)).toBe(true);
      }],
      ['query', 'contractAsOf', async () => {
        const s = await submit(api, corporationKinds);
        const asOf = dataOf(await api.gql(Role.AUDITOR, 'query($id: ID!, $at: DateTime!) { contractAsOf(id: $id, at: $at) { id status } }', { id: s.id, at: new Date().toISOString() }), 'contractAsOf');
        expect(asOf).toEqual({ id: s.id, status: 'SUBMITTED' });
      }],
      ['query', 'auditCheckpoint', async () => {
        const head = dataOf(await api.gql(Role.AUDITOR, '{ auditCheckpoint { treeSize rootHash signature publicKey signedAt } }'), 'auditCheckpoint');
        expect(head.treeSize).toBeGreaterThan(0);
        expect(head.rootHash).toMatch(/^[A-Za-z0-9+/]+=*$/);
      }],
    ];

    it.each(OTHER_ISSUES.map(([kind, name, check]) => [`${kind} ${name}`, kind, name, check] as const))('%s answers as API.md says when the schema has it', async (_label, kind, name, check) => {
      const present = (kind === 'mutation' ? mutations : queries).includes(name);
      if (present) {
        await check();
      } else {
        // Owned by another issue and not built yet (listed in the report): the field is unknown, so the
        // document fails validation — bad input, nothing runs.
        const res = await api.gql(Role.ADMIN, kind === 'mutation' ? `mutation { ${name}(input: {}) { __typename } }` : `{ ${name} { __typename } }`);
        expect(res.body.errors?.[0]?.message).toContain(`Cannot query field "${name}"`);
        expect(res.body.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
      }
    });
  });
});
