import { coverageEndInstant } from '@pfw/domain';
import { makeCsrPem } from '../../../test/support/csr';
import { createHarness, DAY, type Harness } from './support/harness';

describe('coverage saga (Art. 11): reissue and renewal reminders', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('Art. 11: REISSUE_REMINDER 30, 14 and 7 days before the certificate’s not-after while coverage continues; a reissue replaces the old reminders', async () => {
    h = await createHarness();
    const id = await h.activeContract();
    await h.pay(id);
    const first = (await h.contract(id)).certificates[0]!;
    await h.advance({ to: new Date(first.notAfter.getTime() - 30 * DAY) });
    const reminders = await h.notices(id, 'REISSUE_REMINDER');
    expect(reminders).toHaveLength(1);
    expect(reminders[0]!.sentAt).toEqual(new Date(first.notAfter.getTime() - 30 * DAY));

    // The customer sends a new CSR; the operator asks for the reissue.
    const c = await h.contract(id);
    await h.exec({ type: 'RequestReissue', contractId: id, csrPem: await makeCsrPem(c.webServerFqdn), reason: 'COVERAGE_CONTINUES' });
    await h.advance({ days: 0 });
    const after = await h.contract(id);
    expect(after.certificates).toHaveLength(2);
    expect(after.status).toBe('ACTIVE');
    const second = after.certificates[1]!;
    expect(second.deliveredAt).not.toBeNull();
    const steps = await h.sagaStore.listDeadlines({ contractId: id, saga: 'coverage' });
    const old = steps.filter((d) => d.id.includes(`reissue:${first.serialNumber}:`));
    expect(old.map((d) => d.status).sort()).toEqual(['cancelled', 'cancelled', 'done']);
    // Reminders for the new certificate (its not-after is before the end of coverage).
    expect(steps.filter((d) => d.id.includes(`reissue:${second.serialNumber}:`) && d.status === 'pending')).toHaveLength(3);
    await h.advance({ to: new Date(first.notAfter.getTime() + DAY) });
    expect(await h.notices(id, 'REISSUE_REMINDER')).toHaveLength(1);
  });

  it('Art. 11: RENEWAL_REMINDER 60, 30 and 7 days before coverage ends (a renewal is a new contract)', async () => {
    h = await createHarness();
    const id = await h.activeContract();
    await h.pay(id);
    const end = coverageEndInstant((await h.contract(id)).coverageEndsOn!);
    await h.advance({ to: new Date(end.getTime() - 60 * DAY) });
    expect((await h.notices(id, 'RENEWAL_REMINDER')).map((n) => n.sentAt)).toEqual([new Date(end.getTime() - 60 * DAY)]);
    await h.advance({ to: new Date(end.getTime() - DAY) });
    expect(await h.notices(id, 'RENEWAL_REMINDER')).toHaveLength(3);
    const mail = h.transport.sent.find((m) => m.headers?.['X-PFW-Notification-Kind'] === 'RENEWAL_REMINDER')!;
    expect(mail.to[0]!.address).toBe((await h.contract(id)).applicant.contact.email);
  });
});
