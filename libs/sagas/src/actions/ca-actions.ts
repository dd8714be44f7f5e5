import type { CaResult, CrlReasonCode } from '@pfw/ca-gateway';
import { CRL_REASON_CODES, crlReasonOfCode, DAY_MS, isUndeliveredLeftover, lifetimeCapOn, toJapanDate, type CrlReason } from '@pfw/domain';
import { NeedsAttentionError } from '../errors';
import type { DeadlineKind } from '../runtime/deadlines';
import { type Json, type JsonRecord } from '../runtime/saga';
import { command, deferred, done, requireContract, serviceSuspended, skipped, type ActionContext, type ActionDefinition } from './context';

/** The CA side of the sagas: orders go out from deadlines, results come back as deadlines too. */

export const CA_SUBMIT_ISSUANCE = 'ca.submitIssuance' satisfies DeadlineKind;
export const CA_SUBMIT_REVOCATION = 'ca.submitRevocation' satisfies DeadlineKind;
export const CA_CANCEL_ORDER = 'ca.cancelOrder' satisfies DeadlineKind;
export const CA_RESULT = 'ca.result' satisfies DeadlineKind;
export const CA_REVOKE_LEFTOVERS = 'ca.revokeLeftovers' satisfies DeadlineKind;
export const CA_ORDER_UNANSWERED = 'ca.orderUnanswered' satisfies DeadlineKind;

/** RFC 5280 reason code of a CRL reason, and back. */
export function crlReasonCode(reason: CrlReason): CrlReasonCode {
  return CRL_REASON_CODES[reason];
}

export function crlReasonName(code: number): CrlReason {
  const found = crlReasonOfCode(code);
  if (!found) throw new Error(`CRL reason code ${code} is not one the Baseline Requirements allow`);
  return found;
}

function gateway(ctx: ActionContext) {
  if (!ctx.services.ca) throw new Error('no CA gateway is configured (CA_GATEWAY)');
  return ctx.services.ca;
}

function floorToSecond(at: Date): Date {
  return new Date(Math.floor(at.getTime() / 1000) * 1000);
}

/**
 * Art. 4(3), 11: hands the pending order to the CA with a validity of min(lifetime cap, coverage left),
 * starting when the order was recorded. The request is built from recorded facts only (the contract's
 * events), never from the current time: a rerun of the step — after a crash, a timeout, a lost claim — sends
 * byte for byte the same request, so the CA can recognise it. Idempotent on the order id (the CA answers
 * the same tracking id again).
 */
const submitIssuance: ActionDefinition<typeof CA_SUBMIT_ISSUANCE> = {
  kind: CA_SUBMIT_ISSUANCE,
  caBound: true,
  async run(ctx) {
    const c = await requireContract(ctx);
    const orderId = ctx.payload.orderId;
    const order = c.pendingOrder;
    if (!order || order.caOrderId !== orderId) return skipped(`order ${orderId} is no longer pending`);
    const notBefore = floorToSecond(order.requestedAt);
    const maxDays = Math.min(order.validity.maxLifetimeDays, lifetimeCapOn(ctx.services.policy, toJapanDate(order.requestedAt)));
    const notAfter = floorToSecond(new Date(Math.min(notBefore.getTime() + maxDays * DAY_MS - 1000, order.validity.notAfterLatest.getTime())));
    // Today only decides whether the request may still go, never what it says.
    if (notAfter.getTime() <= ctx.now.getTime()) {
      throw new NeedsAttentionError(`order ${orderId}: coverage ended (${c.coverageEndsOn}) before the order could go to the CA`);
    }
    // The cap in force today may be shorter than on the day the order was decided (BR §6.3.2 caps only shrink).
    if (maxDays > lifetimeCapOn(ctx.services.policy, toJapanDate(ctx.now))) {
      throw new NeedsAttentionError(`order ${orderId}: the lifetime cap shrank since the order was recorded; a new order is needed`);
    }
    await ctx.services.store.recordCaOrder({ orderId, contractId: c.id, kind: 'ISSUANCE', deadlineId: ctx.deadline.id, correlationId: ctx.meta.correlationId }, ctx.now);
    const accepted = await gateway(ctx).submitIssuance({
      orderId,
      csrPem: c.csr.pem,
      fqdn: c.webServerFqdn,
      subject: { organization: c.applicant.organizationName, locality: c.applicant.address.city, stateOrProvince: c.applicant.address.prefecture, country: 'JP' },
      notBefore,
      notAfter,
    });
    await ctx.services.store.setCaOrderTracking(orderId, accepted.trackingId);
    return done(`submitted to the CA (tracking ${accepted.trackingId})`);
  },
};

