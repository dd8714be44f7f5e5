import { closedAt, DEFAULT_POLICY, governingTermsVersion, japanDate, resolvePolicy, termsVersionInForce, type Contract, type ContractEvent, type ContractState } from '@pfw/domain';
import { given, givenService } from './support/gwt';
import {
  acceptedHistory, activeHistory, admin, after, cmd, CONTRACT_ID, CORPORATE_NUMBER, csrFacts, days, doc, hours, operator, run, saga, sha,
  submitCommand, T0,
} from './support/fixtures';

const t = (d: number) => after(T0, days(d));
const then = (events: ContractEvent[], ...more: Parameters<typeof run>[0]) => run(more, DEFAULT_POLICY, events);
const NEW_ID = '6f1d2c3b-0000-4000-8000-000000000002';
const reissue = (at: Date, o: { reason?: 'COVERAGE_CONTINUES' | 'REKEY'; csr?: ReturnType<typeof csrFacts>; suspended?: boolean } = {}) => ({
  type: 'RequestReissue' as const, contractId: CONTRACT_ID, actor: operator, at, caOrderId: `ORDER-R-${at.getTime()}`,
  csr: o.csr ?? csrFacts(), reason: o.reason ?? 'COVERAGE_CONTINUES', serviceSuspended: o.suspended ?? false,
});
const expire = (at: Date) => ({ type: 'ExpireContract' as const, contractId: CONTRACT_ID, actor: saga('end-of-contract'), at });

describe('Art. 8 — certificate details never change in place; a change is a new application', () => {
  it('Art. 8 refuses a second application in an existing contract stream', () => {
    given(activeHistory()).when(submitCommand({ at: t(5) })).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 8', message: /new application/ });
  });

  it('Art. 8 refuses a reissue whose CSR names another web server', () => {
    given(activeHistory())
      .when(reissue(t(60), { csr: csrFacts({ commonName: 'shop.example.co.jp', subjectAltNames: ['shop.example.co.jp'] }) }))
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 8', message: /never change in place/ });
  });

  it('Art. 8 allows a new application that supersedes the old contract (same holder: no consent needed)', () => {
    const { events } = given([])
      .when(submitCommand({ contractId: NEW_ID, webServerFqdn: 'www.example.co.jp', supersedes: { contractId: CONTRACT_ID, organizationName: '株式会社サンプル', corporateNumber: CORPORATE_NUMBER } }))
      .thenTypes(['ApplicationSubmitted']);
    expect(events[0].data).toMatchObject({ contractId: NEW_ID, supersedes: CONTRACT_ID, renewalOf: null, transferConsentDocument: null });
  });

  it('Art. 8 the superseded contract is revoked by the re-contract saga with CRL reason superseded', () => {
    given(activeHistory()).when(cmd.initiate('SUPERSEDED', t(30), operator, { supersededBy: NEW_ID })).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /SYSTEM/ });
    const { events } = given(activeHistory()).when(cmd.initiate('SUPERSEDED', t(30), saga('re-contract'), { supersededBy: NEW_ID })).thenTypes(['RevocationInitiated']);
    expect(events[0].data).toMatchObject({ reason: 'SUPERSEDED', crlReason: 'SUPERSEDED', supersededBy: NEW_ID, deadline: after(t(30), days(5)), noticeRule: 'REVOCATION_NOTICE' });
  });
});

