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

/** What Art. 13's rules need of a terms version: its name and the Japan date it takes effect. */
export interface TermsVersionDate {
  readonly version: string;
  readonly effectiveFrom: string;
}

/** The terms versions known, oldest first, the first the installation's initial version (a `ServiceState`, or the read model's list). */
export interface TermsHistory {
  readonly termsVersions: readonly TermsVersionDate[];
}

/** Art. 13: the latest version whose effective date has come (Japan date of `at`). */
export function termsVersionInForce(terms: TermsHistory, at: Date): string {
  const today = toJapanDate(at);
  let current = terms.termsVersions[0].version;
  for (const v of terms.termsVersions) if (v.effectiveFrom <= today) current = v.version;
  return current;
}

/** What decides which version governs a contract: the version it recorded and when it stopped running. */
export interface TermsBoundContract {
  /** The version in force at submission. */
  readonly termsVersion: string;
  /** When it stopped running (ended, rejected or withdrawn; `closedAt` of the contract), null while it runs. */
  readonly closedAt: Date | null;
}

/**
 * Art. 13: the version that governs a contract at `at` — the latest version in force on that Japan date (on
 * the day it closed, for a contract that no longer runs), whether or not the customer was told: the terms
 * take effect without prior notice. Never older than the version the contract recorded at submission.
 * The one computation of it: the GraphQL field and every rule that depends on it use this function.
 */
export function governingTermsVersion(terms: TermsHistory, contract: TermsBoundContract, at: Date): string {
  const until = contract.closedAt !== null && contract.closedAt.getTime() < at.getTime() ? contract.closedAt : at;
  const inForce = termsVersionInForce(terms, until);
  const order = (version: string) => terms.termsVersions.findIndex((v) => v.version === version);
  return order(contract.termsVersion) > order(inForce) ? contract.termsVersion : inForce;
}
