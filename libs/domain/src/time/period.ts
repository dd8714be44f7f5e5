import { InvalidInput } from '../errors';
import { addDays, daysInMonth, startOfJapanDay, toJapanDate, type JapanDate } from './japan-date';

/**
 * Periods as the Civil Code counts them (Art. 140, 141, 143), on Japan dates. Every period in days or
 * months in the terms goes through here (DOMAIN.md "Periods").
 *
 * - Art. 140: the day a period starts on is not counted, unless the period starts at exactly 00:00 Japan
 *   time. A period given by a date (a notice given on a day, an incident on a day) starts during that day,
 *   so its first counted day is the next one.
 * - Art. 143(2): m months from the first counted day S end on the day before the day of month m after S
 *   that corresponds to S (same day number); when that month has no such day, on that month's last day.
 * - Art. 141: the period ends at the end of that day (24:00 Japan time).
 *
 * periodEnd(2027-04-01 10:00 JST, 12) = 2028-04-01; periodEnd(2028-02-28 15:00, 12) = 2029-02-28;
 * periodEnd('2027-04-01', 3) = 2027-07-01 (so a termination may take effect on 2027-07-02);
 * periodEnd(d, 0) = d.
 */

/** The start of a period: an instant, or a Japan date (something that happened during that day). */
export type PeriodStart = Date | JapanDate;

/** Art. 140: the first day counted in a period that starts at `start`. */
export function firstCountedDay(start: PeriodStart): JapanDate {
  if (typeof start === 'string') return addDays(start, 1);
  const date = toJapanDate(start);
  return startOfJapanDay(date).getTime() === start.getTime() ? date : addDays(date, 1);
}

/** Art. 143(2), 141: the last day of a period of `months` months that starts at `start`. */
export function periodEnd(start: PeriodStart, months: number): JapanDate {
  if (!Number.isInteger(months) || months < 0) throw new InvalidInput('months', `${months} is not a whole number of months ≥ 0`);
  const s = firstCountedDay(start);
  const year = Number(s.slice(0, 4));
  const month = Number(s.slice(5, 7));
  const day = Number(s.slice(8, 10));
  const index = year * 12 + (month - 1) + months;
  const y = Math.floor(index / 12);
  const m = (index % 12) + 1;
  const last = daysInMonth(y, m);
  // No corresponding day in that month: the period ends on its last day.
  if (day > last) return ymd(y, m, last);
  if (day > 1) return ymd(y, m, day - 1);
  // The day before the 1st: the previous month's last day.
  return m === 1 ? ymd(y - 1, 12, 31) : ymd(y, m - 1, daysInMonth(y, m - 1));
}

const ymd = (y: number, m: number, d: number): JapanDate =>
  `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as JapanDate;

/** Art. 11: the last covered day of a plan of `planMonths` months accepted at `acceptedAt` (DOMAIN.md "Coverage"). */
export function coverageEndsOn(acceptedAt: PeriodStart, planMonths: number): JapanDate {
  return periodEnd(acceptedAt, planMonths);
}

/** A period of `days` days from `start` ends on the Japan date of start + days (Art. 140: the start day is not counted). */
export function periodEndDays(start: JapanDate, days: number): JapanDate {
  return addDays(start, days);
}

/**
 * Art. 15: the whole months of a period from `start` that fit up to and including `lastDay` — the largest
 * m ≥ 0 with periodEnd(start, m) ≤ lastDay (0 when none does).
 */
export function wholeMonthsUntil(start: PeriodStart, lastDay: JapanDate): number {
  let m = 0;
  while (periodEnd(start, m + 1) <= lastDay) m++;
  return m;
}
