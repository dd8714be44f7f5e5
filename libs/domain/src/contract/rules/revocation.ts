import type { Actor } from '../../actor';
import type { DomainPolicy } from '../../policy/domain-policy';
import { accept, type Decision } from '../../result';
import { HOUR_MS } from '../../time/durations';
import { addDays, startOfJapanDay } from '../../time/japan-date';
import type {
  InitiateRevocation, RecordCertificateRevoked, RecordRevocationOutcome, RecordRevocationRejected, ReportTrustImpaired, SendRevocationRequest,
} from '../commands';
import type { ContractEvent, RevocationInitiatedData } from '../events';
import { CUSTOMER_CHOOSABLE_CRL_REASONS, REVOCATION_TABLE, STAFF_MAY_ALSO_START, type RevocationInitiator } from '../revocation-table';
import { isUndeliveredLeftover, unrevokedCertificatesAt, type Contract } from '../state';
import { CRL_REASONS, REVOCATION_REASONS, TRUST_IMPAIRED_CAUSES, type CrlReason, type RevocationReason, type Role } from '../types';
import { instant, invalid, optionalText, refuseWhileSuspended, text, violation, type Rule } from './common';
import { INPUT_LIMITS } from '../../values/text';

/** "Who starts it" (DOMAIN.md revocation table), as the roles allowed to record it. */
const ROLES_BY_INITIATOR: Readonly<Record<RevocationInitiator, readonly Role[]>> = {
  CUSTOMER_REPORT: ['OPERATOR', 'ADMIN'],
  OPERATOR: ['OPERATOR', 'ADMIN'],
  SYSTEM: ['SYSTEM', 'ADMIN'],
};

function initiatorProblem(initiator: RevocationInitiator, actor: Actor, reason?: RevocationReason): string | null {
  const roles = [...ROLES_BY_INITIATOR[initiator], ...((reason && STAFF_MAY_ALSO_START[reason]) ?? [])];
  return roles.includes(actor.role) ? null : `this revocation is started by ${roles.join(' or ')}, not ${actor.role}`;
}

/** Art. 5, 7(2): non-payment allows revocation (or cancellation) once overdue and past the grace period. */
export function nonPaymentProblem(c: Contract, at: Date, policy: DomainPolicy): string | null {
  const inv = c.invoice;
  if (!inv) return 'no invoice was issued';
  if (inv.settled) return `invoice ${inv.invoiceId} is settled`;
  if (!inv.overdueSince || inv.dueOn === null) return `invoice ${inv.invoiceId} is not overdue`;
  const from = startOfJapanDay(addDays(inv.dueOn, 1 + policy.nonPaymentGraceDays));
  if (at.getTime() < from.getTime()) return `the ${policy.nonPaymentGraceDays}-day grace period runs until ${from.toISOString()}`;
  return null;
}

function revocationInProgress(c: Contract): boolean {
  return c.revocation !== null && (c.revocation.status === 'INITIATED' || c.revocation.status === 'REQUESTED');
}

/** Events that send an initiated revocation to the CA: a pending reissue order is cancelled first. */
function requestEvents(c: Contract, data: RevocationInitiatedData, caOrderId: string, at: Date, serialNumbers: readonly string[]): ContractEvent[] {
  const events: ContractEvent[] = [];
  if (c.pendingOrder) {
    events.push({ type: 'CertificateRequestCancelled', data: { caOrderId: c.pendingOrder.caOrderId, reason: `the contract is being revoked (${data.reason})`, cancelledAt: at } });
  }
  events.push({
    type: 'RevocationRequested',
    data: { reason: data.reason, crlReason: data.crlReason, caOrderId, serialNumbers, requestedAt: at, deadline: data.deadline },
  });
  return events;
}

/**
 * Art. 7(1): the customer reports that trust in the certificate is impaired (KEY_COMPROMISE → CRL
 * keyCompromise, OTHER → unspecified). No notice: the request goes to the CA at once, 24 h deadline — or,
 * while the service is suspended (Art. 6), as soon as it resumes (SendRevocationRequest).
 */
