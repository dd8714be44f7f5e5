import { contractReference, createNotificationTransport } from '@pfw/notifications';
import { header, readMessage } from '../../notifications/test/mime';
import { startLocalSmtp, type LocalSmtp } from '../../notifications/test/smtp-helper';
import { CONTACT_EMAIL, createHarness, type Harness } from './support/harness';

describe('notices through the saga path to a real SMTP server (smtp-server)', () => {
  let smtp: LocalSmtp;
  let h: Harness;
  beforeEach(async () => {
    smtp = await startLocalSmtp();
  });
  afterEach(async () => {
    await h.close();
    await smtp.close();
  });

  it('Art. 5, 7: the payment reminder reaches the contact’s mailbox naming the contract; CustomerNotified is recorded after the server accepted it', async () => {
    const from = 'Passport for Web <no-reply@pfw.example.jp>';
    h = await createHarness({ notifications: { from, transport: createNotificationTransport({ url: smtp.url, dataDir: '/nonexistent', from }) } });
    const id = await h.activeContract();
    await h.advance({ days: 31 });

    const reminders = smtp.received.filter((m) => header(readMessage(m.raw).root, 'x-pfw-notification-kind') === 'PAYMENT_REMINDER');
    expect(reminders).toHaveLength(1);
    const mail = reminders[0]!;
    expect(mail.rcptTo).toEqual([CONTACT_EMAIL]);
    expect(mail.mailFrom).toBe('no-reply@pfw.example.jp');
    const message = readMessage(mail.raw);
    expect(header(message.root, 'x-pfw-contract-reference')).toBe(contractReference(id));
    expect(header(message.root, 'x-pfw-contract-id')).toBe(id);
    expect(message.text).toContain(contractReference(id));
    expect(message.text).toContain((await h.contract(id)).invoice!.invoiceId);

    const recorded = await h.notices(id, 'PAYMENT_REMINDER');
    expect(recorded).toEqual([expect.objectContaining({ recipient: CONTACT_EMAIL })]);
    // Every notice the sagas sent so far arrived once, and was recorded once.
    expect(smtp.received).toHaveLength((await h.notices(id)).length);
  });
});
