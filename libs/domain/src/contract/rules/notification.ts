import { accept } from '../../result';
import type { Article } from '../../errors';
import type { AssessCompensation, NotifyCustomer } from '../commands';
import { compensation } from '../compensation';
import type { Contract } from '../state';
import { FINAL_STATUSES, NOTIFICATION_CHANNELS, NOTIFICATION_KINDS, type NotificationKind } from '../types';
import { invalid, optionalText, pastDate, text, violation, type Rule } from './common';
import { INPUT_LIMITS } from '../../values/text';
import { invoiceReceived } from './billing';
import type { ContractEvent } from '../events';
import { feeFor } from '../../policy/domain-policy';
import { invoiceAmounts } from '../../values/money';
import { toJapanDate } from '../../time/japan-date';

/** When each kind of notice makes sense (its article, and the fact that must already be in the stream). */
const NOTICE_PRECONDITIONS: Readonly<Record<Exclude<NotificationKind, 'TERMINATION_NOTICE'>, { article: Article; check: (c: Contract) => string | null }>> = {
  SCREENING_RESULT: { article: 'Art. 4', check: (c) => (c.screening ? null : 'there is no screening result yet') },
  DOCUMENTS_REQUESTED: {
    article: 'Art. 4',
    check: (c) => (c.status === 'SUBMITTED' && c.outstandingDocumentKinds.length > 0 ? null : 'no additional documents are awaited'),
  },
  INVOICE: { article: 'Art. 5', check: (c) => (c.invoice ? null : 'no invoice was issued') },
  PAYMENT_REMINDER: { article: 'Art. 5', check: (c) => (c.invoice && !c.invoice.settled ? null : 'no invoice is outstanding') },
  REVOCATION_NOTICE: {
    article: 'Art. 7',
    check: (c) => {
      // A decided revocation awaiting its notice, or (before issuance) the coming cancellation.
      if (c.revocation?.status === 'INITIATED' && c.revocation.noticeRule === 'REVOCATION_NOTICE') return null;
      if (c.status === 'ACCEPTED' || c.status === 'CERTIFICATE_REQUESTED') return null;
      // After a cancellation (the CA's refusal, an operator's), once: the customer is told it happened.
      const cancelledAt = c.cancellation?.at.getTime();
      if (c.status === 'CANCELLED' && cancelledAt !== undefined && !c.notifications.some((n) => n.kind === 'REVOCATION_NOTICE' && n.sentAt.getTime() >= cancelledAt)) return null;
      return 'no revocation is waiting for its notice';
    },
  },
  REVOCATION_RESULT: {
    article: 'Art. 7',
    check: (c) => {
      if (c.revocation && (c.revocation.status === 'REVOKED' || c.revocation.status === 'REJECTED')) return null;
      // Art. 5, 7(2): a NON_PAYMENT revocation withdrawn because the fee was settled: the customer is told it stopped.
      if (c.revocation === null && c.pastRevocations[c.pastRevocations.length - 1]?.withdrawnAt) return null;
      return 'the CA has not answered a revocation request';
    },
  },
  CERTIFICATE_DELIVERY: { article: 'Art. 4', check: (c) => (c.certificates.length > 0 ? null : 'no certificate was issued') },
  REISSUE_REMINDER: { article: 'Art. 11', check: (c) => (c.status === 'ACTIVE' ? null : 'reissues are only for an active contract') },
  RENEWAL_REMINDER: { article: 'Art. 11', check: (c) => (c.status === 'ACTIVE' || c.status === 'ISSUED' ? null : 'renewal reminders are only for a running contract') },
  STICKER_RETURN_REQUEST: { article: 'Art. 12', check: (c) => (c.sticker.status === 'RETURN_REQUESTED' ? null : 'the sticker’s return was not requested') },
  TERMS_CHANGED: { article: 'Art. 13', check: (c) => (FINAL_STATUSES.includes(c.status) ? 'the contract is over' : null) },
};

