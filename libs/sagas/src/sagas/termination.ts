import { startOfJapanDay } from '@pfw/domain';
import { TERMINATE_CONTRACT } from '../actions/contract-actions';
import { NOTICE } from '../actions/notices';
import type { DeadlineSpec, Reaction, SagaDefinition } from '../runtime/saga';

export type TerminationState = {
  readonly open: readonly string[];
};

/**
 * 6. Termination (Art. 14): an e-mailed termination notice is sent (the notice itself was recorded with
 * ContractTerminationNoticed); on the effective date (00:00 Japan time) → TerminateContract, which ends the
 * contract and initiates the TERMINATION revocation (the revocation saga asks the CA; the notice was given).
 */
export function terminationSaga(): SagaDefinition<TerminationState> {
  return {
    name: 'termination',
    handles: ['ContractTerminationNoticed', 'ContractCancelled', 'ContractExpired', 'ContractTerminated'],
    initialState: { open: [] },
    react(state, { event, envelope }): Reaction<TerminationState> {
      switch (event.type) {
        case 'ContractTerminationNoticed': {
          const d = event.data;
          const schedule: DeadlineSpec[] = [{ key: `terminate:${d.effectiveOn}`, kind: TERMINATE_CONTRACT, dueAt: startOfJapanDay(d.effectiveOn) }];
          if (d.channel === 'EMAIL') schedule.push({ key: 'termination-notice', kind: NOTICE, dueAt: envelope.occurredAt, payload: { kind: 'TERMINATION_NOTICE' } });
          return { state: { open: schedule.map((s) => s.key).filter((k) => k.startsWith('terminate:')) }, schedule };
        }
        case 'ContractCancelled':
        case 'ContractExpired':
        case 'ContractTerminated':
          return { state: { open: [] }, cancel: state.open };
        default:
          return { state };
      }
    },
  };
}
