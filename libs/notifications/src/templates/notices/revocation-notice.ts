import { parseDate } from '../../format';
import type { RevocationNoticeNotice } from '../../model';
import type { Template } from '../context';
import { fact, list, p } from '../document';
import { REVOCATION_REASON_LABELS, crlReasonLabel } from '../labels';
import { note, stickerBlockJa, stickerBlockEn } from './shared';

// The REVOCATION_NOTICE notice (Art. 7(2)).

/** Art. 7(1): the customer reported it; Art. 7(2): SECOM informs first. */
const revocationParagraph = (m: RevocationNoticeNotice): number =>
  m.reason === 'KEY_COMPROMISE' || m.reason === 'TRUST_IMPAIRED' ? 1 : 2;

export const revocationNotice: Template<RevocationNoticeNotice> = {
  validate(m) {
    parseDate(m.noticedOn, 'noticedOn');
  },
  ja(m, c) {
    if (m.cancelled) {
      return {
        subject: '証明書発行依頼の取消しと契約解除のご報告',
        title: '証明書発行依頼の取消しと契約解除のご報告',
        blocks: [
          p(`下記の理由により、${c.sender.caName.ja}への証明書の発行依頼を取り消し、契約を解除しましたので、${c.art(7)}に基づきご報告します。`),
          list([REVOCATION_REASON_LABELS[m.reason].ja]),
          ...stickerBlockJa(m.stickerLent, c),
        ],
        facts: [fact('根拠', c.artShort(7)), fact('理由', REVOCATION_REASON_LABELS[m.reason].ja), fact('ご連絡日', c.date(m.noticedOn, 'noticedOn')), ...note(m.note, '備考')],
      };
    }
    const before = m.serialNumber === null;
    return {
      subject: before ? '証明書発行依頼の取消しと契約解除のご連絡' : '証明書失効のご連絡',
      title: before ? '証明書発行依頼の取消しと契約解除のご連絡' : '証明書失効のご連絡',
      blocks: [
        p(`${c.art(7)}に基づき、下記の理由により、${before ? `${c.sender.caName.ja}への証明書の発行依頼を取り消し、契約を解除すること` : `${c.sender.caName.ja}へ証明書の失効を依頼すること`}をお知らせします。`),
        list([REVOCATION_REASON_LABELS[m.reason].ja]),
        p(
          before
            ? '本連絡の後、すみやかに発行依頼を取り消します。'
            : `本連絡の後、すみやかに失効を依頼します。失効の処理結果は、あらためてご連絡します（${c.art(7)}）。証明書の失効により契約は終了します（${c.art(11)}）。`,
        ),
        ...(m.supersededBy ? [p(`本契約は、新しい契約（契約番号 ${m.supersededBy}）に置き換えられました（${c.art(8)}）。`)] : []),
        ...stickerBlockJa(m.stickerLent, c),
      ],
      facts: [
        fact('根拠', c.artShort(7)),
        fact('理由', REVOCATION_REASON_LABELS[m.reason].ja),
        ...(before ? [] : [fact('証明書シリアル番号', m.serialNumber ?? ''), fact('失効理由コード', crlReasonLabel(m.crlReason, 'ja'))]),
        fact('ご連絡日', c.date(m.noticedOn, 'noticedOn')),
        ...note(m.note, '備考'),
      ],
    };
  },
  en(m, c) {
    if (m.cancelled) {
      return {
        subject: 'Certificate request cancelled and contract ended',
        title: 'Certificate request cancelled and contract ended',
        blocks: [
          p(`Under ${c.art(7)}, we inform you that we cancelled the certificate request to ${c.sender.caName.en} and ended the contract, for the following reason:`),
          list([REVOCATION_REASON_LABELS[m.reason].en]),
          ...stickerBlockEn(m.stickerLent, c),
        ],
        facts: [fact('Under', c.artShort(7)), fact('Reason', REVOCATION_REASON_LABELS[m.reason].en), fact('Noticed on', c.date(m.noticedOn, 'noticedOn')), ...note(m.note, 'Note')],
      };
    }
    const before = m.serialNumber === null;
    const para = revocationParagraph(m);
    return {
      subject: before ? 'Notice: certificate request cancelled and contract ended' : 'Notice: certificate to be revoked',
      title: before ? 'Certificate request cancelled and contract ended' : 'Notice of certificate revocation',
      blocks: [
        p(`Under ${c.art(7, para)}, we inform you that ${before ? `we will cancel the certificate request to ${c.sender.caName.en} and end the contract` : `we will ask ${c.sender.caName.en} to revoke the certificate`}, for the following reason:`),
        list([REVOCATION_REASON_LABELS[m.reason].en]),
        p(
          before
            ? 'We will cancel the request promptly after this notice.'
            : `We will make the revocation request promptly after this notice and report the result of its processing to you (${c.art(7, 3)}). The revocation ends the contract (${c.art(11)}).`,
        ),
        ...(m.supersededBy ? [p(`This contract was replaced by a new contract (reference ${m.supersededBy}) (${c.art(8)}).`)] : []),
        ...stickerBlockEn(m.stickerLent, c),
      ],
      facts: [
        fact('Under', c.artShort(7, para)),
        fact('Reason', REVOCATION_REASON_LABELS[m.reason].en),
        ...(before ? [] : [fact('Certificate serial', m.serialNumber ?? ''), fact('CRL reason', crlReasonLabel(m.crlReason, 'en'))]),
        fact('Noticed on', c.date(m.noticedOn, 'noticedOn')),
        ...note(m.note, 'Note'),
      ],
    };
  },
};
