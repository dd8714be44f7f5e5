import { addDays, overdueFrom, startOfJapanDay } from '@pfw/domain';
import { createHarness, DAY, positionOf, START, type Harness } from './support/harness';

describe('non-payment saga (Art. 5, 7) on the simulated clock', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  describe('with a certificate issued', () => {
    let id: string;
    let dueOn: string;
    beforeEach(async () => {
      h = await createHarness();
      id = await h.activeContract();
      dueOn = (await h.contract(id)).invoice!.dueOn!;
    });

    it('Art. 5: unpaid 30 days after the invoice → PaymentOverdue and a PAYMENT_REMINDER at 00:00 Japan time the day after the due date', async () => {
      expect(dueOn).toBe('2026-12-31');
      await h.advance({ days: 30 });
      expect(await h.types(id)).not.toContain('PaymentOverdue');
      expect(await h.notices(id, 'PAYMENT_REMINDER')).toHaveLength(0);

      await h.advance({ days: 1 });
      const events = await h.events(id);
      const overdue = events.find((e) => e.event.type === 'PaymentOverdue')!;
      expect(overdue.envelope.occurredAt).toEqual(overdueFrom(dueOn as never)); // the clock stood at the due time
      expect(overdue.envelope.actor).toEqual({ id: 'saga:non-payment', role: 'SYSTEM' });
      const reminders = await h.notices(id, 'PAYMENT_REMINDER');
      expect(reminders).toHaveLength(1);
      expect(reminders[0]!.sentAt).toEqual(overdueFrom(dueOn as never));
      expect(h.transport.kinds()).toContain('PAYMENT_REMINDER');
      expect((await h.contract(id)).status).toBe('ACTIVE');
    });

    it('Art. 7(2): after the 14-day grace period → REVOCATION_NOTICE, then promptly RevocationRequested(NON_PAYMENT); the CA revokes and REVOCATION_RESULT follows', async () => {
      const graceEnds = startOfJapanDay(addDays(dueOn as never, 1 + 14));
      await h.advance({ to: new Date(graceEnds.getTime() - 1000) });
      expect(await h.types(id)).not.toContain('RevocationInitiated');
      expect(await h.notices(id, 'PAYMENT_REMINDER')).toHaveLength(2); // on day 1 and day 8 of the grace period

      await h.advance({ days: 1 });
      const events = await h.events(id);
      const initiated = events.find((e) => e.event.type === 'RevocationInitiated')!;
      expect(initiated.envelope.occurredAt).toEqual(graceEnds);
      expect(initiated.event.type === 'RevocationInitiated' && initiated.event.data.reason).toBe('NON_PAYMENT');
      const notice = positionOf(events, 'CustomerNotified', (e) => e.type === 'CustomerNotified' && e.data.kind === 'REVOCATION_NOTICE');
      const requested = events.find((e) => e.event.type === 'RevocationRequested')!;
      expect(requested.event.type === 'RevocationRequested' && requested.event.data.reason).toBe('NON_PAYMENT');
      expect(requested.event.type === 'RevocationRequested' && requested.event.data.crlReason).toBe('PRIVILEGE_WITHDRAWN');
      // The notice reached the customer before the CA was asked, and the request followed at once.
      expect(notice).toBeLessThan(requested.recorded.position);
      expect(requested.envelope.occurredAt).toEqual(graceEnds);
      expect(await h.types(id)).toEqual(expect.arrayContaining(['CertificateRevoked']));
      expect((await h.contract(id)).status).toBe('REVOKED');
      expect(await h.notices(id, 'REVOCATION_NOTICE')).toHaveLength(1);
      expect(await h.notices(id, 'REVOCATION_RESULT')).toHaveLength(1);
      expect(events.filter((e) => e.event.type === 'RevocationRequested')).toHaveLength(1);
    });

    it('Art. 5: a payment during the grace period cancels what was scheduled: no revocation, no more reminders', async () => {
      await h.advance({ days: 35 }); // overdue since day 31
      expect(await h.notices(id, 'PAYMENT_REMINDER')).toHaveLength(1);
      await h.pay(id);
      await h.advance({ days: 60 });
      const types = await h.types(id);
      expect(types).toContain('FeePaid');
      expect(types).not.toContain('RevocationInitiated');
      expect(await h.notices(id, 'PAYMENT_REMINDER')).toHaveLength(1);
      expect((await h.contract(id)).status).toBe('ACTIVE');
      const steps = await h.sagaStore.listDeadlines({ contractId: id, saga: 'non-payment' });
      const grace = steps.find((d) => d.id.includes('/grace:'))!;
      expect(grace.status).toBe('cancelled');
      expect(steps.filter((d) => d.id.includes('/reminder:')).map((d) => d.status).sort()).toEqual(['cancelled', 'done']);
    });

    it('a short payment does not settle the invoice: the revocation still comes (transfer charges are the customer’s)', async () => {
      await h.advance({ days: 35 });
      const c = await h.contract(id);
      await h.pay(id, c.invoice!.totalJpy - 440);
      await h.advance({ days: 20 });
      expect((await h.contract(id)).status).toBe('REVOKED');
    });
  });

  it('Art. 7: unpaid before issuance → the notice of cancellation, then CANCELLED, and the CA order is cancelled', async () => {
    h = await createHarness({ caProcessesOrders: false });
    const id = await h.submit();
    await h.pass(id);
    await h.advance({ days: 0 });
    const c = await h.contract(id);
    expect(c.status).toBe('CERTIFICATE_REQUESTED');
    const orderId = c.pendingOrder!.caOrderId;

    await h.advance({ days: 46 });
    const events = await h.events(id);
    const types = events.map((e) => e.event.type);
    expect(types).not.toContain('RevocationInitiated');
    expect(types).toContain('CertificateRequestCancelled');
    const cancelled = events.find((e) => e.event.type === 'ContractCancelled')!;
    expect(cancelled.event.type === 'ContractCancelled' && cancelled.event.data.reason).toBe('NON_PAYMENT');
    expect(positionOf(events, 'CustomerNotified', (e) => e.type === 'CustomerNotified' && e.data.kind === 'REVOCATION_NOTICE')).toBeLessThan(cancelled.recorded.position);
    expect((await h.contract(id)).status).toBe('CANCELLED');
    const order = await h.sagaStore.getCaOrder(orderId);
    expect(order?.state).toBe('cancelled');
    const [status] = await h.ca.pollStatus([order!.trackingId!]);
    expect(status!.state).toBe('CANCELLED');
    // The CA never issues it now.
    expect(await h.ca.processPendingOrders()).toBe(0);
  });

  it('the steps run in due order with the clock at each due time', async () => {
    h = await createHarness();
    const id = await h.activeContract();
    await h.advance({ days: 50 });
    const events = await h.events(id);
    const times = events.map((e) => e.envelope.occurredAt.getTime());
    expect([...times].sort((a, b) => a - b)).toEqual(times);
    expect(h.clock.now()).toEqual(new Date(START.getTime() + 50 * DAY));
  });
});
