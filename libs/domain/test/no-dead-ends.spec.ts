import { DEFAULT_POLICY, resolvePolicy, type ContractCommand, type ContractEvent } from '@pfw/domain';
import { given } from './support/gwt';
import { admin, after, applicantInput, cmd, CONTRACT_ID, days, hours, operator, run, saga, submitCommand, T0 } from './support/fixtures';

/**
 * The rest of the terms review (DOMAIN.md "No dead ends" and the rules of Art. 2, 5, 7, 9, 10): each case was
 * reproduced against the decider first.
 */

const then = (events: ContractEvent[], ...more: ContractCommand[]) => run(more, DEFAULT_POLICY, events);
const t = (d: number) => after(T0, days(d));
const active = () => run([cmd.submit(), cmd.pass(), cmd.invoice(), cmd.requestCertificate(), cmd.issued(), cmd.delivered()]);

describe('Art. 2 — applying accepts the CA’s CPS and Subscriber Agreement', () => {
  it('Art. 2, BR §9.6.3: given the versions in force, when an application is submitted, then it records them and the instant', () => {
    const policy = resolvePolicy({ caAgreements: { cpsVersion: 'CPS 5.3', subscriberAgreementVersion: 'SA 2026-01' } });
    const { events } = given([], policy).when(submitCommand()).thenTypes(['ApplicationSubmitted']);
    expect(events[0].data).toMatchObject({ caAgreementsAccepted: { cpsVersion: 'CPS 5.3', subscriberAgreementVersion: 'SA 2026-01', acceptedAt: T0 } });
  });
});

describe('Art. 9 — a name alone never proves the holder', () => {
  const NEW_ID = '6f1d2c3b-0000-4000-8000-0000000000aa';
  it('Art. 9: given a contract of a holder without a corporate number, when a namesake without one supersedes it, then the prior written consent is required', () => {
    const namesake = { ...applicantInput, organizationType: 'SOLE_PROPRIETOR', corporateNumber: null };
    given([]).when(submitCommand({ contractId: NEW_ID, applicant: namesake as never, supersedes: { contractId: CONTRACT_ID, organizationName: applicantInput.organizationName, corporateNumber: null } }))
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 9', message: /prior written consent/ });
  });
});

describe('Art. 7(1) — a key compromise is revoked whatever the contract’s state (BR §4.9.1.1)', () => {
  it('Art. 7(1), 14: given a terminated contract whose TERMINATION revocation the CA rejected, when the customer reports a key compromise, then it goes to the CA at once and completes', () => {
    const longLived = run([cmd.submit(), cmd.pass(), cmd.invoice(), cmd.requestCertificate(), cmd.issued(after(T0, hours(3)), { notAfter: t(150) }), cmd.delivered()]);
    const noticed = then(longLived, {
      type: 'NoticeTermination', contractId: CONTRACT_ID, actor: admin, at: t(1), effectiveOn: '2026-07-03', channel: 'EMAIL', reason: 'service ends', recipient: 'x@example.jp',
    });
    const terminated = then(noticed, { type: 'TerminateContract', contractId: CONTRACT_ID, actor: saga('termination'), at: new Date('2026-07-03T00:00:00Z'), serviceSuspended: false },
      cmd.sendRevocation(new Date('2026-07-03T00:01:00Z')), cmd.rejected(new Date('2026-07-03T01:00:00Z')));
    expect(given(terminated).state).toMatchObject({ status: 'TERMINATED', revocation: { reason: 'TERMINATION', status: 'REJECTED' } });
    const { events, state } = given(terminated).when(cmd.reportTrustImpaired('KEY_COMPROMISE', new Date('2026-07-04T00:00:00Z'))).thenTypes(['RevocationInitiated', 'RevocationRequested']);
    expect(events[1].data).toMatchObject({ reason: 'KEY_COMPROMISE', crlReason: 'KEY_COMPROMISE', serialNumbers: ['0A1B2C3D'] });
    expect(state).toMatchObject({ status: 'TERMINATED' });
    const { state: done } = given([...terminated, ...events]).when(cmd.revoked(new Date('2026-07-04T01:00:00Z'), 'KEY_COMPROMISE')).thenTypes(['CertificateRevoked']);
    expect(done).toMatchObject({ status: 'TERMINATED', revocation: { status: 'REVOKED' }, certificates: [{ serialNumber: '0A1B2C3D', crlReason: 'KEY_COMPROMISE' }] });
  });
});

describe('Art. 5, 7(2) — NON_PAYMENT is re-checked when the request would go out', () => {
  it('Art. 5, 7(2): given a NON_PAYMENT revocation noticed, when a transfer that arrived by the due date is recorded before the request, then the request stops (RevocationWithdrawn) and the contract stays ACTIVE', () => {
    // Invoiced and received 2026-04-01 → due 2026-05-01; overdue from 05-02; grace over from 05-16.
    const overdue = then(active(), { type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: saga('non-payment'), at: new Date('2026-05-01T15:00:00Z'), invoiceId: 'INV-1' });
    const noticed = then(overdue, cmd.initiate('NON_PAYMENT', new Date('2026-05-16T00:00:00Z'), saga('non-payment')), cmd.notify('REVOCATION_NOTICE', new Date('2026-05-16T00:05:00Z')));
    const paid = then(noticed, cmd.pay(66_000, '2026-04-30', new Date('2026-05-16T00:06:00Z')));
    const { events, state } = given(paid).when(cmd.sendRevocation(new Date('2026-05-16T00:07:00Z'))).thenTypes(['RevocationWithdrawn']);
    expect(events[0].data).toMatchObject({ reason: 'NON_PAYMENT', withdrawnAt: new Date('2026-05-16T00:07:00Z') });
    expect(state).toMatchObject({ status: 'ACTIVE', revocation: null, invoice: { settled: true, settledOn: '2026-04-30' } });
  });
});

