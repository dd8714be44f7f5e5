import { REPLACE_SUPERSEDED } from '../actions/contract-actions';
import type { Reaction, SagaDefinition } from '../runtime/saga';

export type ReContractState = {
  readonly supersedes: string | null;
};

/**
 * 8. Re-contract (Art. 8, 9, 11): when the certificate of a contract that supersedes another is delivered,
 * the old contract's certificate is revoked (SUPERSEDED; the revocation saga notifies and asks the CA), or
 * the old contract is cancelled when it never got one.
 */
export function reContractSaga(): SagaDefinition<ReContractState> {
  return {
    name: 're-contract',
    handles: ['ApplicationSubmitted', 'CertificateDelivered'],
    initialState: { supersedes: null },
    react(state, { event, envelope, contractId }): Reaction<ReContractState> {
      switch (event.type) {
        case 'ApplicationSubmitted':
          return { state: { supersedes: event.data.supersedes } };
        case 'CertificateDelivered':
          if (!state.supersedes) return { state };
          return {
            state,
            schedule: [
              { key: `superseded-by:${contractId}`, kind: REPLACE_SUPERSEDED, dueAt: envelope.occurredAt, contractId: state.supersedes, payload: { supersededBy: contractId } },
            ],
          };
        default:
          return { state };
      }
    },
  };
}
