import {
  addDays, contractDecider, coverageEndInstant, DEFAULT_POLICY, overdueFrom, startOfJapanDay, type ContractCommand, type ContractEvent, type ContractState,
} from '@pfw/domain';
import {
  coverageSaga, endOfContractSaga, initialCaOrderId, invoiceIdFor, issuanceSaga, nonPaymentSaga, reContractSaga, rejectionSaga, revocationSaga, terminationSaga,
} from '@pfw/sagas';
import { after, admin, cmd, CONTRACT_ID, csrFacts, days, hours, operator, saga as sagaActor, sha, T0 } from '../../domain/test/support/fixtures';
import { given, on, type TimedEvent } from './support/saga-gwt';

/**
 * The eight sagas of DOMAIN.md "Sagas" as pure reactors: given the contract's history, when an event is
 * recorded, then these deadlines are scheduled and these cancelled. Histories come from the real decider.
 */

const decider = contractDecider(DEFAULT_POLICY);

/** Runs commands through the decider; each event is recorded at its command's instant. */
function history(commands: readonly ContractCommand[], from: { state: ContractState; events: TimedEvent[] } = { state: decider.initialState, events: [] }) {
  let state = from.state;
  const events = [...from.events];
  for (const c of commands) {
    const d = decider.decide(c, state);
    if (!d.ok) throw new Error(`${c.type} refused: ${d.error.message}`);
    for (const e of d.events) {
      events.push(on(c.at, e));
      state = decider.evolve(state, e);
    }
  }
  return { state, events };
}

const eventOf = <T extends ContractEvent['type']>(h: { events: TimedEvent[] }, type: T): TimedEvent & { event: Extract<ContractEvent, { type: T }> } => {
  const found = [...h.events].reverse().find((e) => e.event.type === type);
  if (!found) throw new Error(`no ${type} in the history`);
  return found as TimedEvent & { event: Extract<ContractEvent, { type: T }> };
};
const upTo = (h: { events: TimedEvent[] }, type: ContractEvent['type']): TimedEvent[] => h.events.slice(0, h.events.lastIndexOf(eventOf(h, type)));

const submitted = () => history([cmd.submit()]);
const accepted = () => history([cmd.submit(), cmd.pass()]);
const invoiced = () => history([cmd.submit(), cmd.pass(), cmd.invoice()]);
const active = () => history([cmd.submit(), cmd.pass(), cmd.invoice(), cmd.requestCertificate(), cmd.issued(), cmd.delivered()]);

const INVOICE_AT = after(T0, hours(2));
const DUE_ON = addDays('2026-04-01' as never, 30);
const notified = (kind: string, at: Date, extra: Record<string, unknown> = {}) => cmd.notify(kind, at, extra);

