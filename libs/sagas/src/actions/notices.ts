import { addDays, ENDED_STATUSES, FINAL_STATUSES, toJapanDate, type Contract } from '@pfw/domain';
import { contractReference, type ContractFacts, type ContractEndReason, type NoticeModel } from '@pfw/notifications';
import type { DeadlineKind, NoticePayload } from '../runtime/deadlines';
import { done, requireContract, skipped, type ActionContext, type ActionDefinition, type ActionServices } from './context';

export const NOTICE = 'notice' satisfies DeadlineKind;

type Built = { readonly model: NoticeModel } | { readonly skip: string };

function facts(c: Contract): ContractFacts {
  return { contractId: c.id, organizationName: c.applicant.organizationName, contactName: c.applicant.contact.name, fqdn: c.webServerFqdn };
}

const stickerOut = (c: Contract): boolean => c.sticker.status === 'LENT' || c.sticker.status === 'RETURN_REQUESTED';
const ended = (c: Contract): boolean => ENDED_STATUSES.includes(c.status);

/**
 * Builds the notice from the contract as it is now, or says why it no longer applies (the same facts the
 * domain checks before it records `CustomerNotified`, so a notice that goes out can always be recorded).
 */
export function buildNotice(c: Contract, payload: NoticePayload, now: Date, services: Pick<ActionServices, 'policy' | 'stickerReturnAddress' | 'termsUrl'>): Built {
  const kind = payload.kind;
  const contract = facts(c);
  const today = toJapanDate(now);
  switch (kind) {
    case 'SCREENING_RESULT': {
      const s = c.screening;
      if (!s) return { skip: 'there is no screening result' };
      if (s.result === 'PASSED') {
        return { model: { kind, contract, outcome: 'ACCEPTED', decidedOn: toJapanDate(s.at), planMonths: c.planMonths } };
      }
      return { model: { kind, contract, outcome: 'REJECTED', decidedOn: toJapanDate(s.at), reasons: s.reasons, note: s.note } };
    }
    case 'INVOICE': {
      const inv = c.invoice;
      if (!inv || inv.invoiceId !== payload.invoiceId) return { skip: 'the invoice is not this contract’s' };
      // Art. 5: an e-mailed invoice is received when this e-mail goes out, so it falls due 30 days from today.
      const receivedOn = inv.receivedOn ?? today;
      return {
        model: {
          kind, contract, invoiceId: inv.invoiceId, planMonths: c.planMonths, subtotalJpy: inv.subtotalJpy, taxRatePercent: inv.taxRatePercent,
          consumptionTaxJpy: inv.consumptionTaxJpy, totalJpy: inv.totalJpy, registrationNumber: inv.registrationNumber, issuedOn: inv.issuedOn,
          receivedOn, dueOn: inv.dueOn ?? addDays(receivedOn, services.policy.paymentTermDays),
        },
      };
    }
    case 'PAYMENT_REMINDER': {
      const inv = c.invoice;
      if (!inv || inv.invoiceId !== payload.invoiceId) return { skip: 'the invoice is not this contract’s' };
      if (inv.settled) return { skip: `invoice ${inv.invoiceId} is settled` };
      if (inv.dueOn === null) return { skip: `invoice ${inv.invoiceId} was not received yet` };
      if (ended(c)) return { skip: `the contract is ${c.status}` };
      return {
        model: {
          kind, contract, invoiceId: inv.invoiceId, dueOn: inv.dueOn, outstandingJpy: inv.totalJpy - inv.paidJpy,
          graceEndsOn: addDays(inv.dueOn, services.policy.nonPaymentGraceDays), certificateIssued: c.certificates.length > 0,
        },
      };
    }
    case 'REVOCATION_NOTICE': {
      if ('mode' in payload && payload.mode === 'cancelled') {
        if (c.status !== 'CANCELLED' || !c.cancellation) return { skip: `the contract is ${c.status}, not cancelled` };
        return {
          model: {
            kind, contract, reason: c.cancellation.reason, cancelled: true, crlReason: 'CESSATION_OF_OPERATION', noticedOn: today, serialNumber: null,
            stickerLent: stickerOut(c), note: c.cancellation.note,
          },
        };
      }
      if ('mode' in payload) {
        // Non-payment before issuance: the CA order is cancelled and the contract ends (Art. 7, CANCELLED).
        if (c.status !== 'ACCEPTED' && c.status !== 'CERTIFICATE_REQUESTED') return { skip: `the contract is ${c.status}, not before issuance` };
        if (!c.invoice || c.invoice.settled) return { skip: 'the invoice is settled' };
        return { model: { kind, contract, reason: 'NON_PAYMENT', crlReason: 'PRIVILEGE_WITHDRAWN', noticedOn: today, serialNumber: null, stickerLent: stickerOut(c) } };
      }
      const r = c.revocation;
      if (!r || r.initiatedAt.toISOString() !== payload.initiatedAt) return { skip: 'the revocation is not the one this notice was for' };
      if (r.status !== 'INITIATED' || r.noticeRule !== 'REVOCATION_NOTICE' || r.noticeGivenAt !== null) return { skip: `the revocation is ${r.status}; no notice is awaited` };
      return {
        model: {
          kind, contract, reason: r.reason, crlReason: r.crlReason, noticedOn: today, serialNumber: r.serialNumbers[0] ?? null,
          supersededBy: r.supersededBy ? contractReference(r.supersededBy) : null, stickerLent: stickerOut(c), note: r.note,
        },
      };
    }
    case 'REVOCATION_RESULT': {
      const withdrawn = c.revocation === null ? c.pastRevocations[c.pastRevocations.length - 1] : undefined;
      if (withdrawn?.withdrawnAt && withdrawn.initiatedAt.toISOString() === payload.initiatedAt) {
        return {
          model: { kind, contract, outcome: 'WITHDRAWN', serialNumber: withdrawn.serialNumbers[0] ?? '', withdrawnAt: withdrawn.withdrawnAt, paidOn: c.invoice?.settledOn ?? today },
        };
      }
      const r = c.revocation;
      if (!r || r.initiatedAt.toISOString() !== payload.initiatedAt) return { skip: 'the revocation is not the one this notice was for' };
      const serialNumber = r.serialNumbers[0] ?? '';
      if (r.status === 'REVOKED') {
        return { model: { kind, contract, outcome: 'REVOKED', serialNumber, revokedAt: r.revokedAt!, crlReason: r.crlReason, stickerLent: stickerOut(c) } };
      }
      if (r.status === 'REJECTED') {
        return { model: { kind, contract, outcome: 'REJECTED', serialNumber, rejectedAt: r.rejectedAt!, caError: r.caError ?? 'rejected by the CA' } };
      }
      return { skip: `the CA has not answered (revocation ${r.status})` };
    }
    case 'CERTIFICATE_DELIVERY': {
      const cert = c.certificates.find((x) => x.serialNumber === payload.serialNumber);
      if (!cert || !cert.deliveredAt) return { skip: 'the certificate was not delivered' };
      if (cert.revokedAt) return { skip: 'the certificate is revoked' };
      const method = c.certificateDeliveryMethod;
      if (method === 'POST') return { skip: 'a posted certificate is recorded by an operator' };
      return {
        model: {
          kind, contract, serialNumber: cert.serialNumber, notBefore: cert.notBefore, notAfter: cert.notAfter, fingerprintSha256: cert.fingerprintSha256,
          coverageEndsOn: c.coverageEndsOn!, deliveryMethod: method, certificatePem: method === 'EMAIL' ? cert.pem : null,
        },
      };
    }
    case 'REISSUE_REMINDER': {
      const latest = c.certificates[c.certificates.length - 1];
      if (c.status !== 'ACTIVE') return { skip: `the contract is ${c.status}` };
      if (!latest || latest.serialNumber !== payload.serialNumber) return { skip: 'a newer certificate was issued' };
      if (c.pendingOrder) return { skip: `reissue order ${c.pendingOrder.caOrderId} is already at the CA` };
      return { model: { kind, contract, currentNotAfter: latest.notAfter, coverageEndsOn: c.coverageEndsOn!, csrRequestedBy: null } };
    }
    case 'RENEWAL_REMINDER':
      if (c.status !== 'ACTIVE' && c.status !== 'ISSUED') return { skip: `the contract is ${c.status}` };
      return { model: { kind, contract, coverageEndsOn: c.coverageEndsOn!, stickerLent: stickerOut(c) } };
    case 'STICKER_RETURN_REQUEST': {
      if (c.sticker.status !== 'RETURN_REQUESTED') return { skip: `the sticker is ${c.sticker.status}` };
      const reminderNumber = payload.reminderNumber;
      return {
        model: {
          kind, contract, stickerSerial: c.sticker.serial!, contractEndedOn: toJapanDate(c.endedAt ?? now), endReason: c.status as ContractEndReason,
          reminderNumber, returnAddress: services.stickerReturnAddress,
        },
      };
    }
    case 'TERMINATION_NOTICE': {
      const t = c.termination;
      if (!t || t.channel !== 'EMAIL') return { skip: 'no e-mailed termination notice' };
      return { model: { kind, contract, noticedOn: t.noticedOn, effectiveOn: t.effectiveOn, reason: t.reason, stickerLent: stickerOut(c) } };
    }
    case 'TERMS_CHANGED': {
      // Art. 13: once per contract and revision, to a contract still running, never of the version it applied under.
      const version = payload.termsVersion;
      if (FINAL_STATUSES.includes(c.status)) return { skip: `the contract is ${c.status}` };
      if (c.termsVersion === version) return { skip: `the contract was submitted under terms version ${version}` };
      if (c.notifications.some((n) => n.kind === 'TERMS_CHANGED' && n.termsVersion === version)) return { skip: `the customer was already told of terms version ${version}` };
      return {
        model: {
          kind, contract, version, effectiveFrom: payload.effectiveFrom, summary: payload.summary, documentUrl: services.termsUrl ?? null,
          documentSha256: payload.documentSha256,
        },
      };
    }
  }
}

/**
 * Puts a notice in the outbox (idempotent: its id derives from the contract, the kind and this deadline).
 * The dispatcher sends it; `CustomerNotified` is recorded only once the transport accepted it.
 */
export const noticeAction: ActionDefinition<typeof NOTICE> = {
  kind: NOTICE,
  caBound: false,
  async run(ctx: ActionContext<typeof NOTICE>) {
    const outbox = ctx.services.outbox;
    if (!outbox) throw new Error('no notification outbox is configured');
    const c = await requireContract(ctx);
    if (c.personalDataShredded) return skipped('the customer’s personal data was shredded; there is no address');
    const built = buildNotice(c, ctx.payload, ctx.now, ctx.services);
    if ('skip' in built) return skipped(built.skip);
    const { id, enqueued } = await outbox.enqueue({
      notice: built.model,
      causationId: ctx.deadline.id,
      recipient: { email: c.applicant.contact.email, name: c.applicant.contact.name },
    });
    return done(enqueued ? `notice ${id} queued` : `notice ${id} was already queued`);
  },
};
