import fc from 'fast-check';
import { firstCountedDay, japanDate, periodEnd, startOfJapanDay, toJapanDate, wholeMonthsUntil, type JapanDate } from '@pfw/domain';

/**
 * Civil Code Art. 140, 141, 143 (DOMAIN.md "Periods"): periodEnd against an oracle that knows nothing of
 * month arithmetic. It walks the calendar one day at a time from the first counted day S, counting month
 * changes: m months end the day before the first day of the m-th month after S whose day number is S's,
 * or on the last day of that month when it has no such day.
 */
const DAY_MS = 86_400_000;

/** Days in a month, from the platform's calendar (not the domain's). */
const LENGTHS = new Map<number, number>();
const monthLength = (y: number, m: number): number => {
  const key = y * 12 + m;
  let n = LENGTHS.get(key);
  if (n === undefined) LENGTHS.set(key, (n = new Date(Date.UTC(y, m, 0)).getUTCDate()));
  return n;
};
const fmt = (y: number, m: number, d: number) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as JapanDate;

/** Every period end for m = 0…maxMonths from the first counted day `s`, in one walk, one day per step. */
function oracle(s: JapanDate, maxMonths: number): JapanDate[] {
  const sDay = Number(s.slice(8, 10));
  let [y, m, d] = [Number(s.slice(0, 4)), Number(s.slice(5, 7)), sDay];
  // The day before S, as [year, month, day].
  let before: [number, number, number] = d > 1 ? [y, m, d - 1] : m > 1 ? [y, m - 1, monthLength(y, m - 1)] : [y - 1, 12, 31];
  const ends: JapanDate[] = [];
  let monthsPassed = 0;
  for (;;) {
    const lastOfMonth = d === monthLength(y, m);
    if (monthsPassed === ends.length) {
      if (d === sDay) ends.push(fmt(...before)); // the corresponding day: the period ended the day before
      else if (lastOfMonth && d < sDay) ends.push(fmt(y, m, d)); // the month has no such day: its last day
      if (ends.length > maxMonths) return ends;
    }
    before = [y, m, d];
    if (!lastOfMonth) d++;
    else {
      [y, m, d] = m === 12 ? [y + 1, 1, 1] : [y, m + 1, 1];
      monthsPassed++;
    }
  }
}

describe('Civil Code Art. 140, 141, 143 — periodEnd', () => {
  it('Art. 143(2): the examples of DOMAIN.md "Periods"', () => {
    expect(periodEnd(new Date('2027-04-01T01:00:00Z'), 12)).toBe('2028-04-01'); // accepted 10:00 JST
    expect(periodEnd(new Date('2028-02-28T06:00:00Z'), 12)).toBe('2029-02-28'); // accepted 15:00 JST; S = 02-29
    expect(periodEnd(japanDate('2027-04-01'), 3)).toBe('2027-07-01'); // Art. 14: effective 07-02 at the earliest
    expect(periodEnd(japanDate('2027-01-30'), 1)).toBe('2027-02-28'); // S = 01-31: February has no 31st
    expect(periodEnd(japanDate('2027-04-29'), 1)).toBe('2027-05-29'); // S = 04-30 → the day before 05-30
    expect(periodEnd(japanDate('2027-04-01'), 0)).toBe('2027-04-01');
  });

  it('Art. 140: the first day is not counted, unless the period starts at exactly 00:00 Japan time', () => {
    expect(firstCountedDay(new Date('2027-03-31T15:00:00.000Z'))).toBe('2027-04-01');
    expect(firstCountedDay(new Date('2027-03-31T15:00:00.001Z'))).toBe('2027-04-02');
    expect(firstCountedDay(japanDate('2027-04-01'))).toBe('2027-04-02');
    expect(periodEnd(new Date('2027-03-31T15:00:00.000Z'), 12)).toBe('2028-03-31');
  });

  it('Art. 143(2): equals the day-by-day oracle for every start date of 2024–2031 and m = 0…36', () => {
    let checked = 0;
    for (let t = Date.UTC(2024, 0, 1); t <= Date.UTC(2031, 11, 31); t += DAY_MS) {
      const date = new Date(t).toISOString().slice(0, 10) as JapanDate;
      const expected = oracle(firstCountedDay(date), 36);
      for (let m = 0; m <= 36; m++) {
        const got = periodEnd(date, m);
        if (got !== expected[m]) throw new Error(`periodEnd(${date}, ${m}) = ${got}, the oracle says ${expected[m]}`);
        checked++;
      }
    }
    expect(checked).toBe(2922 * 37);
  });

  it('Art. 140, 143: for any instant, periodEnd(instant) = periodEnd of its Japan date, or one day less at exactly 00:00 JST', () => {
    fc.assert(
      fc.property(fc.integer({ min: Date.UTC(2024, 0, 1), max: Date.UTC(2031, 11, 31) }), fc.boolean(), fc.integer({ min: 0, max: 36 }), (ms, atMidnight, m) => {
        const date = toJapanDate(new Date(ms));
        const t = atMidnight ? startOfJapanDay(date) : new Date(ms);
        const end = periodEnd(t, m);
        const s = firstCountedDay(t);
        expect(end).toBe(oracle(s, m)[m]);
        if (!atMidnight && t.getTime() !== startOfJapanDay(date).getTime()) expect(end).toBe(periodEnd(date, m));
      }),
      { numRuns: 500 },
    );
  });

  it('Art. 15: whole months until a last day are the largest m with periodEnd ≤ it (2027-01-31 → 2027-02-27 is 0)', () => {
    expect(wholeMonthsUntil(japanDate('2027-01-31'), japanDate('2027-02-27'))).toBe(0);
    expect(wholeMonthsUntil(japanDate('2027-01-31'), japanDate('2027-02-28'))).toBe(1);
    expect(wholeMonthsUntil(japanDate('2027-04-01'), japanDate('2028-04-01'))).toBe(12);
    expect(wholeMonthsUntil(japanDate('2027-04-01'), japanDate('2028-03-31'))).toBe(11);
  });
});
