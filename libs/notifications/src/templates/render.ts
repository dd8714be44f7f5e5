import { NoticeModelError } from '../errors';
import { LANGUAGES, NOTIFICATION_KINDS, type Language, type NotificationChannel, type NotificationKind } from '../kinds';
import type { ContractFacts, NoticeModel, NoticeModelOf } from '../model';
import { DEFAULT_SENDER_PROFILE, templateContext, type SenderProfile, type Template, type TemplateBody } from './context';
import { escapeHtml, fact, sectionToHtml, sectionToText, type Section } from './document';
import { TEMPLATES } from './kinds';

export interface RenderOptions {
  readonly sender?: SenderProfile;
  /** Languages in body order; default Japanese then English. */
  readonly languages?: readonly Language[];
  /** EMAIL (default) or DOCUMENT (a printed letter): only the closing's wording differs. */
  readonly channel?: NotificationChannel;
}

export interface NoticeAttachment {
  readonly filename: string;
  readonly contentType: string;
  readonly content: string;
}

export interface RenderedNotice {
  readonly kind: NotificationKind;
  readonly contractId: string;
  readonly contractReference: string;
  /** `[PFW-…] <Japanese subject> / <English subject>`. */
  readonly subject: string;
  readonly text: string;
  readonly html: string;
  readonly sections: readonly Section[];
  readonly attachments: readonly NoticeAttachment[];
}

const REFERENCE_RE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
const SEPARATOR = '-'.repeat(60);

function checkContract(c: ContractFacts): void {
  for (const f of ['contractId', 'organizationName', 'contactName', 'fqdn'] as const) {
    const v = c[f];
    if (typeof v !== 'string' || !v.trim()) throw new NoticeModelError(`contract.${f}`, 'is empty');
    if (/[\r\n]/.test(v)) throw new NoticeModelError(`contract.${f}`, 'must be a single line');
  }
  if (c.contractReference !== undefined && !REFERENCE_RE.test(c.contractReference)) {
    throw new NoticeModelError('contract.contractReference', 'must be letters, digits, ".", "_" or "-"');
  }
}

function templateFor<K extends NotificationKind>(kind: K): Template<NoticeModelOf<K>> {
  if (!(NOTIFICATION_KINDS as readonly string[]).includes(kind)) throw new NoticeModelError('kind', `unknown notification kind "${String(kind)}"`);
  return TEMPLATES[kind];
}

/** Checks a model the way rendering would, without rendering (e.g. before enqueueing). */
export function validateNotice(model: NoticeModel): void {
  checkContract(model.contract);
  const template = templateFor(model.kind) as Template<NoticeModel>;
  template.validate?.(model);
}

function closing(lang: Language, reference: string, sender: SenderProfile, channel: NotificationChannel): string[] {
  const support = sender.support?.[lang] ?? [];
  if (lang === 'ja') {
    return [
      ...(channel === 'EMAIL' ? ['本メールは送信専用アドレスからお送りしています。ご返信いただいてもお答えできませんのでご了承ください。'] : []),
      `お問い合わせの際は、契約番号「${reference}」をお知らせください。`,
      ...support,
      '',
      sender.companyName.ja,
      sender.serviceName.ja,
    ];
  }
  return [
    ...(channel === 'EMAIL' ? ['This message was sent from a send-only address; replies are not read.'] : []),
    `When you contact us, please quote contract reference ${reference}.`,
    ...support,
    '',
    sender.companyName.en,
    sender.serviceName.en,
  ];
}

/** One language's section of a notice. */
export function renderSection(model: NoticeModel, lang: Language, options: RenderOptions = {}): Section {
  validateNotice(model);
  const sender = options.sender ?? DEFAULT_SENDER_PROFILE;
  const channel = options.channel ?? 'EMAIL';
  const c = model.contract;
  const ctx = templateContext(lang, c, sender);
  const template = templateFor(model.kind) as Template<NoticeModel>;
  const body: TemplateBody = template[lang](model, ctx);
  const common =
    lang === 'ja'
      ? [fact('契約番号', ctx.reference), fact('契約ID', c.contractId), fact('お客様', c.organizationName), fact('Webサーバ（FQDN）', c.fqdn)]
      : [fact('Contract reference', ctx.reference), fact('Contract ID', c.contractId), fact('Customer', c.organizationName), fact('Web server (FQDN)', c.fqdn)];
  return {
    lang,
    subject: body.subject,
    title: body.title,
    salutation: lang === 'ja' ? [c.organizationName, `${c.contactName} 様`] : [c.organizationName, `Dear ${c.contactName},`],
    blocks: body.blocks,
    factsTitle: lang === 'ja' ? 'ご契約と本通知の内容' : 'Details',
    facts: [...common, ...body.facts],
    closing: closing(lang, ctx.reference, sender, channel),
  };
}

function attachmentsOf(model: NoticeModel): NoticeAttachment[] {
  if (model.kind === 'CERTIFICATE_DELIVERY' && model.deliveryMethod === 'EMAIL' && model.certificatePem) {
    const pem = model.certificatePem.trim().replace(/\r?\n/g, '\r\n') + '\r\n';
    return [{ filename: `${model.contract.fqdn}.crt`, contentType: 'application/pem-certificate-chain', content: pem }];
  }
  return [];
}

/**
 * Renders a notice: one message whose body holds every requested language (Japanese first by default),
 * as plain text and simple HTML built from the same structure, plus attachments (the certificate).
 */
export function renderNotice(model: NoticeModel, options: RenderOptions = {}): RenderedNotice {
  const languages = options.languages ?? LANGUAGES;
  if (languages.length === 0) throw new NoticeModelError('languages', 'names at least one language');
  const sections = languages.map((lang) => renderSection(model, lang, options));
  const reference = templateContext('en', model.contract, options.sender ?? DEFAULT_SENDER_PROFILE).reference;
  const subject = `[${reference}] ${sections.map((s) => s.subject).join(' / ')}`;
  const lead =
    sections.length > 1 && sections[0].lang === 'ja' ? ['（English follows the Japanese text.）', ''] : [];
  const text = [...lead, ...sections.flatMap((s, i) => (i === 0 ? [sectionToText(s)] : ['', SEPARATOR, '', sectionToText(s)]))].join('\n') + '\n';
  const html = [
    '<!DOCTYPE html>',
    `<html lang="${sections[0].lang}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>`,
    '<body style="font-family:sans-serif;line-height:1.6">',
    sections.map(sectionToHtml).join('\n<hr>\n'),
    '</body></html>',
  ].join('\n');
  return {
    kind: model.kind,
    contractId: model.contract.contractId,
    contractReference: reference,
    subject,
    text,
    html,
    sections,
    attachments: attachmentsOf(model),
  };
}

