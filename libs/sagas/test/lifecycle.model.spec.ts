import fc from 'fast-check';
import { toJapanDate, type ContractCommand } from '@pfw/domain';
import { CONTRACT_ID } from '../../domain/test/support/fixtures';
import { DAY, HOUR, LifecycleWorld, staff, type CaMode } from './support/lifecycle-model';

/**
 * DOMAIN.md "No dead ends", model-based: random sequences of staff commands, customer events, CA behaviour
 * (answers at once, late, refuses, never answers — the first order included), suspensions through the real service
 * decider, and clock moves, through the real decider and
 * the eight real saga reactors (support/lifecycle-model.ts). After every step and at the end of time:
 * - nothing is sent twice;
 * - no SECOM-initiated revocation goes to the CA without its REVOCATION_NOTICE first (Art. 7(2));
 * - the compensation assessed never exceeds the fee received (Art. 15);
 * - a lent sticker is asked back whenever the contract ends (Art. 12);
 * - no certificate stays live more than the BR deadline after the contract ended, unless escalated;
 * - past coverage end plus the longest deadline and escalation, the contract is final or escalated to staff.
 * MODEL_RUNS sets the number of runs (default 1,000; the nightly job runs more).
 */
const RUNS = Number(process.env.MODEL_RUNS ?? 1000);
const MAX_COMMANDS = 25;

type Step = fc.Command<object, LifecycleWorld>;

function step(name: string, act: (w: LifecycleWorld) => void): Step {
  return {
    check: () => true,
    run: (_m, w) => {
      act(w);
      w.settle();
      expect(w.violations()).toEqual([]);
    },
    toString: () => name,
  };
}

const c = (w: LifecycleWorld, command: Omit<ContractCommand, 'contractId' | 'at'>) => w.decide({ contractId: CONTRACT_ID, at: w.now, ...command } as ContractCommand);

const steps: fc.Arbitrary<Step>[] = [
  fc.integer({ min: 1, max: 60 }).map((d) => step(`advance ${d} days`, (w) => w.advance(d * DAY))),
  fc.integer({ min: 1, max: 12 }).map((h) => step(`advance ${h} h`, (w) => w.advance(h * HOUR))),
  fc.constantFrom<CaMode>('AT_ONCE', 'LATE', 'REFUSES', 'NEVER').map((m) => step(`the CA ${m}`, (w) => (w.caMode = m))),
  fc.constant(step('suspend the service', (w) => w.setSuspended(true))),
  fc.constant(step('resume the service', (w) => w.setSuspended(false))),
  fc.integer({ min: 0, max: 90 }).map((d) => step(`admin revises the terms, in force in ${d} days`, (w) => w.reviseTerms(d))),
  fc.record({ full: fc.boolean(), lateDays: fc.integer({ min: 0, max: 40 }) }) /* paid lateDays before it is recorded */.map(({ full, lateDays }) =>
    step(`pay ${full ? 'in full' : 'in part'}`, (w) => {
      const inv = w.contract.invoice;
      if (!inv) return;
      c(w, { type: 'RecordPayment', actor: staff.billing, invoiceId: inv.invoiceId, amountJpy: full ? inv.totalJpy - inv.paidJpy : 1000, paidOn: toJapanDate(new Date(w.now.getTime() - lateDays * DAY)), bankReference: `B-${w.now.getTime()}-${lateDays}` } as never);
    }),
  ),
  fc.constantFrom('CUSTOMER_REQUEST', 'PROHIBITED_ACT', 'BREACH').map((reason) =>
    step(`operator requests revocation ${reason}`, (w) => c(w, { type: 'InitiateRevocation', actor: staff.operator, reason, note: 'model' } as never)),
  ),
  fc.constant(step('billing requests NON_PAYMENT revocation', (w) => c(w, { type: 'InitiateRevocation', actor: staff.billing, reason: 'NON_PAYMENT', note: 'model' } as never))),
  fc.constant(step('customer reports a key compromise', (w) => c(w, { type: 'ReportTrustImpaired', actor: staff.operator, cause: 'KEY_COMPROMISE', reportedAt: w.now, caOrderId: `KC-${w.now.getTime()}`, serviceSuspended: w.suspended } as never))),
  fc.integer({ min: 0, max: 30 }).map((d) =>
    step(`admin notices termination (+${d} days)`, (w) => {
      const earliest = new Date(`${w.earliestTermination()}T00:00:00Z`);
      const effectiveOn = new Date(earliest.getTime() + d * DAY).toISOString().slice(0, 10);
      c(w, { type: 'NoticeTermination', actor: staff.admin, effectiveOn, channel: 'EMAIL', reason: 'model', recipient: 'x@example.jp' } as never);
    }),
  ),
  fc.constantFrom('CUSTOMER_REQUEST', 'PROHIBITED_ACT').map((reason) =>
    step(`operator cancels (${reason})`, (w) => c(w, { type: 'CancelContract', actor: staff.operator, reason, note: 'model', serviceSuspended: w.suspended } as never)),
  ),
  fc.constant(step('operator ships the sticker', (w) => c(w, { type: 'LendSticker', actor: staff.operator, stickerSerial: 'STK-1', shippedOn: toJapanDate(w.now) } as never))),
  fc.constant(step('the sticker comes back', (w) => c(w, { type: 'RecordStickerReturned', actor: staff.operator, stickerSerial: 'STK-1', receivedOn: toJapanDate(w.now) } as never))),
  fc.integer({ min: 0, max: 400 }).map((d) =>
    step(`admin assesses compensation (incident day ${d})`, (w) => {
      const from = w.contract.coverageStartsOn;
      if (!from) return;
      const incidentOn = new Date(new Date(`${from}T00:00:00Z`).getTime() + d * DAY).toISOString().slice(0, 10);
      c(w, { type: 'AssessCompensation', actor: staff.admin, incidentOn } as never);
    }),
  ),
  fc.constantFrom('REVOKED', 'REJECTED').map((outcome) =>
    step(`operator records the CA's answer ${outcome}`, (w) => c(w, { type: 'RecordRevocationOutcome', actor: staff.operator, outcome, revokedAt: w.now, note: 'by telephone' } as never)),
  ),
];

