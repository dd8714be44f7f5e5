import { caOrderId } from '@pfw/application';
import {
  certificateRequestRefusal, ENDED_STATUSES, HOUR_MS, invoicingRefusal, nonPaymentProblem, overdueMarkingRefusal, RuleViolation,
  terminationRefusal, type Contract, type RevocationReason,
} from '@pfw/domain';
import type { DeadlineKind } from '../runtime/deadlines';
import {
  command, deferred, done, requireContract, serviceSuspended, skipped, type ActionContext, type ActionDefinition,
  type ActionOutcome,
} from './context';
import { NeedsAttentionError } from '../errors';
import { noticeAction } from './notices';

/**
 * Contract commands the sagas send. Each asks the domain's predicate for the command first: what the rule would
 * refuse whatever the time or input means nothing is left to do (skipped), not a failure.
 */

export const MARK_PAYMENT_OVERDUE = 'command.MarkPaymentOverdue' satisfies DeadlineKind;
export const NON_PAYMENT_GRACE_ENDED = 'nonPayment.graceEnded' satisfies DeadlineKind;
export const NON_PAYMENT_CANCEL = 'nonPayment.cancel' satisfies DeadlineKind;
export const ISSUE_INVOICE = 'command.IssueInvoice' satisfies DeadlineKind;
export const REQUEST_CERTIFICATE = 'command.RequestCertificate' satisfies DeadlineKind;
export const DELIVER_CERTIFICATE = 'command.RecordCertificateDelivered' satisfies DeadlineKind;
export const SEND_REVOCATION_REQUEST = 'revocation.send' satisfies DeadlineKind;
export const ESCALATE_REVOCATION = 'revocation.escalate' satisfies DeadlineKind;
export const REQUEST_STICKER_RETURN = 'command.RequestStickerReturn' satisfies DeadlineKind;
export const EXPIRE_CONTRACT = 'command.ExpireContract' satisfies DeadlineKind;
export const TERMINATE_CONTRACT = 'termination.terminate' satisfies DeadlineKind;
export const DISCARD_DOCUMENTS = 'documents.discard' satisfies DeadlineKind;
export const REPLACE_SUPERSEDED = 'recontract.replaceOld' satisfies DeadlineKind;

const ended = (status: string) => (ENDED_STATUSES as readonly string[]).includes(status);

/** Art. 5: overdue from 00:00 Japan time the day after the due date, while unsettled. */
const markPaymentOverdue: ActionDefinition<typeof MARK_PAYMENT_OVERDUE> = {
  kind: MARK_PAYMENT_OVERDUE,
  caBound: false,
  async run(ctx) {
    const c = await requireContract(ctx);
    const refusal = overdueMarkingRefusal(c, ctx.payload.invoiceId);
    if (refusal) return skipped(refusal.message);
    await command(ctx, { type: 'MarkPaymentOverdue', contractId: c.id, invoiceId: ctx.payload.invoiceId });
    return done();
  },
};

/**
 * Art. 5, 7(2): the grace period is over and the fee is still unpaid. With a certificate: the revocation
 * (NON_PAYMENT) is initiated, and the revocation saga gives the REVOCATION_NOTICE and then asks the CA.
 * Before issuance: the notice of the coming cancellation goes out; the cancellation follows it.
 */
const graceEnded: ActionDefinition<typeof NON_PAYMENT_GRACE_ENDED> = {
  kind: NON_PAYMENT_GRACE_ENDED,
  caBound: false,
  async run(ctx) {
    const c = await requireContract(ctx);
    const problem = nonPaymentProblem(c, ctx.now, ctx.services.policy);
    if (problem) return skipped(`non-payment does not apply: ${problem}`);
    // Another revocation's result decides first: if it ends the contract, nothing is left; if the CA rejects it, non-payment follows.
    if (c.status === 'REVOCATION_REQUESTED') return { status: 'wait', until: new Date(ctx.now.getTime() + HOUR_MS), note: 'another revocation is in progress' };
    if (c.status === 'ISSUED' || c.status === 'ACTIVE') {
      await initiateNonPaymentRevocation(ctx, c);
      return done('revocation initiated (NON_PAYMENT)');
    }
    if (c.status === 'ACCEPTED' || c.status === 'CERTIFICATE_REQUESTED') {
      return noticeAction.run({ ...ctx, payload: { kind: 'REVOCATION_NOTICE', mode: 'cancellation' } });
    }
    return skipped(`the contract is ${c.status}`);
  },
};