export const reportTrustImpaired: Rule<ReportTrustImpaired> = (cmd, c) => {
  if (c.status === 'ACCEPTED' || c.status === 'CERTIFICATE_REQUESTED') {
    return violation('Art. 7', 'no certificate was issued yet: cancel the CA order instead (CancelContract)');
  }
  // BR §4.9.1.1: any certificate still live is revoked on a key compromise, whatever the contract's state (a
  // terminated contract's included); the live-certificate check below refuses when none is left.
  if (c.status === 'SUBMITTED' || c.status === 'REJECTED' || c.status === 'WITHDRAWN') return violation('Art. 7', `the contract is ${c.status}; there is no certificate to revoke`);
  if (c.revocation?.status === 'REQUESTED') return violation('Art. 7', `revocation (${c.revocation.reason}) is already with the CA`);
  const who = initiatorProblem('CUSTOMER_REPORT', cmd.actor);
  if (who) return violation('Art. 7', who);
  if (!TRUST_IMPAIRED_CAUSES.includes(cmd.cause)) return invalid('cause', `must be one of ${TRUST_IMPAIRED_CAUSES.join(', ')}`);
  const reportedAt = instant(cmd.reportedAt, 'reportedAt');
  if (!reportedAt.ok) return reportedAt;
  if (reportedAt.value.getTime() > cmd.at.getTime()) return invalid('reportedAt', 'is in the future');
  const note = optionalText(cmd.note, 'note');
  if (!note.ok) return note;
  const live = unrevokedCertificatesAt(c, cmd.at);
  if (live.length === 0) return violation('Art. 7', 'only an issued, unrevoked, unexpired certificate can be revoked; none is left');
  const reason = cmd.cause === 'KEY_COMPROMISE' ? 'KEY_COMPROMISE' : 'TRUST_IMPAIRED';
  const rule = REVOCATION_TABLE[reason];
  const data: RevocationInitiatedData = {
    reason,
    crlReason: rule.crlReason as CrlReason,
    initiator: rule.initiator,
    noticeRule: rule.notice,
    by: cmd.actor,
    note: note.value,
    serialNumbers: live.map((x) => x.serialNumber),
    initiatedAt: cmd.at,
    deadline: new Date(reportedAt.value.getTime() + rule.deadlineHours * HOUR_MS),
    supersededBy: null,
  };
  const initiated: ContractEvent = { type: 'RevocationInitiated', data };
  if (typeof cmd.serviceSuspended !== 'boolean') return invalid('serviceSuspended', 'the service state must be given');
  if (cmd.serviceSuspended) return accept(initiated); // Art. 6: queued; SendRevocationRequest on resume.
  const caOrderId = text(cmd.caOrderId, 'caOrderId', 'the CA order id', INPUT_LIMITS.reference);
  if (!caOrderId.ok) return caOrderId;
  return accept(initiated, ...requestEvents(c, data, caOrderId.value, cmd.at, data.serialNumbers));
};

