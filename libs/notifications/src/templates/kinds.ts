import { NoticeModelError } from '../errors';
import { addMonths, parseDate } from '../format';
import type { NotificationKind } from '../kinds';
import type {
  CertificateDeliveryNotice, DocumentsRequestedNotice, InvoiceNotice, NoticeModelOf, PaymentReminderNotice,
  ReissueReminderNotice, RenewalReminderNotice, RevocationNoticeNotice, RevocationResultNotice,
  ScreeningResultNotice, StickerReturnRequestNotice, TermsChangedNotice, TerminationNoticeNotice,
} from '../model';
import type { TemplateContext, Template } from './context';
import { fact, list, p, type Block, type Fact } from './document';
import {
  ACCOUNT_TYPE_LABELS, CONTRACT_END_LABELS, REVOCATION_REASON_LABELS, SCREENING_FAILURE_LABELS, crlReasonLabel,
} from './labels';

/**
 * One template per NotificationKind, Japanese and English, as typed functions. Each names the article
 * of the terms that makes SECOM send it; the composer adds the contract reference, contract id,
 * organization and FQDN to every notice.
 */

const note = (value: string | null | undefined, label: string): Fact[] =>
  value && value.trim() ? [fact(label, value.trim())] : [];

const stickerBlockJa = (lent: boolean, c: TemplateContext): Block[] =>
  lent ? [p(`貸与しているセコムWebステッカーは、契約の終了後、直ちに所定の方法で当社にご返却ください（${c.art(12)}）。`)] : [];
const stickerBlockEn = (lent: boolean, c: TemplateContext): Block[] =>
  lent ? [p(`When the contract ends, please return the SECOM Web Sticker lent to you immediately, by the prescribed method (${c.art(12)}).`)] : [];

// ---------------------------------------------------------------- SCREENING_RESULT (Art. 4(2))