/** Art. 7(2): the revocation for an unpaid fee; the revocation saga gives the notice, then asks the CA. */
function initiateNonPaymentRevocation(ctx: ActionContext, c: Contract): Promise<unknown> {
  return command(ctx, { type: 'InitiateRevocation', contractId: c.id, reason: 'NON_PAYMENT', note: `invoice ${c.invoice!.invoiceId} unpaid after the grace period` });
}

/** After the notice (Art. 7(2)), a contract with no certificate yet is cancelled; a pending CA order with it. */
const nonPaymentCancel: ActionDefinition<typeof NON_PAYMENT_CANCEL> = {
  kind: NON_PAYMENT_CANCEL,
  caBound: false,
  async run(ctx) {
    const c = await requireContract(ctx);
    const problem = nonPaymentProblem(c, ctx.now, ctx.services.policy);
    if (problem) return skipped(`non-payment does not apply: ${problem}`);
    if (c.status === 'ISSUED' || c.status === 'ACTIVE') {
      // The CA answered meanwhile: revoke instead (the revocation saga notifies again, with the serial).
      await initiateNonPaymentRevocation(ctx, c);
      return done('a certificate was issued meanwhile: revocation initiated (NON_PAYMENT)');
    }
    if (c.status !== 'ACCEPTED' && c.status !== 'CERTIFICATE_REQUESTED') return skipped(`the contract is ${c.status}`);
    if (c.pendingOrder && (await serviceSuspended(ctx))) return deferred();
    await command(ctx, { type: 'CancelContract', contractId: c.id, reason: 'NON_PAYMENT', note: `invoice ${c.invoice!.invoiceId} unpaid after the grace period` });
    return done('cancelled before issuance (NON_PAYMENT)');
  },
};

/** Art. 5: the qualified invoice, e-mailed (received the day it is issued). */
const issueInvoice: ActionDefinition<typeof ISSUE_INVOICE> = {
  kind: ISSUE_INVOICE,
  caBound: false,
  async run(ctx) {
    const c = await requireContract(ctx);
    const refusal = invoicingRefusal(c);
    if (refusal) return skipped(refusal.message);
    await command(ctx, { type: 'IssueInvoice', contractId: c.id, invoiceId: ctx.payload.invoiceId, channel: 'EMAIL' });
    return done();
  },
};

/** Art. 4(3): the certificate is requested once the application is accepted; Art. 6: not while suspended. */
const requestCertificate: ActionDefinition<typeof REQUEST_CERTIFICATE> = {
  kind: REQUEST_CERTIFICATE,
  caBound: true,
  async run(ctx) {
    const c = await requireContract(ctx);
    const refusal = certificateRequestRefusal(c);
    if (refusal) return skipped(refusal.message);
    await command(ctx, { type: 'RequestCertificate', contractId: c.id, caOrderId: ctx.payload.caOrderId });
    return done();
  },
};

/** Art. 4(4): electronic deliveries (EMAIL, DOWNLOAD) are recorded as soon as the certificate is issued. */
const deliverCertificate: ActionDefinition<typeof DELIVER_CERTIFICATE> = {
  kind: DELIVER_CERTIFICATE,
  caBound: false,
  async run(ctx) {
    const c = await requireContract(ctx);
    const serialNumber = ctx.payload.serialNumber;
    const cert = c.certificates.find((x) => x.serialNumber === serialNumber);
    if (!cert) return skipped(`certificate ${serialNumber} is not this contract’s`);
    if (cert.deliveredAt) return skipped('already delivered');
    if (cert.revokedAt) return skipped('the certificate is revoked');
    if (c.status !== 'ISSUED' && c.status !== 'ACTIVE') return skipped(`the contract is ${c.status}`);
    if (c.certificateDeliveryMethod === 'POST') return skipped('a posted certificate is recorded by an operator');
    await command(ctx, { type: 'RecordCertificateDelivered', contractId: c.id, serialNumber, deliveredAt: ctx.now });
    return done();
  },
};

