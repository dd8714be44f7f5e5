import fc from 'fast-check';
import {
  compensation, contractDecider, coverageEndsOn, daysBetween, addDays, DEFAULT_POLICY, foldContract, japanDate, periodEnd, REVOCATION_TABLE, resolvePolicy,
  toJapanDate, type ContractEvent, type JapanDate,
} from '@pfw/domain';
import { given } from './support/gwt';
import { admin, after, billing, cmd, CONTRACT_ID, hours, run, submitCommand } from './support/fixtures';
import { intentsArb, play } from './support/random-commands';

const RUNS = { numRuns: 1000 };
const DAY = 24 * 60 * 60 * 1000;

/** Independent of the domain's date code: the civil date of a UTC-midnight timestamp. */
const iso = (ms: number) => new Date(ms).toISOString().slice(0, 10);
const dateArb = (min: string, max: string) => fc.integer({ min: Date.parse(`${min}T00:00:00Z`) / DAY, max: Date.parse(`${max}T00:00:00Z`) / DAY }).map((d) => japanDate(iso(d * DAY)));
const instantArb = fc.date({ min: new Date('2026-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true });

describe('properties (fast-check, 1000 runs each)', () => {
  it('Art. 15 compensation never exceeds the fee received nor ⌊fee × remaining ÷ plan⌋, and never grows as the incident moves later (through the decider)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 60 }),
        fc.integer({ min: 0, max: 5_000_000 }),
        instantArb,
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true })),
        (planMonths, fee, submittedAt, paidShare, [a, b]) => {
          const policy = resolvePolicy({ feeSchedule: [{ planMonths, amountJpy: fee }] });
          const accepted = after(submittedAt, hours(1));
          const start = toJapanDate(accepted);
          const end = coverageEndsOn(start, planMonths);
          const history = run([submitCommand({ at: submittedAt, planMonths }), cmd.pass(accepted), { ...cmd.invoice(accepted), actor: billing } as never], policy);
          const total = (history[2].data as { totalJpy: number }).totalJpy;
          const paid = Math.floor(total * paidShare);
          const events = paid > 0 ? run([cmd.pay(paid, start, accepted, 'BANK-P')], policy, history) : history;
          const span = daysBetween(start, end);
          const [early, late] = [Math.floor(Math.min(a, b) * span), Math.floor(Math.max(a, b) * span)].map((d) => addDays(start, d));
          const assessAt = new Date(Date.parse(`${addDays(end, 1)}T00:00:00Z`));
          const assess = (incidentOn: JapanDate) => {
            const d = contractDecider(policy).decide({ type: 'AssessCompensation', contractId: CONTRACT_ID, actor: admin, at: assessAt, incidentOn }, given(events, policy).state);
            if (!d.ok || d.events[0].type !== 'CompensationAssessed') throw new Error(d.ok ? 'no event' : d.error.message);
            return d.events[0].data;
          };
          const x = assess(early);
          const y = assess(late);
          for (const c of [x, y]) {
            expect(c.amountJpy).toBeLessThanOrEqual(c.feeReceivedJpy);
            expect(c.amountJpy).toBeLessThanOrEqual(Math.floor((c.contractFeeJpy * c.remainingWholeMonths) / planMonths));
            expect(c.amountJpy).toBe(Math.min(Math.floor((total * c.remainingWholeMonths) / planMonths), paid));
            expect(c.feeReceivedJpy).toBe(paid);
            if (paid === 0) expect(c.amountJpy).toBe(0);
          }
          expect(y.remainingWholeMonths).toBeLessThanOrEqual(x.remainingWholeMonths);
          expect(y.amountJpy).toBeLessThanOrEqual(x.amountJpy);
        },
      ),
      RUNS,
    );
  });

  it('Art. 15 remaining whole months is the largest m with periodEnd(incident, m) ≤ coverage end, and compensation is monotone in the incident date (pure function)', () => {
    fc.assert(
      fc.property(dateArb('2000-01-01', '2090-12-31'), fc.integer({ min: 1, max: 120 }), fc.nat(), fc.nat(), fc.integer({ min: 0, max: 10_000_000 }), fc.nat(), (start, plan, o1, o2, fee, r) => {
        const end = coverageEndsOn(start, plan);
        const span = daysBetween(start, end) + 1;
        const [i1, i2] = [Math.min(o1 % span, o2 % span), Math.max(o1 % span, o2 % span)].map((d) => addDays(start, d));
        const received = r % (fee + 1);
        const c1 = compensation({ contractFeeJpy: fee, feeReceivedJpy: received, planMonths: plan, incidentOn: i1, coverageEndsOn: end });
        const c2 = compensation({ contractFeeJpy: fee, feeReceivedJpy: received, planMonths: plan, incidentOn: i2, coverageEndsOn: end });
        // periodEnd is checked against a day-by-day oracle in period.spec.ts.
        expect(periodEnd(i1, c1.remainingWholeMonths) <= end).toBe(true);
        expect(periodEnd(i1, c1.remainingWholeMonths + 1) > end || c1.remainingWholeMonths === plan).toBe(true);
        expect(c1.amountJpy).toBeLessThanOrEqual(received);
        expect(c1.amountJpy).toBeLessThanOrEqual(Math.floor((fee * c1.remainingWholeMonths) / plan));
        expect(c2.amountJpy).toBeLessThanOrEqual(c1.amountJpy);
      }),
      RUNS,
    );
  });

  it('Art. 5 the due date is always 30 Japan-time days after receipt, and payment is overdue exactly from 00:00 Japan time the day after', () => {
    fc.assert(
      fc.property(instantArb, fc.boolean(), fc.integer({ min: 0, max: 20 }), (at, emailed, postalDays) => {
        const history = run([submitCommand({ at }), cmd.pass(at)]);
        const issuedOn = iso(at.getTime() + 9 * 60 * 60 * 1000); // the Japan date, computed independently
        const receivedOn = emailed ? issuedOn : iso(Date.parse(`${issuedOn}T00:00:00Z`) + postalDays * DAY);
        const d = contractDecider().decide(
          { type: 'IssueInvoice', contractId: CONTRACT_ID, actor: billing, at, invoiceId: 'INV-1', channel: emailed ? 'EMAIL' : 'DOCUMENT', receivedOn: emailed ? null : receivedOn },
          given(history).state,
        );
        if (!d.ok || d.events[0].type !== 'InvoiceIssued') throw new Error(d.ok ? 'no invoice' : d.error.message);
        // An e-mailed invoice is received when its e-mail goes out (here at once).
        const sent = emailed ? run([cmd.notify('INVOICE', at)], DEFAULT_POLICY, [...history, ...d.events]).slice(history.length + d.events.length) : [];
        const folded = given([...history, ...d.events, ...sent]).state;
        const inv = { ...d.events[0].data, ...(folded.status !== 'NEW' ? { receivedOn: folded.invoice!.receivedOn, dueOn: folded.invoice!.dueOn } : {}) };
        expect(inv.issuedOn).toBe(issuedOn);
        expect(inv.receivedOn).toBe(receivedOn);
        expect(inv.dueOn).toBe(iso(Date.parse(`${receivedOn}T00:00:00Z`) + 30 * DAY));
        const invoiced = [...history, ...d.events, ...sent];
        const overdueAt = new Date(Date.parse(`${inv.dueOn}T00:00:00Z`) + DAY - 9 * 60 * 60 * 1000); // 00:00 JST the next day
        const mark = (when: Date) => contractDecider().decide({ type: 'MarkPaymentOverdue', contractId: CONTRACT_ID, actor: admin, at: when, invoiceId: 'INV-1' }, given(invoiced).state);
        expect(mark(new Date(overdueAt.getTime() - 1)).ok).toBe(false);
        expect(mark(overdueAt).ok).toBe(true);
      }),
      RUNS,
    );
  });

  it('Art. 7 no command sequence yields a SECOM-initiated RevocationRequested without a preceding REVOCATION_NOTICE (or, for TERMINATION, the termination notice)', () => {
    let secomRequests = 0;
    let customerReports = 0;
    fc.assert(
      fc.property(intentsArb, (intents) => {
        const { events } = play(intents);
        let lastInitiated = -1;
        events.forEach((e, i) => {
          if (e.type === 'RevocationInitiated') lastInitiated = i;
          if (e.type !== 'RevocationRequested') return;
          const rule = REVOCATION_TABLE[e.data.reason];
          if (rule.notice === 'NONE') {
            customerReports++;
            return;
          }
          secomRequests++;
          expect(lastInitiated).toBeGreaterThanOrEqual(0);
          const between = events.slice(lastInitiated + 1, i);
          const before = events.slice(0, i);
          const notified = (kind: string) => (list: ContractEvent[]) => list.some((x) => x.type === 'CustomerNotified' && x.data.kind === kind);
          if (rule.notice === 'REVOCATION_NOTICE') expect(notified('REVOCATION_NOTICE')(between)).toBe(true);
          else expect(notified('TERMINATION_NOTICE')(before)).toBe(true);
        });
      }),
      RUNS,
    );
    // The property is not vacuous: the random sequences did reach both kinds of revocation request.
    expect(secomRequests).toBeGreaterThan(20);
    expect(customerReports).toBeGreaterThan(20);
  });

  it('folding the same events always gives the same state (and never alters the events)', () => {
    let nonTrivial = 0;
    fc.assert(
      fc.property(intentsArb, fc.nat(), (intents, cut) => {
        const { events, state } = play(intents);
        if (events.length > 5) nonTrivial++;
        const snapshot = structuredClone(events);
        const once = foldContract(events);
        const twice = foldContract(events);
        expect(twice).toEqual(once);
        expect(foldContract(structuredClone(events))).toEqual(once);
        expect(once).toEqual(state);
        const k = events.length === 0 ? 0 : cut % (events.length + 1);
        expect(foldContract(events.slice(k), foldContract(events.slice(0, k)))).toEqual(once);
        expect(events).toEqual(snapshot);
      }),
      RUNS,
    );
    expect(nonTrivial).toBeGreaterThan(500);
  });
});