describe('non-payment saga (Art. 5, 7)', () => {
  const saga = nonPaymentSaga(DEFAULT_POLICY);
  const h = invoiced();

  it('Art. 5: InvoiceIssued → MarkPaymentOverdue at 00:00 Japan time the day after the due date', () => {
    given(saga, upTo(h, 'InvoiceIssued')).when(eventOf(h, 'InvoiceIssued')).then({
      schedule: [{ key: 'overdue:INV-1', kind: 'command.MarkPaymentOverdue', dueAt: overdueFrom(DUE_ON), payload: { invoiceId: 'INV-1' } }],
    });
  });

  it('Art. 5, 7(2): PaymentOverdue → a PAYMENT_REMINDER at once and every 7 days within the grace period, and the end of the grace period', () => {
    const overdueAt = overdueFrom(DUE_ON);
    const o = history([{ type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: sagaActor('non-payment'), at: overdueAt, invoiceId: 'INV-1' }], h);
    const graceEnds = startOfJapanDay(addDays(DUE_ON, 15));
    given(saga, h.events).when(eventOf(o, 'PaymentOverdue')).then({
      schedule: [
        { key: 'reminder:INV-1:0', kind: 'notice', dueAt: overdueAt, payload: { kind: 'PAYMENT_REMINDER', invoiceId: 'INV-1' } },
        { key: 'reminder:INV-1:1', kind: 'notice', dueAt: after(overdueAt, days(7)), payload: { kind: 'PAYMENT_REMINDER', invoiceId: 'INV-1' } },
        { key: 'grace:INV-1', kind: 'nonPayment.graceEnded', dueAt: graceEnds, payload: { invoiceId: 'INV-1' } },
      ],
    });
  });

  it('Art. 5: a payment that settles the invoice cancels every open step; a partial one cancels nothing', () => {
    const overdueAt = overdueFrom(DUE_ON);
    const o = history([{ type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: sagaActor('non-payment'), at: overdueAt, invoiceId: 'INV-1' }], h);
    const partial = history([cmd.pay(1000, '2026-05-02', after(overdueAt, hours(1)))], o);
    given(saga, o.events).when(eventOf(partial, 'FeePaid')).thenNothing();
    const paid = history([cmd.pay(66000, '2026-05-02', after(overdueAt, hours(1)))], o);
    given(saga, o.events).when(eventOf(paid, 'FeePaid')).then({ cancel: ['overdue:INV-1', 'reminder:INV-1:0', 'reminder:INV-1:1', 'grace:INV-1'] });
  });

  it('Art. 7(2): before issuance, the REVOCATION_NOTICE of an overdue contract → CancelContract follows it', () => {
    const overdueAt = overdueFrom(DUE_ON);
    const o = history([{ type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: sagaActor('non-payment'), at: overdueAt, invoiceId: 'INV-1' }], h);
    const graceEnds = startOfJapanDay(addDays(DUE_ON, 15));
    const n = history([notified('REVOCATION_NOTICE', graceEnds)], o);
    given(saga, o.events).when(eventOf(n, 'CustomerNotified')).then({
      schedule: [{ key: 'cancel:INV-1', kind: 'nonPayment.cancel', dueAt: graceEnds, payload: { invoiceId: 'INV-1' } }],
    });
  });

  it('Art. 7: the contract ending cancels whatever is still open', () => {
    const ended = history([{ type: 'CancelContract', contractId: CONTRACT_ID, actor: operator, at: after(T0, days(1)), reason: 'PROHIBITED_ACT', note: 'x', serviceSuspended: false }], h);
    given(saga, h.events).when(eventOf(ended, 'ContractCancelled')).then({ cancel: ['overdue:INV-1'] });
  });
});

describe('issuance saga (Art. 4, 5)', () => {
  const saga = issuanceSaga(DEFAULT_POLICY);

  it('Art. 4, 5: ScreeningPassed → the SCREENING_RESULT notice, the invoice and the certificate request', () => {
    const h = accepted();
    const at = after(T0, hours(1));
    given(saga, upTo(h, 'ScreeningPassed')).when(eventOf(h, 'ScreeningPassed')).then({
      schedule: [
        { key: 'screening-result', kind: 'notice', dueAt: at, payload: { kind: 'SCREENING_RESULT' } },
        { key: 'invoice', kind: 'command.IssueInvoice', dueAt: at, payload: { invoiceId: invoiceIdFor('c-under-test') } },
        { key: 'certificate', kind: 'command.RequestCertificate', dueAt: at, payload: { caOrderId: initialCaOrderId('c-under-test') } },
      ],
    });
  });

  it('Art. 5: InvoiceIssued → the INVOICE notice', () => {
    const h = invoiced();
    given(saga, upTo(h, 'InvoiceIssued')).when(eventOf(h, 'InvoiceIssued')).then({
      schedule: [{ key: 'invoice-notice:INV-1', kind: 'notice', dueAt: INVOICE_AT, payload: { kind: 'INVOICE', invoiceId: 'INV-1' } }],
    });
  });

  it('Art. 4(3): CertificateRequested → the order goes to the CA, and is escalated if unanswered after 7 days; a cancelled order is cancelled at the CA', () => {
    const h = history([cmd.requestCertificate()], invoiced());
    given(saga, upTo(h, 'CertificateRequested')).when(eventOf(h, 'CertificateRequested')).then({
      schedule: [
        { key: 'ca-issue:ORDER-1', kind: 'ca.submitIssuance', dueAt: INVOICE_AT, payload: { orderId: 'ORDER-1' } },
        { key: 'ca-unanswered:ORDER-1', kind: 'ca.orderUnanswered', dueAt: after(INVOICE_AT, days(7)), payload: { orderId: 'ORDER-1' } },
      ],
    });
    const at = after(T0, days(1));
    const c = history([{ type: 'CancelContract', contractId: CONTRACT_ID, actor: operator, at, reason: 'PROHIBITED_ACT', note: 'x', serviceSuspended: false }], h);
    given(saga, h.events).when(eventOf(c, 'CertificateRequestCancelled')).then({
      schedule: [{ key: 'ca-cancel:ORDER-1', kind: 'ca.cancelOrder', dueAt: at, payload: { orderId: 'ORDER-1', reason: 'the contract is cancelled (PROHIBITED_ACT)' } }],
    });
  });

  it('Art. 4(4): an e-mailed certificate is delivered automatically once issued, then the CERTIFICATE_DELIVERY notice', () => {
    const h = active();
    const issuedAt = after(T0, hours(3));
    given(saga, upTo(h, 'CertificateIssued')).when(eventOf(h, 'CertificateIssued')).then({
      schedule: [{ key: 'deliver:0A1B2C3D', kind: 'command.RecordCertificateDelivered', dueAt: issuedAt, payload: { serialNumber: '0A1B2C3D' } }],
    });
    given(saga, upTo(h, 'CertificateDelivered')).when(eventOf(h, 'CertificateDelivered')).then({
      schedule: [{ key: 'delivery-notice:0A1B2C3D', kind: 'notice', dueAt: after(T0, hours(4)), payload: { kind: 'CERTIFICATE_DELIVERY', serialNumber: '0A1B2C3D' } }],
    });
  });

  it('Art. 4(4): a certificate sent by post is recorded by an operator: nothing is scheduled on issuance', () => {
    const h = history([cmd.submit({ certificateDeliveryMethod: 'POST' }), cmd.pass(), cmd.invoice(), cmd.requestCertificate(), cmd.issued()]);
    given(saga, upTo(h, 'CertificateIssued')).when(eventOf(h, 'CertificateIssued')).thenNothing();
  });
});

