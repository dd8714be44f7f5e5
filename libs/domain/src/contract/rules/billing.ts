import { NotFound, RuleViolation, type DomainError } from '../../errors';
import { accept, refuse } from '../../result';
import { feeFor } from '../../policy/domain-policy';
import { addDays, overdueFrom, parseJapanDate, toJapanDate, type JapanDate } from '../../time/japan-date';
import type { DomainPolicy } from '../../policy/domain-policy';
import type { ContractEvent } from '../events';
import { invoiceAmounts, parseInvoiceRegistrationNumber, parseYen } from '../../values/money';
import type { IssueInvoice, MarkPaymentOverdue, RecordPayment } from '../commands';
import type { Contract, InvoiceState } from '../state';
import { NOTIFICATION_CHANNELS, VALID_CONTRACT_STATUSES } from '../types';
import { invalid, pastDate, requireStatus, text, violation, type Rule } from './common';
import { INPUT_LIMITS } from '../../values/text';

/**
 * Art. 5: the qualified invoice. Subtotal from the fee schedule (tax-exclusive), consumption tax rounded
 * down once per invoice, SECOM's registration number, and due on = received on + 30 days (Japan dates). A paper
 * invoice is received on the date recorded; an e-mailed one when its INVOICE e-mail is sent (see `invoiceReceived`).
 */
export const issueInvoice: Rule<IssueInvoice> = (cmd, c, policy) => {
  const refused = invoicingRefusal(c);
  if (refused) return refuse(refused);
  const invoiceId = text(cmd.invoiceId, 'invoiceId', 'the invoice id', INPUT_LIMITS.identifier);
  if (!invoiceId.ok) return invoiceId;
  if (!NOTIFICATION_CHANNELS.includes(cmd.channel)) return invalid('channel', `must be one of ${NOTIFICATION_CHANNELS.join(', ')}`);
  const issuedOn = cmd.issuedOn == null ? { ok: true as const, value: toJapanDate(cmd.at) } : pastDate(cmd.issuedOn, 'issuedOn', cmd.at);
  if (!issuedOn.ok) return issuedOn;
  let receivedOn: JapanDate | null = null;
  if (cmd.channel === 'EMAIL') {
    if (cmd.receivedOn != null) return invalid('receivedOn', 'an e-mailed invoice is received when its e-mail is sent, not on a date given now');
  } else {
    if (cmd.receivedOn == null) return invalid('receivedOn', 'a paper invoice needs the date the customer received it');
    const r = parseJapanDate(cmd.receivedOn, 'receivedOn');
    if (!r.ok) return r;
    if (r.value < issuedOn.value) return invalid('receivedOn', `${r.value} is before the invoice was issued (${issuedOn.value})`);
    receivedOn = r.value;
  }
  const subtotal = feeFor(policy, c.planMonths);
  if (subtotal === null) return violation('Art. 5', `the fee schedule has no ${c.planMonths}-month plan`);
  const registration = parseInvoiceRegistrationNumber(policy.invoiceRegistrationNumber, 'policy.invoiceRegistrationNumber');
  if (!registration.ok) return registration;
  const amounts = invoiceAmounts(subtotal, { percent: policy.consumptionTaxPercent });
  return accept({
    type: 'InvoiceIssued',
    data: {
      invoiceId: invoiceId.value,
      planMonths: c.planMonths,
      subtotalJpy: amounts.subtotalJpy,
      taxRatePercent: policy.consumptionTaxPercent,
      consumptionTaxJpy: amounts.consumptionTaxJpy,
      totalJpy: amounts.totalJpy,
      registrationNumber: registration.value,
      channel: cmd.channel,
      issuedOn: issuedOn.value,
      receivedOn,
      dueOn: receivedOn === null ? null : addDays(receivedOn, policy.paymentTermDays),
    },
  });
};

/**
 * Art. 5: the INVOICE notice of an e-mailed invoice went out at `sentAt`: the customer received the invoice that
 * (Japan) day, and it falls due 30 days later. Null when nothing changes (a paper invoice, or already received).
 */
export function invoiceReceived(c: Contract, sentAt: Date, policy: DomainPolicy): ContractEvent | null {
  const inv = c.invoice;
  if (!inv || inv.receivedOn !== null) return null;
  const receivedOn = toJapanDate(sentAt);
  return { type: 'InvoiceReceived', data: { invoiceId: inv.invoiceId, receivedOn, dueOn: addDays(receivedOn, policy.paymentTermDays) } };
}

