import { coverageEndInstant, coverageEndsOn, DAY_MS, type DomainPolicy } from '@pfw/domain';
import { EXPIRE_CONTRACT, REQUEST_STICKER_RETURN } from '../actions/contract-actions';
import { NOTICE } from '../actions/notices';
import { addMs, withKeys, type DeadlineSpec, type Reaction, type SagaDefinition } from '../runtime/saga';

export type EndOfContractState = {
  readonly planMonths: number | null;
  readonly stickerLent: boolean;
  readonly stickerReturned: boolean;
  readonly ended: boolean;
  /** The certificates a revocation must revoke before the contract is REVOKED (as the domain counts). */
  readonly revocationSerials: readonly string[];
  readonly revoked: readonly string[];
  readonly reminders: number;
  readonly open: readonly string[];
};

const initial: EndOfContractState = {
  planMonths: null, stickerLent: false, stickerReturned: false, ended: false, revocationSerials: [], revoked: [], reminders: 0, open: [],
};

/**
 * 5. End of contract (Art. 11, 12): at the end of coverage → ContractExpired. Whenever the contract ends
 * (expiry, revocation, termination, cancellation) with a sticker lent → StickerReturnRequested and the
 * STICKER_RETURN_REQUEST notice, then a reminder every `stickerReturnReminderEveryDays` until StickerReturned.
 */
export function endOfContractSaga(policy: DomainPolicy): SagaDefinition<EndOfContractState> {
  const everyMs = Math.max(1, policy.reminders.stickerReturnReminderEveryDays) * DAY_MS;
  const onEnd = (state: EndOfContractState, now: Date): Reaction<EndOfContractState> => {
    if (state.ended) return { state };
    const cancel = state.open.filter((k) => k === 'expire');
    const schedule: DeadlineSpec[] =
      state.stickerLent && !state.stickerReturned ? [{ key: 'sticker-return', kind: REQUEST_STICKER_RETURN, dueAt: now }] : [];
    return { state: { ...state, ended: true, open: withKeys(state.open.filter((k) => k !== 'expire'), schedule.map((s) => s.key)) }, cancel, schedule };
  };
  return {
    name: 'end-of-contract',
    handles: [
      'ApplicationSubmitted', 'ScreeningPassed', 'StickerLent', 'StickerReturnRequested', 'StickerReturned', 'CustomerNotified', 'RevocationInitiated', 'RevocationRequested',
      'CertificateRevoked', 'ContractCancelled', 'ContractExpired', 'ContractTerminated',
    ],
    initialState: initial,
    react(state, { event, envelope }): Reaction<EndOfContractState> {
      const now = envelope.occurredAt;
      switch (event.type) {
        case 'ApplicationSubmitted':
          return { state: { ...state, planMonths: event.data.planMonths } };
        case 'ScreeningPassed': {
          if (state.planMonths === null) return { state };
          const at = coverageEndInstant(coverageEndsOn(event.data.passedAt, state.planMonths));
          return { state: { ...state, open: withKeys(state.open, ['expire']) }, schedule: [{ key: 'expire', kind: EXPIRE_CONTRACT, dueAt: at }] };
        }
        case 'StickerLent':
          return { state: { ...state, stickerLent: true } };
        case 'StickerReturnRequested':
          return {
            state: { ...state, open: withKeys(state.open, ['sticker-notice:0']) },
            schedule: [{ key: 'sticker-notice:0', kind: NOTICE, dueAt: now, payload: { kind: 'STICKER_RETURN_REQUEST', reminderNumber: 0 } }],
          };
        case 'CustomerNotified': {
          if (event.data.kind !== 'STICKER_RETURN_REQUEST' || state.stickerReturned) return { state };
          const n = state.reminders + 1;
          const key = `sticker-notice:${n}`;
          return {
            state: { ...state, reminders: n, open: withKeys(state.open, [key]) },
            schedule: [{ key, kind: NOTICE, dueAt: addMs(event.data.sentAt, everyMs), payload: { kind: 'STICKER_RETURN_REQUEST', reminderNumber: n } }],
          };
        }
        case 'StickerReturned': {
          const cancel = state.open.filter((k) => k.startsWith('sticker-'));
          return { state: { ...state, stickerReturned: true, open: state.open.filter((k) => !cancel.includes(k)) }, cancel };
        }
        case 'RevocationInitiated':
          return { state: { ...state, revocationSerials: event.data.serialNumbers, revoked: [] } };
        case 'RevocationRequested':
          // A certificate that expired before the request went out dropped out of it (Art. 7).
          return { state: { ...state, revocationSerials: event.data.serialNumbers } };
        case 'CertificateRevoked': {
          const revoked = withKeys(state.revoked, [event.data.serialNumber]);
          const next = { ...state, revoked };
          const complete = state.revocationSerials.length > 0 && state.revocationSerials.every((s) => revoked.includes(s));
          return complete ? onEnd(next, now) : { state: next };
        }
        case 'ContractCancelled':
        case 'ContractExpired':
        case 'ContractTerminated':
          return onEnd(state, now);
        default:
          return { state };
      }
    },
  };
}
