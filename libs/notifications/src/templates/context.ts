import { article, articleShort, contractReference, formatDate, formatInstant, formatJpy } from '../format';
import type { Language } from '../kinds';
import type { ContractFacts } from '../model';
import type { Block, Fact } from './document';

export type Localized = Readonly<Record<Language, string>>;

/** Who sends the notices: printed in every closing. Configuration, with SECOM's names by default. */
export interface SenderProfile {
  readonly companyName: Localized;
  readonly serviceName: Localized;
  /** How the notices name the certificate authority (the CA is configuration, DOMAIN.md "Who is who"). */
  readonly caName: Localized;
  /** Support contact lines (phone, hours, web form), per language; none by default. */
  readonly support?: Readonly<Record<Language, readonly string[]>> | null;
}

export const DEFAULT_SENDER_PROFILE: SenderProfile = Object.freeze({
  companyName: { ja: 'セコムトラストネット株式会社', en: 'SECOM Trust Net Co., Ltd.' },
  serviceName: { ja: 'セコムパスポート for Web', en: 'SECOM Passport for Web' },
  caName: { ja: '認証局', en: 'the certificate authority' },
  support: null,
});

/** What a template may use besides its model: the language, the reference, formatting bound to the language. */
export interface TemplateContext {
  readonly lang: Language;
  readonly sender: SenderProfile;
  readonly contract: ContractFacts;
  readonly reference: string;
  date(value: string, field: string): string;
  instant(value: Date, field: string): string;
  jpy(value: number, field: string): string;
  /** Long form in sentences: 利用規定第7項「証明書の失効」 / Art. 7(2) of the Terms of Service. */
  art(n: number, paragraph?: number): string;
  /** Short form: 第7項 / Art. 7(2). */
  artShort(n: number, paragraph?: number): string;
}

export function templateContext(lang: Language, contract: ContractFacts, sender: SenderProfile): TemplateContext {
  const reference = contract.contractReference ?? contractReference(contract.contractId);
  return {
    lang,
    sender,
    contract,
    reference,
    date: (v, field) => formatDate(v, lang, field),
    instant: (v, field) => formatInstant(v, lang, field),
    jpy: (v, field) => formatJpy(v, lang, field),
    art: (n, paragraph) => article(n, lang, paragraph),
    artShort: (n, paragraph) => articleShort(n, lang, paragraph),
  };
}

/** What a kind's template writes; the composer adds the salutation, the contract facts and the closing. */
export interface TemplateBody {
  readonly subject: string;
  readonly title: string;
  readonly blocks: readonly Block[];
  readonly facts: readonly Fact[];
}

export interface Template<M> {
  readonly ja: (model: M, ctx: TemplateContext) => TemplateBody;
  readonly en: (model: M, ctx: TemplateContext) => TemplateBody;
  /** Checks the model beyond its type (consistency, articles); throws NoticeModelError. */
  readonly validate?: (model: M) => void;
}
