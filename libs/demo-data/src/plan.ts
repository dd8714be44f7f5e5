import { demoPersona, type DemoPersona } from './personas';
import { SeededRandom } from './random';

/**
 * The states the demo data puts contracts in — every state a screener, billing clerk, operator or auditor meets.
 * Each is reached through the command side (mutations and the sagas), never written into tables.
 */
export const DEMO_STATES = [
  'EXPIRED',
  'TERMINATED',
  'REVOKED_CUSTOMER_REQUEST',
  'REVOKED_PROHIBITED_ACT',
  'REVOKED_KEY_COMPROMISE',
  'REVOKED_TRUST_IMPAIRED',
  'REVOKED_NON_PAYMENT',
  'REVOKED_BREACH',
  'OVERDUE_IN_GRACE',
  'ACTIVE',
  'ACTIVE_STICKER_LENT',
  'ACTIVE_STICKER_TO_SHIP',
  'IN_SCREENING',
  'WAITING_FOR_DOCUMENTS',
  'REJECTED',
  'WITHDRAWN',
  'CANCELLED',
] as const;
export type DemoState = (typeof DEMO_STATES)[number];

/**
 * The seeding runs in eras on the simulated clock, oldest first: contracts that must be long over by "now" are
 * created first, then the clock moves on and the next era's contracts are created. The last era is "now".
 */
export const ERAS = [
  // Over for a while: coverage ran out (12 months) or a termination took effect (Art. 14: 3 months' notice).
  { states: ['EXPIRED', 'TERMINATED'], advanceDaysAfter: 372 },
  // Revoked: the notice, the CA's answer, the result notice; non-payment needs its 30 days and 14 days' grace.
  {
    states: ['REVOKED_CUSTOMER_REQUEST', 'REVOKED_PROHIBITED_ACT', 'REVOKED_KEY_COMPROMISE', 'REVOKED_TRUST_IMPAIRED', 'REVOKED_NON_PAYMENT', 'REVOKED_BREACH'],
    advanceDaysAfter: 50,
  },
  // Running contracts; the unpaid one is overdue (from day 31) and still within the grace period (to day 45).
  { states: ['OVERDUE_IN_GRACE', 'ACTIVE', 'ACTIVE_STICKER_LENT', 'ACTIVE_STICKER_TO_SHIP'], advanceDaysAfter: 36 },
  // Today's work: applications under screening, and one cancelled before its certificate was delivered.
  { states: ['IN_SCREENING', 'WAITING_FOR_DOCUMENTS', 'REJECTED', 'WITHDRAWN', 'CANCELLED'], advanceDaysAfter: 0 },
] as const satisfies readonly { states: readonly DemoState[]; advanceDaysAfter: number }[];

/** One demo contract: who applies, for what, and the state the seeding brings it to. */
export interface PlannedContract {
  readonly index: number;
  readonly state: DemoState;
  readonly persona: DemoPersona;
  readonly planMonths: 12 | 24;
  readonly stickerRequested: boolean;
  /** POST for the cancelled one: its certificate is issued but waits for an operator to record the delivery. */
  readonly certificateDeliveryMethod: 'EMAIL' | 'POST';
  /** Every mutation for this contract derives its clientMutationId from this (and the contract id from that). */
  readonly idempotencyPrefix: string;
}

export interface DemoPlan {
  readonly seed: number;
  readonly contracts: readonly PlannedContract[];
}

const NEEDS_STICKER: ReadonlySet<DemoState> = new Set(['ACTIVE_STICKER_LENT', 'ACTIVE_STICKER_TO_SHIP']);
// A twelve-month plan is what makes EXPIRED reachable within the first era.
const TWELVE_MONTHS_ONLY: ReadonlySet<DemoState> = new Set(['EXPIRED']);

/**
 * `count` contracts for `seed`: the states in turn (so any count of at least DEMO_STATES.length reaches every
 * state), the rest drawn from the seed. The same seed and count give the same plan.
 */
export function demoPlan(count: number, seed: number): DemoPlan {
  if (!Number.isInteger(count) || count < 1) throw new RangeError('the number of contracts must be a whole number of at least 1');
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffffffff) throw new RangeError('the seed must be a whole number from 0 to 4294967295');
  const random = new SeededRandom(seed);
  const contracts: PlannedContract[] = [];
  for (let index = 0; index < count; index++) {
    const state = DEMO_STATES[index % DEMO_STATES.length]!;
    const persona = demoPersona(random, index);
    const planMonths = TWELVE_MONTHS_ONLY.has(state) ? 12 : random.chance(0.7) ? 12 : 24;
    const stickerRequested = NEEDS_STICKER.has(state) || (state !== 'ACTIVE' && random.chance(0.3));
    const certificateDeliveryMethod = state === 'CANCELLED' ? 'POST' : 'EMAIL';
    contracts.push({ index, state, persona, planMonths, stickerRequested, certificateDeliveryMethod, idempotencyPrefix: random.uuid() });
  }
  return { seed, contracts };
}

/** The contracts of one era, in plan order. */
export function contractsOfEra(plan: DemoPlan, era: (typeof ERAS)[number]): PlannedContract[] {
  const states: readonly DemoState[] = era.states;
  return plan.contracts.filter((c) => states.includes(c.state));
}
