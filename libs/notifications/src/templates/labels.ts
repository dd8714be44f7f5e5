import type { ContractEndReason, CrlReason, Language, RevocationReason, ScreeningFailureReason } from '../kinds';
import { CRL_REASON_CODES } from '../kinds';

type Labels<T extends string> = Readonly<Record<T, Readonly<Record<Language, string>>>>;

/** Art. 3's grounds, worded as the terms word them. */
export const SCREENING_FAILURE_LABELS: Labels<ScreeningFailureReason> = {
  NO_JAPAN_BASE: { ja: '日本国内に活動拠点を有することを確認できない（第3項）', en: 'no base of operations in Japan could be confirmed (Art. 3)' },
  INELIGIBLE_ORGANIZATION: { ja: '本サービスの対象となる組織に該当しない（第3項）', en: 'the organization is not eligible for the service (Art. 3)' },
  PUBLIC_ORDER_AND_MORALS: { ja: '公序良俗に反する行為（第3項）', en: 'acts against public order and morals (Art. 3)' },
  CRIMINAL_ACT: { ja: '犯罪行為（第3項）', en: 'criminal acts (Art. 3)' },
  COPYRIGHT_INFRINGEMENT: { ja: '他人の著作権を侵害する行為（第3項）', en: "infringement of another's copyright (Art. 3)" },
  PROPERTY_OR_PRIVACY_INFRINGEMENT: { ja: '他人の財産、プライバシー等を侵害する行為（第3項）', en: "infringement of another's property, privacy, etc. (Art. 3)" },
  DEFAMATION: { ja: '他人の名誉を毀損しあるいは誹謗中傷する行為（第3項）', en: 'defamation or slander of others (Art. 3)' },
  OTHER_LEGAL_VIOLATION: { ja: 'その他法令に違反する行為（第3項）', en: 'other violations of laws and regulations (Art. 3)' },
  OBSTRUCTS_SECOM: { ja: '当社の運営を妨げ、もしくは当社の信頼を毀損する行為（第3項）', en: "acts that obstruct SECOM's operations or damage trust in SECOM (Art. 3)" },
  DOCUMENTS_INCOMPLETE: { ja: '必要書類が揃っていない（第4項）', en: 'the required documents are incomplete (Art. 4)' },
  OTHER: { ja: 'その他の理由', en: 'other reasons' },
};

export const REVOCATION_REASON_LABELS: Labels<RevocationReason | 'CA_REFUSED'> = {
  CA_REFUSED: { ja: '認証局が証明書の発行を受け付けなかったこと', en: 'the certificate authority refused to issue the certificate' },
  KEY_COMPROMISE: { ja: '秘密鍵が外部に漏れた恐れがあるとのご連絡', en: 'your report that the private key may have been compromised' },
  TRUST_IMPAIRED: { ja: '証明書の信頼性が損なわれる事態が生じたとのご連絡', en: "your report that the certificate's trustworthiness is impaired" },
  CUSTOMER_REQUEST: { ja: 'お客様からの失効のご要請', en: 'your request to revoke the certificate' },
  PROHIBITED_ACT: { ja: '第3項ただし書きに抵触する行為を当社が確認したこと', en: 'SECOM confirmed an act falling under the proviso of Art. 3' },
  BREACH: { ja: '電子証明書またはステッカーの複製・譲渡・貸与（第10項）を当社が確認したこと', en: 'SECOM confirmed that the certificate or the sticker was copied, transferred or lent (Art. 10)' },
  NON_PAYMENT: { ja: '第5項の契約料金のお支払いがないこと', en: 'the contract fee of Art. 5 has not been paid' },
  SUPERSEDED: { ja: '再契約により新しい契約の証明書に置き換えられたこと', en: 'a new contract (re-contract) replaced this one' },
  TERMINATION: { ja: '第14項に基づく契約の終了', en: 'the end of the contract under Art. 14' },
};

const CRL_REASON_NAMES_JA: Readonly<Record<CrlReason, string>> = {
  UNSPECIFIED: '理由指定なし',
  KEY_COMPROMISE: '鍵の危殆化',
  AFFILIATION_CHANGED: '所属の変更',
  SUPERSEDED: '置き換え',
  CESSATION_OF_OPERATION: '運用停止',
  PRIVILEGE_WITHDRAWN: '権限の取り消し',
};

const CRL_REASON_NAMES_EN: Readonly<Record<CrlReason, string>> = {
  UNSPECIFIED: 'unspecified',
  KEY_COMPROMISE: 'keyCompromise',
  AFFILIATION_CHANGED: 'affiliationChanged',
  SUPERSEDED: 'superseded',
  CESSATION_OF_OPERATION: 'cessationOfOperation',
  PRIVILEGE_WITHDRAWN: 'privilegeWithdrawn',
};

/** `鍵の危殆化（keyCompromise, 1）` / `keyCompromise (1)`. */
export function crlReasonLabel(reason: CrlReason, lang: Language): string {
  const code = CRL_REASON_CODES[reason];
  return lang === 'ja'
    ? `${CRL_REASON_NAMES_JA[reason]}（${CRL_REASON_NAMES_EN[reason]}, ${code}）`
    : `${CRL_REASON_NAMES_EN[reason]} (${code})`;
}

export const CONTRACT_END_LABELS: Labels<ContractEndReason> = {
  EXPIRED: { ja: '有効期間の満了', en: 'the end of its validity period' },
  REVOKED: { ja: '証明書の失効', en: 'the revocation of the certificate' },
  TERMINATED: { ja: '契約の終了（第14項）', en: 'termination of the contract (Art. 14)' },
  CANCELLED: { ja: '契約の解除', en: 'cancellation of the contract' },
};

export const ACCOUNT_TYPE_LABELS: Labels<'ORDINARY' | 'CURRENT'> = {
  ORDINARY: { ja: '普通', en: 'Ordinary' },
  CURRENT: { ja: '当座', en: 'Current' },
};
