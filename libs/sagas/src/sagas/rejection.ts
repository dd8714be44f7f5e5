import { DISCARD_DOCUMENTS } from '../actions/contract-actions';
import { NOTICE } from '../actions/notices';
import { SHRED_PERSONAL_DATA } from '../actions/personal-data';
import type { Reaction, SagaDefinition } from '../runtime/saga';

export type RejectionState = {
  readonly outcome: 'REJECTED' | 'WITHDRAWN' | null;
};

/**
 * 7. Rejection / withdrawal (Art. 4): a rejection → SCREENING_RESULT notice, and once it reached the
 * customer the files are deleted → SubmittedDocumentsDiscarded. A withdrawal → the files are deleted at once
 * (the domain records a SCREENING_RESULT only for a screening that happened, so no notice is sent for it).
 * Then, once SubmittedDocumentsDiscarded is recorded, the personal data is crypto-shredded.
 */
export function rejectionSaga(): SagaDefinition<RejectionState> {
  return {
    name: 'rejection',
    handles: ['ScreeningFailed', 'ApplicationWithdrawn', 'CustomerNotified', 'SubmittedDocumentsDiscarded'],
    initialState: { outcome: null },
    react(state, { event, envelope }): Reaction<RejectionState> {
      const now = envelope.occurredAt;
      switch (event.type) {
        case 'ScreeningFailed':
          return { state: { outcome: 'REJECTED' }, schedule: [{ key: 'screening-result', kind: NOTICE, dueAt: now, payload: { kind: 'SCREENING_RESULT' } }] };
        case 'ApplicationWithdrawn':
          return { state: { outcome: 'WITHDRAWN' }, schedule: [{ key: 'discard', kind: DISCARD_DOCUMENTS, dueAt: now }] };
        case 'CustomerNotified':
          if (event.data.kind !== 'SCREENING_RESULT' || state.outcome !== 'REJECTED') return { state };
          return { state, schedule: [{ key: 'discard', kind: DISCARD_DOCUMENTS, dueAt: now }] };
        case 'SubmittedDocumentsDiscarded':
          if (state.outcome === null) return { state };
          return { state, schedule: [{ key: 'shred', kind: SHRED_PERSONAL_DATA, dueAt: now }] };
        default:
          return { state };
      }
    },
  };
}
