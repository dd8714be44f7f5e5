import type { RevocationResultNotice } from '../../model';
import type { Template } from '../context';
import { fact, p } from '../document';
import { crlReasonLabel } from '../labels';
import { stickerBlockJa, stickerBlockEn } from './shared';

// The REVOCATION_RESULT notice (Art. 7(3)).

export const revocationResult: Template<RevocationResultNotice> = {
  ja(m, c) {
    if (m.outcome === 'REVOKED') {
      return {
        subject: '証明書失効処理結果のご報告（失効済み）',
        title: '証明書失効処理結果のご報告',
        blocks: [
          p(`${c.art(7)}に基づき、${c.sender.caName.ja}による処理結果をご報告します。下記の証明書は失効しました。`),
          p(`証明書の失効により、本契約は終了しました（${c.art(11)}）。失効した証明書はWebサーバから削除してください。`),
          ...stickerBlockJa(m.stickerLent, c),
        ],
        facts: [
          fact('処理結果', '失効済み'),
          fact('証明書シリアル番号', m.serialNumber),
          fact('失効日時', c.instant(m.revokedAt, 'revokedAt')),
          fact('失効理由コード', crlReasonLabel(m.crlReason, 'ja')),
        ],
      };
    }
    if (m.outcome === 'WITHDRAWN') {
      return {
        subject: '証明書失効の取りやめのご連絡',
        title: '証明書失効の取りやめのご連絡',
        blocks: [
          p(`${c.art(5)}の料金のお振込みを確認しました。先にお知らせした証明書の失効は${c.sender.caName.ja}へ依頼せず、取りやめました（${c.art(7)}）。`),
          p('証明書は引き続き有効で、契約も継続します。'),
        ],
        facts: [
          fact('処理結果', '失効取りやめ'),
          fact('証明書シリアル番号', m.serialNumber),
          fact('お振込日', c.date(m.paidOn, 'paidOn')),
          fact('取りやめ日時', c.instant(m.withdrawnAt, 'withdrawnAt')),
        ],
      };
    }
    return {
      subject: '証明書失効処理結果のご報告（失効不可）',
      title: '証明書失効処理結果のご報告',
      blocks: [
        p(`${c.art(7)}に基づき、${c.sender.caName.ja}による処理結果をご報告します。${c.sender.caName.ja}は失効の依頼を受け付けませんでした。`),
        p('当社にて内容を確認し、あらためてご連絡いたします。証明書は引き続き有効です。'),
      ],
      facts: [
        fact('処理結果', '失効不可'),
        fact('証明書シリアル番号', m.serialNumber),
        fact('処理日時', c.instant(m.rejectedAt, 'rejectedAt')),
        fact(`${c.sender.caName.ja}からの回答`, m.caError),
      ],
    };
  },
  en(m, c) {
    if (m.outcome === 'REVOKED') {
      return {
        subject: 'Revocation result: certificate revoked',
        title: 'Result of the revocation request',
        blocks: [
          p(`Under ${c.art(7, 3)}, we report the result of the processing by ${c.sender.caName.en}: the certificate below has been revoked.`),
          p(`The revocation has ended the contract (${c.art(11)}). Please remove the revoked certificate from your web server.`),
          ...stickerBlockEn(m.stickerLent, c),
        ],
        facts: [
          fact('Result', 'Revoked'),
          fact('Certificate serial', m.serialNumber),
          fact('Revoked at', c.instant(m.revokedAt, 'revokedAt')),
          fact('CRL reason', crlReasonLabel(m.crlReason, 'en')),
        ],
      };
    }
    if (m.outcome === 'WITHDRAWN') {
      return {
        subject: 'Revocation withdrawn: your payment was received',
        title: 'Revocation withdrawn',
        blocks: [
          p(`We have received your transfer of the fee (${c.art(5)}). The revocation we announced was not requested from ${c.sender.caName.en} and is withdrawn (${c.art(7, 2)}).`),
          p('The certificate remains valid and the contract continues.'),
        ],
        facts: [
          fact('Result', 'Revocation withdrawn'),
          fact('Certificate serial', m.serialNumber),
          fact('Paid on', c.date(m.paidOn, 'paidOn')),
          fact('Withdrawn at', c.instant(m.withdrawnAt, 'withdrawnAt')),
        ],
      };
    }
    return {
      subject: 'Revocation result: request not accepted by the CA',
      title: 'Result of the revocation request',
      blocks: [
        p(`Under ${c.art(7, 3)}, we report the result of the processing by ${c.sender.caName.en}: it did not accept the revocation request.`),
        p('We are looking into it and will contact you again. The certificate remains valid for now.'),
      ],
      facts: [
        fact('Result', 'Not revoked'),
        fact('Certificate serial', m.serialNumber),
        fact('Processed at', c.instant(m.rejectedAt, 'rejectedAt')),
        fact("The CA's answer", m.caError),
      ],
    };
  },
};
