import {
  addDays, addMonths, coverageEndsOn, daysBetween, daysInMonth, isLeapYear, japanDate, overdueFrom, parseJapanDate,
  startOfJapanDay, toJapanDate,
} from '@pfw/domain';

const d = japanDate;

describe('Japan calendar dates (Asia/Tokyo, UTC+9)', () => {
  it('takes the Japan date of an instant: 14:59:59Z is still the same day, 15:00Z is the next', () => {
    expect(toJapanDate(new Date('2026-03-14T14:59:59.999Z'))).toBe('2026-03-14');
    expect(toJapanDate(new Date('2026-03-14T15:00:00Z'))).toBe('2026-03-15');
    expect(toJapanDate(new Date('2026-12-31T15:00:00Z'))).toBe('2027-01-01');
  });

  it('starts a Japan day at 15:00 UTC the day before', () => {
    expect(startOfJapanDay(d('2026-04-01')).toISOString()).toBe('2026-03-31T15:00:00.000Z');
  });

  it('validates YYYY-MM-DD and refuses days that do not exist, with the reason', () => {
    expect(parseJapanDate('2028-02-29')).toEqual({ ok: true, value: '2028-02-29' });
    const feb = parseJapanDate('2027-02-29', 'paidOn');
    expect(feb.ok).toBe(false);
    if (!feb.ok) {
      expect(feb.error.field).toBe('paidOn');
      expect(feb.error.message).toMatch(/has 28 days/);
    }
    expect(parseJapanDate('2026-13-01').ok).toBe(false);
    expect(parseJapanDate('2026/04/01').ok).toBe(false);
    expect(parseJapanDate(20260401).ok).toBe(false);
  });

  it('knows leap years (divisible by 4, except centuries not divisible by 400)', () => {
    expect([2024, 2028, 2000, 2400].map(isLeapYear)).toEqual([true, true, true, true]);
    expect([2026, 2100, 1900].map(isLeapYear)).toEqual([false, false, false]);
    expect(daysInMonth(2028, 2)).toBe(29);
    expect(daysInMonth(2100, 2)).toBe(28);
  });

  it('adds days across month and year ends and leap days', () => {
    expect(addDays(d('2026-01-31'), 1)).toBe('2026-02-01');
    expect(addDays(d('2028-02-28'), 1)).toBe('2028-02-29');
    expect(addDays(d('2027-02-28'), 1)).toBe('2027-03-01');
    expect(addDays(d('2026-12-31'), 1)).toBe('2027-01-01');
    expect(addDays(d('2026-03-01'), -1)).toBe('2026-02-28');
    expect(daysBetween(d('2026-01-01'), d('2027-01-01'))).toBe(365);
    expect(daysBetween(d('2028-01-01'), d('2029-01-01'))).toBe(366);
  });
});

describe('Civil Code Art. 143 month arithmetic (same day number, clamped to the month end)', () => {
  it('31 January + 1 month = 28 February, or 29 February in a leap year', () => {
    expect(addMonths(d('2026-01-31'), 1)).toBe('2026-02-28');
    expect(addMonths(d('2028-01-31'), 1)).toBe('2028-02-29');
  });

  it('clamps to 30-day months and keeps the day number otherwise', () => {
    expect(addMonths(d('2026-03-31'), 1)).toBe('2026-04-30');
    expect(addMonths(d('2026-05-31'), 4)).toBe('2026-09-30');
    expect(addMonths(d('2026-01-15'), 1)).toBe('2026-02-15');
    expect(addMonths(d('2026-01-31'), 2)).toBe('2026-03-31');
  });

  it('crosses years and counts back with negative months', () => {
    expect(addMonths(d('2026-11-30'), 3)).toBe('2027-02-28');
    expect(addMonths(d('2028-02-29'), 12)).toBe('2029-02-28');
    expect(addMonths(d('2028-02-29'), 48)).toBe('2032-02-29');
    expect(addMonths(d('2026-03-31'), -1)).toBe('2026-02-28');
    expect(addMonths(d('2026-01-10'), -1)).toBe('2025-12-10');
  });

  it('Art. 11 the last covered day is periodEnd(acceptance, plan): the day of acceptance is not counted (Civil Code Art. 140, 143)', () => {
    expect(coverageEndsOn(d('2026-04-01'), 12)).toBe('2027-04-01');
    expect(coverageEndsOn(d('2026-01-31'), 1)).toBe('2026-02-28');
    expect(coverageEndsOn(d('2028-01-31'), 1)).toBe('2028-02-29');
    expect(coverageEndsOn(d('2028-02-29'), 24)).toBe('2030-02-28');
    expect(coverageEndsOn(d('2026-03-01'), 12)).toBe('2027-03-01');
    expect(coverageEndsOn(startOfJapanDay(d('2026-04-01')), 12)).toBe('2027-03-31');
  });

  it('a payment is overdue from 00:00 Japan time the day after its due date', () => {
    expect(overdueFrom(d('2026-05-01')).toISOString()).toBe('2026-05-01T15:00:00.000Z');
    expect(toJapanDate(overdueFrom(d('2026-05-01')))).toBe('2026-05-02');
  });
});
