import { coverageEndInstant, coverageEndsOn, DAY_MS, type DomainPolicy, toJapanDate } from '@pfw/domain';
import { NOTICE } from '../actions/notices';
import { without, withKeys, type DeadlineSpec, type Reaction, type SagaDefinition } from '../runtime/saga';

export type CoverageState = {
  readonly planMonths: number | null;
  readonly coverageEndsOn: string | null;
  readonly open: readonly string[];
};

/**
 * 4. Coverage (Art. 11): a plan is coverage served by a sequence of certificates. Before the current
 * certificate's not-after, while coverage continues past it, REISSUE_REMINDER asks for a new CSR (each of
 * `reissueReminderDaysBeforeNotAfter` once; a newer certificate replaces the reminders of the older one).
 * RENEWAL_REMINDER before coverage ends (a renewal is a new contract). The contract's end cancels them.
 */
export function coverageSaga(policy: DomainPolicy): SagaDefinition<CoverageState> {
  const { reissueReminderDaysBeforeNotAfter: reissueDays, renewalReminderDaysBeforeCoverageEnd: renewalDays } = policy.reminders;
  return {
    name: 'coverage',
    handles: ['ApplicationSubmitted', 'ScreeningPassed', 'CertificateIssued', 'ContractCancelled', 'ContractExpired', 'ContractTerminated'],
    initialState: { planMonths: null, coverageEndsOn: null, open: [] },
    react(state, { event, envelope }): Reaction<CoverageState> {
      const now = envelope.occurredAt;
      switch (event.type) {
        case 'ApplicationSubmitted':
          return { state: { ...state, planMonths: event.data.planMonths } };
        case 'ScreeningPassed': {
          if (state.planMonths === null) return { state };
          const end = coverageEndsOn(event.data.passedAt, state.planMonths);
          const endAt = coverageEndInstant(end);
          const schedule: DeadlineSpec[] = [];
          for (const days of renewalDays) {
            const at = new Date(endAt.getTime() - days * DAY_MS);
            if (at.getTime() > now.getTime()) schedule.push({ key: `renewal:${days}`, kind: NOTICE, dueAt: at, payload: { kind: 'RENEWAL_REMINDER' } });
          }
          return { state: { ...state, coverageEndsOn: end, open: withKeys(state.open, schedule.map((s) => s.key)) }, schedule };
        }
        case 'CertificateIssued': {
          const { serialNumber, notAfter } = event.data;
          const older = state.open.filter((k) => k.startsWith('reissue:') && !k.startsWith(`reissue:${serialNumber}:`));
          // Coverage continues past this certificate: its last day is before the last covered day.
          if (state.coverageEndsOn === null || toJapanDate(notAfter) >= state.coverageEndsOn) {
            return { state: { ...state, open: without(state.open, older) }, cancel: older };
          }
          const schedule: DeadlineSpec[] = [];
          for (const days of reissueDays) {
            const at = new Date(notAfter.getTime() - days * DAY_MS);
            if (at.getTime() > now.getTime()) {
              schedule.push({ key: `reissue:${serialNumber}:${days}`, kind: NOTICE, dueAt: at, payload: { kind: 'REISSUE_REMINDER', serialNumber } });
            }
          }
          return { state: { ...state, open: withKeys(without(state.open, older), schedule.map((s) => s.key)) }, cancel: older, schedule };
        }
        case 'ContractCancelled':
        case 'ContractExpired':
        case 'ContractTerminated':
          // (A revoked contract's reminders find it REVOKED and do nothing: a rejected revocation keeps them.)
          return { state: { ...state, open: [] }, cancel: state.open };
        default:
          return { state };
      }
    },
  };
}