/** Art. 7(2), 14 and the sagas: a revocation SECOM decides. The notice and the CA request follow. */
export const initiateRevocation: Rule<InitiateRevocation> = (cmd, c, policy) => {
  if (!REVOCATION_REASONS.includes(cmd.reason)) return invalid('reason', `"${String(cmd.reason)}" is not a revocation reason`);
  if ((cmd.reason as string) === 'KEY_COMPROMISE' || (cmd.reason as string) === 'TRUST_IMPAIRED') {
    return invalid('reason', 'a customer’s trust-impaired report is recorded with ReportTrustImpaired (Art. 7(1))');
  }
  const rule = REVOCATION_TABLE[cmd.reason];
  const who = initiatorProblem(rule.initiator, cmd.actor, cmd.reason);
  if (who) return violation('Art. 7', who);
  if (c.status === 'ACCEPTED' || c.status === 'CERTIFICATE_REQUESTED') {
    return violation('Art. 7', 'no certificate was issued yet: the CA order is cancelled instead (CancelContract)');
  }
  if (cmd.reason === 'TERMINATION') {
    if (c.status !== 'TERMINATED') return violation('Art. 14', 'a TERMINATION revocation follows the termination taking effect (TerminateContract)');
  } else if (c.status !== 'ISSUED' && c.status !== 'ACTIVE') {
    return violation('Art. 7', `the contract is ${c.status}; only an issued, unrevoked, unexpired certificate can be revoked`);
  }
  if (revocationInProgress(c)) return violation('Art. 7', `a revocation (${c.revocation!.reason}) is already in progress`);
  const live = unrevokedCertificatesAt(c, cmd.at);
  if (live.length === 0) return violation('Art. 7', 'only an issued, unrevoked, unexpired certificate can be revoked; none is left');

  let crlReason: CrlReason;
  if (rule.crlReason === 'CUSTOMER_CHOICE') {
    crlReason = cmd.crlReason ?? 'UNSPECIFIED';
    if (!CUSTOMER_CHOOSABLE_CRL_REASONS.includes(crlReason)) {
      return invalid('crlReason', `the customer may choose ${CUSTOMER_CHOOSABLE_CRL_REASONS.join(', ')}`);
    }
  } else {
    crlReason = rule.crlReason;
    if (cmd.crlReason != null && cmd.crlReason !== crlReason) {
      return invalid('crlReason', `a ${cmd.reason} revocation uses CRL reason ${crlReason}; the choice is the customer’s only for CUSTOMER_REQUEST`);
    }
  }
  if (cmd.crlReason != null && !CRL_REASONS.includes(cmd.crlReason)) return invalid('crlReason', `"${String(cmd.crlReason)}" is not a CRL reason`);
  const note = optionalText(cmd.note, 'note');
  if (!note.ok) return note;
  if (cmd.reason === 'PROHIBITED_ACT' && note.value === null) return invalid('note', 'record which prohibited act (Art. 3 proviso) SECOM confirmed');
  if (cmd.reason === 'BREACH' && note.value === null) return invalid('note', 'record how the certificate or sticker was copied, transferred or lent on (Art. 10)');
  if (cmd.reason === 'NON_PAYMENT') {
    const problem = nonPaymentProblem(c, cmd.at, policy);
    if (problem) return violation('Art. 7', `non-payment revocation is not due: ${problem} (Art. 5)`);
  }
  let supersededBy: string | null = null;
  if (cmd.reason === 'SUPERSEDED') {
    const s = text(cmd.supersededBy, 'supersededBy', 'the superseding contract id', INPUT_LIMITS.identifier);
    if (!s.ok) return s;
    supersededBy = s.value;
  }
  return accept({
    type: 'RevocationInitiated',
    data: {
      reason: cmd.reason,
      crlReason,
      initiator: rule.initiator,
      noticeRule: rule.notice,
      by: cmd.actor,
      note: note.value,
      serialNumbers: live.map((x) => x.serialNumber),
      initiatedAt: cmd.at,
      deadline: new Date(cmd.at.getTime() + rule.deadlineHours * HOUR_MS),
      supersededBy,
    },
  });
};

/**
 * Sends an initiated revocation to the CA. Art. 7(2): a SECOM-initiated revocation needs its notice
 * (REVOCATION_NOTICE, or for TERMINATION the termination notice) first. Art. 6: not while suspended.
 */