describe('revocation saga (Art. 6, 7)', () => {
  const saga = revocationSaga(DEFAULT_POLICY);
  const at = after(T0, days(10));
  const id = at.toISOString();
  const h = history([cmd.initiate('CUSTOMER_REQUEST', at)], active());
  const deadline = after(at, hours(24));

  it('Art. 7(2): a SECOM-initiated revocation → the REVOCATION_NOTICE first, and an escalation 6 h before the BR deadline', () => {
    given(saga, upTo(h, 'RevocationInitiated')).when(eventOf(h, 'RevocationInitiated')).then({
      schedule: [
        { key: `notice:${id}`, kind: 'notice', dueAt: at, payload: { kind: 'REVOCATION_NOTICE', initiatedAt: id } },
        { key: `escalate:${id}`, kind: 'revocation.escalate', dueAt: after(deadline, -hours(6)), payload: { initiatedAt: id } },
      ],
    });
  });

  it('Art. 7(2): once the notice reached the customer → the request to the CA; a second notice asks nothing more', () => {
    const n = history([notified('REVOCATION_NOTICE', after(at, 1000))], h);
    const g = given(saga, h.events);
    g.when(eventOf(n, 'CustomerNotified')).then({
      schedule: [{ key: `request:${id}`, kind: 'revocation.send', dueAt: after(at, 1000), payload: { initiatedAt: id } }],
    });
    g.when(eventOf(n, 'CustomerNotified')).thenNothing();
  });

  it('Art. 7(1): a key-compromise report goes to the CA at once, no notice', () => {
    const k = history([cmd.reportTrustImpaired('KEY_COMPROMISE', at)], active());
    given(saga, upTo(k, 'RevocationInitiated')).when(eventOf(k, 'RevocationInitiated')).thenSchedulesKeys([`request:${id}`, `escalate:${id}`]);
    given(saga, upTo(k, 'RevocationRequested')).when(eventOf(k, 'RevocationRequested')).then({
      schedule: [{ key: 'ca-revoke:REV-1:0A1B2C3D', kind: 'ca.submitRevocation', dueAt: at, payload: { caOrderId: 'REV-1', orderId: 'REV-1', serialNumber: '0A1B2C3D' } }],
    });
  });

  it('Art. 7(3): the CA’s answer → the REVOCATION_RESULT notice; the escalation is cancelled', () => {
    const r = history([notified('REVOCATION_NOTICE', at), cmd.sendRevocation(at), cmd.revoked(after(at, hours(1)), 'UNSPECIFIED')], h);
    given(saga, upTo(r, 'CertificateRevoked')).when(eventOf(r, 'CertificateRevoked')).then({
      schedule: [{ key: `result:${id}`, kind: 'notice', dueAt: after(at, hours(1)), payload: { kind: 'REVOCATION_RESULT', initiatedAt: id } }],
      cancel: [`notice:${id}`, `escalate:${id}`, `request:${id}`],
    });
    const j = history([notified('REVOCATION_NOTICE', at), cmd.sendRevocation(at), cmd.rejected(after(at, hours(1)))], h);
    given(saga, upTo(j, 'RevocationRejected')).when(eventOf(j, 'RevocationRejected')).thenSchedulesKeys([`result:${id}`]);
  });
});

