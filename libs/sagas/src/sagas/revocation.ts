import { HOUR_MS, type DomainPolicy } from '@pfw/domain';
import { CA_SUBMIT_REVOCATION } from '../actions/ca-actions';
import { ESCALATE_REVOCATION, SEND_REVOCATION_REQUEST } from '../actions/contract-actions';
import { NOTICE } from '../actions/notices';
import { withKeys, type DeadlineSpec, type Reaction, type SagaDefinition } from '../runtime/saga';

export type RevocationSagaState = {
  /** initiatedAt (ISO) of the revocation in progress: it names the revocation in deadline keys and payloads. */
  readonly current: string | null;
  readonly awaitingNotice: boolean;
  readonly serialNumbers: readonly string[];
  readonly revoked: readonly string[];
  readonly answered: boolean;
  /** TERMINATION: the contract has already ended, so a rejection leaves a live certificate nobody will use. */
  readonly afterEnd?: boolean;
  /** NON_PAYMENT: a rejection leaves the fee unpaid and the certificate live, so staff must decide. */
  readonly nonPayment?: boolean;
  /**
   * Names this revocation's deadlines: initiatedAt, with `#n` when a revocation replaces one initiated at the
   * same instant (a deadline key is scheduled once, ever, so the replacement needs keys of its own).
   */
  readonly keyId?: string;
  readonly open: readonly string[];
};

const initial: RevocationSagaState = { current: null, awaitingNotice: false, serialNumbers: [], revoked: [], answered: false, open: [] };

/** The CA order id of one certificate of a revocation request (the request's own id when it has one certificate). */
export function revocationOrderId(caOrderId: string, serialNumber: string, count: number): string {
  return count === 1 ? caOrderId : `${caOrderId}:${serialNumber}`;
}

/**
 * 3. Revocation (Art. 6, 7): RevocationInitiated → the REVOCATION_NOTICE where the table asks for one →
 * (once it reached the customer) RevocationRequested → the CA, one order per certificate → CertificateRevoked
 * or RevocationRejected → REVOCATION_RESULT notice. Close to the BR deadline (24 h / 5 days) an open
 * revocation is escalated to staff (`stuckProcesses`).
 */