export const sendRevocationRequest: Rule<SendRevocationRequest> = (cmd, c) => {
  const r = c.revocation;
  if (!r || r.status !== 'INITIATED') return violation('Art. 7', 'no revocation is waiting to go to the CA');
  // Art. 5: a payment counts by the day the money arrived, whenever it is recorded: a fee settled meanwhile
  // stops the request (no CA is involved, so not even a suspension holds it).
  if (r.reason === 'NON_PAYMENT' && c.invoice?.settled) {
    return accept({
      type: 'RevocationWithdrawn',
      data: { reason: r.reason, initiatedAt: r.initiatedAt, withdrawnAt: cmd.at, why: `invoice ${c.invoice.invoiceId} was settled (paid on ${c.invoice.settledOn})` },
    });
  }
  const suspended = refuseWhileSuspended(cmd.serviceSuspended, 'the revocation request');
  if (suspended) return suspended;
  if (r.noticeRule !== 'NONE' && r.noticeGivenAt === null) {
    const what = r.noticeRule === 'TERMINATION_NOTICE' ? 'the termination notice' : 'a REVOCATION_NOTICE';
    return violation('Art. 7', `Art. 7(2): SECOM informs the customer (${what}) before asking the CA to revoke (${r.reason})`);
  }
  const live = unrevokedCertificatesAt(c, cmd.at).map((x) => x.serialNumber).filter((s) => r.serialNumbers.includes(s));
  if (live.length === 0) return violation('Art. 7', 'the certificates expired or were revoked meanwhile; nothing is left to revoke');
  const caOrderId = text(cmd.caOrderId, 'caOrderId', 'the CA order id', INPUT_LIMITS.reference);
  if (!caOrderId.ok) return caOrderId;
  const data: RevocationInitiatedData = {
    reason: r.reason, crlReason: r.crlReason, initiator: r.initiator, noticeRule: r.noticeRule, by: r.by, note: r.note,
    serialNumbers: r.serialNumbers, initiatedAt: r.initiatedAt, deadline: r.deadline, supersededBy: r.supersededBy,
  };
  return accept(...requestEvents(c, data, caOrderId.value, cmd.at, live));
};

/** Art. 7(3): the CA's result. A revocation (any reason) ends the contract once every instance is revoked. */
export const recordCertificateRevoked: Rule<RecordCertificateRevoked> = (cmd, c) => {
  const leftover = c.certificates.find((x) => x.serialNumber === cmd.serialNumber);
  if (leftover && isUndeliveredLeftover(c, leftover) && !(c.revocation?.status === 'REQUESTED' && c.revocation.serialNumbers.includes(cmd.serialNumber))) {
    return recordLeftoverRevoked(cmd);
  }
  const r = c.revocation;
  if (!r || r.status !== 'REQUESTED') return violation('Art. 7', 'no revocation request is open at the CA');
  if (!r.serialNumbers.includes(cmd.serialNumber)) return invalid('serialNumber', `certificate ${String(cmd.serialNumber)} is not part of the revocation request`);
  if (r.revokedSerialNumbers.includes(cmd.serialNumber)) return invalid('serialNumber', `certificate ${cmd.serialNumber} is already recorded as revoked`);
  const revokedAt = instant(cmd.revokedAt, 'revokedAt');
  if (!revokedAt.ok) return revokedAt;
  if (cmd.crlReason !== r.crlReason) return invalid('crlReason', `the request asked for ${r.crlReason}, the CA reported ${String(cmd.crlReason)}`);
  const caReference = text(cmd.caReference, 'caReference', 'the CA reference', INPUT_LIMITS.reference);
  if (!caReference.ok) return caReference;
  return accept({ type: 'CertificateRevoked', data: { serialNumber: cmd.serialNumber, revokedAt: revokedAt.value, crlReason: r.crlReason, caReference: caReference.value } });
};

/**
 * DOMAIN.md Art. 7: a certificate nobody received (issued for an order cancelled meanwhile, or never delivered
 * before the contract ended) is revoked at the CA with cessationOfOperation and recorded on the contract.
 */
