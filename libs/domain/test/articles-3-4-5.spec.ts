import { DEFAULT_POLICY, parseApplication, resolvePolicy, type ContractEvent } from '@pfw/domain';
import { given } from './support/gwt';
import {
  acceptedHistory, activeHistory, after, applicantInput, applicationInput, billing, cmd, CONTRACT_ID, days, doc, hours, run, saga, screener, submitCommand, T0,
} from './support/fixtures';

const submitted = (): ContractEvent[] => run([cmd.submit()]);
const checklist = { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true };
const at1 = after(T0, hours(1));

describe('Art. 3 — screening: eligible organization, base in Japan, no prohibited act', () => {
  it('Art. 3 refuses to pass screening when a prohibited act was found', () => {
    given(submitted())
      .when({ type: 'PassScreening', contractId: CONTRACT_ID, actor: screener, at: at1, checklist: { ...checklist, noProhibitedActFound: false } })
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 3', message: /prohibited act/ });
  });

  it('Art. 3 refuses to pass screening without a confirmed base in Japan', () => {
    given(submitted())
      .when({ type: 'PassScreening', contractId: CONTRACT_ID, actor: screener, at: at1, checklist: { ...checklist, japanBase: false } })
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 3', message: /base of operations in Japan/ });
  });

  it('Art. 3 refuses an organization type the configuration does not serve', () => {
    const policy = resolvePolicy({ eligibleOrganizationTypes: ['CORPORATION'] });
    const events = run([submitCommand({ applicant: { ...submitCommand().applicant, organizationType: 'SOLE_PROPRIETOR', corporateNumber: null }, documents: DEFAULT_POLICY.requiredDocuments.SOLE_PROPRIETOR.map((k) => doc(k)) })], policy);
    given(events, policy)
      .when({ type: 'PassScreening', contractId: CONTRACT_ID, actor: screener, at: at1, checklist })
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 3', message: /SOLE_PROPRIETOR/ });
  });

  it('Art. 3 refuses at submission an address outside Japan’s prefectures and a corporate number with a bad check digit', () => {
    // Parsed where the command is built, before any decider runs: no command, no event.
    const a = applicantInput;
    expect(parseApplication(applicationInput({ applicant: { ...a, address: { ...a.address, prefecture: 'California' } } })))
      .toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT', field: 'applicant.address.prefecture' } });
    expect(parseApplication(applicationInput({ applicant: { ...a, address: { ...a.address, postalCode: '94103' } } })))
      .toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT', field: 'applicant.address.postalCode' } });
    const badNumber = parseApplication(applicationInput({ applicant: { ...a, corporateNumber: '1000012050002' } }));
    expect(badNumber).toMatchObject({ ok: false, error: { code: 'BAD_USER_INPUT', field: 'applicant.corporateNumber' } });
    expect(!badNumber.ok && badNumber.error.message).toMatch(/check digit/);
  });

  it('Art. 3 allows screening to pass for an eligible organization based in Japan: the contract is ACCEPTED with its coverage', () => {
    const state = given(submitted())
      .when({ type: 'PassScreening', contractId: CONTRACT_ID, actor: screener, at: at1, checklist })
      .then([{ type: 'ScreeningPassed', data: { screener, checklist, passedAt: at1, coverageStartsOn: '2026-04-01' } }]);
    expect(state).toMatchObject({ status: 'ACCEPTED', acceptedAt: at1, coverageStartsOn: '2026-04-01', coverageEndsOn: '2027-04-01' });
  });

  it('Art. 3 records the applicant normalized: postal code NNN-NNNN, official prefecture name, national phone digits', () => {
    const { events } = given([]).when(submitCommand()).thenTypes(['ApplicationSubmitted']);
    const e = events[0];
    if (e.type !== 'ApplicationSubmitted') throw new Error('unexpected');
    expect(e.data.applicant.address).toEqual({ postalCode: '150-0001', prefecture: '東京都', city: '渋谷区', street: '神宮前1-2-3' });
    expect(e.data.applicant.contact.phone).toBe('0312345678');
    expect(e.data.deliveryAddress).toEqual(e.data.applicant.address);
    expect(e.data.certificateDeliveryMethod).toBe('EMAIL');
  });

  it('Art. 3 a failed screening records the reasons and REJECTS the application', () => {
    const state = given(submitted())
      .when({ type: 'FailScreening', contractId: CONTRACT_ID, actor: screener, at: at1, reasons: ['CRIMINAL_ACT', 'DEFAMATION'], note: 'court ruling' })
      .then([{ type: 'ScreeningFailed', data: { screener, reasons: ['CRIMINAL_ACT', 'DEFAMATION'], note: 'court ruling', failedAt: at1 } }]);
    expect(state.status).toBe('REJECTED');
    given(submitted()).when({ type: 'FailScreening', contractId: CONTRACT_ID, actor: screener, at: at1, reasons: ['NOT_A_REASON' as never] })
      .thenRefused({ code: 'BAD_USER_INPUT', field: 'reasons.0' });
  });
});

