import fc from 'fast-check';
import {
  closedAt,
  CONTRACT_EVENT_TYPES, foldContract, invoiceStatus, isContract, type Contract, type ContractEvent,
} from '@pfw/domain';
import { contractView, ContractViewError, foldContractEvent, foldView, type ContractView, type FoldedContract } from '@pfw/read-models';
import { intentsArb, play } from '../../../domain/test/support/random-commands';
import { CONTRACT_ID, lifecycleCommands, sampleHistories, withMeta } from './support/histories';
import { run } from '../../../domain/test/support/fixtures';

function viewOf(events: readonly ContractEvent[]): ContractView {
  const view = foldView(withMeta(events));
  if (!view) throw new Error('empty history');
  return view;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The view says what the domain's own fold says, field by field (the command side and the read side agree). */
function expectAgreesWithDomain(view: ContractView, c: Contract): void {
  expect(view.id).toBe(c.id);
  expect(view.status).toBe(c.status);
  expect(view.version).toBe(c.eventCount - 1);
  expect(view.acceptedAt).toBe(iso(c.acceptedAt));
  expect(view.coverageStartsOn).toBe(c.coverageStartsOn);
  expect(view.coverageEndsOn).toBe(c.coverageEndsOn);
  expect(view.closedAt).toBe(iso(closedAt(c)));
  expect(view.documents.map((d) => d.id)).toEqual(c.documents.map((d) => d.id));
  expect(view.outstandingDocumentKinds).toEqual(c.outstandingDocumentKinds);
  expect(view.documentsDiscarded).toBe(c.documentsDiscarded);
  expect(view.csrDigest).toBe(c.csr.sha256);
  expect(view.invoice?.status ?? null).toBe(c.invoice ? invoiceStatus(c.invoice) : null);
  expect(view.invoice?.paidJpy ?? null).toBe(c.invoice?.paidJpy ?? null);
  expect(view.invoice?.payments.length ?? null).toBe(c.invoice?.payments.length ?? null);
  expect(view.invoice?.overdueSince ?? null).toBe(iso(c.invoice?.overdueSince ?? null));
  expect(view.pendingOrder?.caOrderId ?? null).toBe(c.pendingOrder?.caOrderId ?? null);
  expect(view.pendingOrder?.kind ?? null).toBe(c.pendingOrder?.kind ?? null);
  expect(view.certificates.map((x) => [x.serialNumber, x.notAfter, x.deliveredAt, x.revokedAt, x.crlReason])).toEqual(
    c.certificates.map((x) => [x.serialNumber, iso(x.notAfter), iso(x.deliveredAt), iso(x.revokedAt), x.crlReason]),
  );
  for (const [i, cert] of view.certificates.entries()) {
    const domain = c.certificates[i]!;
    const expected = domain.revokedAt ? 'REVOKED' : c.status === 'EXPIRED' ? 'EXPIRED' : domain.deliveredAt ? 'DELIVERED' : 'ISSUED';
    expect(cert.status).toBe(expected);
  }
  const current = [...c.certificates].reverse().find((x) => x.revokedAt === null);
  expect(view.currentCertificate).toBe(c.status === 'EXPIRED' ? null : (current?.serialNumber ?? null));
  expect(view.sticker).toMatchObject({
    status: c.sticker.status, serial: c.sticker.serial, shippedOn: c.sticker.shippedOn, returnRequestedAt: iso(c.sticker.returnRequestedAt),
    returnDueOn: c.sticker.returnDueOn, returnedOn: c.sticker.returnedOn,
  });
  const r = c.revocation;
  expect(view.revocation === null).toBe(r === null);
  if (r && view.revocation) {
    expect(view.revocation).toMatchObject({
      reason: r.reason, crlReason: r.crlReason, status: r.status, deadline: iso(r.deadline), initiatedAt: iso(r.initiatedAt),
      requestedAt: iso(r.requestedAt), revokedAt: iso(r.revokedAt), rejectedAt: iso(r.rejectedAt), noticeGivenAt: iso(r.noticeGivenAt),
      caOrderId: r.caOrderId, serialNumbers: r.serialNumbers, revokedSerialNumbers: r.revokedSerialNumbers, statusBefore: r.statusBefore,
    });
  }
  expect(view.pastRevocations.map((p) => [p.reason, p.status])).toEqual(c.pastRevocations.map((p) => [p.reason, p.status]));
  expect(view.notifications.map((n) => [n.kind, n.channel, n.sentAt])).toEqual(c.notifications.map((n) => [n.kind, n.channel, iso(n.sentAt)]));
  expect(view.termination?.effectiveOn ?? null).toBe(c.termination?.effectiveOn ?? null);
  expect(view.termination?.terminatedAt ?? null).toBe(iso(c.termination?.terminatedAt ?? null));
  expect(view.cancellation?.reason ?? null).toBe(c.cancellation?.reason ?? null);
  expect(view.endedAt).toBe(iso(c.endedAt));
  expect(view.compensations.map((x) => x.amountJpy)).toEqual(c.compensations.map((x) => x.amountJpy));
  expect(view.personalDataShredded).toBe(c.personalDataShredded);
}

describe('the contract view: the domain’s fold of a contract, read off as the view', () => {
  it('folds a whole life — submit, documents, pass, invoice, two payments, issue, deliver, sticker, rekey, revoke both, sticker back, compensation', () => {
    const events = run(lifecycleCommands());
    const view = viewOf(events);
    expect(view).toEqual({
      id: CONTRACT_ID,
      status: 'REVOKED',
      applicant: {
        organizationName: '株式会社サンプル',
        organizationType: 'CORPORATION',
        corporateNumber: '7000012050002',
        address: { postalCode: '150-0001', prefecture: '東京都', city: '渋谷区', street: '神宮前1-2-3' },
        representativeName: '山田 太郎',
        contact: { name: '佐藤 花子', email: 'hanako.sato@example.co.jp', phone: expect.any(String) },
      },
      webServerFqdn: 'www.example.co.jp',
      planMonths: 12,
      coverageStartsOn: '2026-04-01',
      coverageEndsOn: '2027-04-01',
      stickerRequested: true,
      certificateDeliveryMethod: 'EMAIL',
      termsVersion: '1',
      closedAt: '2026-06-10T07:00:00.000Z',
      submittedAt: '2026-04-01T01:00:00.000Z',
      acceptedAt: '2026-04-01T04:00:00.000Z',
      invoice: {
        id: 'INV-1', subtotalJpy: 60_000, taxJpy: 6_000, amountJpy: 66_000, paidJpy: 66_000, issuedOn: '2026-04-01', dueOn: '2026-05-01',
        status: 'SETTLED', outstandingJpy: 0, taxRatePercent: 10, receivedOn: '2026-04-01', channel: 'DOCUMENT', registrationNumber: expect.stringMatching(/^T\d{13}$/),
        payments: [
          { amountJpy: 30_000, paidOn: '2026-04-10', bankReference: 'BANK-30000-2026-04-10' },
          { amountJpy: 36_000, paidOn: '2026-04-12', bankReference: 'BANK-36000-2026-04-12' },
        ],
        overdueSince: null, settledOn: '2026-04-12',
      },
      certificates: [
        {
          serialNumber: '0A1B2C3D', notBefore: '2026-04-01T06:00:00.000Z', notAfter: '2026-06-30T05:59:59.000Z', fingerprintSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          status: 'REVOKED', pem: expect.stringContaining('BEGIN CERTIFICATE'), caOrderId: 'ORDER-1', subject: expect.stringContaining('CN=www.example.co.jp'),
          issuer: 'CN=PfW Local CA', deliveredAt: '2026-04-01T07:00:00.000Z', deliveryMethod: 'EMAIL', revokedAt: '2026-06-10T06:00:00.000Z', crlReason: 'AFFILIATION_CHANGED',
        },
        {
          serialNumber: '0B2C3D4E', notBefore: '2026-05-31T02:00:00.000Z', notAfter: '2026-08-29T01:59:59.000Z', fingerprintSha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          status: 'REVOKED', pem: expect.stringContaining('BEGIN CERTIFICATE'), caOrderId: 'ORDER-2', subject: expect.any(String),
          issuer: 'CN=PfW Local CA', deliveredAt: '2026-05-31T03:00:00.000Z', deliveryMethod: 'EMAIL', revokedAt: '2026-06-10T07:00:00.000Z', crlReason: 'AFFILIATION_CHANGED',
        },
      ],
      currentCertificate: null,
      sticker: { status: 'RETURNED', serial: 'STK-0001', shippedOn: '2026-04-03', returnRequestedAt: '2026-06-10T09:00:00.000Z', returnDueOn: '2026-06-10', returnedOn: '2026-06-19' },
      revocation: {
        reason: 'CUSTOMER_REQUEST', crlReason: 'AFFILIATION_CHANGED', status: 'REVOKED', requestedAt: '2026-06-10T03:00:00.000Z', revokedAt: '2026-06-10T07:00:00.000Z',
        deadline: '2026-06-11T01:00:00.000Z', initiatedAt: '2026-06-10T01:00:00.000Z', initiator: 'OPERATOR', noticeRule: 'REVOCATION_NOTICE',
        noticeGivenAt: '2026-06-10T02:00:00.000Z', by: { id: 'staff-operator-1', role: 'OPERATOR' }, note: 'see ticket',
        serialNumbers: ['0A1B2C3D', '0B2C3D4E'], revokedSerialNumbers: ['0A1B2C3D', '0B2C3D4E'], caOrderId: 'REV-1', rejectedAt: null, caError: null,
        supersededBy: null, statusBefore: 'ACTIVE',
      },
      notifications: [
        { kind: 'SCREENING_RESULT', channel: 'EMAIL', sentAt: '2026-04-01T04:00:00.000Z', termsVersion: null },
        { kind: 'REVOCATION_NOTICE', channel: 'EMAIL', sentAt: '2026-06-10T02:00:00.000Z', termsVersion: null },
        { kind: 'REVOCATION_RESULT', channel: 'EMAIL', sentAt: '2026-06-10T08:00:00.000Z', termsVersion: null },
        { kind: 'STICKER_RETURN_REQUEST', channel: 'EMAIL', sentAt: '2026-06-10T09:00:00.000Z', termsVersion: null },
      ],
      renewalOf: null,
      supersedes: null,
      version: events.length - 1,
      submittedBy: { id: 'staff-screener-1', role: 'SCREENER' },
      deliveryAddress: { postalCode: '150-0001', prefecture: '東京都', city: '渋谷区', street: '神宮前1-2-3' },
      documents: [
        ...['APPLICATION_FORM', 'COVER_LETTER', 'CERTIFICATE_OF_REGISTERED_MATTERS', 'SEAL_CERTIFICATE'].map((kind) => ({ id: `doc-${kind.toLowerCase()}-1`, kind, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) })),
      ],
      documentsDiscarded: false,
      outstandingDocumentKinds: [],
      transferConsentDocument: null,
      csrDigest: expect.stringMatching(/^[0-9a-f]{64}$/),
      screening: {
        result: 'PASSED', by: { id: 'staff-screener-1', role: 'SCREENER' }, at: '2026-04-01T04:00:00.000Z',
        checklist: { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true }, reasons: [], note: null,
      },
      withdrawal: null,
      pendingOrder: null,
      pastRevocations: [],
      termination: null,
      cancellation: null,
      endedAt: '2026-06-10T07:00:00.000Z',
      compensations: [
        {
          incidentOn: '2026-06-01', contractFeeJpy: 66_000, feeReceivedJpy: 66_000, remainingWholeMonths: 10, planMonths: 12, amountJpy: 55_000,
          assessedAt: '2026-06-21T01:00:00.000Z', assessedBy: { id: 'staff-admin-1', role: 'ADMIN' },
        },
      ],
      personalDataShredded: false,
      lastEventAt: new Date(Date.parse('2026-04-01T01:00:00.000Z') + (events.length - 1) * 60_000).toISOString(),
      position: String(100 + (events.length - 1) * 3),
    });
    const domain = foldContract(events);
    if (!isContract(domain)) throw new Error('no contract');
    expectAgreesWithDomain(view, domain);
  });

  it('shows each step of the lifecycle as it happens: statuses, current certificate, sticker and invoice along the way', () => {
    const events = run(lifecycleCommands());
    const steps = withMeta(events);
    const seen: Array<[string, string, string | null, string, string | null]> = [];
    let folded: FoldedContract | null = null;
    for (const step of steps) {
      folded = foldContractEvent(folded, step, step.meta);
      const view = contractView(folded);
      seen.push([step.event.type, view.status, view.currentCertificate, view.sticker.status, view.invoice?.status ?? null]);
    }
    expect(seen).toEqual([
      ['ApplicationSubmitted', 'SUBMITTED', null, 'REQUESTED', null],
      ['AdditionalDocumentsRequested', 'SUBMITTED', null, 'REQUESTED', null],
      ['DocumentsAttached', 'SUBMITTED', null, 'REQUESTED', null],
      ['ScreeningPassed', 'ACCEPTED', null, 'REQUESTED', null],
      ['CustomerNotified', 'ACCEPTED', null, 'REQUESTED', null],
      ['InvoiceIssued', 'ACCEPTED', null, 'REQUESTED', 'OPEN'],
      ['CertificateRequested', 'CERTIFICATE_REQUESTED', null, 'REQUESTED', 'OPEN'],
      ['CertificateIssued', 'ISSUED', '0A1B2C3D', 'REQUESTED', 'OPEN'],
      ['CertificateDelivered', 'ACTIVE', '0A1B2C3D', 'REQUESTED', 'OPEN'],
      ['StickerLent', 'ACTIVE', '0A1B2C3D', 'LENT', 'OPEN'],
      ['FeePaid', 'ACTIVE', '0A1B2C3D', 'LENT', 'OPEN'],
      ['FeePaid', 'ACTIVE', '0A1B2C3D', 'LENT', 'SETTLED'],
      ['CertificateReissueRequested', 'ACTIVE', '0A1B2C3D', 'LENT', 'SETTLED'],
      ['CertificateIssued', 'ACTIVE', '0B2C3D4E', 'LENT', 'SETTLED'],
      ['CertificateDelivered', 'ACTIVE', '0B2C3D4E', 'LENT', 'SETTLED'],
      ['RevocationInitiated', 'REVOCATION_REQUESTED', '0B2C3D4E', 'LENT', 'SETTLED'],
      ['CustomerNotified', 'REVOCATION_REQUESTED', '0B2C3D4E', 'LENT', 'SETTLED'],
      ['RevocationRequested', 'REVOCATION_REQUESTED', '0B2C3D4E', 'LENT', 'SETTLED'],
      ['CertificateRevoked', 'REVOCATION_REQUESTED', '0B2C3D4E', 'LENT', 'SETTLED'],
      ['CertificateRevoked', 'REVOKED', null, 'LENT', 'SETTLED'],
      ['CustomerNotified', 'REVOKED', null, 'LENT', 'SETTLED'],
      ['StickerReturnRequested', 'REVOKED', null, 'RETURN_REQUESTED', 'SETTLED'],
      ['CustomerNotified', 'REVOKED', null, 'RETURN_REQUESTED', 'SETTLED'],
      ['StickerReturned', 'REVOKED', null, 'RETURNED', 'SETTLED'],
      ['CompensationAssessed', 'REVOKED', null, 'RETURNED', 'SETTLED'],
    ]);
    // The pending order came and went with each CA round trip.
    const pending = [];
    folded = null;
    for (const step of steps) {
      folded = foldContractEvent(folded, step, step.meta);
      pending.push(contractView(folded).pendingOrder?.caOrderId ?? null);
    }
    expect(pending.slice(6, 8)).toEqual(['ORDER-1', null]);
    expect(pending.slice(12, 14)).toEqual(['ORDER-2', null]);
  });

  it('the sample histories together contain every contract event type, and each folds to what the domain folds', () => {
    const seen = new Set<string>();
    for (const [name, events] of Object.entries(sampleHistories())) {
      for (const e of events) seen.add(e.type);
      const domain = foldContract(events);
      if (!isContract(domain)) throw new Error(name);
      expectAgreesWithDomain(viewOf(events), domain);
    }
    expect([...seen].sort()).toEqual([...CONTRACT_EVENT_TYPES].sort());
  });

  it('rejected, documents discarded, personal data shredded: REJECTED with the reasons, and the applicant’s personal fields null', () => {
    const view = viewOf(sampleHistories().rejectedAndShredded);
    expect(view.status).toBe('REJECTED');
    // The reasons stay; the screener's free-text note is personal data (encrypted, issue 8) and goes with the key.
    expect(view.screening).toMatchObject({ result: 'FAILED', reasons: ['NO_JAPAN_BASE'], note: null, checklist: null });
    expect(view.documentsDiscarded).toBe(true);
    expect(view.documents).toHaveLength(3);
    expect(view.personalDataShredded).toBe(true);
    expect(view.applicant).toEqual({
      organizationName: null, organizationType: 'CORPORATION', corporateNumber: null,
      address: { postalCode: null, prefecture: null, city: null, street: null }, representativeName: null,
      contact: { name: null, email: null, phone: null },
    });
    expect(view.deliveryAddress).toEqual({ postalCode: null, prefecture: null, city: null, street: null });
    expect(JSON.stringify(view)).not.toMatch(/hanako|サンプル|山田|神宮前/);
  });

  it('withdrawn: WITHDRAWN with who and why', () => {
    const view = viewOf(sampleHistories().withdrawn);
    expect(view.status).toBe('WITHDRAWN');
    expect(view.withdrawal).toEqual({ at: '2026-04-01T02:00:00.000Z', by: { id: 'staff-screener-1', role: 'SCREENER' }, note: 'changed plans' });
  });

  it('overdue, then paid in full: OVERDUE with the instant it became overdue, then SETTLED', () => {
    const events = sampleHistories().overdueThenSettled;
    const overdue = viewOf(events.slice(0, -1));
    expect(overdue.invoice).toMatchObject({ status: 'OVERDUE', overdueSince: '2026-05-01T15:00:00.000Z', outstandingJpy: 66_000, paidJpy: 0 });
    const settled = viewOf(events);
    expect(settled.invoice).toMatchObject({ status: 'SETTLED', overdueSince: '2026-05-01T15:00:00.000Z', outstandingJpy: 0, paidJpy: 66_000, settledOn: '2026-05-03' });
  });

  it('cancelled before issuance: CANCELLED, the CA order gone, ended', () => {
    const view = viewOf(sampleHistories().cancelled);
    expect(view).toMatchObject({ status: 'CANCELLED', pendingOrder: null, endedAt: '2026-04-01T06:00:00.000Z' });
    expect(view.cancellation).toEqual({ reason: 'CUSTOMER_REQUEST', at: '2026-04-01T06:00:00.000Z', by: { id: 'staff-operator-1', role: 'OPERATOR' }, note: 'customer changed plans' });
  });

  it('expired: EXPIRED, its certificate EXPIRED and no longer current, the lent sticker due back', () => {
    const view = viewOf(sampleHistories().expired);
    expect(view.status).toBe('EXPIRED');
    expect(view.certificates.map((c) => c.status)).toEqual(['EXPIRED']);
    expect(view.currentCertificate).toBeNull();
    expect(view.sticker).toMatchObject({ status: 'RETURN_REQUESTED', returnDueOn: '2027-04-02' });
    expect(view.endedAt).toBe('2027-04-01T15:00:00.000Z');
  });

  it('terminated (Art. 14): the notice, the end, and the revocation whose notice the termination notice was', () => {
    const view = viewOf(sampleHistories().terminated);
    expect(view.status).toBe('TERMINATED');
    expect(view.closedAt).toBe('2026-08-02T00:00:00.000Z');
    expect(view.termination).toEqual({
      noticedOn: '2026-05-01', effectiveOn: '2026-08-02', channel: 'DOCUMENT', reason: 'service ends',
      noticedBy: { id: 'staff-admin-1', role: 'ADMIN' }, terminatedAt: '2026-08-02T00:00:00.000Z',
    });
    expect(view.revocation).toMatchObject({
      reason: 'TERMINATION', crlReason: 'CESSATION_OF_OPERATION', status: 'REQUESTED', noticeRule: 'TERMINATION_NOTICE',
      noticeGivenAt: '2026-05-01T01:00:00.000Z', deadline: '2026-08-07T00:00:00.000Z', requestedAt: '2026-08-02T00:10:00.000Z',
    });
    expect(view.notifications.map((n) => n.kind)).toEqual(['TERMS_CHANGED', 'TERMINATION_NOTICE']);
  });

  it('a revocation the CA rejects: REJECTED with the CA’s error, the contract back to ACTIVE, its certificate still current', () => {
    const view = viewOf(sampleHistories().revocationRejected);
    expect(view.status).toBe('ACTIVE');
    expect(view.revocation).toMatchObject({ status: 'REJECTED', caError: 'CA: certificate not found', rejectedAt: '2026-04-12T01:00:00.000Z', statusBefore: 'ACTIVE' });
    expect(view.currentCertificate).toBe('0A1B2C3D');
  });

  it('a key compromise during a reissue: the reissue order cancelled, the certificate revoked at once (Art. 7(1))', () => {
    const view = viewOf(sampleHistories().trustImpairedDuringReissue);
    expect(view.status).toBe('REVOKED');
    expect(view.pendingOrder).toBeNull();
    expect(view.revocation).toMatchObject({ reason: 'KEY_COMPROMISE', crlReason: 'KEY_COMPROMISE', initiator: 'CUSTOMER_REPORT', noticeRule: 'NONE', status: 'REVOKED' });
    expect(view.certificates.map((c) => [c.status, c.crlReason])).toEqual([['REVOKED', 'KEY_COMPROMISE']]);
  });

  it('is pure: it never mutates the contract it is given, and the same inputs give the same view', () => {
    const steps = withMeta(run(lifecycleCommands()));
    let folded: FoldedContract | null = null;
    for (const step of steps) {
      const before: FoldedContract | null = folded === null ? null : deepFreeze(folded);
      const snapshot = before === null ? null : JSON.stringify(contractView(before));
      const next = foldContractEvent(before, step, step.meta);
      if (before) expect(JSON.stringify(contractView(before))).toBe(snapshot);
      expect(contractView(foldContractEvent(before, step, step.meta))).toEqual(contractView(next));
      folded = next;
    }
  });

  it('refuses histories it cannot fold: an event before ApplicationSubmitted, a second ApplicationSubmitted', () => {
    const [submitted, second] = withMeta(run(lifecycleCommands()).slice(0, 2));
    expect(() => foldContractEvent(null, second!, second!.meta)).toThrow(ContractViewError);
    const folded = foldContractEvent(null, submitted!, submitted!.meta);
    expect(() => foldContractEvent(folded, submitted!, { revision: 1, position: 999n })).toThrow(/second ApplicationSubmitted/);
  });

  it('agrees with the domain’s fold on random command sequences (fast-check)', () => {
    fc.assert(
      fc.property(intentsArb, (intents) => {
        const { events, state } = play(intents);
        if (!isContract(state)) return;
        expectAgreesWithDomain(viewOf(events), state);
      }),
      { numRuns: 300 },
    );
  });
});