export function revocationSaga(policy: DomainPolicy): SagaDefinition<RevocationSagaState> {
  const escalateBeforeMs = policy.reminders.revocationEscalationHoursBeforeDeadline * HOUR_MS;
  return {
    name: 'revocation',
    handles: ['RevocationInitiated', 'CustomerNotified', 'RevocationRequested', 'CertificateRevoked', 'RevocationRejected', 'RevocationWithdrawn'],
    initialState: initial,
    react(state, { event, envelope }): Reaction<RevocationSagaState> {
      const now = envelope.occurredAt;
      switch (event.type) {
        case 'RevocationInitiated': {
          const d = event.data;
          const id = d.initiatedAt.toISOString();
          const replaces = state.current === id ? (state.keyId && state.keyId.includes('#') ? Number(state.keyId.slice(state.keyId.indexOf('#') + 1)) + 1 : 1) : 0;
          const keyId = replaces > 0 ? `${id}#${replaces}` : id;
          const schedule: DeadlineSpec[] = [];
          if (d.noticeRule === 'REVOCATION_NOTICE') {
            schedule.push({ key: `notice:${keyId}`, kind: NOTICE, dueAt: now, payload: { kind: 'REVOCATION_NOTICE', initiatedAt: id } });
          } else {
            // No notice (the customer's own report, Art. 7(1)), or the termination notice was it (Art. 14). When the
            // request already went out with the initiation, the step finds nothing left to do.
            schedule.push({ key: `request:${keyId}`, kind: SEND_REVOCATION_REQUEST, dueAt: now, payload: { initiatedAt: id } });
          }
          const escalateAt = new Date(Math.max(now.getTime(), d.deadline.getTime() - escalateBeforeMs));
          schedule.push({ key: `escalate:${keyId}`, kind: ESCALATE_REVOCATION, dueAt: escalateAt, payload: { initiatedAt: id } });
          return {
            state: { current: id, keyId, awaitingNotice: d.noticeRule === 'REVOCATION_NOTICE', serialNumbers: d.serialNumbers, revoked: [], answered: false, afterEnd: d.reason === 'TERMINATION', nonPayment: d.reason === 'NON_PAYMENT', open: schedule.map((s) => s.key) },
            // A customer's report may replace a revocation still waiting for its notice.
            cancel: state.open,
            schedule,
          };
        }
        case 'CustomerNotified': {
          if (event.data.kind !== 'REVOCATION_NOTICE' || !state.awaitingNotice || !state.current) return { state };
          const key = `request:${state.keyId ?? state.current}`;
          return {
            state: { ...state, awaitingNotice: false, open: withKeys(state.open, [key]) },
            schedule: [{ key, kind: SEND_REVOCATION_REQUEST, dueAt: now, payload: { initiatedAt: state.current } }],
          };
        }
        case 'RevocationRequested': {
          const d = event.data;
          return {
            // The request covers the certificates still live when it went out (Art. 7).
            state: { ...state, awaitingNotice: false, serialNumbers: d.serialNumbers },
            schedule: d.serialNumbers.map((serialNumber) => ({
              key: `ca-revoke:${d.caOrderId}:${serialNumber}`,
              kind: CA_SUBMIT_REVOCATION,
              dueAt: now,
              payload: { caOrderId: d.caOrderId, orderId: revocationOrderId(d.caOrderId, serialNumber, d.serialNumbers.length), serialNumber },
            })),
          };
        }
        case 'CertificateRevoked': {
          if (!state.current || state.answered) return { state };
          const revoked = withKeys(state.revoked, [event.data.serialNumber]);
          const complete = state.serialNumbers.every((s) => revoked.includes(s));
          if (!complete) return { state: { ...state, revoked } };
          return {
            state: { ...state, revoked, answered: true, open: [] },
            cancel: state.open,
            schedule: [{ key: `result:${state.keyId ?? state.current}`, kind: NOTICE, dueAt: now, payload: { kind: 'REVOCATION_RESULT', initiatedAt: state.current } }],
          };
        }
        case 'RevocationRejected': {
          if (!state.current || state.answered) return { state };
          const schedule: DeadlineSpec[] = [{ key: `result:${state.keyId ?? state.current}`, kind: NOTICE, dueAt: now, payload: { kind: 'REVOCATION_RESULT', initiatedAt: state.current } }];
          // The contract ended (Art. 14) but its certificate stays live: staff must see it at once (BR §4.9.1.1).
          if (state.afterEnd) schedule.push({ key: `rejected-after-end:${state.keyId ?? state.current}`, kind: ESCALATE_REVOCATION, dueAt: now, payload: { initiatedAt: state.current } });
          // Art. 5, 7(2): the fee is still unpaid and nothing else will act on it: staff decide (billing may ask again).
          if (state.nonPayment) schedule.push({ key: `rejected-unpaid:${state.keyId ?? state.current}`, kind: ESCALATE_REVOCATION, dueAt: now, payload: { initiatedAt: state.current } });
          return { state: { ...state, answered: true, open: [] }, cancel: state.open, schedule };
        }
        case 'RevocationWithdrawn': {
          // Art. 5, 7(2): the fee was settled before the request went out; the customer is told it stopped.
          if (!state.current || state.answered || event.data.initiatedAt.toISOString() !== state.current) return { state };
          return {
            state: { ...state, answered: true, awaitingNotice: false, open: [] },
            cancel: state.open,
            schedule: [{ key: `result:${state.keyId ?? state.current}`, kind: NOTICE, dueAt: now, payload: { kind: 'REVOCATION_RESULT', initiatedAt: state.current } }],
          };
        }
        default:
          return { state };
      }
    },
  };
}
