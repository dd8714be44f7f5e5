import type { JapanDate } from '../time/japan-date';
import { wholeMonthsUntil } from '../time/period';

/**
 * Art. 15: the whole months of use left after an incident — the largest m ≥ 0 with
 * periodEnd(incidentOn, m) ≤ coverageEndsOn (a partial month is rounded down; Civil Code Art. 140, 143).
 */
export function remainingWholeMonths(incidentOn: JapanDate, coverageEndsOn: JapanDate): number {
  return wholeMonthsUntil(incidentOn, coverageEndsOn);
}

export interface CompensationInput {
  readonly contractFeeJpy: number;
  readonly feeReceivedJpy: number;
  /** What earlier assessments of the same contract granted (the cap is cumulative). */
  readonly alreadyAssessedJpy?: number;
  readonly planMonths: number;
  readonly incidentOn: JapanDate;
  readonly coverageEndsOn: JapanDate;
}

export interface Compensation {
  readonly remainingWholeMonths: number;
  readonly amountJpy: number;
}

/**
 * Art. 15: min(⌊contract fee × remaining whole months ÷ plan months⌋, fee received − compensation already
 * assessed). Zero when nothing was received. Integer arithmetic only (yen amounts and month counts stay exact).
 */
export function compensation({ contractFeeJpy, feeReceivedJpy, alreadyAssessedJpy = 0, planMonths, incidentOn, coverageEndsOn }: CompensationInput): Compensation {
  const remaining = Math.min(remainingWholeMonths(incidentOn, coverageEndsOn), planMonths);
  const proRata = Math.floor((contractFeeJpy * remaining) / planMonths);
  return { remainingWholeMonths: remaining, amountJpy: Math.max(0, Math.min(proRata, feeReceivedJpy - alreadyAssessedJpy)) };
}