describe('Art. 4 — documents, screening result, destruction, order of issuance', () => {
  it('Art. 4 refuses to pass screening while a required document is missing', () => {
    const events = run([submitCommand({ documents: [doc('APPLICATION_FORM'), doc('COVER_LETTER')] })]);
    given(events)
      .when({ type: 'PassScreening', contractId: CONTRACT_ID, actor: screener, at: at1, checklist })
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4', message: /CERTIFICATE_OF_REGISTERED_MATTERS/ });
  });

  it('Art. 4 refuses to pass screening while requested additional documents are not attached, and allows it once they are', () => {
    const asked = run([cmd.submit(), { type: 'RequestAdditionalDocuments', contractId: CONTRACT_ID, actor: screener, at: at1, kinds: ['SEAL_CERTIFICATE'], note: 'registered seal' }]);
    expect(given(asked).state).toMatchObject({ outstandingDocumentKinds: ['SEAL_CERTIFICATE'] });
    given(asked)
      .when({ type: 'PassScreening', contractId: CONTRACT_ID, actor: screener, at: after(T0, hours(2)), checklist })
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4', message: /SEAL_CERTIFICATE/ });
    const seal = doc('SEAL_CERTIFICATE');
    const attached = run([{ type: 'AttachDocuments', contractId: CONTRACT_ID, actor: screener, at: after(T0, hours(2)), documents: [seal] }], DEFAULT_POLICY, asked);
    expect(attached[attached.length - 1]).toEqual({ type: 'DocumentsAttached', data: { documents: [seal], attachedAt: after(T0, hours(2)), attachedBy: screener } });
    given(attached).when({ type: 'PassScreening', contractId: CONTRACT_ID, actor: screener, at: after(T0, hours(3)), checklist }).thenTypes(['ScreeningPassed']);
  });

  it('Art. 4 allows DOCUMENTS_REQUESTED to be notified only while documents are awaited', () => {
    given(submitted()).when(cmd.notify('DOCUMENTS_REQUESTED', at1)).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4' });
    const asked = run([cmd.submit(), { type: 'RequestAdditionalDocuments', contractId: CONTRACT_ID, actor: screener, at: at1, kinds: ['SEAL_CERTIFICATE'] }]);
    given(asked).when(cmd.notify('DOCUMENTS_REQUESTED', at1)).thenTypes(['CustomerNotified']);
  });

  it('Art. 4 allows withdrawal while under screening and refuses it after the result', () => {
    const state = given(submitted())
      .when({ type: 'WithdrawApplication', contractId: CONTRACT_ID, actor: screener, at: at1, note: 'customer changed plans' })
      .then([{ type: 'ApplicationWithdrawn', data: { withdrawnAt: at1, withdrawnBy: screener, note: 'customer changed plans' } }]);
    expect(state.status).toBe('WITHDRAWN');
    given(acceptedHistory()).when({ type: 'WithdrawApplication', contractId: CONTRACT_ID, actor: screener, at: after(T0, hours(5)) })
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4' });
  });

  it('Art. 4 refuses to destroy a rejected application’s documents before the result was notified, and destroys them after (digests kept)', () => {
    const rejected = run([cmd.submit(), cmd.fail()]);
    const discard = { type: 'DiscardSubmittedDocuments' as const, contractId: CONTRACT_ID, actor: saga('rejection'), at: after(T0, hours(2)) };
    given(rejected).when(discard).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4', message: /screening result/ });
    const notified = run([cmd.notify('SCREENING_RESULT', after(T0, hours(1)))], DEFAULT_POLICY, rejected);
    const state = given(notified).when(discard).then([
      { type: 'SubmittedDocumentsDiscarded', data: { documents: submitCommand().documents, discardedAt: after(T0, hours(2)) } },
    ]);
    expect(state).toMatchObject({ documentsDiscarded: true });
    given(run([discard], DEFAULT_POLICY, notified)).when(discard).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4', message: /already/ });
  });

  it('Art. 4 destroys a withdrawn application’s documents, and never an accepted one’s', () => {
    const withdrawn = run([cmd.submit(), { type: 'WithdrawApplication', contractId: CONTRACT_ID, actor: screener, at: at1 }]);
    given(withdrawn).when({ type: 'DiscardSubmittedDocuments', contractId: CONTRACT_ID, actor: saga('rejection'), at: at1 }).thenTypes(['SubmittedDocumentsDiscarded']);
    given(acceptedHistory()).when({ type: 'DiscardSubmittedDocuments', contractId: CONTRACT_ID, actor: saga('rejection'), at: at1 })
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4' });
  });

  it('Art. 4 refuses to request the certificate before acceptance, and requests it after', () => {
    given(submitted()).when(cmd.requestCertificate(at1)).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4', message: /after the application is accepted/ });
    const state = given(acceptedHistory()).when(cmd.requestCertificate()).then([
      {
        type: 'CertificateRequested',
        data: {
          caOrderId: 'ORDER-1',
          subject: { commonName: 'www.example.co.jp', organizationName: '株式会社サンプル', locality: '渋谷区', stateOrProvince: '東京都', country: 'JP' },
          validity: { maxLifetimeDays: 200, notAfterLatest: new Date('2027-04-01T14:59:59Z') },
          csrDigest: submitCommand().csr.sha256,
          requestedAt: after(T0, hours(2)),
        },
      },
    ]);
    expect(state.status).toBe('CERTIFICATE_REQUESTED');
  });

  it('Art. 4 refuses to deliver before issuance, and delivers after (ISSUED → ACTIVE)', () => {
    const requested = run([cmd.submit(), cmd.pass(), cmd.requestCertificate()]);
    given(requested).when(cmd.delivered()).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4', message: /only after the CA issued it/ });
    const issued = run([cmd.issued()], DEFAULT_POLICY, requested);
    expect(given(issued).state.status).toBe('ISSUED');
    const state = given(issued).when(cmd.delivered()).then([
      { type: 'CertificateDelivered', data: { serialNumber: '0A1B2C3D', deliveredAt: after(T0, hours(4)), method: 'EMAIL', recipient: 'hanako.sato@example.co.jp', address: null } },
    ]);
    expect(state.status).toBe('ACTIVE');
  });

  it('Art. 4 refuses to lend a sticker that was not requested, and lends a requested one', () => {
    const noSticker = run([submitCommand({ stickerRequested: false }), cmd.pass()]);
    given(noSticker).when(cmd.lendSticker()).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4', message: /did not request/ });
    const state = given(acceptedHistory()).when(cmd.lendSticker()).then([
      { type: 'StickerLent', data: { stickerSerial: 'STK-0001', shippedOn: '2026-04-03', address: { postalCode: '150-0001', prefecture: '東京都', city: '渋谷区', street: '神宮前1-2-3' } } },
    ]);
    expect(state).toMatchObject({ sticker: { status: 'LENT', serial: 'STK-0001' } });
  });
});

