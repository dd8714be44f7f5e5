import { InvalidInput, RuleViolation } from '../../errors';
import type { Result } from '../../result';
import { accept, refuse } from '../../result';
import { HOUR_MS } from '../../time/durations';
import { addDays, parseJapanDate, startOfJapanDay, toJapanDate, type JapanDate } from '../../time/japan-date';
import { periodEnd } from '../../time/period';
import type { CancelContract, ExpireContract, NoticeTermination, TerminateContract } from '../commands';
import { coverageEndInstant } from '../coverage';
import type { ContractEvent } from '../events';
import { REVOCATION_TABLE } from '../revocation-table';
import { unrevokedCertificatesAt, type Contract } from '../state';
import { CANCELLATION_REASONS, NOTIFICATION_CHANNELS, VALID_CONTRACT_STATUSES, type CancellationReason } from '../types';
import { invalid, optionalText, pastDate, refuseWhileSuspended, requireStatus, text, violation, type Rule } from './common';
import { INPUT_LIMITS } from '../../values/text';
import { nonPaymentProblem } from './revocation';

function cancellation(c: Contract, reason: CancellationReason, at: Date, actor: Contract['submittedBy'], note: string | null): ContractEvent[] {
  const events: ContractEvent[] = [];
  if (c.pendingOrder) {
    events.push({ type: 'CertificateRequestCancelled', data: { caOrderId: c.pendingOrder.caOrderId, reason: `the contract is cancelled (${reason})`, cancelledAt: at } });
  }
  events.push({ type: 'ContractCancelled', data: { reason, cancelledAt: at, by: actor, note } });
  return events;
}

/**
 * DOMAIN.md, Art. 7: a contract that ends before any certificate was issued (non-payment, prohibited act,
 * the customer's request, …) is CANCELLED; a pending CA order is cancelled with it.
 */
export const cancelContract: Rule<CancelContract> = (cmd, c, policy) => {
  // DOMAIN.md statuses: cancelled until a certificate reached the customer; the undelivered one is then revoked at the CA.
  if (c.status === 'ACTIVE' || (c.status === 'ISSUED' && c.certificates.some((x) => x.deliveredAt !== null))) {
    return violation('Art. 7', 'a certificate was delivered: revoke it instead of cancelling');
  }
  if (c.status === 'SUBMITTED') return violation('Art. 4', 'an application under screening is withdrawn or fails screening, not cancelled');
  const refused = requireStatus(c, ['ACCEPTED', 'CERTIFICATE_REQUESTED', 'ISSUED'], 'Art. 11', 'only a contract with no certificate delivered yet can be cancelled');
  if (refused) return refused;
  if (!CANCELLATION_REASONS.includes(cmd.reason)) return invalid('reason', `"${String(cmd.reason)}" is not a reason to end a contract`);
  if (c.pendingOrder) {
    const suspended = refuseWhileSuspended(cmd.serviceSuspended, 'cancelling the CA order');
    if (suspended) return suspended;
  }
  if (cmd.reason === 'NON_PAYMENT') {
    const problem = nonPaymentProblem(c, cmd.at, policy);
    if (problem) return violation('Art. 7', `cancellation for non-payment is not due: ${problem} (Art. 5)`);
  }
  if (cmd.reason === 'TERMINATION') return violation('Art. 14', 'a termination takes effect with TerminateContract');
  const note = optionalText(cmd.note, 'note');
  if (!note.ok) return note;
  if (cmd.reason === 'PROHIBITED_ACT' && note.value === null) return invalid('note', 'record which prohibited act (Art. 3 proviso) SECOM confirmed');
  return accept(...cancellation(c, cmd.reason, cmd.at, cmd.actor, note.value));
};

/** Art. 11: at the end of coverage the contract expires (its certificates never outlive it). */
export const expireContract: Rule<ExpireContract> = (cmd, c) => {
  if (c.status === 'REVOCATION_REQUESTED') return violation('Art. 7', 'a revocation is in progress; its result ends the contract');
  const refused = requireStatus(c, ['ISSUED', 'ACTIVE'], 'Art. 11', 'only a contract with a certificate expires (before issuance it is cancelled)');
  if (refused) return refused;
  const end = coverageEndInstant(c.coverageEndsOn!);
  if (cmd.at.getTime() < end.getTime()) return violation('Art. 11', `coverage runs through ${c.coverageEndsOn} (Japan time)`);
  return accept({ type: 'ContractExpired', data: { coverageEndsOn: c.coverageEndsOn!, expiredAt: cmd.at } });
};

/**
 * Art. 14: the notice is given when it is sent. An e-mail goes out now, so its date is today (and may be
 * left out); a paper notice carries the date recorded, today or at most `backdateDays` back.
 */
function noticeDate(cmd: NoticeTermination, backdateDays: number): Result<JapanDate, InvalidInput> {
  const today = toJapanDate(cmd.at);
  if (cmd.channel === 'EMAIL') {
    if (cmd.noticedOn == null) return { ok: true, value: today };
    const d = parseJapanDate(cmd.noticedOn, 'noticedOn');
    if (!d.ok) return d;
    if (d.value !== today) return { ok: false, error: new InvalidInput('noticedOn', `an e-mailed notice is given when the e-mail goes out, today (${today}), not ${d.value}`) };
    return d;
  }
  if (cmd.noticedOn == null) return { ok: false, error: new InvalidInput('noticedOn', 'a paper notice needs the date it was given') };
  const d = pastDate(cmd.noticedOn, 'noticedOn', cmd.at);
  if (!d.ok) return d;
  if (d.value < addDays(today, -backdateDays)) {
    return { ok: false, error: new InvalidInput('noticedOn', `${d.value} is more than ${backdateDays} days back (today is ${today}); record a paper notice within ${backdateDays} days`) };
  }
  return d;
}

