import { InvalidInput, RuleViolation } from '../errors';
import type { Decider } from '../decider';
import { DEFAULT_POLICY, type DomainPolicy } from '../policy/domain-policy';
import { accept, refuse, type Decision } from '../result';
import { parseJapanDate, toJapanDate } from '../time/japan-date';
import { INPUT_LIMITS, text } from '../values/text';
import type { ServiceCommand } from './commands';
import type { ServiceEvent } from './events';
import { evolveService } from './evolve';
import { initialServiceState, type ServiceState } from './state';

const bad = (field: string, message: string) => refuse(new InvalidInput(field, message));

export type ServiceDecider = Decider<ServiceCommand, ServiceState, ServiceEvent>;

/** The service decider bound to a policy (the installation's initial terms version is its initial state). */
export function serviceDecider(policy: DomainPolicy = DEFAULT_POLICY): ServiceDecider {
  return { initialState: initialServiceState(policy), decide: decideService, evolve: evolveService };
}

/** decide for the `service` stream: Art. 6 suspension, Art. 13 terms revisions. */
export function decideService(command: ServiceCommand, state: ServiceState): Decision<ServiceEvent> {
  if (!(command.at instanceof Date) || !Number.isFinite(command.at.getTime())) return bad('at', 'the command needs the instant it is decided at');
  switch (command.type) {
    case 'SuspendService': {
      if (state.suspended) return refuse(new RuleViolation('Art. 6', `the service is already suspended since ${state.suspendedSince!.toISOString()}`));
      const reason = text(command.reason, 'reason', 'the reason for the suspension', INPUT_LIMITS.text);
      if (!reason.ok) return refuse(reason.error);
      return accept({ type: 'ServiceSuspended', data: { reason: reason.value, suspendedAt: command.at, by: command.actor } });
    }
    case 'ResumeService': {
      if (!state.suspended) return refuse(new RuleViolation('Art. 6', 'the service is not suspended'));
      const reason = command.reason == null || command.reason.trim() === '' ? null : command.reason.trim();
      return accept({ type: 'ServiceResumed', data: { reason, resumedAt: command.at, suspendedSince: state.suspendedSince!, by: command.actor } });
    }
    case 'ReviseTerms': {
      const version = text(command.version, 'version', 'the version', INPUT_LIMITS.termsVersion);
      if (!version.ok) return refuse(version.error);
      if (state.termsVersions.some((v) => v.version === version.value)) return refuse(new RuleViolation('Art. 13', `terms version ${version.value} already exists`));
      const effectiveFrom = parseJapanDate(command.effectiveFrom, 'effectiveFrom');
      if (!effectiveFrom.ok) return refuse(effectiveFrom.error);
      const today = toJapanDate(command.at);
      // Applications record the version in force at submission: a revision cannot reach into the past.
      if (effectiveFrom.value < today) return refuse(new RuleViolation('Art. 13', `a revision takes effect today (${today}) or later, not ${effectiveFrom.value}`));
      const latest = state.termsVersions[state.termsVersions.length - 1];
      if (effectiveFrom.value <= latest.effectiveFrom) {
        return refuse(new RuleViolation('Art. 13', `version ${latest.version} takes effect on ${latest.effectiveFrom}; a later revision must take effect after it`));
      }
      const summary = text(command.summary, 'summary', 'the summary of the changes', INPUT_LIMITS.text);
      if (!summary.ok) return refuse(summary.error);
      const sha = command.documentSha256 ?? null;
      if (sha !== null && !/^[0-9a-f]{64}$/.test(sha)) return bad('documentSha256', 'must be a lowercase hex SHA-256 digest');
      return accept({ type: 'TermsRevised', data: { version: version.value, effectiveFrom: effectiveFrom.value, summary: summary.value, documentSha256: sha, revisedAt: command.at, by: command.actor } });
    }
  }
}