describe('Art. 5 — the fee: qualified invoice, 30 days from receipt, payments, overdue', () => {
  it('Art. 5 refuses to invoice before acceptance or twice', () => {
    given(submitted()).when(cmd.invoice(at1)).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 5' });
    given(activeHistory()).when(cmd.invoice(after(T0, days(1)))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 5', message: /already invoiced/ });
  });

  it('Art. 5 issues a qualified invoice: fee schedule subtotal, 10 % tax rounded down, registration number; an e-mailed one is due once received', () => {
    given(acceptedHistory()).when(cmd.emailInvoice()).then([
      {
        type: 'InvoiceIssued',
        data: {
          invoiceId: 'INV-1', planMonths: 12, subtotalJpy: 60_000, taxRatePercent: 10, consumptionTaxJpy: 6_000, totalJpy: 66_000,
          registrationNumber: DEFAULT_POLICY.invoiceRegistrationNumber, channel: 'EMAIL', issuedOn: '2026-04-01', receivedOn: null, dueOn: null,
        },
      },
    ]);
    expect(DEFAULT_POLICY.invoiceRegistrationNumber).toMatch(/^T\d{13}$/);
  });

  it('Art. 5 a paper invoice is due 30 days after the customer received it; tax is rounded down once', () => {
    const policy = resolvePolicy({ feeSchedule: [{ planMonths: 12, amountJpy: 12_345 }], invoiceRegistrationNumber: 'T7000012050002' });
    const events = run([cmd.submit(), cmd.pass()], policy);
    const { events: out } = given(events, policy)
      .when({ type: 'IssueInvoice', contractId: CONTRACT_ID, actor: billing, at: after(T0, hours(2)), invoiceId: 'INV-1', channel: 'DOCUMENT', issuedOn: '2026-04-01', receivedOn: '2026-04-03' })
      .thenTypes(['InvoiceIssued']);
    expect(out[0].data).toMatchObject({ subtotalJpy: 12_345, consumptionTaxJpy: 1_234, totalJpy: 13_579, registrationNumber: 'T7000012050002', receivedOn: '2026-04-03', dueOn: '2026-05-03' });
    given(events, policy)
      .when({ type: 'IssueInvoice', contractId: CONTRACT_ID, actor: billing, at: after(T0, hours(2)), invoiceId: 'INV-1', channel: 'DOCUMENT' })
      .thenRefused({ code: 'BAD_USER_INPUT', field: 'receivedOn' });
  });

  it('Art. 5 a short payment stays outstanding (transfer charges are the customer’s); the invoice settles when payments reach the total', () => {
    const short = given(activeHistory()).when(cmd.pay(65_560, '2026-04-20', after(T0, days(20)))).then([
      { type: 'FeePaid', data: { invoiceId: 'INV-1', amountJpy: 65_560, paidOn: '2026-04-20', bankReference: 'BANK-65560-2026-04-20', paidTotalJpy: 65_560, outstandingJpy: 440, settled: false } },
    ]);
    expect(short).toMatchObject({ invoice: { paidJpy: 65_560, settled: false } });
    const events = run([cmd.pay(65_560, '2026-04-20', after(T0, days(20)))], DEFAULT_POLICY, activeHistory());
    const { state } = given(events).when(cmd.pay(440, '2026-04-22', after(T0, days(22)))).thenTypes(['FeePaid']);
    expect(state).toMatchObject({ invoice: { paidJpy: 66_000, settled: true } });
    const settled = run([cmd.pay(440, '2026-04-22', after(T0, days(22)))], DEFAULT_POLICY, events);
    given(settled).when(cmd.pay(100, '2026-04-23', after(T0, days(23)))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 5', message: /already settled/ });
  });

  it('Art. 5 refuses a payment for another invoice, a future payment date, or a zero amount', () => {
    given(activeHistory()).when({ ...(cmd.pay(100, '2026-04-20', after(T0, days(20))) as object), invoiceId: 'INV-9' } as never).thenRefused({ code: 'NOT_FOUND' });
    given(activeHistory()).when(cmd.pay(100, '2026-04-25', after(T0, days(20)))).thenRefused({ code: 'BAD_USER_INPUT', field: 'paidOn', message: /future/ });
    given(activeHistory()).when(cmd.pay(0, '2026-04-20', after(T0, days(20)))).thenRefused({ code: 'BAD_USER_INPUT', field: 'amountJpy' });
  });

  it('Art. 5 refuses PaymentOverdue on the due date (until 23:59:59 Japan time) and records it from 00:00 the next day', () => {
    const overdue = { type: 'MarkPaymentOverdue' as const, contractId: CONTRACT_ID, actor: saga('non-payment'), invoiceId: 'INV-1' };
    given(activeHistory()).when({ ...overdue, at: new Date('2026-05-01T14:59:59Z') }).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 5', message: /due by 2026-05-01/ });
    const state = given(activeHistory()).when({ ...overdue, at: new Date('2026-05-01T15:00:00Z') }).then([
      { type: 'PaymentOverdue', data: { invoiceId: 'INV-1', dueOn: '2026-05-01', outstandingJpy: 66_000, overdueSince: new Date('2026-05-01T15:00:00Z') } },
    ]);
    expect(state).toMatchObject({ invoice: { overdueSince: new Date('2026-05-01T15:00:00Z') } });
  });

  it('Art. 5 never marks a settled invoice overdue', () => {
    const paid = run([cmd.pay(66_000, '2026-04-10', after(T0, days(10)))], DEFAULT_POLICY, activeHistory());
    given(paid).when({ type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: saga('non-payment'), invoiceId: 'INV-1', at: new Date('2026-05-02T00:00:00Z') })
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 5', message: /settled/ });
  });

  it('Art. 5 INVOICE and PAYMENT_REMINDER notices need an invoice (and an unsettled one)', () => {
    given(acceptedHistory()).when(cmd.notify('INVOICE', at1)).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 5' });
    given(activeHistory()).when(cmd.notify('INVOICE', after(T0, hours(5)))).thenTypes(['CustomerNotified']);
    const paid = run([cmd.pay(66_000, '2026-04-10', after(T0, days(10)))], DEFAULT_POLICY, activeHistory());
    given(paid).when(cmd.notify('PAYMENT_REMINDER', after(T0, days(11)))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 5' });
  });

  it('Art. 5 offers only the plans of the fee schedule', () => {
    given([]).when(submitCommand({ planMonths: 36 })).thenRefused({ code: 'BAD_USER_INPUT', field: 'planMonths', message: /plans: 12, 24 months/ });
  });
});