/** Records that a notice reached the customer (DOMAIN.md CustomerNotified: kinds and channels). */
export const notifyCustomer: Rule<NotifyCustomer> = (cmd, c, policy) => {
  if ((cmd.kind as string) === 'TERMINATION_NOTICE') return invalid('kind', 'a termination notice is given with NoticeTermination (Art. 14)');
  if (!NOTIFICATION_KINDS.includes(cmd.kind)) return invalid('kind', `"${String(cmd.kind)}" is not a notification kind`);
  if (!NOTIFICATION_CHANNELS.includes(cmd.channel)) return invalid('channel', `must be one of ${NOTIFICATION_CHANNELS.join(', ')}`);
  const recipient = text(cmd.recipient, 'recipient', 'the recipient', INPUT_LIMITS.recipient);
  if (!recipient.ok) return recipient;
  const rule = NOTICE_PRECONDITIONS[cmd.kind];
  const problem = rule.check(c);
  if (problem) return violation(rule.article, `${cmd.kind} cannot be sent: ${problem}`);
  let termsVersion: string | null = null;
  if (cmd.kind === 'TERMS_CHANGED') {
    const v = text(cmd.termsVersion, 'termsVersion', 'the terms version announced', INPUT_LIMITS.termsVersion);
    if (!v.ok) return v;
    // Told once per revision; the version recorded at submission was the one the customer applied under.
    if (v.value === c.termsVersion) return violation('Art. 13', `the contract was submitted under terms version ${v.value}`);
    if (c.notifications.some((n) => n.kind === 'TERMS_CHANGED' && n.termsVersion === v.value)) {
      return violation('Art. 13', `the customer was already told of terms version ${v.value}`);
    }
    termsVersion = v.value;
  }
  const note = optionalText(cmd.note, 'note');
  if (!note.ok) return note;
  const notified: ContractEvent = { type: 'CustomerNotified', data: { kind: cmd.kind, channel: cmd.channel, recipient: recipient.value, sentAt: cmd.at, termsVersion, note: note.value } };
  // Art. 5: the invoice is received when its notice actually goes out.
  const received = cmd.kind === 'INVOICE' ? invoiceReceived(c, cmd.at, policy) : null;
  return received ? accept(notified, received) : accept(notified);
};

/**
 * Art. 15: compensation for damage caused by a certificate, capped at the fee received, pro rata to the
 * remaining whole months of coverage after the incident.
 */
export const assessCompensation: Rule<AssessCompensation> = (cmd, c, policy) => {
  if (c.coverageStartsOn === null || c.coverageEndsOn === null) return violation('Art. 15', 'the application was never accepted: there is no coverage to compensate');
  const incidentOn = pastDate(cmd.incidentOn, 'incidentOn', cmd.at);
  if (!incidentOn.ok) return violation('Art. 15', `the incident date must be a past date: ${incidentOn.error.message}`);
  if (incidentOn.value < c.coverageStartsOn || incidentOn.value > c.coverageEndsOn) {
    return violation('Art. 15', `the incident (${incidentOn.value}) lies outside the coverage ${c.coverageStartsOn} – ${c.coverageEndsOn}`);
  }
  if (c.endedAt && incidentOn.value > toJapanDate(c.endedAt)) {
    return violation('Art. 15', `the incident (${incidentOn.value}) is after the contract ended (${toJapanDate(c.endedAt)})`);
  }
  let contractFee: number;
  if (c.invoice) contractFee = c.invoice.totalJpy;
  else {
    const subtotal = feeFor(policy, c.planMonths);
    if (subtotal === null) return violation('Art. 15', `the fee schedule has no ${c.planMonths}-month plan and nothing was invoiced`);
    contractFee = invoiceAmounts(subtotal, { percent: policy.consumptionTaxPercent }).totalJpy;
  }
  const feeReceived = c.invoice ? Math.min(c.invoice.paidJpy, c.invoice.totalJpy) : 0;
  // The cap is cumulative: what earlier assessments of this contract granted comes off the fee received.
  const alreadyAssessed = c.compensations.reduce((sum, a) => sum + a.amountJpy, 0);
  const result = compensation({ contractFeeJpy: contractFee, feeReceivedJpy: feeReceived, alreadyAssessedJpy: alreadyAssessed, planMonths: c.planMonths, incidentOn: incidentOn.value, coverageEndsOn: c.coverageEndsOn });
  return accept({
    type: 'CompensationAssessed',
    data: {
      incidentOn: incidentOn.value,
      contractFeeJpy: contractFee,
      feeReceivedJpy: feeReceived,
      remainingWholeMonths: result.remainingWholeMonths,
      planMonths: c.planMonths,
      amountJpy: result.amountJpy,
      assessedAt: cmd.at,
      assessedBy: cmd.actor,
    },
  });
};
