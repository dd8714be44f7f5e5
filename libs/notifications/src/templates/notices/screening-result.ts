import { NoticeModelError } from '../../errors';
import { parseDate } from '../../format';
import type { ScreeningResultNotice } from '../../model';
import type { Template } from '../context';
import { fact, list, p } from '../document';
import { SCREENING_FAILURE_LABELS } from '../labels';
import { note } from './shared';

// The SCREENING_RESULT notice (Art. 4(2)).

export const screeningResult: Template<ScreeningResultNotice> = {
  validate(m) {
    parseDate(m.decidedOn, 'decidedOn');
    if (m.outcome === 'REJECTED' && m.reasons.length === 0) throw new NoticeModelError('reasons', 'a rejection names at least one reason', 'Art. 4');
    if (m.outcome === 'ACCEPTED' && !(Number.isInteger(m.planMonths) && m.planMonths > 0)) throw new NoticeModelError('planMonths', 'must be a positive whole number');
  },
  ja(m, c) {
    const decided = c.date(m.decidedOn, 'decidedOn');
    if (m.outcome === 'ACCEPTED') {
      return {
        subject: '審査結果のお知らせ（登録受理）',
        title: '審査結果のお知らせ',
        blocks: [
          p(`このたびは${c.sender.serviceName.ja}にお申込みいただき、誠にありがとうございます。`),
          p(`ご提出いただいた書類等を${c.art(4)}に基づき審査いたしました結果、お申込みを登録受理いたしましたのでお知らせします。契約は${decided}より有効です（${c.art(11)}）。`),
          p(`契約料金の請求書は別途お送りします。請求書の受理後30日以内に、振込手数料はお客様のご負担にて、当社指定の口座にお振込みください（${c.art(5)}）。`),
          p(`当社は${c.sender.caName.ja}へ証明書の作成を依頼し、受領後すみやかにご指定の方法でお届けします（${c.art(4)}）。`),
        ],
        facts: [fact('審査結果', '登録受理'), fact('審査日', decided), fact('ご契約期間', `${m.planMonths}か月`)],
      };
    }
    if (m.outcome === 'REJECTED') {
      return {
        subject: '審査結果のお知らせ（登録不受理）',
        title: '審査結果のお知らせ',
        blocks: [
          p(`このたびは${c.sender.serviceName.ja}にお申込みいただき、誠にありがとうございます。`),
          p(`ご提出いただいた書類等を${c.art(4)}に基づき審査いたしました結果、誠に恐れ入りますが、下記の理由によりお申込みを登録受理できませんでした。`),
          list(m.reasons.map((r) => SCREENING_FAILURE_LABELS[r].ja)),
          p(`${c.art(4)}に基づき、ご提出いただいた書類等は当社にて破棄いたします。`),
        ],
        facts: [fact('審査結果', '登録不受理'), fact('審査日', decided), ...note(m.note, '備考')],
      };
    }
    return {
      subject: 'お申込み取下げのお知らせ',
      title: 'お申込み取下げのお知らせ',
      blocks: [
        p(`${c.sender.serviceName.ja}のお申込みの取下げを承りましたので、審査を終了したことをお知らせします。`),
        p(`${c.art(4)}に基づき、ご提出いただいた書類等は当社にて破棄いたします。`),
      ],
      facts: [fact('審査結果', 'お申込み取下げ'), fact('取下げ日', decided), ...note(m.note, '備考')],
    };
  },
  en(m, c) {
    const decided = c.date(m.decidedOn, 'decidedOn');
    if (m.outcome === 'ACCEPTED') {
      return {
        subject: 'Screening result: application accepted',
        title: 'Screening result',
        blocks: [
          p(`Thank you for applying for ${c.sender.serviceName.en}.`),
          p(`We have screened the documents you submitted under ${c.art(4, 2)} and accepted your application (registration accepted). The contract is valid from ${decided} (${c.art(11)}).`),
          p(`We will send the invoice separately. Please pay the contract fee by bank transfer to our designated account within 30 days of receiving the invoice; transfer charges are borne by you (${c.art(5)}).`),
          p(`We will now ask ${c.sender.caName.en} to create the certificate and deliver it promptly by the method you chose (${c.art(4)}).`),
        ],
        facts: [fact('Result', 'Accepted'), fact('Decided on', decided), fact('Plan', `${m.planMonths} months`)],
      };
    }
    if (m.outcome === 'REJECTED') {
      return {
        subject: 'Screening result: application not accepted',
        title: 'Screening result',
        blocks: [
          p(`Thank you for applying for ${c.sender.serviceName.en}.`),
          p(`We have screened the documents you submitted under ${c.art(4, 2)}. We regret that we cannot accept your application, for the following reasons:`),
          list(m.reasons.map((r) => SCREENING_FAILURE_LABELS[r].en)),
          p(`As ${c.art(4, 2)} provides, we will destroy the documents you submitted.`),
        ],
        facts: [fact('Result', 'Not accepted'), fact('Decided on', decided), ...note(m.note, 'Note')],
      };
    }
    return {
      subject: 'Application withdrawn',
      title: 'Application withdrawn',
      blocks: [
        p(`We have received the withdrawal of your application for ${c.sender.serviceName.en} and closed its screening.`),
        p(`As ${c.art(4, 2)} provides, we will destroy the documents you submitted.`),
      ],
      facts: [fact('Result', 'Withdrawn'), fact('Withdrawn on', decided), ...note(m.note, 'Note')],
    };
  },
};