describe('Art. 9 — no assignment without prior written consent', () => {
  const otherHolder = { contractId: CONTRACT_ID, organizationName: '有限会社ほかの会社', corporateNumber: null };

  it('Art. 9 refuses an application superseding another holder’s contract without the consent document', () => {
    given([]).when(submitCommand({ contractId: NEW_ID, supersedes: otherHolder }))
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 9', message: /prior written consent/ });
    given([]).when(submitCommand({ contractId: NEW_ID, renewalOf: { ...otherHolder, corporateNumber: '2180301018771' } }))
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 9' });
  });

  it('Art. 9 allows it with the TRANSFER_CONSENT document attached before submission', () => {
    const consent = doc('TRANSFER_CONSENT');
    const { events } = given([]).when(submitCommand({ contractId: NEW_ID, supersedes: otherHolder, transferConsentDocument: consent })).thenTypes(['ApplicationSubmitted']);
    expect(events[0].data).toMatchObject({ supersedes: CONTRACT_ID, transferConsentDocument: consent });
    given([]).when(submitCommand({ contractId: NEW_ID, supersedes: otherHolder, transferConsentDocument: doc('COVER_LETTER', 2) }))
      .thenRefused({ code: 'BAD_USER_INPUT', field: 'transferConsentDocumentId' });
  });

  it('Art. 9 the same holder is recognized by corporate number even if the name is written differently', () => {
    given([]).when(submitCommand({ contractId: NEW_ID, supersedes: { contractId: CONTRACT_ID, organizationName: 'Sample K.K.', corporateNumber: CORPORATE_NUMBER } })).thenTypes(['ApplicationSubmitted']);
  });
});

