import { NoticeModelError } from '../../errors';
import { parseDate } from '../../format';
import type { CertificateDeliveryNotice } from '../../model';
import type { Template } from '../context';
import { fact, p } from '../document';

// The CERTIFICATE_DELIVERY notice (Art. 4(4)).

export const certificateDelivery: Template<CertificateDeliveryNotice> = {
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
