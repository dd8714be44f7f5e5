import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';
import { DAY_MS } from './durations';

/**
 * A Japan calendar date, 'YYYY-MM-DD', meaning that day in Asia/Tokyo (UTC+9, no daylight saving since
 * 1951). Branded so that an arbitrary string cannot be passed where a validated date is expected.
 * It is a string at run time: it serializes to JSON as is and compares lexicographically in date order.
 */
export type JapanDate = string & { readonly __brand: 'JapanDate' };

const JST_OFFSET_MS = 9 * 60 * 60 * 1000;
const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  return [31, isLeapYear(year) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1];
}

interface Ymd {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

function format({ year, month, day }: Ymd): JapanDate {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}` as JapanDate;
}

function parts(date: JapanDate): Ymd {
  const m = DATE_RE.exec(date);
  if (!m) throw new InvalidInput('date', `"${date}" is not a YYYY-MM-DD date`);
  return { year: Number(m[1]), month: Number(m[2]), day: Number(m[3]) };
}

/** Validates 'YYYY-MM-DD' (a real calendar day, years 1000–9999). */
export function parseJapanDate(input: unknown, field = 'date'): Result<JapanDate, InvalidInput> {
  if (typeof input !== 'string') return fail(new InvalidInput(field, 'must be a date written YYYY-MM-DD'));
  const m = DATE_RE.exec(input.trim());
  if (!m) return fail(new InvalidInput(field, `"${input}" is not a date written YYYY-MM-DD`));
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1000) return fail(new InvalidInput(field, `year ${year} is out of range`));
  if (month < 1 || month > 12) return fail(new InvalidInput(field, `month ${month} does not exist`));
  if (day < 1 || day > daysInMonth(year, month)) {
    return fail(new InvalidInput(field, `${input.trim()} does not exist (month ${month} of ${year} has ${daysInMonth(year, month)} days)`));
  }
  return ok(format({ year, month, day }));
}

/** For constants and tests: like parseJapanDate but throws InvalidInput. */
export function japanDate(input: string): JapanDate {
  const r = parseJapanDate(input);
  if (!r.ok) throw r.error;
  return r.value;
}

/** Days since 1970-01-01 of a civil date (proleptic Gregorian). */
function epochDay(date: JapanDate): number {
  const { year, month, day } = parts(date);
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

function fromEpochDay(n: number): JapanDate {
  const d = new Date(n * DAY_MS);
  return format({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** The Japan calendar date of an instant. */
export function toJapanDate(instant: Date): JapanDate {
  const t = instant.getTime();
  if (!Number.isFinite(t)) throw new InvalidInput('instant', 'is not a valid instant');
  const d = new Date(t + JST_OFFSET_MS);
  return format({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** 00:00 Japan time on that date, as an instant. */
export function startOfJapanDay(date: JapanDate): Date {
  const { year, month, day } = parts(date);
  return new Date(Date.UTC(year, month - 1, day) - JST_OFFSET_MS);
}

export function addDays(date: JapanDate, days: number): JapanDate {
  if (!Number.isInteger(days)) throw new InvalidInput('days', `${days} is not a whole number of days`);
  return fromEpochDay(epochDay(date) + days);
}

/**
 * Month arithmetic per Civil Code Art. 143 as DOMAIN.md defines it: the same day number `months` later,
 * clamped to the last day of the target month (31 Jan + 1 month = 28 Feb, or 29 Feb in a leap year).
 * Negative `months` go back the same way.
 */
export function addMonths(date: JapanDate, months: number): JapanDate {
  if (!Number.isInteger(months)) throw new InvalidInput('months', `${months} is not a whole number of months`);
  const { year, month, day } = parts(date);
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  return format({ year: y, month: m, day: Math.min(day, daysInMonth(y, m)) });
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: JapanDate, to: JapanDate): number {
  return epochDay(to) - epochDay(from);
}

export const maxDate = (a: JapanDate, b: JapanDate): JapanDate => (a >= b ? a : b);

/** The instant something due on `dueOn` becomes overdue: 00:00 Japan time the next day (Art. 5). */
export function overdueFrom(dueOn: JapanDate): Date {
  return startOfJapanDay(addDays(dueOn, 1));
}
