import { parseDate } from '../../format';
import type { RenewalReminderNotice } from '../../model';
import type { Template } from '../context';
import { fact, p } from '../document';
import { stickerBlockJa, stickerBlockEn } from './shared';

// The RENEWAL_REMINDER notice (Art. 11).

export const renewalReminder: Template<RenewalReminderNotice> = {
  validate(m) {
    parseDate(m.coverageEndsOn, 'coverageEndsOn');
  },
  ja(m, c) {
    const end = c.date(m.coverageEndsOn, 'coverageEndsOn');
    return {
      subject: `ご契約期間満了のご案内（${end}満了）`,
      title: 'ご契約期間満了のご案内',
      blocks: [
        p(`ご契約は${end}をもって期間満了となります。`),
        p(`引き続きご利用いただく場合は、${c.art(11)}に基づき再契約となります。あらためて契約申込書に所定の事項をご記入のうえ、必要書類を添付してお申込みください。`),
        ...stickerBlockJa(m.stickerLent, c),
      ],
      facts: [fact('ご契約期間の終了日', end)],
    };
  },
  en(m, c) {
    const end = c.date(m.coverageEndsOn, 'coverageEndsOn');
    return {
      subject: `Your contract ends on ${end}`,
      title: 'Contract ending: renewal',
      blocks: [
        p(`Your contract's coverage ends on ${end}.`),
        p(`To continue, a new contract is needed (${c.art(11)}): please fill in a new application form, attach the required documents and apply again.`),
        ...stickerBlockEn(m.stickerLent, c),
      ],
      facts: [fact('Coverage ends on', end)],
    };
  },
};