/** Art. 6, 7: an initiated revocation goes to the CA (after its notice, where the table asks for one). */
const sendRevocationRequest: ActionDefinition<typeof SEND_REVOCATION_REQUEST> = {
  kind: SEND_REVOCATION_REQUEST,
  caBound: true,
  async run(ctx) {
    const c = await requireContract(ctx);
    const r = c.revocation;
    if (!r || r.initiatedAt.toISOString() !== ctx.payload.initiatedAt) return skipped('the revocation is not the one this request was for');
    if (r.status !== 'INITIATED') return skipped(`the revocation is already ${r.status}`);
    if (r.noticeRule !== 'NONE' && r.noticeGivenAt === null) return skipped('its notice has not been given yet (Art. 7(2)); the notice triggers the request');
    const orderId = caOrderId(c.id, ctx.deadline.id, 'ca-revocation');
    await command(ctx, { type: 'SendRevocationRequest', contractId: c.id, caOrderId: orderId });
    return done(`revocation requested (order ${orderId})`);
  },
};

/**
 * BR §4.9.1.1: a revocation still open close to its deadline (24 h or 5 days) needs a person: the step goes
 * to `stuckProcesses` with the reason, so staff see it. Nothing to do when the CA answered.
 */
const escalateRevocation: ActionDefinition<typeof ESCALATE_REVOCATION> = {
  kind: ESCALATE_REVOCATION,
  caBound: false,
  async run(ctx) {
    const c = await requireContract(ctx);
    const r = c.revocation;
    if (!r || r.initiatedAt.toISOString() !== ctx.payload.initiatedAt) return skipped('the revocation is not the one this escalation was for');
    if (r.status === 'REJECTED' && r.reason === 'TERMINATION') {
      throw new NeedsAttentionError(
        `the CA rejected the TERMINATION revocation of contract ${c.id} (${r.caError ?? 'no reason given'}); the contract has ended and its certificate is still live: revoke it again (BR §4.9.1.1)`,
      );
    }
    if (r.status === 'REJECTED' && r.reason === 'NON_PAYMENT' && nonPaymentProblem(c, ctx.now, ctx.services.policy) === null) {
      throw new NeedsAttentionError(
        `the CA rejected the NON_PAYMENT revocation of contract ${c.id} (${r.caError ?? 'no reason given'}); invoice ${c.invoice!.invoiceId} is still unpaid: ask again or settle it (Art. 5, 7(2))`,
      );
    }
    if (r.status === 'REVOKED' || r.status === 'REJECTED') return skipped(`the CA answered (${r.status})`);
    const waitingFor = r.status === 'INITIATED' ? (r.noticeGivenAt === null && r.noticeRule !== 'NONE' ? 'its notice' : 'the request to the CA') : 'the CA’s answer';
    throw new NeedsAttentionError(
      `revocation (${r.reason}) of contract ${c.id} is still ${r.status}, waiting for ${waitingFor}; ` +
        `BR §4.9.1.1 deadline ${r.deadline.toISOString()} (${Math.max(0, Math.round((r.deadline.getTime() - ctx.now.getTime()) / HOUR_MS))} h left)`,
    );
  },
};

/** Art. 12: when the contract ends, a lent sticker is due back at once. */
const requestStickerReturn: ActionDefinition<typeof REQUEST_STICKER_RETURN> = {
  kind: REQUEST_STICKER_RETURN,
  caBound: false,
  async run(ctx) {
    const c = await requireContract(ctx);
    if (c.sticker.status !== 'LENT') return skipped(`the sticker is ${c.sticker.status}`);
    if (!ended(c.status)) return skipped(`the contract is ${c.status}, not ended`);
    await command(ctx, { type: 'RequestStickerReturn', contractId: c.id });
    return done();
  },
};

/** Art. 11: at the end of coverage the contract expires. */
const expireContract: ActionDefinition<typeof EXPIRE_CONTRACT> = {
  kind: EXPIRE_CONTRACT,
  caBound: false,
  async run(ctx): Promise<ActionOutcome> {
    const c = await requireContract(ctx);
    if (c.status === 'REVOCATION_REQUESTED') return { status: 'wait', until: new Date(ctx.now.getTime() + HOUR_MS), note: 'a revocation is in progress; its result ends the contract' };
    if (c.status !== 'ISSUED' && c.status !== 'ACTIVE') return skipped(`the contract is ${c.status}`);
    await command(ctx, { type: 'ExpireContract', contractId: c.id });
    return done();
  },
};