/** Art. 7: asks the CA to revoke one certificate of an open revocation request, with its CRL reason. */
const submitRevocation: ActionDefinition<typeof CA_SUBMIT_REVOCATION> = {
  kind: CA_SUBMIT_REVOCATION,
  caBound: true,
  async run(ctx) {
    const c = await requireContract(ctx);
    const orderId = ctx.payload.orderId;
    const serialNumber = ctx.payload.serialNumber;
    const r = c.revocation;
    if (!r || r.status !== 'REQUESTED' || r.caOrderId !== ctx.payload.caOrderId) return skipped('the revocation request is no longer open');
    if (r.revokedSerialNumbers.includes(serialNumber)) return skipped(`certificate ${serialNumber} is already revoked`);
    await ctx.services.store.recordCaOrder({ orderId, contractId: c.id, kind: 'REVOCATION', deadlineId: ctx.deadline.id, correlationId: ctx.meta.correlationId }, ctx.now);
    const accepted = await gateway(ctx).submitRevocation({ orderId, serialNumber, crlReason: crlReasonCode(r.crlReason), note: `${r.reason} (contract ${c.id})` });
    await ctx.services.store.setCaOrderTracking(orderId, accepted.trackingId);
    return done(`submitted to the CA (tracking ${accepted.trackingId})`);
  },
};

/** Art. 7: before issuance the CA order is cancelled instead. Too late (already issued): the result says so. */
const cancelOrder: ActionDefinition<typeof CA_CANCEL_ORDER> = {
  kind: CA_CANCEL_ORDER,
  caBound: true,
  async run(ctx) {
    const orderId = ctx.payload.orderId;
    const answer = await gateway(ctx).cancelOrder({ orderId, reason: ctx.payload.reason });
    if (answer.outcome === 'CANCELLED') await ctx.services.store.setCaOrderState(orderId, 'cancelled', ctx.now);
    if (answer.outcome === 'ALREADY_COMPLETED') return done('the CA had already answered the order; its result is handled as it arrives');
    if (answer.outcome === 'NOT_FOUND') return done('the order never reached the CA');
    return done('order cancelled at the CA');
  },
};

/** Asks the CA to revoke a certificate no customer holds (cessationOfOperation), idempotent on the order id. */
async function revokeLeftover(ctx: ActionContext, contractId: string, orderId: string, serialNumber: string, note: string): Promise<string> {
  await ctx.services.store.recordCaOrder({ orderId, contractId, kind: 'ORPHAN_REVOCATION', deadlineId: ctx.deadline.id, correlationId: ctx.meta.correlationId }, ctx.now);
  const accepted = await gateway(ctx).submitRevocation({ orderId, serialNumber, crlReason: 5, note });
  await ctx.services.store.setCaOrderTracking(orderId, accepted.trackingId);
  return accepted.trackingId;
}

/**
 * DOMAIN.md Art. 7: a contract cancelled after issuance but before delivery leaves a live certificate nobody
 * received: it is revoked at the CA (the result is recorded on the contract as it arrives).
 */
const revokeLeftovers: ActionDefinition<typeof CA_REVOKE_LEFTOVERS> = {
  kind: CA_REVOKE_LEFTOVERS,
  caBound: true,
  async run(ctx) {
    const c = await requireContract(ctx);
    const leftovers = c.certificates.filter((x) => isUndeliveredLeftover(c, x) && x.notAfter.getTime() > ctx.now.getTime());
    if (leftovers.length === 0) return skipped('no undelivered certificate is live');
    for (const cert of leftovers) {
      await revokeLeftover(ctx, c.id, `leftover-revocation:${c.id}:${cert.serialNumber}`, cert.serialNumber, `contract ${c.id} ended (${c.status}) before the certificate was delivered`);
    }
    return done(`${leftovers.length} undelivered certificate(s) sent to the CA for revocation`);
  },
};

