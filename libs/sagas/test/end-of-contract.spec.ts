import { coverageEndInstant } from '@pfw/domain';
import { createHarness, DAY, positionOf, staff, type Harness } from './support/harness';

describe('end-of-contract saga (Art. 11, 12): expiry and the sticker’s return on any end', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  async function withSticker(): Promise<string> {
    const id = await h.activeContract({ stickerRequested: true });
    await h.exec({ type: 'LendSticker', contractId: id, stickerSerial: 'STK-0001', shippedOn: '2026-12-01' }, staff.operator);
    await h.pay(id);
    return id;
  }

  it('Art. 11, 12: at the end of coverage → ContractExpired; the lent sticker is requested back at once, with reminders until it is returned', async () => {
    h = await createHarness();
    const id = await withSticker();
    const end = coverageEndInstant((await h.contract(id)).coverageEndsOn!);
    await h.advance({ to: new Date(end.getTime() - 1000) });
    expect((await h.contract(id)).status).toBe('ACTIVE');

    await h.advance({ to: end });
    const events = await h.events(id);
    const expired = events.find((e) => e.event.type === 'ContractExpired')!;
    expect(expired.envelope.occurredAt).toEqual(end);
    expect(positionOf(events, 'ContractExpired')).toBeLessThan(positionOf(events, 'StickerReturnRequested'));
    expect((await h.contract(id)).sticker.status).toBe('RETURN_REQUESTED');
    const first = await h.notices(id, 'STICKER_RETURN_REQUEST');
    expect(first).toHaveLength(1);
    expect(first[0]!.sentAt).toEqual(end);

    await h.advance({ days: 14 });
    expect(await h.notices(id, 'STICKER_RETURN_REQUEST')).toHaveLength(2);
    await h.exec({ type: 'RecordStickerReturned', contractId: id, stickerSerial: 'STK-0001', receivedOn: '2027-12-15' }, staff.operator);
    await h.advance({ days: 60 });
    expect(await h.notices(id, 'STICKER_RETURN_REQUEST')).toHaveLength(2);
    expect((await h.contract(id)).sticker.status).toBe('RETURNED');
    const reminder = h.transport.sent.filter((m) => m.headers?.['X-PFW-Notification-Kind'] === 'STICKER_RETURN_REQUEST');
    expect(reminder[1]!.text).toContain('STK-0001');
  });

  it('Art. 12: after a revocation as well — the sticker is requested back once the certificate is revoked', async () => {
    h = await createHarness();
    const id = await withSticker();
    await h.exec({ type: 'InitiateRevocation', contractId: id, reason: 'CUSTOMER_REQUEST' });
    await h.advance({ days: 0 });
    const events = await h.events(id);
    expect((await h.contract(id)).status).toBe('REVOKED');
    expect(positionOf(events, 'CertificateRevoked')).toBeLessThan(positionOf(events, 'StickerReturnRequested'));
    expect(await h.notices(id, 'STICKER_RETURN_REQUEST')).toHaveLength(1);
    // The expiry that was scheduled for the end of coverage will not run.
    expect((await h.sagaStore.getDeadline(`end-of-contract/${id}/expire`))!.status).toBe('cancelled');
  });

  it('Art. 12: after a cancellation before issuance with a sticker already shipped', async () => {
    h = await createHarness({ caProcessesOrders: false });
    const id = await h.submit({ stickerRequested: true });
    await h.pass(id);
    await h.advance({ days: 0 });
    await h.exec({ type: 'LendSticker', contractId: id, stickerSerial: 'STK-0002', shippedOn: '2026-12-01' }, staff.operator);
    await h.exec({ type: 'CancelContract', contractId: id, reason: 'PROHIBITED_ACT', note: 'phishing content confirmed' }, staff.operator);
    await h.advance({ days: 0 });
    const c = await h.contract(id);
    expect(c.status).toBe('CANCELLED');
    expect(c.sticker.status).toBe('RETURN_REQUESTED');
    expect(await h.notices(id, 'STICKER_RETURN_REQUEST')).toHaveLength(1);
  });

  it('no sticker lent, nothing to ask back; an unpaid contract is revoked before its coverage ends and never expires', async () => {
    h = await createHarness();
    const id = await h.activeContract();
    await h.advance({ days: 400 });
    const types = await h.types(id);
    expect(types).not.toContain('StickerReturnRequested');
    expect(types).not.toContain('ContractExpired');
    expect((await h.contract(id)).status).toBe('REVOKED');
    expect(h.clock.now().getTime()).toBeGreaterThan(coverageEndInstant((await h.contract(id)).coverageEndsOn!).getTime() - DAY);
  });
});
