import { addDays, startOfJapanDay, type JapanDate } from '@pfw/domain';
import type { CaGateway, IssuanceRequest, LocalCertificateAuthority } from '@pfw/ca-gateway';
import { createHarness, DAY, staff, type Harness } from './support/harness';

/** A CA that refuses every issuance order (the local CA refuses a request for a host name that is not valid). */
function refusingCa(ca: LocalCertificateAuthority): CaGateway {
  return new Proxy(ca, {
    get(target, prop) {
      if (prop === 'submitIssuance') return (request: IssuanceRequest) => target.submitIssuance({ ...request, fqdn: 'not a host name' });
      const value = Reflect.get(target, prop, target) as unknown;
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/**
 * DOMAIN.md "No dead ends" through the real sagas and actions (harness: SQLite log, local CA, simulated clock):
 * each case was reproduced first against the code it fixes.
 */
describe('no dead ends: non-payment, cancellation and certificates nobody received (sagas)', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  /** An ACTIVE contract whose CA then holds every order until `h.ca.processPendingOrders()`. */
  async function activeWithSilentCa(overrides: Parameters<Harness['submit']>[0] = {}): Promise<string> {
    h = await createHarness({ caProcessesOrders: false });
    const id = await h.submit(overrides);
    await h.pass(id);
    await h.advance({ days: 0 });
    await h.ca.processPendingOrders();
    await h.advance({ days: 0 });
    return id;
  }

  const graceEnds = (dueOn: JapanDate) => startOfJapanDay(addDays(dueOn, 1 + 14));
  const reasons = async (id: string) => (await h.events(id)).flatMap((e) => (e.event.type === 'RevocationInitiated' ? [e.event.data.reason] : []));

  it('Art. 5, 7(2): given another revocation in progress when the grace period ends, when the CA rejects it, then the NON_PAYMENT revocation follows', async () => {
    const id = await activeWithSilentCa();
    const end = graceEnds((await h.contract(id)).invoice!.dueOn!);
    await h.advance({ to: new Date(end.getTime() - 2 * DAY) });
    await h.exec({ type: 'InitiateRevocation', contractId: id, reason: 'CUSTOMER_REQUEST', note: 'the customer asked' });
    await h.advance({ to: new Date(end.getTime() + 60 * 60 * 1000) });
    expect(await reasons(id)).toEqual(['CUSTOMER_REQUEST']);

    await h.exec({ type: 'RecordRevocationOutcome', contractId: id, outcome: 'REJECTED', note: 'the CA refused by telephone' });
    await h.advance({ days: 1 });
    expect(await reasons(id)).toEqual(['CUSTOMER_REQUEST', 'NON_PAYMENT']);
  });

  it('Art. 5, 7(2): given a NON_PAYMENT revocation at the CA, when the CA rejects it, then it is escalated to staff (the fee is still unpaid)', async () => {
    const id = await activeWithSilentCa();
    await h.advance({ to: new Date(graceEnds((await h.contract(id)).invoice!.dueOn!).getTime() + 60 * 60 * 1000) });
    expect((await h.contract(id)).revocation).toMatchObject({ reason: 'NON_PAYMENT', status: 'REQUESTED' });
    await h.advance({ days: 5 });
    await h.exec({ type: 'RecordRevocationOutcome', contractId: id, outcome: 'REJECTED', note: 'the CA refused by telephone' });
    await h.advance({ days: 0 });
    expect((await h.contract(id)).status).toBe('ACTIVE');
    const stuck = await h.ops.stuckProcesses();
    expect(stuck.some((p) => p.contractId === id && /NON_PAYMENT revocation .* still unpaid/.test(p.lastError ?? ''))).toBe(true);
  });

  it('Art. 5, 7(2): given a NON_PAYMENT revocation held by a suspension, when a transfer that arrived by the due date is recorded, then on resume it stops with a notice instead of going to the CA', async () => {
    const id = await activeWithSilentCa();
    const dueOn = (await h.contract(id)).invoice!.dueOn!;
    await h.advance({ to: new Date(graceEnds(dueOn).getTime() - DAY) });
    await h.service({ type: 'SuspendService', reason: 'CA outage' });
    await h.advance({ days: 2 });
    expect((await h.contract(id)).revocation).toMatchObject({ reason: 'NON_PAYMENT', status: 'INITIATED' });
    expect(await h.notices(id, 'REVOCATION_NOTICE')).toHaveLength(1);

    await h.exec({ type: 'RecordPayment', contractId: id, invoiceId: (await h.contract(id)).invoice!.invoiceId, amountJpy: 66_000, paidOn: dueOn, bankReference: 'late-record-1' }, staff.billing);
    await h.service({ type: 'ResumeService', reason: 'CA back' });
    await h.advance({ days: 0 });
    const types = await h.types(id);
    expect(types).toContain('RevocationWithdrawn');
    expect(types).not.toContain('RevocationRequested');
    expect((await h.contract(id)).status).toBe('ACTIVE');
    expect(await h.notices(id, 'REVOCATION_RESULT')).toHaveLength(1);
  });

  it('Art. 7: given a certificate issued but not yet posted, when the customer cancels, then the contract is CANCELLED and the certificate is revoked at the CA and recorded', async () => {
    h = await createHarness();
    const id = await h.submit({ certificateDeliveryMethod: 'POST' });
    await h.pass(id);
    await h.advance({ days: 0 });
    expect((await h.contract(id)).status).toBe('ISSUED');
    await h.exec({ type: 'CancelContract', contractId: id, reason: 'CUSTOMER_REQUEST', note: 'no longer needed' });
    await h.advance({ days: 0 });
    const c = await h.contract(id);
    expect(c.status).toBe('CANCELLED');
    expect(c.certificates[0]).toMatchObject({ deliveredAt: null, crlReason: 'CESSATION_OF_OPERATION' });
    expect((await h.ca.certificates()).find((x) => x.serialNumber === c.certificates[0]!.serialNumber)?.revokedAt).toBeTruthy();
  });

  it('Art. 7: given an order the CA issued just as the contract was cancelled, when its answer arrives, then the certificate is recorded on the contract and revoked', async () => {
    h = await createHarness({ caProcessesOrders: false });
    const id = await h.submit();
    await h.pass(id);
    await h.advance({ days: 0 });
    await h.ca.processPendingOrders();
    await h.exec({ type: 'CancelContract', contractId: id, reason: 'CUSTOMER_REQUEST', note: 'changed plans' });
    await h.advance({ days: 0 });
    await h.ca.processPendingOrders();
    await h.advance({ days: 0 });
    const c = await h.contract(id);
    expect(c.status).toBe('CANCELLED');
    expect(c.certificates).toHaveLength(1);
    expect(c.certificates[0]).toMatchObject({ deliveredAt: null, crlReason: 'CESSATION_OF_OPERATION' });
  });

  it('Art. 4(3), 7: given a CA that refuses the first order, when its answer arrives, then the contract is CANCELLED (CA_REFUSED) and the customer is told', async () => {
    h = await createHarness({ wrapCa: refusingCa });
    const id = await h.submit();
    await h.pass(id);
    await h.advance({ days: 0 });
    const c = await h.contract(id);
    expect(c).toMatchObject({ status: 'CANCELLED', cancellation: { reason: 'CA_REFUSED' } });
    const notices = await h.notices(id, 'REVOCATION_NOTICE');
    expect(notices).toHaveLength(1);
    expect(h.transport.sent.some((m) => m.headers?.['X-PFW-Notification-Kind'] === 'REVOCATION_NOTICE' && /refused|拒否/.test(`${m.subject} ${m.text ?? ''}`))).toBe(true);
  });

  it('Art. 5: given an invoice whose e-mail cannot be sent, when 60 days pass, then it never falls due; once the e-mail goes out it is due 30 days from then', async () => {
    h = await createHarness({ notifications: { retry: { initialDelayMs: 1000, factor: 2, maxDelayMs: 4000, maxAttempts: 2 } } });
    h.transport.failing = true;
    const id = await h.activeContract();
    await h.advance({ days: 60 });
    const types = await h.types(id);
    expect(types).not.toContain('PaymentOverdue');
    expect(types).not.toContain('RevocationInitiated');
    expect((await h.contract(id)).invoice).toMatchObject({ receivedOn: null, dueOn: null });

    h.transport.failing = false;
    const invoiceNotice = (await h.ops.stuckProcesses()).find((p) => p.contractId === id && p.kind === 'notice:INVOICE')!;
    await h.ops.retryProcess(invoiceNotice.id);
    await h.advance({ days: 0 });
    const sentOn = new Date(h.clock.now().getTime() + 9 * 60 * 60 * 1000).toISOString().slice(0, 10);
    expect((await h.contract(id)).invoice).toMatchObject({ receivedOn: sentOn, dueOn: addDays(sentOn as JapanDate, 30) });
  });

  it('DOMAIN.md "No dead ends": given a CA that never answers the first order, when 7 days pass, then the order is escalated to staff', async () => {
    h = await createHarness({ caProcessesOrders: false });
    const id = await h.submit();
    await h.pass(id);
    await h.advance({ days: 6 });
    expect((await h.ops.stuckProcesses()).filter((p) => p.contractId === id)).toEqual([]);
    await h.advance({ days: 2 });
    const stuck = (await h.ops.stuckProcesses()).filter((p) => p.contractId === id);
    expect(stuck).toEqual([expect.objectContaining({ kind: 'ca.orderUnanswered', saga: 'issuance' })]);
    expect(stuck[0]!.lastError).toMatch(/has not answered order .* cancel the contract \(CA_REFUSED\)/);
  });
});
