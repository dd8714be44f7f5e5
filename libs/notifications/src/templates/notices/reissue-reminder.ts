import { parseDate } from '../../format';
import type { ReissueReminderNotice } from '../../model';
import type { Template } from '../context';
import { fact, p } from '../document';

// The REISSUE_REMINDER notice (Art. 11).

export const reissueReminder: Template<ReissueReminderNotice> = {
  validate(m) {
    parseDate(m.coverageEndsOn, 'coverageEndsOn');
    if (m.csrRequestedBy) parseDate(m.csrRequestedBy, 'csrRequestedBy');
  },
  ja(m, c) {
    return {
      subject: '証明書再発行のご案内（CSRご提出のお願い）',
      title: '証明書再発行のご案内',
      blocks: [
        p(`現在の証明書は${c.instant(m.currentNotAfter, 'currentNotAfter')}に有効期限を迎えます。ご契約期間は${c.date(m.coverageEndsOn, 'coverageEndsOn')}まで続きますので（${c.art(11)}）、同じWebサーバ（${m.contract.fqdn}）の証明書を再発行します。`),
        p(`新しいCSR（証明書署名要求、コモンネームまたはSANが ${m.contract.fqdn} のもの）を${m.csrRequestedBy ? `${c.date(m.csrRequestedBy, 'csrRequestedBy')}までに` : 'お早めに'}ご提出ください。再発行に新たなお申込みは不要です。`),
      ],
      facts: [
        fact('現在の証明書の有効期限', c.instant(m.currentNotAfter, 'currentNotAfter')),
        fact('ご契約期間の終了日', c.date(m.coverageEndsOn, 'coverageEndsOn')),
        ...(m.csrRequestedBy ? [fact('CSRご提出期限', c.date(m.csrRequestedBy, 'csrRequestedBy'))] : []),
      ],
    };
  },
  en(m, c) {
    return {
      subject: 'Certificate reissue: please send a new CSR',
      title: 'Certificate reissue',
      blocks: [
        p(`Your current certificate expires at ${c.instant(m.currentNotAfter, 'currentNotAfter')}. Your coverage continues until ${c.date(m.coverageEndsOn, 'coverageEndsOn')} (${c.art(11)}), so we will reissue the certificate for the same web server (${m.contract.fqdn}).`),
        p(`Please send a new CSR (certificate signing request, with ${m.contract.fqdn} as its common name or a SAN) ${m.csrRequestedBy ? `by ${c.date(m.csrRequestedBy, 'csrRequestedBy')}` : 'as soon as you can'}. No new application is needed for a reissue.`),
      ],
      facts: [
        fact('Current certificate expires', c.instant(m.currentNotAfter, 'currentNotAfter')),
        fact('Coverage ends on', c.date(m.coverageEndsOn, 'coverageEndsOn')),
        ...(m.csrRequestedBy ? [fact('Please send the CSR by', c.date(m.csrRequestedBy, 'csrRequestedBy'))] : []),
      ],
    };
  },
};