/**
 * Art. 14: SECOM may end the contract with at least 3 months' notice (configurable), in writing
 * (DOCUMENT) or by e-mail. The notice is also the customer notification.
 */
export const noticeTermination: Rule<NoticeTermination> = (cmd, c, policy) => {
  const refused = requireStatus(c, VALID_CONTRACT_STATUSES, 'Art. 14', 'only a valid contract can be given notice of termination');
  if (refused) return refused;
  if (c.termination) return violation('Art. 14', `notice was already given on ${c.termination.noticedOn}, effective ${c.termination.effectiveOn}`);
  if (!NOTIFICATION_CHANNELS.includes(cmd.channel)) return violation('Art. 14', 'notice is given in writing (DOCUMENT) or by e-mail (EMAIL)');
  const noticedOn = noticeDate(cmd, policy.terminationNoticeBackdateDays);
  if (!noticedOn.ok) return noticedOn;
  const effectiveOn = parseJapanDate(cmd.effectiveOn, 'effectiveOn');
  if (!effectiveOn.ok) return effectiveOn;
  // Civil Code Art. 140, 143: the months run from the day after the notice; the termination takes effect after them.
  const earliest = addDays(periodEnd(noticedOn.value, policy.terminationNoticeMonths), 1);
  if (effectiveOn.value < earliest) {
    return violation('Art. 14', `notice on ${noticedOn.value} allows termination on ${earliest} at the earliest (${policy.terminationNoticeMonths} months), not ${effectiveOn.value}`);
  }
  const reason = text(cmd.reason, 'reason', 'the reason', INPUT_LIMITS.text);
  if (!reason.ok) return reason;
  const recipient = text(cmd.recipient, 'recipient', 'the recipient', INPUT_LIMITS.recipient);
  if (!recipient.ok) return recipient;
  return accept(
    { type: 'ContractTerminationNoticed', data: { noticedOn: noticedOn.value, effectiveOn: effectiveOn.value, channel: cmd.channel, reason: reason.value, noticedBy: cmd.actor } },
    { type: 'CustomerNotified', data: { kind: 'TERMINATION_NOTICE', channel: cmd.channel, recipient: recipient.value, sentAt: cmd.at, termsVersion: null, note: reason.value } },
  );
};

/**
 * Why the noticed termination cannot take effect whatever the day or actor: no notice, a revocation in
 * progress (its result ends the contract), or the contract already ended.
 */
export function terminationRefusal(c: Contract): RuleViolation | null {
  if (!c.termination) return new RuleViolation('Art. 14', 'no termination notice was given');
  if (c.status === 'REVOCATION_REQUESTED') return new RuleViolation('Art. 7', 'a revocation is in progress; its result ends the contract');
  return requireStatus(c, ['ACCEPTED', 'CERTIFICATE_REQUESTED', 'ISSUED', 'ACTIVE'], 'Art. 14', 'the contract has already ended')?.error ?? null;
}

/**
 * Art. 14: on the effective date the contract ends. With a live certificate it is TERMINATED and its
 * revocation (TERMINATION, cessationOfOperation) is initiated — the termination notice was its notice.
 * Before issuance it is CANCELLED instead.
 */
export const terminateContract: Rule<TerminateContract> = (cmd, c) => {
  const t = c.termination;
  if (!t) return violation('Art. 14', 'no termination notice was given');
  if (cmd.actor.role !== 'SYSTEM' && cmd.actor.role !== 'ADMIN') return violation('Art. 14', `a termination takes effect by the termination saga or an admin, not ${cmd.actor.role}`);
  const refused = terminationRefusal(c);
  if (refused) return refuse(refused);
  if (cmd.at.getTime() < startOfJapanDay(t.effectiveOn).getTime()) {
    return violation('Art. 14', `the termination takes effect on ${t.effectiveOn} (today is ${toJapanDate(cmd.at)} in Japan)`);
  }
  if (c.status === 'ACCEPTED' || c.status === 'CERTIFICATE_REQUESTED') {
    if (c.pendingOrder) {
      const suspended = refuseWhileSuspended(cmd.serviceSuspended, 'cancelling the CA order');
      if (suspended) return suspended;
    }
    return accept(...cancellation(c, 'TERMINATION', cmd.at, cmd.actor, t.reason));
  }
  const events: ContractEvent[] = [{ type: 'ContractTerminated', data: { effectiveOn: t.effectiveOn, terminatedAt: cmd.at } }];
  const live = unrevokedCertificatesAt(c, cmd.at);
  if (live.length > 0) {
    const rule = REVOCATION_TABLE.TERMINATION;
    events.push({
      type: 'RevocationInitiated',
      data: {
        reason: 'TERMINATION', crlReason: 'CESSATION_OF_OPERATION', initiator: rule.initiator, noticeRule: rule.notice, by: cmd.actor,
        note: t.reason, serialNumbers: live.map((x) => x.serialNumber), initiatedAt: cmd.at,
        deadline: new Date(cmd.at.getTime() + rule.deadlineHours * HOUR_MS), supersededBy: null,
      },
    });
  }
  return accept(...events);
};
