import type { TermsRevisedData } from '@pfw/domain';
import { NOTICE } from '../actions/notices';
import type { DeadlineSpec, Reaction, SagaDefinition } from '../runtime/saga';

/** A revision as the saga keeps it: what the TERMS_CHANGED notice says. */
type Revision = { readonly version: string; readonly effectiveFrom: string; readonly summary: string; readonly documentSha256: string | null };

/** A contract the saga follows: the version it recorded at submission, and whether it was accepted (it runs). */
type Followed = { readonly recorded: string; readonly running: boolean };

export type TermsState = {
  /** Every revision announced, oldest first (the installation's initial version is none of them). */
  readonly revisions: readonly Revision[];
  /** Applications and contracts that have not ended or been refused, by contract id. */
  readonly contracts: { readonly [contractId: string]: Followed };
};

/**
 * What ends following a contract. A revocation ends a contract only once every certificate it covers is revoked
 * (one CertificateRevoked may be a leftover's while the contract runs on), so a revoked contract stays in the set
 * and its later notices are skipped when they would go out (the builder sees it REVOKED).
 */
const ENDS = ['ScreeningFailed', 'ApplicationWithdrawn', 'ContractCancelled', 'ContractExpired', 'ContractTerminated'] as const;

/** The revisions a contract that recorded `recorded` at submission was not submitted under: those announced after it. */
function newerThan(revisions: readonly Revision[], recorded: string): readonly Revision[] {
  return revisions.slice(revisions.findIndex((r) => r.version === recorded) + 1);
}

const notice = (contractId: string, r: Revision, dueAt: Date): DeadlineSpec => ({
  key: `terms-changed:${r.version}`,
  kind: NOTICE,
  dueAt,
  contractId,
  payload: { kind: 'TERMS_CHANGED', termsVersion: r.version, effectiveFrom: r.effectiveFrom, summary: r.summary, documentSha256: r.documentSha256 },
});

/**
 * 9. Terms revisions (Art. 13): the terms bind every running contract from a revision's effective date whether
 * or not anyone was told (`governingTermsVersion`), and SECOM tells its customers anyway — TERMS_CHANGED, once
 * per contract and revision, through the outbox like every notice (CustomerNotified records its delivery).
 *
 * - TermsRevised (the `service` stream) → the notice to each contract running at that point of the log.
 * - ScreeningPassed → the notice of each revision announced after the version the application recorded: an
 *   application submitted before a revision, or while one was announced but not yet in force (it records the
 *   version in force, which that revision replaces), is told when it becomes a contract. One submitted once the
 *   revision is in force records it and is told nothing.
 * - The contract is cancelled, expires or is terminated, or the application is refused or withdrawn → no longer
 *   followed (the notice builder also skips a contract that has ended by the time its notice goes out).
 *
 * Why its own state and not the read model: the set of running contracts is folded here from the same log, in
 * the same order, in the same transaction as the saga's checkpoint, so at a TermsRevised it holds exactly the
 * contracts running at that position — no projection lag, no contract accepted a moment later counted in or
 * one ended a moment before left out, and a replay after a crash sees the same set. The state is one row
 * (`scope: 'service'`): one entry per application or contract not ended (an id and a version), small beside
 * the contracts themselves. Each notice's deadline id is `terms/<contract>/terms-changed:<version>`, inserted
 * only when new, so a replayed event, a restart or a second worker never schedules one twice.
 */
export function termsSaga(): SagaDefinition<TermsState> {
  return {
    name: 'terms',
    scope: 'service',
    handles: ['TermsRevised', 'ApplicationSubmitted', 'ScreeningPassed', ...ENDS],
    initialState: { revisions: [], contracts: {} },
    react(state, { event, envelope, contractId }): Reaction<TermsState> {
      switch (event.type) {
        case 'TermsRevised': {
          const d: TermsRevisedData = event.data;
          const revision: Revision = { version: d.version, effectiveFrom: d.effectiveFrom, summary: d.summary, documentSha256: d.documentSha256 };
          const schedule = Object.entries(state.contracts)
            .filter(([, c]) => c.running && c.recorded !== d.version)
            .map(([id]) => notice(id, revision, envelope.occurredAt));
          return { state: { ...state, revisions: [...state.revisions, revision] }, schedule };
        }
        case 'ApplicationSubmitted':
          return { state: { ...state, contracts: { ...state.contracts, [contractId]: { recorded: event.data.termsVersion, running: false } } } };
        case 'ScreeningPassed': {
          const followed = state.contracts[contractId];
          if (!followed) return { state };
          const schedule = newerThan(state.revisions, followed.recorded).map((r) => notice(contractId, r, envelope.occurredAt));
          return { state: { ...state, contracts: { ...state.contracts, [contractId]: { ...followed, running: true } } }, schedule };
        }
        default: {
          if (!(contractId in state.contracts)) return { state };
          const { [contractId]: _ended, ...rest } = state.contracts;
          return { state: { ...state, contracts: rest } };
        }
      }
    },
  };
}
