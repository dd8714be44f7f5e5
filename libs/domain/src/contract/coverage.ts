import { addDays, startOfJapanDay, toJapanDate, maxDate, type JapanDate } from '../time/japan-date';
import { lifetimeCapOn, type DomainPolicy } from '../policy/domain-policy';
import type { RequestedValidity } from './events';
import type { Contract } from './state';

const DAY_SECONDS = 24 * 60 * 60;

/** The first instant after coverage: 00:00 Japan time the day after coverageEndsOn. */
export function coverageEndInstant(coverageEndsOn: JapanDate): Date {
  return startOfJapanDay(addDays(coverageEndsOn, 1));
}

/** Whether coverage still runs on the Japan date of `at` (Art. 11). */
export function coverageRemains(c: Contract, at: Date): boolean {
  return c.coverageEndsOn !== null && toJapanDate(at) <= c.coverageEndsOn;
}

/** A certificate's lifetime as the BRs count it: notAfter − notBefore + 1 second. */
export function lifetimeSeconds(notBefore: Date, notAfter: Date): number {
  return Math.floor((notAfter.getTime() - notBefore.getTime()) / 1000) + 1;
}

/**
 * The BR cap that applies to an instance: the cap in force on its issue date, taken as the later of the
 * Japan dates of notBefore and of the moment it was recorded (caps only shrink over time, so the later
 * date is the safe reading when a CA back-dates notBefore).
 */
export function lifetimeCapFor(policy: DomainPolicy, notBefore: Date, recordedAt: Date): number {
  return lifetimeCapOn(policy, maxDate(toJapanDate(notBefore), toJapanDate(recordedAt)));
}

/** Art. 11: why an instance would be refused, or null when it fits coverage and the cap. */
export function instanceViolation(c: Contract, policy: DomainPolicy, notBefore: Date, notAfter: Date, recordedAt: Date): string | null {
  if (notAfter.getTime() <= notBefore.getTime()) return 'notAfter must be later than notBefore';
  const cap = lifetimeCapFor(policy, notBefore, recordedAt);
  const lifetime = lifetimeSeconds(notBefore, notAfter);
  if (lifetime > cap * DAY_SECONDS) {
    return `the certificate would be valid ${(lifetime / DAY_SECONDS).toFixed(2)} days; the cap in force on its issue date is ${cap} days`;
  }
  if (c.coverageEndsOn === null) return 'the contract has no coverage';
  if (notAfter.getTime() >= coverageEndInstant(c.coverageEndsOn).getTime()) {
    return `the certificate would outlive the coverage, which ends with ${c.coverageEndsOn} (Japan time)`;
  }
  return null;
}

/**
 * The validity to ask the CA for: at most the cap in force today (or `validityDays` when shorter), and
 * never past the end of coverage.
 */
export function requestedValidity(c: Contract, policy: DomainPolicy, at: Date, validityDays?: number): RequestedValidity {
  const cap = lifetimeCapOn(policy, toJapanDate(at));
  return {
    maxLifetimeDays: validityDays === undefined ? cap : Math.min(cap, validityDays),
    notAfterLatest: new Date(coverageEndInstant(c.coverageEndsOn!).getTime() - 1000),
  };
}