/**
 * DOMAIN.md "No dead ends": an order the CA has not answered for days needs a person — staff cancel the
 * contract (CA_REFUSED) or ask the CA again — so it goes to `stuckProcesses`. Nothing to do once it was answered.
 */
const orderUnanswered: ActionDefinition<typeof CA_ORDER_UNANSWERED> = {
  kind: CA_ORDER_UNANSWERED,
  caBound: false,
  async run(ctx) {
    const c = await requireContract(ctx);
    const order = c.pendingOrder;
    if (!order || order.caOrderId !== ctx.payload.orderId) return skipped(`order ${ctx.payload.orderId} was answered or cancelled`);
    throw new NeedsAttentionError(
      `the CA has not answered order ${order.caOrderId} of contract ${c.id} since ${order.requestedAt.toISOString()} (contract ${c.status}): ` +
        'ask the CA, or cancel the contract (CA_REFUSED) if it will not issue',
    );
  },
};

// ---------------------------------------------------------------- CA results

export function caResultToJson(result: CaResult): JsonRecord {
  return JSON.parse(JSON.stringify(result)) as JsonRecord;
}

export function caResultFromJson(json: Json): CaResult {
  const r = json as Record<string, unknown>;
  const date = (k: string) => new Date(String(r[k]));
  const base = { trackingId: String(r.trackingId), orderId: String(r.orderId), completedAt: date('completedAt') };
  switch (r.kind) {
    case 'Issued':
      return {
        ...base, kind: 'Issued', certificatePem: String(r.certificatePem), serialNumber: String(r.serialNumber), notBefore: date('notBefore'),
        notAfter: date('notAfter'), fingerprintSha256: String(r.fingerprintSha256), issuer: String(r.issuer), subject: String(r.subject),
        chainPem: Array.isArray(r.chainPem) ? r.chainPem.map(String) : [],
      };
    case 'Rejected':
      return { ...base, kind: 'Rejected', error: r.error as { code: string; message: string } };
    case 'Revoked':
      return { ...base, kind: 'Revoked', serialNumber: String(r.serialNumber), revokedAt: date('revokedAt'), crlReason: Number(r.crlReason) as CrlReasonCode };
    case 'RevocationRejected':
      return { ...base, kind: 'RevocationRejected', serialNumber: String(r.serialNumber), error: r.error as { code: string; message: string } };
    default:
      throw new Error(`unknown CA result kind ${String(r.kind)}`);
  }
}

/** The CA's answer, recorded as the contract's command (idempotent on the tracking id: the deadline's id). */
const recordResult: ActionDefinition<typeof CA_RESULT> = {
  kind: CA_RESULT,
  caBound: false,
  async run(ctx) {
    const result = caResultFromJson(ctx.payload.result);
    const order = await ctx.services.store.getCaOrder(result.orderId);
    if (!order) throw new NeedsAttentionError(`the CA answered order ${result.orderId} (tracking ${result.trackingId}), which no saga submitted`);
    const outcome = await record(ctx, result, order.kind);
    await ctx.services.store.setCaOrderState(result.orderId, 'completed', ctx.now);
    return outcome;
  },
};

