import { addDays, DEFAULT_POLICY, parseAddress, japanDate, overdueFrom, startOfJapanDay, type ContractEvent, type EventEnvelope } from '@pfw/domain';
import { endOfContractSaga, nonPaymentSaga, revocationSaga, type SagaEvent } from '@pfw/sagas';

const AT = new Date('2027-01-15T00:00:00Z');
const parsed = parseAddress({ postalCode: '150-0001', prefecture: '東京都', city: '渋谷区', street: '神宮前1-2-3' }, 'address');
if (!parsed.ok) throw parsed.error;
const ADDRESS = parsed.value;
let position = 0n;

function ev(event: ContractEvent, at = AT): SagaEvent {
  position += 1n;
  const envelope: EventEnvelope = {
    eventId: `event-${position}`, actor: { id: 'staff-1', role: 'OPERATOR' }, correlationId: 'corr-1', causationId: null, commandName: 'X', occurredAt: at, termsVersion: '1',
  };
  return { event, envelope, streamId: 'contract-c1', contractId: 'c1', position };
}

describe('saga reactors are pure functions of (state, event)', () => {
  it('non-payment: the due date, the reminders within the grace period, the end of the grace period; a settling payment cancels them all', () => {
    const saga = nonPaymentSaga(DEFAULT_POLICY);
    const dueOn = japanDate('2026-12-31');
    const invoiced = ev({
      type: 'InvoiceIssued',
      data: {
        invoiceId: 'inv-1', planMonths: 12, subtotalJpy: 60000, taxRatePercent: 10, consumptionTaxJpy: 6000, totalJpy: 66000, registrationNumber: 'T1',
        channel: 'EMAIL', issuedOn: japanDate('2026-12-01'), receivedOn: japanDate('2026-12-01'), dueOn,
      },
    });
    const a = saga.react(saga.initialState, invoiced);
    expect(a.schedule).toEqual([{ key: 'overdue:inv-1', kind: 'command.MarkPaymentOverdue', dueAt: overdueFrom(dueOn), payload: { invoiceId: 'inv-1' } }]);
    expect(saga.react(saga.initialState, invoiced)).toEqual(a); // same input, same output

    const overdueSince = overdueFrom(dueOn);
    const b = saga.react(a.state, ev({ type: 'PaymentOverdue', data: { invoiceId: 'inv-1', dueOn, outstandingJpy: 66000, overdueSince } }, overdueSince));
    const graceEnds = startOfJapanDay(addDays(dueOn, 15));
    expect(b.schedule!.map((s) => [s.key, s.dueAt.toISOString()])).toEqual([
      ['reminder:inv-1:0', overdueSince.toISOString()],
      ['reminder:inv-1:1', new Date(overdueSince.getTime() + 7 * 86_400_000).toISOString()],
      ['grace:inv-1', graceEnds.toISOString()],
    ]);

    const partial = saga.react(b.state, ev({ type: 'FeePaid', data: { invoiceId: 'inv-1', amountJpy: 1000, paidOn: japanDate('2027-01-05'), bankReference: 'r1', paidTotalJpy: 1000, outstandingJpy: 65000, settled: false } }));
    expect(partial.cancel).toBeUndefined();
    const paid = saga.react(b.state, ev({ type: 'FeePaid', data: { invoiceId: 'inv-1', amountJpy: 66000, paidOn: japanDate('2027-01-05'), bankReference: 'r2', paidTotalJpy: 66000, outstandingJpy: 0, settled: true } }));
    expect([...paid.cancel!].sort()).toEqual(['grace:inv-1', 'overdue:inv-1', 'reminder:inv-1:0', 'reminder:inv-1:1']);
    expect(paid.state.open).toEqual([]);
  });

  it('revocation: notice first where the table asks for one, the request after it; escalation 6 h before the BR deadline; the result notice when every certificate is revoked', () => {
    const saga = revocationSaga(DEFAULT_POLICY);
    const deadline = new Date(AT.getTime() + 5 * 86_400_000);
    const initiated = saga.react(saga.initialState, ev({
      type: 'RevocationInitiated',
      data: {
        reason: 'PROHIBITED_ACT', crlReason: 'PRIVILEGE_WITHDRAWN', initiator: 'OPERATOR', noticeRule: 'REVOCATION_NOTICE', by: { id: 'op', role: 'OPERATOR' },
        note: 'x', serialNumbers: ['AA', 'BB'], initiatedAt: AT, deadline, supersededBy: null,
      },
    }));
    const id = AT.toISOString();
    expect(initiated.schedule!.map((s) => [s.key, s.kind, s.dueAt.toISOString()])).toEqual([
      [`notice:${id}`, 'notice', AT.toISOString()],
      [`escalate:${id}`, 'revocation.escalate', new Date(deadline.getTime() - 6 * 3_600_000).toISOString()],
    ]);
    const noticed = saga.react(initiated.state, ev({ type: 'CustomerNotified', data: { kind: 'REVOCATION_NOTICE', channel: 'EMAIL', recipient: 'a@b.jp', sentAt: AT, termsVersion: null, note: null } }));
    expect(noticed.schedule).toEqual([{ key: `request:${id}`, kind: 'revocation.send', dueAt: AT, payload: { initiatedAt: id } }]);
    // Another notice of the same kind later does not ask the CA again.
    expect(saga.react(noticed.state, ev({ type: 'CustomerNotified', data: { kind: 'REVOCATION_NOTICE', channel: 'EMAIL', recipient: 'a@b.jp', sentAt: AT, termsVersion: null, note: null } })).schedule).toBeUndefined();

    const one = saga.react(noticed.state, ev({ type: 'CertificateRevoked', data: { serialNumber: 'AA', revokedAt: AT, crlReason: 'PRIVILEGE_WITHDRAWN', caReference: 't1' } }));
    expect(one.schedule).toBeUndefined();
    const both = saga.react(one.state, ev({ type: 'CertificateRevoked', data: { serialNumber: 'BB', revokedAt: AT, crlReason: 'PRIVILEGE_WITHDRAWN', caReference: 't2' } }));
    expect(both.schedule!.map((s) => s.key)).toEqual([`result:${id}`]);
    expect(both.cancel).toContain(`escalate:${id}`);
  });

  it('end of contract: a sticker is asked back on any end, only when one was lent; each reminder schedules the next', () => {
    const saga = endOfContractSaga(DEFAULT_POLICY);
    const ended = (s: typeof saga.initialState) => saga.react(s, ev({ type: 'ContractCancelled', data: { reason: 'PROHIBITED_ACT', cancelledAt: AT, by: { id: 'op', role: 'OPERATOR' }, note: 'x' } }));
    expect(ended(saga.initialState).schedule).toEqual([]);
    const lent = saga.react(saga.initialState, ev({ type: 'StickerLent', data: { stickerSerial: 'S1', shippedOn: japanDate('2026-12-01'), address: ADDRESS } }));
    expect(ended(lent.state).schedule!.map((s) => s.kind)).toEqual(['command.RequestStickerReturn']);
    const notified = saga.react(ended(lent.state).state, ev({ type: 'CustomerNotified', data: { kind: 'STICKER_RETURN_REQUEST', channel: 'EMAIL', recipient: 'a@b.jp', sentAt: AT, termsVersion: null, note: null } }));
    expect(notified.schedule).toEqual([
      { key: 'sticker-notice:1', kind: 'notice', dueAt: new Date(AT.getTime() + 14 * 86_400_000), payload: { kind: 'STICKER_RETURN_REQUEST', reminderNumber: 1 } },
    ]);
    const returned = saga.react(notified.state, ev({ type: 'StickerReturned', data: { stickerSerial: 'S1', receivedOn: japanDate('2027-01-20') } }));
    expect(returned.cancel).toEqual(['sticker-return', 'sticker-notice:1']);
  });
});
