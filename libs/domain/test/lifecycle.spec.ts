import { DEFAULT_POLICY, foldContract, invoiceStatus, isContract, type ContractEvent } from '@pfw/domain';
import { given } from './support/gwt';
import { activeHistory, after, cmd, CONTRACT_ID, days, hours, operator, run, saga, submitCommand, T0 } from './support/fixtures';

const t = (d: number) => after(T0, days(d));
const then = (events: ContractEvent[], ...more: Parameters<typeof run>[0]) => run(more, DEFAULT_POLICY, events);

describe('contract lifecycle details', () => {
  it('the whole path SUBMITTED → ACCEPTED → CERTIFICATE_REQUESTED → ISSUED → ACTIVE → EXPIRED folds to the read-model facts', () => {
    const events = then(activeHistory(), cmd.lendSticker(), cmd.pay(66_000, '2026-04-10', t(9)), { type: 'ExpireContract', contractId: CONTRACT_ID, actor: saga('end'), at: new Date('2027-04-02T00:00:00Z') });
    const state = foldContract(events);
    if (!isContract(state)) throw new Error('no contract');
    expect(state).toMatchObject({
      status: 'EXPIRED', planMonths: 12, coverageStartsOn: '2026-04-01', coverageEndsOn: '2027-04-01', termsVersion: '1',
      sticker: { status: 'LENT', serial: 'STK-0001' }, renewalOf: null, supersedes: null, eventCount: events.length,
    });
    expect(invoiceStatus(state.invoice!)).toBe('SETTLED');
    expect(state.certificates).toHaveLength(1);
    expect(state.certificates[0]).toMatchObject({ serialNumber: '0A1B2C3D', deliveredAt: after(T0, hours(4)) });
  });

  it('a POST delivery records the delivery address; an operator records it', () => {
    const issued = run([submitCommand({ certificateDeliveryMethod: 'POST', deliveryAddress: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', street: '千代田1-1' } }), cmd.pass(), cmd.requestCertificate(), cmd.issued()]);
    const at = after(T0, days(3));
    given(issued).when({ type: 'RecordCertificateDelivered', contractId: CONTRACT_ID, actor: operator, at, deliveredAt: after(T0, days(2)) }).then([
      { type: 'CertificateDelivered', data: { serialNumber: '0A1B2C3D', deliveredAt: after(T0, days(2)), method: 'POST', recipient: null, address: { postalCode: '100-0001', prefecture: '東京都', city: '千代田区', street: '千代田1-1' } } },
    ]);
  });

  it('an invoice is OPEN, then OVERDUE, then SETTLED by a late payment', () => {
    const overdue = then(activeHistory(), { type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: saga('non-payment'), invoiceId: 'INV-1', at: new Date('2026-05-02T00:00:00Z') });
    const s1 = foldContract(overdue);
    if (!isContract(s1)) throw new Error();
    expect(invoiceStatus(s1.invoice!)).toBe('OVERDUE');
    const s2 = foldContract(then(overdue, cmd.pay(66_000, '2026-05-03', new Date('2026-05-03T03:00:00Z'))));
    if (!isContract(s2)) throw new Error();
    expect(invoiceStatus(s2.invoice!)).toBe('SETTLED');
  });

  it('a non-payment before issuance cancels the contract after the grace period (CANCELLED)', () => {
    const accepted = run([cmd.submit(), cmd.pass(), cmd.invoice(), { type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: saga('non-payment'), invoiceId: 'INV-1', at: new Date('2026-05-02T00:00:00Z') }]);
    const cancel = (at: Date) => ({ type: 'CancelContract' as const, contractId: CONTRACT_ID, actor: saga('non-payment'), at, reason: 'NON_PAYMENT' as const, serviceSuspended: false });
    given(accepted).when(cancel(new Date('2026-05-10T00:00:00Z'))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 7', message: /grace period/ });
    const { state } = given(accepted).when(cancel(new Date('2026-05-16T00:00:00Z'))).thenTypes(['ContractCancelled']);
    expect(state).toMatchObject({ status: 'CANCELLED', cancellation: { reason: 'NON_PAYMENT' } });
  });

  it('notifications are recorded with kind, channel and recipient, and refused when their fact is missing', () => {
    given(activeHistory()).when(cmd.notify('CERTIFICATE_DELIVERY', t(1))).thenTypes(['CustomerNotified']);
    given(activeHistory()).when(cmd.notify('STICKER_RETURN_REQUEST', t(1))).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 12' });
    given(activeHistory()).when(cmd.notify('TERMINATION_NOTICE', t(1))).thenRefused({ code: 'BAD_USER_INPUT', field: 'kind' });
    given(activeHistory()).when({ ...(cmd.notify('RENEWAL_REMINDER', t(300)) as object), channel: 'SMS' } as never).thenRefused({ code: 'BAD_USER_INPUT', field: 'channel' });
    const { state } = given(activeHistory()).when(cmd.notify('RENEWAL_REMINDER', t(300))).thenTypes(['CustomerNotified']);
    expect(isContract(state) && state.notifications.map((n) => n.kind)).toEqual(['RENEWAL_REMINDER']);
  });

  it('personal data is shredded only once the application or contract is over, and once', () => {
    const shred = { type: 'ShredPersonalData' as const, contractId: CONTRACT_ID, actor: saga('rejection'), at: t(2), scope: ['applicant.representativeName', 'applicant.contact'] };
    given(activeHistory()).when(shred).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4' });
    const rejected = run([cmd.submit(), cmd.fail()]);
    const state = given(rejected).when(shred).then([{ type: 'PersonalDataShredded', data: { scope: shred.scope, shreddedAt: t(2), by: saga('rejection') } }]);
    expect(state).toMatchObject({ personalDataShredded: true });
    given(then(rejected, shred)).when(shred).thenRefused({ code: 'RULE_VIOLATION', article: 'Art. 4', message: /already/ });
  });

  it('refuses commands whose contract id does not match the stream, without an instant, or without an actor', () => {
    given(activeHistory()).when({ ...(cmd.notify('RENEWAL_REMINDER', t(1)) as object), contractId: 'other' } as never).thenRefused({ code: 'BAD_USER_INPUT', field: 'contractId' });
    given(activeHistory()).when({ ...(cmd.notify('RENEWAL_REMINDER', t(1)) as object), at: new Date('nope') } as never).thenRefused({ code: 'BAD_USER_INPUT', field: 'at' });
    given(activeHistory()).when({ ...(cmd.notify('RENEWAL_REMINDER', t(1)) as object), actor: { id: '', role: 'ADMIN' } } as never).thenRefused({ code: 'BAD_USER_INPUT', field: 'actor' });
  });

  it('evolve refuses a history that does not start with ApplicationSubmitted', () => {
    const events = activeHistory();
    expect(() => foldContract(events.slice(1))).toThrow(/before ApplicationSubmitted/);
    expect(() => foldContract([events[0], events[0]])).toThrow(/second ApplicationSubmitted/);
  });
});
