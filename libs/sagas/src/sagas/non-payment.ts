import { addDays, DAY_MS, type DomainPolicy, overdueFrom, startOfJapanDay } from '@pfw/domain';
import { MARK_PAYMENT_OVERDUE, NON_PAYMENT_CANCEL, NON_PAYMENT_GRACE_ENDED } from '../actions/contract-actions';
import { NOTICE } from '../actions/notices';
import { addMs, withKeys, type DeadlineSpec, type Reaction, type SagaDefinition } from '../runtime/saga';

export type NonPaymentState = {
  readonly invoiceId: string | null;
  readonly settled: boolean;
  readonly overdue: boolean;
  readonly revocationInitiated: boolean;
  readonly ended: boolean;
  /** Keys of deadlines that may still be pending (cancelled together on payment or on the end). */
  readonly open: readonly string[];
};

const initial: NonPaymentState = { invoiceId: null, settled: false, overdue: false, revocationInitiated: false, ended: false, open: [] };

/**
 * 1. Non-payment (Art. 5, 7): InvoiceIssued (paper) or InvoiceReceived (the invoice e-mail sent) schedules the due date. Unsettled by then → PaymentOverdue and a
 * PAYMENT_REMINDER (again every `paymentReminderEveryDays` within the grace period). When the grace period
 * (default 14 days) is over: with a certificate, the NON_PAYMENT revocation is initiated (the revocation saga
 * gives the REVOCATION_NOTICE, then asks the CA); before issuance the notice of cancellation goes out and
 * CancelContract (CANCELLED) follows it. A payment that settles the invoice before the notice cancels it all.
 */
export function nonPaymentSaga(policy: DomainPolicy): SagaDefinition<NonPaymentState> {
  const graceDays = policy.nonPaymentGraceDays;
  const everyDays = Math.max(1, policy.reminders.paymentReminderEveryDays);
  return {
    name: 'non-payment',
    handles: ['InvoiceIssued', 'InvoiceReceived', 'FeePaid', 'PaymentOverdue', 'RevocationInitiated', 'CustomerNotified', 'ContractCancelled', 'ContractExpired', 'ContractTerminated'],
    initialState: initial,
    react(state, { event, envelope }): Reaction<NonPaymentState> {
      const now = envelope.occurredAt;
      switch (event.type) {
        case 'InvoiceIssued':
        case 'InvoiceReceived': {
          const { invoiceId, dueOn } = event.data;
          // Art. 5: an e-mailed invoice falls due only once it was received (its e-mail sent: InvoiceReceived).
          if (dueOn === null) return { state: { ...state, invoiceId } };
          const key = `overdue:${invoiceId}`;
          return {
            state: { ...state, invoiceId, open: withKeys(state.open, [key]) },
            schedule: [{ key, kind: MARK_PAYMENT_OVERDUE, dueAt: overdueFrom(dueOn), payload: { invoiceId } }],
          };
        }
        case 'PaymentOverdue': {
          if (state.settled || state.ended) return { state };
          const { invoiceId, dueOn, overdueSince } = event.data;
          const graceEnds = startOfJapanDay(addDays(dueOn, 1 + graceDays));
          const schedule: DeadlineSpec[] = [];
          for (let n = 0; ; n++) {
            const at = addMs(overdueSince, n * everyDays * DAY_MS);
            if (n > 0 && at.getTime() >= graceEnds.getTime()) break;
            schedule.push({ key: `reminder:${invoiceId}:${n}`, kind: NOTICE, dueAt: at < now ? now : at, payload: { kind: 'PAYMENT_REMINDER', invoiceId } });
          }
          schedule.push({ key: `grace:${invoiceId}`, kind: NON_PAYMENT_GRACE_ENDED, dueAt: graceEnds, payload: { invoiceId } });
          return { state: { ...state, overdue: true, open: withKeys(state.open, schedule.map((s) => s.key)) }, schedule };
        }
        case 'FeePaid':
          if (!event.data.settled) return { state };
          return { state: { ...state, settled: true, open: [] }, cancel: state.open };
        case 'RevocationInitiated':
          return { state: { ...state, revocationInitiated: true } };
        case 'CustomerNotified': {
          // The notice of cancellation before issuance (there is no revocation: no certificate to revoke).
          if (event.data.kind !== 'REVOCATION_NOTICE' || !state.overdue || state.settled || state.ended || state.revocationInitiated || !state.invoiceId) return { state };
          const key = `cancel:${state.invoiceId}`;
          return {
            state: { ...state, open: withKeys(state.open, [key]) },
            schedule: [{ key, kind: NON_PAYMENT_CANCEL, dueAt: now, payload: { invoiceId: state.invoiceId } }],
          };
        }
        case 'ContractCancelled':
        case 'ContractExpired':
        case 'ContractTerminated':
          return { state: { ...state, ended: true, open: [] }, cancel: state.open };
        default:
          return { state };
      }
    },
  };
}
