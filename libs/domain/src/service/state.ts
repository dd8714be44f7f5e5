import type { DomainPolicy } from '../policy/domain-policy';
import { DEFAULT_POLICY } from '../policy/domain-policy';
import { japanDate, toJapanDate, type JapanDate } from '../time/japan-date';

export interface TermsVersionRecord {
  readonly version: string;
  readonly effectiveFrom: JapanDate;
  readonly summary: string;
  readonly documentSha256: string | null;
}

export interface ServiceState {
  readonly suspended: boolean;
  readonly suspensionReason: string | null;
  readonly suspendedSince: Date | null;
  /** Oldest first; the first is the installation's initial version (Art. 13). */
  readonly termsVersions: readonly TermsVersionRecord[];
}

/** A new installation: running, with the configured initial terms version in force from the start. */
export function initialServiceState(policy: DomainPolicy = DEFAULT_POLICY): ServiceState {
  return {
    suspended: false,
    suspensionReason: null,
    suspendedSince: null,
    termsVersions: [{ version: policy.initialTermsVersion, effectiveFrom: japanDate('1970-01-01'), summary: 'initial terms', documentSha256: null }],
  };
}

/** Art. 13: the latest version whose effective date has come (Japan date of `at`). */
export function termsVersionInForce(state: ServiceState, at: Date): string {
  const today = toJapanDate(at);
  let current = state.termsVersions[0].version;
  for (const v of state.termsVersions) if (v.effectiveFrom <= today) current = v.version;
  return current;
}