async function record(ctx: ActionContext, result: CaResult, orderKind: string) {
  const c = await requireContract(ctx);
  switch (result.kind) {
    case 'Issued': {
      if (c.certificates.some((x) => x.serialNumber === result.serialNumber)) return skipped(`certificate ${result.serialNumber} is already recorded`);
      if (c.pendingOrder?.caOrderId === result.orderId && (c.status === 'CERTIFICATE_REQUESTED' || c.status === 'ACTIVE')) {
        await command(ctx, {
          type: 'RecordCertificateIssued', contractId: c.id, caOrderId: result.orderId, serialNumber: result.serialNumber,
          notBefore: result.notBefore, notAfter: result.notAfter, subject: result.subject, issuer: result.issuer,
          fingerprintSha256: result.fingerprintSha256, pem: result.certificatePem,
        });
        return done(`certificate ${result.serialNumber} recorded`);
      }
      // The order was cancelled (contract ended, revocation under way) but the CA had already issued: the
      // certificate is recorded on the contract, and, since nobody will use it, revoked at the CA (cessationOfOperation).
      if (await serviceSuspended(ctx)) return deferred();
      if (c.cancelledOrderIds.includes(result.orderId)) {
        await command(ctx, {
          type: 'RecordCertificateIssued', contractId: c.id, caOrderId: result.orderId, serialNumber: result.serialNumber,
          notBefore: result.notBefore, notAfter: result.notAfter, subject: result.subject, issuer: result.issuer,
          fingerprintSha256: result.fingerprintSha256, pem: result.certificatePem,
        });
      }
      await revokeLeftover(ctx, c.id, `orphan-revocation:${result.trackingId}`, result.serialNumber, `order ${result.orderId} was cancelled before the CA answered`);
      return done(`certificate ${result.serialNumber} was issued for a cancelled order (contract ${c.status}); revocation sent to the CA`);
    }
    case 'Rejected': {
      // The CA will not issue the first certificate: the contract cannot go on (DOMAIN.md "No dead ends").
      if (c.pendingOrder?.caOrderId === result.orderId && c.pendingOrder.kind === 'INITIAL' && c.status === 'CERTIFICATE_REQUESTED') {
        if (await serviceSuspended(ctx)) return deferred();
        await command(ctx, { type: 'CancelContract', contractId: c.id, reason: 'CA_REFUSED', note: `${result.error.code}: ${result.error.message}` });
        return done(`the CA refused order ${result.orderId}: contract cancelled (CA_REFUSED)`);
      }
      throw new NeedsAttentionError(`the CA refused order ${result.orderId}: ${result.error.code}: ${result.error.message}`);
    }
    case 'Revoked': {
      if (orderKind === 'ORPHAN_REVOCATION') {
        const leftover = c.certificates.find((x) => x.serialNumber === result.serialNumber);
        if (!leftover || leftover.revokedAt) return done(`orphan certificate ${result.serialNumber} revoked at the CA`);
        await command(ctx, {
          type: 'RecordCertificateRevoked', contractId: c.id, serialNumber: result.serialNumber, revokedAt: result.revokedAt,
          crlReason: crlReasonName(result.crlReason), caReference: result.trackingId,
        });
        return done(`certificate ${result.serialNumber}, which nobody received, recorded as revoked`);
      }
      const cert = c.certificates.find((x) => x.serialNumber === result.serialNumber);
      if (cert?.revokedAt) return skipped(`certificate ${result.serialNumber} is already recorded as revoked`);
      const r = c.revocation;
      if (!r || r.status !== 'REQUESTED' || !r.serialNumbers.includes(result.serialNumber)) {
        throw new NeedsAttentionError(`the CA revoked ${result.serialNumber} but contract ${c.id} has no open request for it (${c.status})`);
      }
      await command(ctx, {
        type: 'RecordCertificateRevoked', contractId: c.id, serialNumber: result.serialNumber, revokedAt: result.revokedAt,
        crlReason: crlReasonName(result.crlReason), caReference: result.trackingId,
      });
      return done(`certificate ${result.serialNumber} recorded as revoked`);
    }
    case 'RevocationRejected': {
      if (orderKind === 'ORPHAN_REVOCATION') throw new NeedsAttentionError(`the CA refused to revoke orphan certificate ${result.serialNumber}: ${result.error.code}: ${result.error.message}`);
      const r = c.revocation;
      if (!r || r.status !== 'REQUESTED' || !r.serialNumbers.includes(result.serialNumber)) return skipped('no revocation request is open for it');
      await command(ctx, { type: 'RecordRevocationRejected', contractId: c.id, serialNumber: result.serialNumber, error: `${result.error.code}: ${result.error.message}` });
      return done(`revocation of ${result.serialNumber} rejected by the CA`);
    }
  }
}

export const CA_ACTIONS: readonly ActionDefinition[] = [submitIssuance, submitRevocation, cancelOrder, revokeLeftovers, orderUnanswered, recordResult];


