import { NoticeModelError } from './errors';
import type { Language } from './kinds';

/**
 * Formatting of the facts a notice states. Pure functions: no clock, no locale data from the host (the
 * output must not change with the server's ICU build or TZ), Japan time (UTC+9, no daylight saving).
 */

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const JST_OFFSET_MS = 9 * 60 * 60 * 1000;

export interface CivilDate {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

/** Parses a Japan calendar date written `YYYY-MM-DD`; throws NoticeModelError naming `field` otherwise. */
export function parseDate(value: string, field: string): CivilDate {
  const m = typeof value === 'string' ? DATE_RE.exec(value) : null;
  if (!m) throw new NoticeModelError(field, `"${String(value)}" is not a date written YYYY-MM-DD`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new NoticeModelError(field, `${value} is not a calendar day`);
  }
  return { year, month, day };
}

function iso({ year, month, day }: CivilDate): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

/** `2026-04-01` → ja `2026年4月1日`, en `2026-04-01`. */
export function formatDate(value: string, lang: Language, field = 'date'): string {
  const d = parseDate(value, field);
  return lang === 'ja' ? `${d.year}年${d.month}月${d.day}日` : iso(d);
}

/** An instant in Japan time: ja `2026年4月1日 09:30（日本時間）`, en `2026-04-01 09:30 JST (UTC+9)`. */
export function formatInstant(value: Date, lang: Language, field = 'instant'): string {
  const t = value instanceof Date ? value.getTime() : Number.NaN;
  if (!Number.isFinite(t)) throw new NoticeModelError(field, 'is not a valid instant');
  const j = new Date(t + JST_OFFSET_MS);
  const date: CivilDate = { year: j.getUTCFullYear(), month: j.getUTCMonth() + 1, day: j.getUTCDate() };
  const hm = `${String(j.getUTCHours()).padStart(2, '0')}:${String(j.getUTCMinutes()).padStart(2, '0')}`;
  return lang === 'ja' ? `${date.year}年${date.month}月${date.day}日 ${hm}（日本時間）` : `${iso(date)} ${hm} JST (UTC+9)`;
}

/** Groups an integer's digits by three: 1234567 → `1,234,567`. */
export function groupDigits(value: number, field = 'amount'): string {
  if (!Number.isSafeInteger(value)) throw new NoticeModelError(field, `${String(value)} is not a whole number of yen`);
  const sign = value < 0 ? '-' : '';
  return sign + String(Math.abs(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}

/** Integer yen: ja `11,000円`, en `JPY 11,000`. */
export function formatJpy(value: number, lang: Language, field = 'amount'): string {
  if (Number.isSafeInteger(value) && value < 0) throw new NoticeModelError(field, 'must not be negative');
  const digits = groupDigits(value, field);
  return lang === 'ja' ? `${digits}円` : `JPY ${digits}`;
}

/** Civil Code Art. 143 month arithmetic: the same day number `months` later, clamped to the month's end. */
export function addMonths(value: string, months: number, field = 'date'): string {
  const d = parseDate(value, field);
  const total = d.year * 12 + (d.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = (total % 12) + 1;
  return iso({ year, month, day: Math.min(d.day, daysInMonth(year, month)) });
}

const ARTICLE_TITLES_JA: Readonly<Record<number, string>> = {
  3: '審査',
  4: '証明書の発行等の手続き',
  5: '契約料金',
  6: 'サービス提供の一時停止',
  7: '証明書の失効',
  8: '証明書情報の変更',
  9: '権利・義務の譲渡禁止',
  10: '複製等の禁止',
  11: '有効期間',
  12: '本ステッカーの返却',
  13: '利用規定の変更',
  14: 'サービスの終了',
  15: '責任',
};

/**
 * A reference to an article of the terms. The Japanese original numbers its articles "N.(title)" and
 * cites them as 第N項 (e.g. 「第5項の契約料金」), so the Japanese text does the same (利用規定第7項「証明書の失効」); the English working
 * translation cites "Art. N" and, for a numbered paragraph, "Art. N(p)".
 */
export function article(n: number, lang: Language, paragraph?: number): string {
  if (lang === 'ja') {
    const title = ARTICLE_TITLES_JA[n];
    return title ? `利用規定第${n}項「${title}」` : `利用規定第${n}項`;
  }
  return paragraph === undefined ? `Art. ${n} of the Terms of Service` : `Art. ${n}(${paragraph}) of the Terms of Service`;
}

/** Short form for subjects and fact tables: ja `第7項`, en `Art. 7(2)`. */
export function articleShort(n: number, lang: Language, paragraph?: number): string {
  if (lang === 'ja') return `第${n}項`;
  return paragraph === undefined ? `Art. ${n}` : `Art. ${n}(${paragraph})`;
}

/**
 * The contract reference support staff search for: `PFW-` and the first 12 hex digits of the contract
 * id, upper case (e.g. `PFW-1A2B3C4D5E6F`). Every notice also prints the full contract id, so the short
 * form only needs to be easy to read out on the phone, not globally unique.
 */
export function contractReference(contractId: string): string {
  const hex = contractId.replace(/[^0-9a-fA-F]/g, '');
  if (hex.length >= 12) return `PFW-${hex.slice(0, 12).toUpperCase()}`;
  const compact = contractId.replace(/[^0-9A-Za-z]/g, '').toUpperCase();
  if (!compact) throw new NoticeModelError('contract.contractId', 'is empty');
  return `PFW-${compact.slice(0, 12)}`;
}