const screeningResult: Template<ScreeningResultNotice> = {
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

// ---------------------------------------------------------------- DOCUMENTS_REQUESTED (Art. 4(1))

const documentsRequested: Template<DocumentsRequestedNotice> = {
  validate(m) {
    parseDate(m.requestedOn, 'requestedOn');
    if (m.respondBy) parseDate(m.respondBy, 'respondBy');
    if (m.documentKinds.length === 0) throw new NoticeModelError('documentKinds', 'names at least one document', 'Art. 4');
  },
  ja(m, c) {
    return {
      subject: '追加書類ご提出のお願い',
      title: '追加書類ご提出のお願い',
      blocks: [
        p(`${c.sender.serviceName.ja}のお申込みについて、審査に必要な書類（${c.art(4)}）が不足しております。下記の書類を所定の方法でご提出ください。`),
        list(m.documentKinds),
        ...(m.respondBy ? [p(`${c.date(m.respondBy, 'respondBy')}までにご提出くださいますようお願いいたします。`)] : []),
        p('書類の確認後、審査を再開いたします。'),
      ],
      facts: [
        fact('ご依頼日', c.date(m.requestedOn, 'requestedOn')),
        ...(m.respondBy ? [fact('ご提出期限', c.date(m.respondBy, 'respondBy'))] : []),
        ...note(m.note, '備考'),
      ],
    };
  },
  en(m, c) {
    return {
      subject: 'Additional documents requested',
      title: 'Additional documents requested',
      blocks: [
        p(`Your application for ${c.sender.serviceName.en} lacks documents required for screening (${c.art(4, 1)}). Please submit the following by the prescribed method:`),
        list(m.documentKinds),
        ...(m.respondBy ? [p(`Please submit them by ${c.date(m.respondBy, 'respondBy')}.`)] : []),
        p('We will resume screening once we have checked them.'),
      ],
      facts: [
        fact('Requested on', c.date(m.requestedOn, 'requestedOn')),
        ...(m.respondBy ? [fact('Please submit by', c.date(m.respondBy, 'respondBy'))] : []),
        ...note(m.note, 'Note'),
      ],
    };
  },
};

// ---------------------------------------------------------------- INVOICE (Art. 5)

const REGISTRATION_NUMBER_RE = /^T\d{13}$/;

function bankAccountText(m: InvoiceNotice, lang: 'ja' | 'en'): string | null {
  const a = m.bankAccount;
  if (!a) return null;
  return lang === 'ja'
    ? `${a.bankName} ${a.branchName} ${ACCOUNT_TYPE_LABELS[a.accountType].ja} ${a.accountNumber}\n口座名義 ${a.accountHolder}`
    : `${a.bankName}, ${a.branchName} branch, ${ACCOUNT_TYPE_LABELS[a.accountType].en} account ${a.accountNumber}\nAccount holder: ${a.accountHolder}`;
}

const invoice: Template<InvoiceNotice> = {
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

// ---------------------------------------------------------------- PAYMENT_REMINDER (Art. 5, 7(2))

const paymentReminder: Template<PaymentReminderNotice> = {
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

// ---------------------------------------------------------------- REVOCATION_NOTICE (Art. 7(2))

/** Art. 7(1): the customer reported it; Art. 7(2): SECOM informs first. */
const revocationParagraph = (m: RevocationNoticeNotice): number =>
  m.reason === 'KEY_COMPROMISE' || m.reason === 'TRUST_IMPAIRED' ? 1 : 2;

const revocationNotice: Template<RevocationNoticeNotice> = {
  validate(m) {
    parseDate(m.noticedOn, 'noticedOn');
  },
  ja(m, c) {
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

// ---------------------------------------------------------------- REVOCATION_RESULT (Art. 7(3))

const revocationResult: Template<RevocationResultNotice> = {
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

// ---------------------------------------------------------------- CERTIFICATE_DELIVERY (Art. 4(4))

const certificateDelivery: Template<CertificateDeliveryNotice> = {
  validate(m) {
    parseDate(m.coverageEndsOn, 'coverageEndsOn');
    if (m.deliveryMethod === 'EMAIL' && !(m.certificatePem && m.certificatePem.includes('-----BEGIN CERTIFICATE-----'))) {
      throw new NoticeModelError('certificatePem', 'an e-mailed delivery carries the certificate (PEM)', 'Art. 4');
    }
  },
  ja(m, c) {
    return {
      subject: '証明書発行のお知らせ',
      title: '証明書発行のお知らせ',
      blocks: [
        p(`お申込みいただいた証明書が${c.sender.caName.ja}より発行されましたので、お届けします（${c.art(4)}）。`),
        p(
          m.deliveryMethod === 'EMAIL'
            ? `証明書はPEM形式で本メールに添付しています（ファイル名 ${m.contract.fqdn}.crt）。`
            : '証明書は、ご指定のダウンロードの方法でお受け取りください。',
        ),
        p(`証明書は、お申込書に記載のWebサーバ（${m.contract.fqdn}）にお客様の責任でインストールしてください（${c.art(4)}）。証明書の複製、第三者への譲渡、本サービス以外の用途での使用はできません（${c.art(10)}）。`),
        p(`業界基準（CA/Browser Forum Baseline Requirements）により証明書の有効期間には上限があるため、ご契約期間の終了日（${c.date(m.coverageEndsOn, 'coverageEndsOn')}）まで、有効期限の前に証明書を再発行します。その際はあらためてご案内します。`),
      ],
      facts: [
        fact('証明書シリアル番号', m.serialNumber),
        fact('有効期間（開始）', c.instant(m.notBefore, 'notBefore')),
        fact('有効期間（終了）', c.instant(m.notAfter, 'notAfter')),
        fact('SHA-256フィンガープリント', m.fingerprintSha256),
        fact('ご契約期間の終了日', c.date(m.coverageEndsOn, 'coverageEndsOn')),
      ],
    };
  },
  en(m, c) {
    return {
      subject: 'Your certificate has been issued',
      title: 'Certificate issued',
      blocks: [
        p(`The certificate you applied for has been issued by ${c.sender.caName.en}, and we deliver it to you (${c.art(4, 4)}).`),
        p(
          m.deliveryMethod === 'EMAIL'
            ? `The certificate is attached to this message in PEM format (file ${m.contract.fqdn}.crt).`
            : 'Please collect the certificate by the download method you chose.',
        ),
        p(`Install it on the web server named in your application (${m.contract.fqdn}) at your own responsibility (${c.art(4, 6)}). Do not copy it, transfer it to third parties or use it outside this service (${c.art(10)}).`),
        p(`Industry rules (the CA/Browser Forum Baseline Requirements) cap a certificate's lifetime, so until your coverage ends on ${c.date(m.coverageEndsOn, 'coverageEndsOn')} we reissue the certificate before it expires; we will write to you each time.`),
      ],
      facts: [
        fact('Certificate serial', m.serialNumber),
        fact('Valid from', c.instant(m.notBefore, 'notBefore')),
        fact('Valid until', c.instant(m.notAfter, 'notAfter')),
        fact('SHA-256 fingerprint', m.fingerprintSha256),
        fact('Coverage ends on', c.date(m.coverageEndsOn, 'coverageEndsOn')),
      ],
    };
  },
};

// ---------------------------------------------------------------- REISSUE_REMINDER (Art. 11)

const reissueReminder: Template<ReissueReminderNotice> = {
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

// ---------------------------------------------------------------- RENEWAL_REMINDER (Art. 11)

const renewalReminder: Template<RenewalReminderNotice> = {
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

// ---------------------------------------------------------------- STICKER_RETURN_REQUEST (Art. 12)

const stickerReturnRequest: Template<StickerReturnRequestNotice> = {
  validate(m) {
    parseDate(m.contractEndedOn, 'contractEndedOn');
    if (!Number.isInteger(m.reminderNumber) || m.reminderNumber < 0) throw new NoticeModelError('reminderNumber', 'must be 0 or more');
  },
  ja(m, c) {
    const again = m.reminderNumber > 0;
    return {
      subject: again ? `セコムWebステッカーご返却のお願い（再送 ${m.reminderNumber}）` : 'セコムWebステッカーご返却のお願い',
      title: 'セコムWebステッカーご返却のお願い',
      blocks: [
        p(`本契約は、${CONTRACT_END_LABELS[m.endReason].ja}により${c.date(m.contractEndedOn, 'contractEndedOn')}に終了しました。`),
        p(`${c.art(12)}に基づき、貸与しているセコムWebステッカーを直ちに所定の方法で当社にご返却ください。${again ? 'ご返却をまだ確認できておりません。' : ''}`),
        ...(m.returnAddress && m.returnAddress.length ? [p(`返却先：\n${m.returnAddress.join('\n')}`)] : []),
        p('本状と行き違いでご返却いただいている場合は、ご容赦ください。'),
      ],
      facts: [
        fact('ステッカーシリアル番号', m.stickerSerial),
        fact('契約終了日', c.date(m.contractEndedOn, 'contractEndedOn')),
        fact('ご返却期限', '直ちに'),
      ],
    };
  },
  en(m, c) {
    const again = m.reminderNumber > 0;
    return {
      subject: again ? `Reminder ${m.reminderNumber}: please return the SECOM Web Sticker` : 'Please return the SECOM Web Sticker',
      title: 'Return of the SECOM Web Sticker',
      blocks: [
        p(`Your contract ended on ${c.date(m.contractEndedOn, 'contractEndedOn')}, by ${CONTRACT_END_LABELS[m.endReason].en}.`),
        p(`Under ${c.art(12)}, please return the SECOM Web Sticker lent to you immediately, by the prescribed method.${again ? ' We have not received it yet.' : ''}`),
        ...(m.returnAddress && m.returnAddress.length ? [p(`Return address:\n${m.returnAddress.join('\n')}`)] : []),
        p('If you have already sent it, please disregard this message.'),
      ],
      facts: [
        fact('Sticker serial', m.stickerSerial),
        fact('Contract ended on', c.date(m.contractEndedOn, 'contractEndedOn')),
        fact('Return by', 'immediately'),
      ],
    };
  },
};

// ---------------------------------------------------------------- TERMINATION_NOTICE (Art. 14)

const terminationNotice: Template<TerminationNoticeNotice> = {
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

// ---------------------------------------------------------------- TERMS_CHANGED (Art. 13)

const termsChanged: Template<TermsChangedNotice> = {
  validate(m) {
    parseDate(m.effectiveFrom, 'effectiveFrom');
    if (!m.version.trim()) throw new NoticeModelError('version', 'is empty', 'Art. 13');
  },
  ja(m, c) {
    return {
      subject: `利用規定改定のお知らせ（第${m.version}版）`,
      title: '利用規定改定のお知らせ',
      blocks: [
        p(`${c.art(13)}に基づき、${c.sender.serviceName.ja}サービス利用規定を改定しましたのでお知らせします。改定後の利用規定は${c.date(m.effectiveFrom, 'effectiveFrom')}から適用され、ご契約には最新の版が適用されます。`),
        p(`改定の概要：${m.summary}`),
        ...(m.documentUrl ? [p(`改定後の利用規定：${m.documentUrl}`)] : []),
      ],
      facts: [fact('根拠', c.artShort(13)), fact('改定後の版', m.version), fact('適用開始日', c.date(m.effectiveFrom, 'effectiveFrom'))],
    };
  },
  en(m, c) {
    return {
      subject: `The Terms of Service have changed (version ${m.version})`,
      title: 'Terms of Service revised',
      blocks: [
        p(`Under ${c.art(13)}, we inform you that we have revised the ${c.sender.serviceName.en} Terms of Service. The revised terms apply from ${c.date(m.effectiveFrom, 'effectiveFrom')}; your contract is governed by the latest version in force.`),
        p(`Summary of the changes: ${m.summary}`),
        ...(m.documentUrl ? [p(`The revised terms: ${m.documentUrl}`)] : []),
      ],
      facts: [fact('Under', c.artShort(13)), fact('New version', m.version), fact('In force from', c.date(m.effectiveFrom, 'effectiveFrom'))],
    };
  },
};

/** Every kind has its template: the mapped type makes a missing one a compile error. */
export const TEMPLATES: { readonly [K in NotificationKind]: Template<NoticeModelOf<K>> } = {
  SCREENING_RESULT: screeningResult,
  DOCUMENTS_REQUESTED: documentsRequested,
  INVOICE: invoice,
  PAYMENT_REMINDER: paymentReminder,
  REVOCATION_NOTICE: revocationNotice,
  REVOCATION_RESULT: revocationResult,
  CERTIFICATE_DELIVERY: certificateDelivery,
  REISSUE_REMINDER: reissueReminder,
  RENEWAL_REMINDER: renewalReminder,
  STICKER_RETURN_REQUEST: stickerReturnRequest,
  TERMINATION_NOTICE: terminationNotice,
  TERMS_CHANGED: termsChanged,
};