function recordLeftoverRevoked(cmd: RecordCertificateRevoked): Decision<ContractEvent> {
  const revokedAt = instant(cmd.revokedAt, 'revokedAt');
  if (!revokedAt.ok) return revokedAt;
  if (cmd.crlReason !== 'CESSATION_OF_OPERATION') return invalid('crlReason', `a certificate nobody received is revoked as CESSATION_OF_OPERATION, not ${String(cmd.crlReason)}`);
  const caReference = text(cmd.caReference, 'caReference', 'the CA reference', INPUT_LIMITS.reference);
  if (!caReference.ok) return caReference;
  return accept({ type: 'CertificateRevoked', data: { serialNumber: cmd.serialNumber, revokedAt: revokedAt.value, crlReason: cmd.crlReason, caReference: caReference.value } });
}

/** Art. 7(3): the CA refused; the contract goes back to where it was (ACTIVE or ISSUED). */
export const recordRevocationRejected: Rule<RecordRevocationRejected> = (cmd, c) => {
  const r = c.revocation;
  if (!r || r.status !== 'REQUESTED') return violation('Art. 7', 'no revocation request is open at the CA');
  if (!r.serialNumbers.includes(cmd.serialNumber)) return invalid('serialNumber', `certificate ${String(cmd.serialNumber)} is not part of the revocation request`);
  const error = text(cmd.error, 'error', 'the CA’s error', INPUT_LIMITS.text);
  if (!error.ok) return error;
  return accept({ type: 'RevocationRejected', data: { serialNumber: cmd.serialNumber, rejectedAt: cmd.at, error: error.value } });
};

/**
 * Art. 7, "No dead ends": a request past its BR deadline with no answer from the CA here is closed by staff
 * with the answer the CA gave by another channel — REVOKED (every certificate of the request, at revokedAt)
 * or REJECTED (the contract returns to where it was).
 */
export const recordRevocationOutcome: Rule<RecordRevocationOutcome> = (cmd, c) => {
  if (cmd.outcome !== 'REVOKED' && cmd.outcome !== 'REJECTED') return invalid('outcome', 'must be REVOKED or REJECTED');
  let revokedAt: Date | null = null;
  if (cmd.outcome === 'REVOKED') {
    if (cmd.revokedAt == null) return invalid('revokedAt', 'when the CA revoked the certificate is required for REVOKED');
    const at = instant(cmd.revokedAt, 'revokedAt');
    if (!at.ok) return at;
    if (at.value.getTime() > cmd.at.getTime()) return invalid('revokedAt', 'is in the future');
    revokedAt = at.value;
  }
  const note = optionalText(cmd.note, 'note');
  if (!note.ok) return note;
  const r = c.revocation;
  if (!r || r.status !== 'REQUESTED') return violation('Art. 7', 'no revocation request is open at the CA');
  if (cmd.actor.role !== 'OPERATOR' && cmd.actor.role !== 'ADMIN') return violation('Art. 7', `the CA’s answer is recorded by an operator, not ${cmd.actor.role}`);
  if (cmd.at.getTime() < r.deadline.getTime()) {
    return violation('Art. 7', `the request is within its deadline (${r.deadline.toISOString()}): the CA’s answer arrives through the gateway`);
  }
  const outstanding = r.serialNumbers.filter((s) => !r.revokedSerialNumbers.includes(s));
  if (revokedAt === null) {
    return accept({ type: 'RevocationRejected', data: { serialNumber: outstanding[0] ?? r.serialNumbers[0]!, rejectedAt: cmd.at, error: note.value ?? 'rejected by the CA (recorded by staff)' } });
  }
  if (r.requestedAt && revokedAt.getTime() < r.requestedAt.getTime()) return invalid('revokedAt', 'is before the request went to the CA');
  const caReference = `recorded by ${cmd.actor.id}${note.value ? `: ${note.value}` : ''}`.slice(0, INPUT_LIMITS.reference);
  const when = revokedAt;
  return accept(...outstanding.map((serialNumber): ContractEvent => ({ type: 'CertificateRevoked', data: { serialNumber, revokedAt: when, crlReason: r.crlReason, caReference } })));
};