describe('revocation saga after the contract ended (Art. 14, BR §4.9.1.1)', () => {
  const saga = revocationSaga(DEFAULT_POLICY);
  it('Art. 14: the CA rejects the TERMINATION revocation of an ended contract → escalated to staff at once, with the result notice', () => {
    const noticeAt = new Date('2026-04-02T01:00:00Z');
    const notice: ContractCommand = {
      type: 'NoticeTermination', contractId: CONTRACT_ID, actor: admin, at: noticeAt, effectiveOn: '2026-07-03', channel: 'EMAIL', reason: 'service ends', recipient: 'x@example.co.jp',
    };
    const at = startOfJapanDay('2026-07-03' as never);
    const h = history([notice, { type: 'TerminateContract', contractId: CONTRACT_ID, actor: sagaActor('termination'), at, serviceSuspended: false }, cmd.sendRevocation(at), cmd.rejected(after(at, hours(1)))],
      history([cmd.submit(), cmd.pass(), cmd.invoice(), cmd.requestCertificate(), cmd.issued(after(T0, hours(3)), { notAfter: after(T0, days(150)) }), cmd.delivered()]));
    const id = at.toISOString();
    given(saga, upTo(h, 'RevocationRejected')).when(eventOf(h, 'RevocationRejected')).then({
      schedule: [
        { key: `result:${id}`, kind: 'notice', dueAt: after(at, hours(1)), payload: { kind: 'REVOCATION_RESULT', initiatedAt: id } },
        { key: `rejected-after-end:${id}`, kind: 'revocation.escalate', dueAt: after(at, hours(1)), payload: { initiatedAt: id } },
      ],
      cancel: [`request:${id}`, `escalate:${id}`],
    });
  });
});

describe('coverage saga (Art. 11)', () => {
  const saga = coverageSaga(DEFAULT_POLICY);

  it('Art. 11: ScreeningPassed → RENEWAL_REMINDER 60, 30 and 7 days before coverage ends', () => {
    const h = accepted();
    const endAt = coverageEndInstant('2027-04-01' as never);
    given(saga, upTo(h, 'ScreeningPassed')).when(eventOf(h, 'ScreeningPassed')).then({
      schedule: [60, 30, 7].map((n) => ({ key: `renewal:${n}`, kind: 'notice', dueAt: after(endAt, -days(n)), payload: { kind: 'RENEWAL_REMINDER' } })),
    });
  });

  it('Art. 11: a certificate that lapses before coverage ends → REISSUE_REMINDER 30, 14 and 7 days before its not-after', () => {
    const h = active();
    const notAfter = eventOf(h, 'CertificateIssued').event.data.notAfter;
    given(saga, upTo(h, 'CertificateIssued')).when(eventOf(h, 'CertificateIssued')).then({
      schedule: [30, 14, 7].map((n) => ({ key: `reissue:0A1B2C3D:${n}`, kind: 'notice', dueAt: after(notAfter, -days(n)), payload: { kind: 'REISSUE_REMINDER', serialNumber: '0A1B2C3D' } })),
    });
  });

  it('Art. 11: the contract’s end cancels the reminders', () => {
    const h = active();
    const end = history([{ type: 'ExpireContract', contractId: CONTRACT_ID, actor: sagaActor('end-of-contract'), at: coverageEndInstant('2027-04-01' as never) }], h);
    const g = given(saga, h.events);
    const open = g.pendingKeys();
    expect(open).toHaveLength(6);
    g.when(eventOf(end, 'ContractExpired')).then({ cancel: open });
  });
});

