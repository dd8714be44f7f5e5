import { NoticeModelError } from '../../errors';
import { addMonths, parseDate } from '../../format';
import type { TerminationNoticeNotice } from '../../model';
import type { Template } from '../context';
import { fact, p } from '../document';
import { crlReasonLabel } from '../labels';
import { stickerBlockJa, stickerBlockEn } from './shared';

// The TERMINATION_NOTICE notice (Art. 14).

export const terminationNotice: Template<TerminationNoticeNotice> = {
  validate(m) {
    parseDate(m.noticedOn, 'noticedOn');
    parseDate(m.effectiveOn, 'effectiveOn');
    const earliest = addMonths(m.noticedOn, 3, 'noticedOn');
    if (m.effectiveOn < earliest) {
      throw new NoticeModelError('effectiveOn', `${m.effectiveOn} is less than 3 months after ${m.noticedOn} (earliest ${earliest})`, 'Art. 14');
    }
    if (!m.reason.trim()) throw new NoticeModelError('reason', 'is empty');
  },
  ja(m, c) {
    const effective = c.date(m.effectiveOn, 'effectiveOn');
    return {
      subject: `ご契約終了のご予告（${effective}終了）`,
      title: 'ご契約終了のご予告',
      blocks: [
        p(`誠に勝手ながら、やむを得ない事由により、${c.art(14)}に基づき、本契約を${effective}をもって終了させていただくことを、3か月以上前の予告としてお知らせします。`),
        p(`終了日に、当社は${c.sender.caName.ja}へ証明書の失効（失効理由：${crlReasonLabel('CESSATION_OF_OPERATION', 'ja')}）を依頼し、処理結果をご報告します（${c.art(7)}）。`),
        ...stickerBlockJa(m.stickerLent, c),
      ],
      facts: [
        fact('根拠', c.artShort(14)),
        fact('予告日', c.date(m.noticedOn, 'noticedOn')),
        fact('契約終了日', effective),
        fact('理由', m.reason),
      ],
    };
  },
  en(m, c) {
    const effective = c.date(m.effectiveOn, 'effectiveOn');
    return {
      subject: `Notice of termination: the contract ends on ${effective}`,
      title: 'Notice of termination',
      blocks: [
        p(`For unavoidable reasons, we give notice under ${c.art(14)}, at least 3 months in advance, that we will end the contract on ${effective}.`),
        p(`On that day we will ask ${c.sender.caName.en} to revoke the certificate (CRL reason ${crlReasonLabel('CESSATION_OF_OPERATION', 'en')}) and report the result to you (${c.art(7, 3)}).`),
        ...stickerBlockEn(m.stickerLent, c),
      ],
      facts: [
        fact('Under', c.artShort(14)),
        fact('Noticed on', c.date(m.noticedOn, 'noticedOn')),
        fact('Contract ends on', effective),
        fact('Reason', m.reason),
      ],
    };
  },
};