/** The end of time: the clock runs well past coverage end and every deadline, with the service resumed. */
function endOfTime(w: LifecycleWorld): void {
  w.setSuspended(false);
  for (let i = 0; i < 16; i++) {
    w.advance(30 * DAY);
    expect(w.violations()).toEqual([]);
  }
}

describe('the contract lifecycle has no dead ends (model-based, DOMAIN.md "No dead ends")', () => {
  it(`Art. 5, 7, 11, 12, 14, 15: ${RUNS} random lifecycles keep every invariant at every step and end final or escalated`, () => {
    let commands = 0;
    fc.assert(
      fc.property(fc.constantFrom<CaMode>('AT_ONCE', 'LATE', 'REFUSES', 'NEVER'), fc.commands(steps, { maxCommands: MAX_COMMANDS }), (firstOrder, cmds) => {
        const world = new LifecycleWorld(firstOrder);
        fc.modelRun(() => ({ model: {}, real: world }), cmds);
        commands += [...cmds].length;
        endOfTime(world);
      }),
      { numRuns: RUNS },
    );
    expect(commands).toBeGreaterThan(RUNS);
  });
});

/** Counterexamples the model found while it was written, shrunk, kept as regular tests. */
describe('counterexamples of the model, kept', () => {
  it('Art. 13: a revision announced while a non-payment cancellation waits for the service to resume (Art. 6) is told at once', () => {
    const w = new LifecycleWorld('NEVER');
    w.setSuspended(true);
    w.advance(45 * DAY);
    expect(w.contract.status).toBe('CERTIFICATE_REQUESTED');
    w.reviseTerms(0);
    expect(w.contract.notifications.filter((n) => n.kind === 'TERMS_CHANGED').map((n) => n.termsVersion)).toEqual(['2']);
    expect(w.violations()).toEqual([]);
    endOfTime(w);
  });

  it('Art. 14: a TERMINATION revocation the CA rejects leaves a live certificate after the end: it is escalated to staff', () => {
    const w = new LifecycleWorld();
    c(w, { type: 'NoticeTermination', actor: staff.admin, effectiveOn: w.earliestTermination(), channel: 'EMAIL', reason: 'model', recipient: 'x@example.jp' } as never);
    w.caMode = 'REFUSES';
    w.advance(HOUR);
    endOfTime(w);
    expect(w.stuck.some((id) => id.includes('rejected-after-end'))).toBe(true);
  });

  it('Art. 7(1): a second key-compromise report at the same instant, while suspended, replaces the first and still reaches the CA on resume', () => {
    const w = new LifecycleWorld();
    w.setSuspended(true);
    const report = () => c(w, { type: 'ReportTrustImpaired', actor: staff.operator, cause: 'KEY_COMPROMISE', reportedAt: w.now, caOrderId: `KC-${w.now.getTime()}`, serviceSuspended: true } as never);
    expect(report()).toBe(true);
    expect(report()).toBe(true);
    w.setSuspended(false);
    w.advance(HOUR);
    expect(w.contract.status).toBe('REVOKED');
    endOfTime(w);
  });

  it('DOMAIN.md "No dead ends": a CA that never answers the first order of a paid contract — the order is escalated to staff', () => {
    const w = new LifecycleWorld('NEVER');
    w.advance(DAY);
    const inv = w.contract.invoice!;
    c(w, { type: 'RecordPayment', actor: staff.billing, invoiceId: inv.invoiceId, amountJpy: inv.totalJpy, paidOn: toJapanDate(w.now), bankReference: 'B-1' } as never);
    expect(w.contract).toMatchObject({ status: 'CERTIFICATE_REQUESTED', invoice: { settled: true } });
    endOfTime(w);
    expect(w.stuck.some((id) => id.includes('ca-unanswered'))).toBe(true);
  });
});