/** Why the contract's fee cannot be invoiced now whatever the input (null: it can). */
export function invoicingRefusal(c: Contract): RuleViolation | null {
  const refused = requireStatus(c, VALID_CONTRACT_STATUSES, 'Art. 5', 'the fee is invoiced once the application is accepted and while the contract runs');
  if (refused) return refused.error;
  if (c.invoice) return new RuleViolation('Art. 5', `the contract fee was already invoiced (${c.invoice.invoiceId})`);
  return null;
}

function theInvoice(c: Contract, invoiceId: string): { ok: true; value: InvoiceState } | { ok: false; error: NotFound } {
  if (!c.invoice || c.invoice.invoiceId !== invoiceId) return { ok: false, error: new NotFound('invoice', `${invoiceId} of contract ${c.id}`) };
  return { ok: true, value: c.invoice };
}

/** Art. 5: a payment; the invoice is settled when payments reach the total (transfer charges are the customer's). */
export const recordPayment: Rule<RecordPayment> = (cmd, c) => {
  const invoice = theInvoice(c, cmd.invoiceId);
  if (!invoice.ok) return refuse(invoice.error);
  const inv = invoice.value;
  if (inv.settled) return violation('Art. 5', `invoice ${inv.invoiceId} is already settled; an extra transfer is refunded, not recorded as fee`);
  const amount = parseYen(cmd.amountJpy, 'amountJpy', { positive: true });
  if (!amount.ok) return amount;
  const paidOn = pastDate(cmd.paidOn, 'paidOn', cmd.at);
  if (!paidOn.ok) return paidOn;
  if (paidOn.value < inv.issuedOn) return invalid('paidOn', `${paidOn.value} is before the invoice was issued (${inv.issuedOn})`);
  const bankReference = text(cmd.bankReference, 'bankReference', 'the bank reference', INPUT_LIMITS.reference);
  if (!bankReference.ok) return bankReference;
  if (inv.payments.some((p) => p.bankReference === bankReference.value)) return invalid('bankReference', `payment ${bankReference.value} is already recorded`);
  const paidTotal = inv.paidJpy + amount.value;
  return accept({
    type: 'FeePaid',
    data: {
      invoiceId: inv.invoiceId,
      amountJpy: amount.value,
      paidOn: paidOn.value,
      bankReference: bankReference.value,
      paidTotalJpy: paidTotal,
      outstandingJpy: Math.max(0, inv.totalJpy - paidTotal),
      settled: paidTotal >= inv.totalJpy,
    },
  });
};

/** Art. 5, 7: overdue from 00:00 Japan time the day after the due date, while unsettled. */
export const markPaymentOverdue: Rule<MarkPaymentOverdue> = (cmd, c) => {
  const refused = overdueMarkingRefusal(c, cmd.invoiceId);
  if (refused) return refuse(refused);
  const inv = c.invoice!;
  if (inv.dueOn === null) return violation('Art. 5', `invoice ${inv.invoiceId} was not received yet (its e-mail was not sent): it cannot fall due`);
  const since = overdueFrom(inv.dueOn);
  if (cmd.at.getTime() < since.getTime()) {
    return violation('Art. 5', `payment is due by ${inv.dueOn}; it is overdue only from ${since.toISOString()} (00:00 Japan time the next day)`);
  }
  return accept({
    type: 'PaymentOverdue',
    data: { invoiceId: inv.invoiceId, dueOn: inv.dueOn, outstandingJpy: inv.totalJpy - inv.paidJpy, overdueSince: since },
  });
};

/** Why `invoiceId` cannot be marked overdue whatever the time: not this contract's, settled, or already overdue. */
export function overdueMarkingRefusal(c: Contract, invoiceId: string): DomainError | null {
  const invoice = theInvoice(c, invoiceId);
  if (!invoice.ok) return invoice.error;
  const inv = invoice.value;
  if (inv.settled) return new RuleViolation('Art. 5', `invoice ${inv.invoiceId} is settled`);
  if (inv.overdueSince) return new RuleViolation('Art. 5', `invoice ${inv.invoiceId} is already overdue`);
  return null;
}