describe('Art. 7 — a contract ends before delivery by cancellation; a certificate nobody received is revoked and recorded', () => {
  const issued = () => run([cmd.submit(), cmd.pass(), cmd.invoice(), cmd.requestCertificate(), cmd.issued()]);
  const cancel = (at: Date, reason = 'CUSTOMER_REQUEST'): ContractCommand => ({ type: 'CancelContract', contractId: CONTRACT_ID, actor: operator, at, reason: reason as never, note: 'customer called', serviceSuspended: false });

  it('Art. 7, 11: given an ISSUED contract whose certificate was never delivered, when the customer cancels, then it is CANCELLED (DOMAIN.md statuses)', () => {
    const { state } = given(issued()).when(cancel(t(1))).thenTypes(['ContractCancelled']);
    expect(state).toMatchObject({ status: 'CANCELLED' });
    given(active()).when(cancel(t(1))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /delivered/ });
  });

  it('Art. 7: given a cancelled contract with an undelivered certificate, when the CA reports it revoked, then the revocation is recorded on the contract', () => {
    const cancelled = then(issued(), cancel(t(1)));
    const { state } = given(cancelled).when(cmd.revoked(t(1.1), 'CESSATION_OF_OPERATION')).thenTypes(['CertificateRevoked']);
    expect(state).toMatchObject({ status: 'CANCELLED', certificates: [{ serialNumber: '0A1B2C3D', crlReason: 'CESSATION_OF_OPERATION' }] });
  });

  it('Art. 7: given an order cancelled with the contract, when the CA issues for it anyway, then the certificate is recorded on the contract and can be recorded revoked', () => {
    const cancelled = then(run([cmd.submit(), cmd.pass(), cmd.invoice(), cmd.requestCertificate()]), cancel(t(1)));
    const { state } = given(cancelled).when(cmd.issued(t(1.1))).thenTypes(['CertificateIssued']);
    expect(state).toMatchObject({ status: 'CANCELLED', certificates: [{ serialNumber: '0A1B2C3D', deliveredAt: null }] });
    const withCert = then(cancelled, cmd.issued(t(1.1)));
    given(withCert).when(cmd.revoked(t(1.2), 'CESSATION_OF_OPERATION')).thenTypes(['CertificateRevoked']);
    given(withCert).when(cmd.delivered(t(1.2))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4' });
  });

  it('Art. 7: a certificate the customer received is not revoked through this path (only a revocation revokes it)', () => {
    given(active()).when(cmd.revoked(t(2), 'CESSATION_OF_OPERATION')).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7' });
  });
});

describe('Art. 5 — an e-mailed invoice is received when its e-mail is sent', () => {
  const invoiced = () => run([cmd.submit(), cmd.pass(), cmd.emailInvoice()]);

  it('Art. 5: given an invoice e-mailed two days after it was drawn up, when its INVOICE notice is recorded, then it is received that day and due 30 days later', () => {
    const { events } = given(run([cmd.submit(), cmd.pass()])).when(cmd.emailInvoice()).thenTypes(['InvoiceIssued']);
    expect(events[0].data).toMatchObject({ channel: 'EMAIL', issuedOn: '2026-04-01', receivedOn: null, dueOn: null });
    const { events: sent, state } = given(invoiced()).when(cmd.notify('INVOICE', t(2))).thenTypes(['CustomerNotified', 'InvoiceReceived']);
    expect(sent[1].data).toEqual({ invoiceId: 'INV-1', receivedOn: '2026-04-03', dueOn: '2026-05-03' });
    expect(state).toMatchObject({ invoice: { receivedOn: '2026-04-03', dueOn: '2026-05-03' } });
  });

  it('Art. 5: given an e-mailed invoice whose e-mail never went out, when its overdue date would have come, then it cannot fall due', () => {
    given(invoiced()).when({ type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: saga('non-payment'), at: t(60), invoiceId: 'INV-1' })
      .thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 5', message: /not received/ });
  });

  it('Art. 5: a paper invoice is received on the date recorded and due 30 days later, with no notice needed', () => {
    const { events } = given(run([cmd.submit(), cmd.pass()]))
      .when({ type: 'IssueInvoice', contractId: CONTRACT_ID, actor: saga('issuance'), at: t(3), invoiceId: 'INV-1', channel: 'DOCUMENT', issuedOn: '2026-04-02', receivedOn: '2026-04-04' })
      .thenTypes(['InvoiceIssued']);
    expect(events[0].data).toMatchObject({ receivedOn: '2026-04-04', dueOn: '2026-05-04' });
  });
});

export { hours };