/** Art. 14: on the effective date the contract ends (and its certificate is revoked: TERMINATION). */
const terminateContract: ActionDefinition<typeof TERMINATE_CONTRACT> = {
  kind: TERMINATE_CONTRACT,
  caBound: false,
  async run(ctx): Promise<ActionOutcome> {
    const c = await requireContract(ctx);
    if (c.termination && c.status === 'REVOCATION_REQUESTED') return { status: 'wait', until: new Date(ctx.now.getTime() + HOUR_MS), note: 'a revocation is in progress' };
    const refusal = terminationRefusal(c);
    if (refusal) return skipped(refusal.message);
    if (c.pendingOrder && (await serviceSuspended(ctx))) return deferred();
    await command(ctx, { type: 'TerminateContract', contractId: c.id });
    return done();
  },
};

/** Art. 4(2): after a rejection (notified) or a withdrawal the files are deleted; their digests stay in the log. */
const discardDocuments: ActionDefinition<typeof DISCARD_DOCUMENTS> = {
  kind: DISCARD_DOCUMENTS,
  caBound: false,
  async run(ctx) {
    const c = await requireContract(ctx);
    if (c.documentsDiscarded) return skipped('already destroyed');
    if (c.status !== 'REJECTED' && c.status !== 'WITHDRAWN') return skipped(`the contract is ${c.status}`);
    const destroyer = ctx.services.documents;
    if (!destroyer) throw new Error('no document store is configured (DOCUMENT_DESTROYER): the files cannot be deleted');
    const ids = [...c.documents.map((d) => d.id), ...(c.transferConsentDocument ? [c.transferConsentDocument.id] : [])];
    const { unknown, foreign } = await destroyer.destroy(ids, { owner: c.id, by: `saga:${ctx.deadline.saga}` });
    // Recording the discard of files this store did not delete would state what did not happen (the files may
    // sit in a store this process cannot see): a person must look.
    if (unknown.length > 0) {
      throw new NeedsAttentionError(`the document store does not know ${unknown.length} of the ${ids.length} submitted document(s) (${unknown.join(', ')}): nothing recorded as discarded`);
    }
    if (foreign.length > 0) {
      throw new NeedsAttentionError(`${foreign.length} of the ${ids.length} submitted document(s) belong to another application (${foreign.join(', ')}): nothing recorded as discarded`);
    }
    await command(ctx, { type: 'DiscardSubmittedDocuments', contractId: c.id });
    return done(`${ids.length} file(s) deleted`);
  },
};

/**
 * Art. 8, 11: the superseding contract's certificate was delivered, so the old contract's certificate is
 * revoked (SUPERSEDED); an old contract with no certificate yet is cancelled instead.
 */
const replaceSuperseded: ActionDefinition<typeof REPLACE_SUPERSEDED> = {
  kind: REPLACE_SUPERSEDED,
  caBound: false,
  async run(ctx): Promise<ActionOutcome> {
    const c = await requireContract(ctx);
    const supersededBy = ctx.payload.supersededBy;
    const reason: RevocationReason = 'SUPERSEDED';
    const note = `replaced by contract ${supersededBy}`;
    if (c.status === 'ISSUED' || c.status === 'ACTIVE') {
      if (c.revocation && (c.revocation.status === 'INITIATED' || c.revocation.status === 'REQUESTED')) {
        return { status: 'wait', until: new Date(ctx.now.getTime() + HOUR_MS), note: 'another revocation is in progress' };
      }
      await command(ctx, { type: 'InitiateRevocation', contractId: c.id, reason, supersededBy, note });
      return done('revocation initiated (SUPERSEDED)');
    }
    if (c.status === 'REVOCATION_REQUESTED') return { status: 'wait', until: new Date(ctx.now.getTime() + HOUR_MS), note: 'another revocation is in progress' };
    if (c.status === 'ACCEPTED' || c.status === 'CERTIFICATE_REQUESTED') {
      if (c.pendingOrder && (await serviceSuspended(ctx))) return deferred();
      await command(ctx, { type: 'CancelContract', contractId: c.id, reason, note });
      return done('cancelled before issuance (SUPERSEDED)');
    }
    return skipped(`the contract is ${c.status}`);
  },
};

export const CONTRACT_ACTIONS: readonly ActionDefinition[] = [
  markPaymentOverdue, graceEnded, nonPaymentCancel, issueInvoice, requestCertificate, deliverCertificate, sendRevocationRequest,
  escalateRevocation, requestStickerReturn, expireContract, terminateContract, discardDocuments, replaceSuperseded,
];

/** Art. 6: a refusal because the service is suspended is not a failure: the step waits for the resume. */
export function isSuspensionRefusal(error: unknown): boolean {
  return error instanceof RuleViolation && error.article === 'Art. 6';
}