describe('end-of-contract saga (Art. 11, 12)', () => {
  const saga = endOfContractSaga(DEFAULT_POLICY);
  const lent = history([cmd.lendSticker()], active());

  it('Art. 11: ScreeningPassed → ExpireContract at 00:00 Japan time after the last covered day', () => {
    const h = accepted();
    given(saga, upTo(h, 'ScreeningPassed')).when(eventOf(h, 'ScreeningPassed')).then({
      schedule: [{ key: 'expire', kind: 'command.ExpireContract', dueAt: coverageEndInstant('2027-04-01' as never), payload: {} }],
    });
  });

  it('Art. 12: the contract ends with a sticker lent → RequestStickerReturn at once; without one nothing', () => {
    const at = after(T0, days(20));
    const init = history([cmd.initiate('CUSTOMER_REQUEST', at), notified('REVOCATION_NOTICE', at), cmd.sendRevocation(at), cmd.revoked(at, 'UNSPECIFIED')], lent);
    given(saga, upTo(init, 'CertificateRevoked')).when(eventOf(init, 'CertificateRevoked')).then({
      schedule: [{ key: 'sticker-return', kind: 'command.RequestStickerReturn', dueAt: at, payload: {} }],
      cancel: ['expire'],
    });
    const noSticker = history([cmd.initiate('CUSTOMER_REQUEST', at), notified('REVOCATION_NOTICE', at), cmd.sendRevocation(at), cmd.revoked(at, 'UNSPECIFIED')], active());
    given(saga, upTo(noSticker, 'CertificateRevoked')).when(eventOf(noSticker, 'CertificateRevoked')).then({ cancel: ['expire'] });
  });

  it('Art. 7, 12: a revocation whose request covers only the live certificate completes with it: the sticker is asked back', () => {
    const r: ContractCommand = { type: 'RequestReissue', contractId: CONTRACT_ID, actor: operator, at: after(T0, days(80)), caOrderId: 'ORDER-R', csr: csrFacts({ publicKeySha256: sha('key-2') }), reason: 'REKEY', serviceSuspended: false };
    const two = history([r, cmd.issued(after(T0, days(80)), { caOrderId: 'ORDER-R', serial: '0C01', notAfter: after(T0, days(170)) }), cmd.delivered(after(T0, days(80)), '0C01')], lent);
    const at = after(T0, days(95)); // the first certificate lapsed on day 90, while the notice was held
    const done = history([cmd.initiate('CUSTOMER_REQUEST', after(T0, days(85))), notified('REVOCATION_NOTICE', at), cmd.sendRevocation(at), cmd.revoked(at, 'UNSPECIFIED', '0C01')], two);
    given(saga, upTo(done, 'CertificateRevoked')).when(eventOf(done, 'CertificateRevoked')).then({
      schedule: [{ key: 'sticker-return', kind: 'command.RequestStickerReturn', dueAt: at, payload: {} }],
      cancel: ['expire'],
    });
  });

  it('Art. 12: StickerReturnRequested → the notice; each notice schedules the next reminder 14 days later; the return cancels them', () => {
    const at = after(T0, days(20));
    const ended = history([cmd.initiate('CUSTOMER_REQUEST', at), notified('REVOCATION_NOTICE', at), cmd.sendRevocation(at), cmd.revoked(at, 'UNSPECIFIED'),
      { type: 'RequestStickerReturn', contractId: CONTRACT_ID, actor: sagaActor('end-of-contract'), at }], lent);
    given(saga, upTo(ended, 'StickerReturnRequested')).when(eventOf(ended, 'StickerReturnRequested')).then({
      schedule: [{ key: 'sticker-notice:0', kind: 'notice', dueAt: at, payload: { kind: 'STICKER_RETURN_REQUEST', reminderNumber: 0 } }],
    });
    const n = history([notified('STICKER_RETURN_REQUEST', at)], ended);
    given(saga, ended.events).when(eventOf(n, 'CustomerNotified')).then({
      schedule: [{ key: 'sticker-notice:1', kind: 'notice', dueAt: after(at, days(14)), payload: { kind: 'STICKER_RETURN_REQUEST', reminderNumber: 1 } }],
    });
    const back = history([{ type: 'RecordStickerReturned', contractId: CONTRACT_ID, actor: operator, at: after(at, days(2)), stickerSerial: 'STK-0001', receivedOn: '2026-04-23' }], n);
    given(saga, n.events).when(eventOf(back, 'StickerReturned')).then({ cancel: ['sticker-return', 'sticker-notice:0', 'sticker-notice:1'] });
  });
});

