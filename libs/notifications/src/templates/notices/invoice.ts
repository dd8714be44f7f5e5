import { NoticeModelError } from '../../errors';
import { parseDate } from '../../format';
import type { InvoiceNotice } from '../../model';
import type { Template } from '../context';
import { fact, p } from '../document';
import { ACCOUNT_TYPE_LABELS } from '../labels';

// The INVOICE notice (Art. 5).

const REGISTRATION_NUMBER_RE = /^T\d{13}$/;

function bankAccountText(m: InvoiceNotice, lang: 'ja' | 'en'): string | null {
  const a = m.bankAccount;
  if (!a) return null;
  return lang === 'ja'
    ? `${a.bankName} ${a.branchName} ${ACCOUNT_TYPE_LABELS[a.accountType].ja} ${a.accountNumber}\n口座名義 ${a.accountHolder}`
    : `${a.bankName}, ${a.branchName} branch, ${ACCOUNT_TYPE_LABELS[a.accountType].en} account ${a.accountNumber}\nAccount holder: ${a.accountHolder}`;
}

export const invoice: Template<InvoiceNotice> = {
  validate(m) {
    for (const f of ['issuedOn', 'receivedOn', 'dueOn'] as const) parseDate(m[f], f);
    for (const f of ['subtotalJpy', 'consumptionTaxJpy', 'totalJpy'] as const) {
      if (!Number.isSafeInteger(m[f]) || m[f] < 0) throw new NoticeModelError(f, 'must be a whole number of yen, not negative');
    }
    if (m.subtotalJpy + m.consumptionTaxJpy !== m.totalJpy) {
      throw new NoticeModelError('totalJpy', `${m.totalJpy} is not subtotal ${m.subtotalJpy} + tax ${m.consumptionTaxJpy}`, 'Art. 5');
    }
    if (!REGISTRATION_NUMBER_RE.test(m.registrationNumber)) throw new NoticeModelError('registrationNumber', 'must be T followed by 13 digits');
    if (m.dueOn < m.receivedOn) throw new NoticeModelError('dueOn', 'is before the day the invoice was received', 'Art. 5');
  },
  ja(m, c) {
    const due = c.date(m.dueOn, 'dueOn');
    const account = bankAccountText(m, 'ja');
    return {
      subject: `ご請求書（お支払期限 ${due}）`,
      title: 'ご請求書（適格請求書）',
      blocks: [
        p(`${c.sender.serviceName.ja}の契約料金を下記のとおりご請求申し上げます。`),
        p(`${c.art(5)}に基づき、請求書の受理後30日以内、お支払期限の${due}までに、振込手数料はお客様のご負担にて${account ? '下記' : '当社指定'}の口座へお振込みください。`),
      ],
      facts: [
        fact('請求書番号', m.invoiceId),
        fact('発行日', c.date(m.issuedOn, 'issuedOn')),
        fact('受理日', c.date(m.receivedOn, 'receivedOn')),
        fact('品目', `${c.sender.serviceName.ja} 契約料金（${m.planMonths}か月）`),
        fact(`小計（${m.taxRatePercent}%対象・税抜）`, c.jpy(m.subtotalJpy, 'subtotalJpy')),
        fact(`消費税（${m.taxRatePercent}%）`, c.jpy(m.consumptionTaxJpy, 'consumptionTaxJpy')),
        fact('ご請求金額（税込）', c.jpy(m.totalJpy, 'totalJpy')),
        fact('お支払期限', due),
        ...(account ? [fact('お振込先', account)] : []),
        fact('適格請求書発行事業者', `${c.sender.companyName.ja}（登録番号 ${m.registrationNumber}）`),
      ],
    };
  },
  en(m, c) {
    const due = c.date(m.dueOn, 'dueOn');
    const account = bankAccountText(m, 'en');
    return {
      subject: `Invoice (payment due ${due})`,
      title: 'Invoice (qualified invoice)',
      blocks: [
        p(`Please find below the invoice for the contract fee of ${c.sender.serviceName.en}.`),
        p(`Under ${c.art(5)}, please pay by bank transfer to ${account ? 'the account below' : 'our designated account'} within 30 days of receiving this invoice, that is by ${due}; transfer charges are borne by you.`),
      ],
      facts: [
        fact('Invoice number', m.invoiceId),
        fact('Issued on', c.date(m.issuedOn, 'issuedOn')),
        fact('Received on', c.date(m.receivedOn, 'receivedOn')),
        fact('Item', `${c.sender.serviceName.en} contract fee (${m.planMonths} months)`),
        fact(`Subtotal (${m.taxRatePercent}% rate, excl. tax)`, c.jpy(m.subtotalJpy, 'subtotalJpy')),
        fact(`Consumption tax (${m.taxRatePercent}%)`, c.jpy(m.consumptionTaxJpy, 'consumptionTaxJpy')),
        fact('Total (incl. tax)', c.jpy(m.totalJpy, 'totalJpy')),
        fact('Payment due', due),
        ...(account ? [fact('Pay to', account)] : []),
        fact('Qualified invoice issuer', `${c.sender.companyName.en} (registration number ${m.registrationNumber})`),
      ],
    };
  },
};