describe('Art. 11 — validity, coverage and certificate instances under the BR lifetime cap', () => {
  it('Art. 11 refuses an instance that would outlive the coverage, and accepts one ending inside it', () => {
    const requested = run([cmd.submit(), cmd.pass(), cmd.requestCertificate()]);
    // coverage 2026-04-01 – 2027-04-01; the end instant is 2027-04-01T15:00:00Z
    given(requested, resolvePolicy({ certificateLifetimeCaps: [{ from: '2020-01-01' as never, maxDays: 825 }] }))
      .when(cmd.issued(after(T0, hours(3)), { notAfter: new Date('2027-04-01T15:00:00Z') }))
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 11', message: /outlive the coverage/ });
    given(requested, resolvePolicy({ certificateLifetimeCaps: [{ from: '2020-01-01' as never, maxDays: 825 }] }))
      .when(cmd.issued(after(T0, hours(3)), { notAfter: new Date('2027-04-01T14:59:59Z') }))
      .thenTypes(['CertificateIssued']);
  });

  it('Art. 11 refuses an instance longer than the cap in force on its issue date (200 days from 2026-03-15), and accepts exactly the cap', () => {
    const requested = run([cmd.submit(), cmd.pass(), cmd.requestCertificate()]);
    const nb = after(T0, hours(3));
    given(requested).when(cmd.issued(nb, { notBefore: nb, notAfter: new Date(nb.getTime() + days(200)) }))
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 11', message: /cap in force on its issue date is 200 days/ });
    given(requested).when(cmd.issued(nb, { notBefore: nb, notAfter: new Date(nb.getTime() + days(200) - 1000) })).thenTypes(['CertificateIssued']);
  });

  it('Art. 11 the cap shrinks with the issue date: 100 days for instances issued from 2027-03-15, 47 from 2029-03-15', () => {
    const start = new Date('2027-03-15T00:00:00Z'); // 09:00 Japan time
    const events = run([submitCommand({ at: start, planMonths: 24 }), cmd.pass(after(start, hours(1))), cmd.requestCertificate(after(start, hours(2)))]);
    const nb = after(start, hours(3));
    given(events).when(cmd.issued(nb, { notBefore: nb, notAfter: new Date(nb.getTime() + days(100)) })).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 11', message: /100 days/ });
    given(events).when(cmd.issued(nb, { notBefore: nb, notAfter: new Date(nb.getTime() + days(100) - 1000) })).thenTypes(['CertificateIssued']);
    const later = new Date('2029-03-15T00:00:00Z');
    const e2 = run([submitCommand({ at: later }), cmd.pass(after(later, hours(1))), cmd.requestCertificate(after(later, hours(2)))]);
    expect(e2[2].data).toMatchObject({ validity: { maxLifetimeDays: 47 } });
    given(e2).when(cmd.issued(after(later, hours(3)), { notAfter: new Date(after(later, hours(3)).getTime() + days(48)) }))
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 11', message: /47 days/ });
  });

  it('Art. 11 reissues while coverage remains: the contract stays ACTIVE through request, issuance and delivery', () => {
    const r = reissue(t(80));
    const { events, state } = given(activeHistory()).when(r).thenTypes(['CertificateReissueRequested']);
    expect(events[0].data).toMatchObject({ reason: 'COVERAGE_CONTINUES', previousSerialNumber: '0A1B2C3D', validity: { maxLifetimeDays: 200, notAfterLatest: new Date('2027-04-01T14:59:59Z') } });
    expect(state.status).toBe('ACTIVE');
    const issued = then(activeHistory(), r, cmd.issued(t(81), { caOrderId: r.caOrderId, serial: '0B01' }));
    expect(given(issued).state).toMatchObject({ status: 'ACTIVE', certificates: [{ serialNumber: '0A1B2C3D', revokedAt: null }, { serialNumber: '0B01', deliveredAt: null }] });
    const delivered = given(issued).when(cmd.delivered(t(81), '0B01')).thenTypes(['CertificateDelivered']);
    expect(delivered.state.status).toBe('ACTIVE');
  });

  it('Art. 11 refuses a reissue once coverage has ended (extension is a new contract), and a REKEY with the same key', () => {
    given(activeHistory()).when(reissue(new Date('2027-04-01T15:00:00Z'))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 11', message: /new contract/ });
    given(activeHistory()).when(reissue(t(80), { reason: 'REKEY' })).thenRefused({ code: 'BAD_USER_INPUT', field: 'csrPem', message: /new key/ });
    given(activeHistory()).when(reissue(t(80), { reason: 'REKEY', csr: csrFacts({ publicKeySha256: sha('key-2') }) })).thenTypes(['CertificateReissueRequested']);
  });

  it('Art. 11 refuses to expire a contract before its coverage ends, and expires it at 00:00 Japan time the day after', () => {
    given(activeHistory()).when(expire(new Date('2027-04-01T14:59:59Z'))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 11', message: /runs through 2027-04-01/ });
    const at = new Date('2027-04-01T15:00:00Z');
    const state = given(activeHistory()).when(expire(at)).then([{ type: 'ContractExpired', data: { coverageEndsOn: '2027-04-01', expiredAt: at } }]);
    expect(state).toMatchObject({ status: 'EXPIRED', endedAt: at });
  });

  it('Art. 11 coverage starts on the Japan date of acceptance: 2026-03-31T15:30Z is 1 April in Japan', () => {
    const passedAt = new Date('2026-03-31T15:30:00Z');
    const { events, state } = given(run([cmd.submit()])).when(cmd.pass(passedAt)).thenTypes(['ScreeningPassed']);
    expect(events[0].data).toMatchObject({ passedAt, coverageStartsOn: '2026-04-01' });
    expect(state).toMatchObject({ coverageStartsOn: '2026-04-01', coverageEndsOn: '2027-04-01' });
  });

  it('Art. 11 the contract is valid from acceptance: a 1-month plan accepted on 31 January covers 1–28 February (Civil Code Art. 140, 143)', () => {
    const policy = resolvePolicy({ feeSchedule: [{ planMonths: 1, amountJpy: 5_000 }] });
    const jan31 = new Date('2027-01-31T01:00:00Z');
    const state = given(run([submitCommand({ at: jan31, planMonths: 1 }), cmd.pass(after(jan31, hours(1)))], policy), policy).state;
    expect(state).toMatchObject({ coverageStartsOn: '2027-01-31', coverageEndsOn: '2027-02-28' });
  });
});

describe('Art. 12 — a lent sticker is due back at once when the contract ends', () => {
  const lentActive = () => then(activeHistory(), cmd.lendSticker());
  const requestReturn = (at: Date) => ({ type: 'RequestStickerReturn' as const, contractId: CONTRACT_ID, actor: saga('end-of-contract'), at });

  it('Art. 12 refuses to ask for the sticker back while the contract runs', () => {
    given(lentActive()).when(requestReturn(t(30))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 12', message: /only when the contract ends/ });
  });

  it('Art. 12 asks for it at once when the contract ends (expiry), then records its return', () => {
    const endAt = new Date('2027-04-01T15:00:00Z');
    const expired = then(lentActive(), expire(endAt));
    const asked = given(expired).when(requestReturn(after(endAt, hours(1)))).then([
      { type: 'StickerReturnRequested', data: { stickerSerial: 'STK-0001', requestedAt: after(endAt, hours(1)), dueOn: '2027-04-02' } },
    ]);
    expect(asked).toMatchObject({ sticker: { status: 'RETURN_REQUESTED', returnDueOn: '2027-04-02' } });
    const requested = then(expired, requestReturn(after(endAt, hours(1))));
    given(requested).when(cmd.notify('STICKER_RETURN_REQUEST', after(endAt, days(14)))).thenTypes(['CustomerNotified']);
    const back = given(requested)
      .when({ type: 'RecordStickerReturned', contractId: CONTRACT_ID, actor: operator, at: after(endAt, days(20)), stickerSerial: 'STK-0001', receivedOn: '2027-04-20' })
      .then([{ type: 'StickerReturned', data: { stickerSerial: 'STK-0001', receivedOn: '2027-04-20' } }]);
    expect(back).toMatchObject({ sticker: { status: 'RETURNED', returnedOn: '2027-04-20' } });
  });

  it('Art. 12 applies to every end: revocation and cancellation after a sticker was lent', () => {
    const revoked = then(lentActive(), cmd.reportTrustImpaired('KEY_COMPROMISE', t(10)), cmd.revoked(t(10), 'KEY_COMPROMISE'));
    given(revoked).when(requestReturn(t(10))).thenTypes(['StickerReturnRequested']);
    const cancelled = run([cmd.submit(), cmd.pass(), cmd.lendSticker(), { type: 'CancelContract', contractId: CONTRACT_ID, actor: operator, at: t(3), reason: 'CUSTOMER_REQUEST', serviceSuspended: false }]);
    given(cancelled).when(requestReturn(t(3))).thenTypes(['StickerReturnRequested']);
  });

  it('Art. 12 refuses to lend a sticker after the contract ended, and to request a return of a sticker never lent', () => {
    const expiredNoSticker = then(activeHistory(), expire(new Date('2027-04-02T00:00:00Z')));
    given(expiredNoSticker).when(cmd.lendSticker(new Date('2027-04-03T00:00:00Z'))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 12' });
    given(expiredNoSticker).when(requestReturn(new Date('2027-04-03T00:00:00Z'))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 12', message: /no sticker is out/ });
  });
});

describe('Art. 13 — terms versions', () => {
  it('Art. 13 refuses an application without the terms version in force, and records the version when given', () => {
    given([]).when(submitCommand({ termsVersionInForce: '' })).thenRefused({ code: 'BAD_USER_INPUT', field: 'termsVersionInForce' });
    const state = given(run([submitCommand({ termsVersionInForce: '3' })])).state;
    expect(state).toMatchObject({ termsVersion: '3' });
  });

  // Version 2 announced on T0 (2026-04-01), in force from 2026-05-01 (00:00 JST = 2026-04-30T15:00Z).
  const revised = () =>
    givenService([
      { type: 'TermsRevised', data: { version: '2', effectiveFrom: japanDate('2026-05-01'), summary: 'clarify Art. 11 coverage', documentSha256: null, revisedAt: T0, by: admin } },
    ]).state;

  it('Art. 13 given a running contract under version 1 and version 2 announced for 2026-05-01, when time passes, then version 2 governs it from that day without any notice', () => {
    const c = given(activeHistory()).state as Contract;
    expect(c.notifications.some((n) => n.kind === 'TERMS_CHANGED')).toBe(false);
    const governing = (at: string) => governingTermsVersion(revised(), { termsVersion: c.termsVersion, closedAt: closedAt(c) }, new Date(at));
    expect(governing('2026-04-01T03:00:00Z')).toBe('1');
    expect(governing('2026-04-30T14:59:59.999Z')).toBe('1');
    expect(governing('2026-04-30T15:00:00Z')).toBe('2');
    expect(governing('2027-01-01T00:00:00Z')).toBe('2');
  });

  it('Art. 13 given an application rejected before the effective date, when time passes, then the version of its last day still governs it', () => {
    const rejected = given(run([submitCommand(), cmd.fail(after(T0, hours(2)))])).state as Contract;
    expect(closedAt(rejected)).toEqual(after(T0, hours(2)));
    expect(governingTermsVersion(revised(), { termsVersion: rejected.termsVersion, closedAt: closedAt(rejected) }, new Date('2026-06-01T00:00:00Z'))).toBe('1');
    // A running contract has not closed.
    expect(closedAt(given(activeHistory()).state as Contract)).toBeNull();
  });

  it('Art. 13 given an application submitted under version 2, then version 2 governs it whatever the date asked (never older than the version recorded)', () => {
    expect(governingTermsVersion(revised(), { termsVersion: '2', closedAt: null }, new Date('2026-04-02T00:00:00Z'))).toBe('2');
  });

  it('Art. 13 given a running contract, when it is told of version 2, then a second notice of it, or of the version it was submitted under, is refused', () => {
    const notice = cmd.notify('TERMS_CHANGED', t(40), { termsVersion: '2' });
    const state = given(activeHistory()).when(notice).thenTypes(['CustomerNotified']).state as Contract;
    expect(state.notifications.filter((n) => n.kind === 'TERMS_CHANGED')).toEqual([expect.objectContaining({ termsVersion: '2' })]);
    given(then(activeHistory(), notice)).when(cmd.notify('TERMS_CHANGED', t(41), { termsVersion: '2' })).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 13', message: /already told/ });
    given(activeHistory()).when(cmd.notify('TERMS_CHANGED', t(40), { termsVersion: '1' })).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 13', message: /submitted under/ });
    given(activeHistory()).when(cmd.notify('TERMS_CHANGED', t(40))).thenRefused({ code: 'BAD_USER_INPUT', field: 'termsVersion' });
  });

  it('Art. 13 refuses a retroactive revision or a duplicate version, and records a revision effective today or later', () => {
    const base = { type: 'ReviseTerms' as const, actor: admin, at: T0, summary: 'clarify Art. 11 coverage' };
    givenService([]).when({ ...base, version: '2', effectiveFrom: '2026-03-31' }).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 13', message: /today \(2026-04-01\) or later/ });
    givenService([]).when({ ...base, version: '1', effectiveFrom: '2026-05-01' }).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 13', message: /already exists/ });
    const state = givenService([]).when({ ...base, version: '2', effectiveFrom: '2026-05-01', documentSha256: sha('terms-v2') }).then([
      { type: 'TermsRevised', data: { version: '2', effectiveFrom: '2026-05-01', summary: 'clarify Art. 11 coverage', documentSha256: sha('terms-v2'), revisedAt: T0, by: admin } },
    ]);
    expect(termsVersionInForce(state, new Date('2026-04-30T14:59:59Z'))).toBe('1');
    expect(termsVersionInForce(state, new Date('2026-04-30T15:00:00Z'))).toBe('2');
  });

  it('Art. 13 a new installation starts with the configured initial version in force', () => {
    expect(termsVersionInForce(givenService([]).state, T0)).toBe('1');
    expect(termsVersionInForce(givenService([], resolvePolicy({ initialTermsVersion: '2024-04' })).state, T0)).toBe('2024-04');
  });
});

describe('Art. 14 — end of service with at least 3 months’ notice, in writing or by e-mail', () => {
  const notice = (noticedOn: string, effectiveOn: string, channel: 'EMAIL' | 'DOCUMENT' = 'EMAIL', at = new Date('2026-11-30T01:00:00Z')) => ({
    type: 'NoticeTermination' as const, contractId: CONTRACT_ID, actor: admin, at, noticedOn, effectiveOn, channel, reason: 'service ends', recipient: 'hanako.sato@example.co.jp',
  });
  const terminate = (at: Date) => ({ type: 'TerminateContract' as const, contractId: CONTRACT_ID, actor: saga('termination'), at, serviceSuspended: false });

  it('Art. 14 refuses an effective date within the 3 months: noticed 30 Nov, the months run 1 Dec – 28 Feb, so 1 March at the earliest', () => {
    given(activeHistory()).when(notice('2026-11-30', '2027-02-28')).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 14', message: /2027-03-01 at the earliest/ });
  });

  it('Art. 14 allows exactly three months’ notice; the notice is also the customer notification', () => {
    const at = new Date('2026-11-30T01:00:00Z');
    given(activeHistory()).when(notice('2026-11-30', '2027-03-01')).then([
      { type: 'ContractTerminationNoticed', data: { noticedOn: '2026-11-30', effectiveOn: '2027-03-01', channel: 'EMAIL', reason: 'service ends', noticedBy: admin } },
      { type: 'CustomerNotified', data: { kind: 'TERMINATION_NOTICE', channel: 'EMAIL', recipient: 'hanako.sato@example.co.jp', sentAt: at, termsVersion: null, note: 'service ends' } },
    ]);
    given(activeHistory()).when(notice('2026-11-30', '2027-03-01', 'DOCUMENT')).thenTypes(['ContractTerminationNoticed', 'CustomerNotified']);
    given(activeHistory()).when({ ...notice('2026-11-30', '2027-03-01'), channel: 'FAX' as never }).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 14', message: /in writing/ });
  });

  it('Art. 14 refuses to terminate before the effective date; on it, the contract is TERMINATED and its certificate revoked (cessationOfOperation) without a further notice', () => {
    const noticed = then(activeHistory(), notice('2026-11-30', '2027-03-01'));
    given(noticed).when(terminate(new Date('2027-02-28T14:59:59Z'))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 14', message: /takes effect on 2027-03-01/ });
    // The first instance lapsed long ago; give the contract a live one before the effective date.
    const r = reissue(new Date('2027-02-01T00:00:00Z'));
    const live = then(noticed, r, cmd.issued(new Date('2027-02-01T01:00:00Z'), { caOrderId: r.caOrderId, serial: '0C01', notAfter: new Date('2027-03-20T00:00:00Z') }), cmd.delivered(new Date('2027-02-01T02:00:00Z'), '0C01'));
    const at = new Date('2027-02-28T15:00:00Z');
    const { events, state } = given(live).when(terminate(at)).thenTypes(['ContractTerminated', 'RevocationInitiated']);
    expect(events[1].data).toMatchObject({ reason: 'TERMINATION', crlReason: 'CESSATION_OF_OPERATION', noticeRule: 'TERMINATION_NOTICE', serialNumbers: ['0C01'], deadline: after(at, days(5)) });
    expect(state).toMatchObject({ status: 'TERMINATED', revocation: { noticeGivenAt: new Date('2026-11-30T01:00:00Z') } });
    const terminated = then(live, terminate(at));
    given(terminated).when(cmd.sendRevocation(at)).thenTypes(['RevocationRequested']);
    const revoked = then(terminated, cmd.sendRevocation(at), cmd.revoked(after(at, hours(1)), 'CESSATION_OF_OPERATION', '0C01'));
    expect(given(revoked).state).toMatchObject({ status: 'TERMINATED', revocation: { status: 'REVOKED' } });
  });

  it('Art. 14 refuses to terminate without a notice, and cancels (not terminates) a contract with no certificate yet', () => {
    given(activeHistory()).when(terminate(t(200))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 14', message: /no termination notice/ });
    const accepted = then(acceptedHistory(), notice('2026-04-01', '2026-07-02', 'EMAIL', after(T0, hours(5))));
    const { state } = given(accepted).when(terminate(new Date('2026-07-01T15:00:00Z'))).thenTypes(['ContractCancelled']);
    expect(state).toMatchObject({ status: 'CANCELLED', cancellation: { reason: 'TERMINATION' } });
  });
});

describe('Art. 15 — compensation capped at the fee received, pro rata to remaining whole months', () => {
  const assess = (incidentOn: string, at = new Date('2026-12-01T00:00:00Z')) => ({ type: 'AssessCompensation' as const, contractId: CONTRACT_ID, actor: admin, at, incidentOn });
  const paidInFull = () => then(activeHistory(), cmd.pay(66_000, '2026-04-10', t(9)));

  it('Art. 15 refuses an incident in the future, outside coverage, or before acceptance', () => {
    given(paidInFull()).when(assess('2026-12-02')).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 15', message: /past date/ });
    given(paidInFull()).when(assess('2026-03-31')).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 15', message: /outside the coverage 2026-04-01 – 2027-04-01/ });
    given(run([cmd.submit()])).when(assess('2026-04-01')).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 15', message: /never accepted/ });
  });

  it('Art. 15 allows ⌊fee × remaining whole months ÷ plan months⌋: 9 whole months left after 15 June → 49,500 of 66,000', () => {
    const at = new Date('2026-12-01T00:00:00Z');
    given(paidInFull()).when(assess('2026-06-15', at)).then([
      { type: 'CompensationAssessed', data: { incidentOn: '2026-06-15', contractFeeJpy: 66_000, feeReceivedJpy: 66_000, remainingWholeMonths: 9, planMonths: 12, amountJpy: 49_500, assessedAt: at, assessedBy: admin } },
    ]);
  });

  it('Art. 15 caps the amount at the fee received, and pays nothing when nothing was received', () => {
    const partial = then(activeHistory(), cmd.pay(10_000, '2026-04-10', t(9)));
    const { events } = given(partial).when(assess('2026-06-15')).thenTypes(['CompensationAssessed']);
    expect(events[0].data).toMatchObject({ feeReceivedJpy: 10_000, remainingWholeMonths: 9, amountJpy: 10_000 });
    const unpaid = given(activeHistory()).when(assess('2026-06-15')).thenTypes(['CompensationAssessed']);
    expect(unpaid.events[0].data).toMatchObject({ feeReceivedJpy: 0, amountJpy: 0 });
  });

  it('Art. 15 counts months per Civil Code Art. 143: an incident on 31 August leaves 7 whole months to 31 March', () => {
    const { events } = given(paidInFull()).when(assess('2026-08-31')).thenTypes(['CompensationAssessed']);
    expect(events[0].data).toMatchObject({ remainingWholeMonths: 7, amountJpy: 38_500 });
    const first = given(paidInFull()).when(assess('2026-04-01')).thenTypes(['CompensationAssessed']);
    expect(first.events[0].data).toMatchObject({ remainingWholeMonths: 12, amountJpy: 66_000 });
  });
});

describe('status machine: final statuses accept no lifecycle commands', () => {
  it('refuses lifecycle commands after REJECTED, WITHDRAWN and EXPIRED', () => {
    const rejected = run([cmd.submit(), cmd.fail()]);
    given(rejected).when(cmd.pass()).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4' });
    given(rejected).when(cmd.requestCertificate()).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4' });
    const expired: ContractState = given(then(activeHistory(), expire(new Date('2027-04-02T00:00:00Z')))).state;
    expect(expired.status).toBe('EXPIRED');
    given(then(activeHistory(), expire(new Date('2027-04-02T00:00:00Z')))).when(cmd.initiate('CUSTOMER_REQUEST', new Date('2027-04-03T00:00:00Z')))
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7' });
  });

  it('answers NOT_FOUND for a command on an empty stream', () => {
    given([]).when(cmd.pass()).thenRefused({ code: 'NOT_FOUND', message: /contract 6f1d2c3b/ });
  });
});