describe('termination saga (Art. 14)', () => {
  const saga = terminationSaga();
  const at = new Date('2026-11-30T01:00:00Z');
  const notice = (channel: 'EMAIL' | 'DOCUMENT'): ContractCommand => ({
    type: 'NoticeTermination', contractId: CONTRACT_ID, actor: admin, at, noticedOn: '2026-11-30', effectiveOn: '2027-03-01', channel, reason: 'service ends', recipient: 'x@example.co.jp',
  });

  it('Art. 14: a termination notice → TerminateContract at 00:00 Japan time on the effective date; an e-mailed one is sent', () => {
    const h = history([notice('EMAIL')], active());
    given(saga, active().events).when(eventOf(h, 'ContractTerminationNoticed')).then({
      schedule: [
        { key: 'terminate:2027-03-01', kind: 'termination.terminate', dueAt: startOfJapanDay('2027-03-01' as never), payload: {} },
        { key: 'termination-notice', kind: 'notice', dueAt: at, payload: { kind: 'TERMINATION_NOTICE' } },
      ],
    });
    const d = history([notice('DOCUMENT')], active());
    given(saga, active().events).when(eventOf(d, 'ContractTerminationNoticed')).thenSchedulesKeys(['terminate:2027-03-01']);
  });

  it('Art. 14: a contract that ends otherwise first cancels the termination step', () => {
    const h = history([notice('DOCUMENT')], active());
    const end = history([{ type: 'ExpireContract', contractId: CONTRACT_ID, actor: sagaActor('end-of-contract'), at: coverageEndInstant('2027-04-01' as never) }], h);
    given(saga, h.events).when(eventOf(end, 'ContractExpired')).then({ cancel: ['terminate:2027-03-01'] });
  });
});

describe('rejection saga (Art. 4)', () => {
  const saga = rejectionSaga();
  const failed = history([cmd.fail()], submitted());
  const at = after(T0, hours(1));

  it('Art. 4: ScreeningFailed → the SCREENING_RESULT notice; once it reached the customer the files are deleted; then the personal data is shredded', () => {
    given(saga, submitted().events).when(eventOf(failed, 'ScreeningFailed')).then({
      schedule: [{ key: 'screening-result', kind: 'notice', dueAt: at, payload: { kind: 'SCREENING_RESULT' } }],
    });
    const n = history([notified('SCREENING_RESULT', after(at, 1000))], failed);
    given(saga, failed.events).when(eventOf(n, 'CustomerNotified')).then({ schedule: [{ key: 'discard', kind: 'documents.discard', dueAt: after(at, 1000), payload: {} }] });
    const d = history([{ type: 'DiscardSubmittedDocuments', contractId: CONTRACT_ID, actor: sagaActor('rejection'), at: after(at, 2000) }], n);
    given(saga, n.events).when(eventOf(d, 'SubmittedDocumentsDiscarded')).then({ schedule: [{ key: 'shred', kind: 'personalData.shred', dueAt: after(at, 2000), payload: {} }] });
  });

  it('Art. 4: a withdrawal deletes the files at once (no screening result to tell)', () => {
    const w = history([{ type: 'WithdrawApplication', contractId: CONTRACT_ID, actor: admin, at, note: 'changed plans' }], submitted());
    given(saga, submitted().events).when(eventOf(w, 'ApplicationWithdrawn')).then({ schedule: [{ key: 'discard', kind: 'documents.discard', dueAt: at, payload: {} }] });
  });

  it('Art. 4: a passed screening’s notice deletes nothing', () => {
    const p = history([notified('SCREENING_RESULT', at)], accepted());
    given(saga, accepted().events).when(eventOf(p, 'CustomerNotified')).thenNothing();
  });
});

describe('re-contract saga (Art. 8, 9, 11)', () => {
  const saga = reContractSaga();
  const OLD = '6f1d2c3b-0000-4000-8000-0000000000aa';
  const linked = { contractId: OLD, organizationName: '株式会社サンプル', corporateNumber: '7000012050002' };
  const h = history([cmd.submit({ supersedes: linked }), cmd.pass(), cmd.invoice(), cmd.requestCertificate(), cmd.issued(), cmd.delivered()]);

  it('Art. 8: the superseding contract’s delivery → the old contract is replaced (revoked SUPERSEDED, or cancelled)', () => {
    given(saga, upTo(h, 'CertificateDelivered')).when(eventOf(h, 'CertificateDelivered')).then({
      schedule: [{ key: 'superseded-by:c-under-test', kind: 'recontract.replaceOld', dueAt: after(T0, hours(4)), payload: { supersededBy: 'c-under-test' }, contractId: OLD }],
    });
  });

  it('Art. 8: a contract that supersedes nothing schedules nothing on delivery', () => {
    const a = active();
    given(saga, upTo(a, 'CertificateDelivered')).when(eventOf(a, 'CertificateDelivered')).thenNothing();
  });
});
