import type { Language } from '../kinds';

/**
 * A notice in one language, as structure: the templates produce this, and the plain-text and HTML
 * renderers turn the same structure into both bodies, so the two never say different things.
 */
export type Block =
  | { readonly type: 'p'; readonly text: string }
  | { readonly type: 'list'; readonly items: readonly string[] };

export interface Fact {
  readonly label: string;
  readonly value: string;
}

export interface Section {
  readonly lang: Language;
  readonly subject: string;
  readonly title: string;
  /** Address lines: organization, then the contact person. */
  readonly salutation: readonly string[];
  readonly blocks: readonly Block[];
  /** Heading of the fact table. */
  readonly factsTitle: string;
  readonly facts: readonly Fact[];
  readonly closing: readonly string[];
}

export const p = (text: string): Block => ({ type: 'p', text });
export const list = (items: readonly string[]): Block => ({ type: 'list', items });
export const fact = (label: string, value: string): Fact => ({ label, value });

export function sectionToText(s: Section): string {
  const out: string[] = [`■ ${s.title}`, '', ...s.salutation, ''];
  for (const b of s.blocks) {
    if (b.type === 'p') out.push(b.text, '');
    else out.push(...b.items.map((i) => (s.lang === 'ja' ? `  ・${i}` : `  - ${i}`)), '');
  }
  out.push(`[${s.factsTitle}]`);
  const width = s.lang === 'en' ? Math.max(...s.facts.map((f) => f.label.length)) : 0;
  for (const f of s.facts) {
    const label = s.lang === 'en' ? f.label.padEnd(width) : f.label;
    const lines = f.value.split('\n');
    out.push(`  ${label}${s.lang === 'ja' ? '：' : ' : '}${lines[0]}`);
    for (const more of lines.slice(1)) out.push(`      ${more}`);
  }
  out.push('', ...s.closing);
  return out.join('\n');
}

const HTML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

const br = (text: string): string => escapeHtml(text).replace(/\n/g, '<br>');

export function sectionToHtml(s: Section): string {
  const parts: string[] = [`<section lang="${s.lang}">`, `<h2>${escapeHtml(s.title)}</h2>`];
  parts.push(`<p>${s.salutation.map(escapeHtml).join('<br>')}</p>`);
  for (const b of s.blocks) {
    if (b.type === 'p') parts.push(`<p>${br(b.text)}</p>`);
    else parts.push(`<ul>${b.items.map((i) => `<li>${br(i)}</li>`).join('')}</ul>`);
  }
  parts.push(`<table role="presentation" style="border-collapse:collapse">`);
  parts.push(`<caption style="text-align:left;font-weight:bold">${escapeHtml(s.factsTitle)}</caption>`);
  for (const f of s.facts) {
    parts.push(
      `<tr><th style="text-align:left;padding:2px 12px 2px 0;vertical-align:top">${escapeHtml(f.label)}</th>` +
        `<td style="padding:2px 0">${br(f.value)}</td></tr>`,
    );
  }
  parts.push('</table>', `<p>${s.closing.map(escapeHtml).join('<br>')}</p>`, '</section>');
  return parts.join('\n');
}
