import { NoticeModelError } from '../../errors';
import { parseDate } from '../../format';
import type { PaymentReminderNotice } from '../../model';
import type { Template } from '../context';
import { fact, p } from '../document';

// The PAYMENT_REMINDER notice (Art. 5, 7(2)).

export const paymentReminder: Template<PaymentReminderNotice> = {
  validate(m) {
    parseDate(m.dueOn, 'dueOn');
    parseDate(m.graceEndsOn, 'graceEndsOn');
    if (!Number.isSafeInteger(m.outstandingJpy) || m.outstandingJpy <= 0) throw new NoticeModelError('outstandingJpy', 'must be a positive whole number of yen');
  },
  ja(m, c) {
    const grace = c.date(m.graceEndsOn, 'graceEndsOn');
    return {
      subject: 'お支払いのお願い（お支払期限経過）',
      title: 'お支払いのお願い',
      blocks: [
        p(`請求書番号 ${m.invoiceId} の契約料金について、お支払期限（${c.date(m.dueOn, 'dueOn')}）を過ぎても、ご入金を確認できておりません（${c.art(5)}）。お手数ですが、至急お振込みくださいますようお願いいたします。`),
        p(
          m.certificateIssued
            ? `${grace}までにお支払いを確認できない場合、${c.art(7)}に基づき、お客様にご連絡のうえ、すみやかに${c.sender.caName.ja}へ証明書の失効を依頼します。失効により契約は終了します。`
            : `${grace}までにお支払いを確認できない場合、お客様にご連絡のうえ、証明書の発行依頼を取り消し、契約を解除します。`,
        ),
        p('本状と行き違いでお支払いいただいている場合は、ご容赦ください。'),
      ],
      facts: [
        fact('請求書番号', m.invoiceId),
        fact('未払金額', c.jpy(m.outstandingJpy, 'outstandingJpy')),
        fact('お支払期限', c.date(m.dueOn, 'dueOn')),
        fact('最終お支払期限', grace),
      ],
    };
  },
  en(m, c) {
    const grace = c.date(m.graceEndsOn, 'graceEndsOn');
    return {
      subject: 'Payment reminder: payment overdue',
      title: 'Payment reminder',
      blocks: [
        p(`We have not received payment of invoice ${m.invoiceId}, which was due on ${c.date(m.dueOn, 'dueOn')} (${c.art(5)}). Please transfer the amount as soon as possible.`),
        p(
          m.certificateIssued
            ? `If we cannot confirm payment by ${grace}, we will inform you and then promptly ask ${c.sender.caName.en} to revoke the certificate, under ${c.art(7, 2)}. The revocation ends the contract.`
            : `If we cannot confirm payment by ${grace}, we will inform you, cancel the certificate request and end the contract.`,
        ),
        p('If you have already paid, please disregard this reminder.'),
      ],
      facts: [
        fact('Invoice number', m.invoiceId),
        fact('Outstanding', c.jpy(m.outstandingJpy, 'outstandingJpy')),
        fact('Was due on', c.date(m.dueOn, 'dueOn')),
        fact('Final deadline', grace),
      ],
    };
  },
};
