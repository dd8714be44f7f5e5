import { NoticeModelError } from '../../errors';
import { parseDate } from '../../format';
import type { TermsChangedNotice } from '../../model';
import type { Template } from '../context';
import { fact, p } from '../document';

// The TERMS_CHANGED notice (Art. 13).

export const termsChanged: Template<TermsChangedNotice> = {
  validate(m) {
    parseDate(m.effectiveFrom, 'effectiveFrom');
    if (!m.version.trim()) throw new NoticeModelError('version', 'is empty', 'Art. 13');
    if (!m.summary.trim()) throw new NoticeModelError('summary', 'is empty', 'Art. 13');
    if (m.documentSha256 != null && !/^[0-9a-f]{64}$/.test(m.documentSha256)) throw new NoticeModelError('documentSha256', 'is not a SHA-256 digest', 'Art. 13');
  },
  ja(m, c) {
    return {
      subject: `利用規定改定のお知らせ（第${m.version}版）`,
      title: '利用規定改定のお知らせ',
      blocks: [
        p(`${c.art(13)}に基づき、${c.sender.serviceName.ja}サービス利用規定を改定しましたのでお知らせします。改定後の利用規定は${c.date(m.effectiveFrom, 'effectiveFrom')}から適用され、ご契約には最新の版が適用されます。`),
        p(`改定の概要：${m.summary}`),
        p(m.documentUrl ? `改定後の利用規定は次のページでご覧いただけます：${m.documentUrl}` : '改定後の利用規定の全文は、お問い合わせいただければお送りします。'),
      ],
      facts: [
        fact('根拠', c.artShort(13)), fact('改定後の版', m.version), fact('適用開始日', c.date(m.effectiveFrom, 'effectiveFrom')),
        ...(m.documentSha256 ? [fact('規定文書のSHA-256', m.documentSha256)] : []),
      ],
    };
  },
  en(m, c) {
    return {
      subject: `The Terms of Service have changed (version ${m.version})`,
      title: 'Terms of Service revised',
      blocks: [
        p(`Under ${c.art(13)}, we inform you that we have revised the ${c.sender.serviceName.en} Terms of Service. The revised terms apply from ${c.date(m.effectiveFrom, 'effectiveFrom')}; your contract is governed by the latest version in force.`),
        p(`Summary of the changes: ${m.summary}`),
        p(m.documentUrl ? `You can read the revised terms at ${m.documentUrl}` : 'We will send you the full text of the revised terms on request.'),
      ],
      facts: [
        fact('Under', c.artShort(13)), fact('New version', m.version), fact('In force from', c.date(m.effectiveFrom, 'effectiveFrom')),
        ...(m.documentSha256 ? [fact('SHA-256 of the terms document', m.documentSha256)] : []),
      ],
    };
  },
};
