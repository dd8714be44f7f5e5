import type { RuleViolation } from '../../errors';
import { accept, refuse } from '../../result';
import { checkCsrKey, csrHostNames } from '../../values/csr';
import type { RecordCertificateDelivered, RecordCertificateIssued, RequestCertificate, RequestReissue } from '../commands';
import { coverageRemains, instanceViolation, requestedValidity } from '../coverage';
import type { CertificateSubject } from '../events';
import { isUndeliveredLeftover, latestCertificate, type Contract } from '../state';
import { DELIVERY_METHODS, REISSUE_REASONS } from '../types';
import { instant, invalid, refuseWhileSuspended, requireStatus, text, violation, type Rule } from './common';
import { INPUT_LIMITS } from '../../values/text';

function subjectOf(c: Contract): CertificateSubject {
  return {
    commonName: c.webServerFqdn,
    organizationName: c.applicant.organizationName,
    locality: c.applicant.address.city,
    stateOrProvince: c.applicant.address.prefecture,
    country: 'JP',
  };
}

function validityDays(input: unknown) {
  if (input === undefined) return { ok: true as const, value: undefined };
  if (typeof input !== 'number' || !Number.isInteger(input) || input < 1) return invalid('validityDays', 'must be a whole number of days ≥ 1');
  return { ok: true as const, value: input };
}

/** Why the contract's certificate cannot be requested whatever the input (null: it can). */
export function certificateRequestRefusal(c: Contract): RuleViolation | null {
  return requireStatus(c, ['ACCEPTED'], 'Art. 4', 'the certificate is requested from the CA only after the application is accepted, once')?.error ?? null;
}

/** Art. 4(3): the certificate is requested from the CA only after acceptance; Art. 6: not while suspended. */
export const requestCertificate: Rule<RequestCertificate> = (cmd, c, policy) => {
  const refused = certificateRequestRefusal(c);
  if (refused) return refuse(refused);
  const suspended = refuseWhileSuspended(cmd.serviceSuspended, 'the certificate request');
  if (suspended) return suspended;
  if (!coverageRemains(c, cmd.at)) return violation('Art. 11', `coverage ended with ${c.coverageEndsOn}; no certificate can be requested`);
  const caOrderId = text(cmd.caOrderId, 'caOrderId', 'the CA order id', INPUT_LIMITS.reference);
  if (!caOrderId.ok) return caOrderId;
  const days = validityDays(cmd.validityDays);
  if (!days.ok) return days;
  return accept({
    type: 'CertificateRequested',
    data: {
      caOrderId: caOrderId.value,
      subject: subjectOf(c),
      validity: requestedValidity(c, policy, cmd.at, days.value),
      csrDigest: c.csr.sha256,
      requestedAt: cmd.at,
    },
  });
};

const SERIAL_RE = /^(?!00)(?:[0-9A-F]{2})+$/;

/**
 * Art. 4, 11: the CA's answer to a pending order; the instance must fit coverage and the BR cap. DOMAIN.md
 * Art. 7: a certificate the CA issued for an order cancelled meanwhile is a fact too: it is recorded on the
 * contract (its status unchanged) so that its revocation at the CA can be recorded; it is never delivered.
 */
export const recordCertificateIssued: Rule<RecordCertificateIssued> = (cmd, c, policy) => {
  const forCancelledOrder = c.cancelledOrderIds.includes(cmd.caOrderId);
  if (!forCancelledOrder) {
    const order = c.pendingOrder;
    if (!order) return violation('Art. 4', `no certificate order is pending for this contract (status ${c.status})`);
    if (c.status === 'REVOCATION_REQUESTED') return violation('Art. 7', 'a revocation of this contract is in progress; its pending order is being cancelled');
    if (c.status !== 'CERTIFICATE_REQUESTED' && c.status !== 'ACTIVE') return violation('Art. 4', `the contract is ${c.status}; no certificate is recorded for it`);
    if (cmd.caOrderId !== order.caOrderId) return invalid('caOrderId', `the pending order is ${order.caOrderId}, not ${String(cmd.caOrderId)}`);
  }
  if (typeof cmd.serialNumber !== 'string' || !SERIAL_RE.test(cmd.serialNumber)) {
    return invalid('serialNumber', 'must be uppercase hex bytes without separators or a leading zero byte');
  }
  if (c.certificates.some((x) => x.serialNumber === cmd.serialNumber)) return invalid('serialNumber', `certificate ${cmd.serialNumber} is already recorded`);
  if (typeof cmd.fingerprintSha256 !== 'string' || !/^[0-9a-f]{64}$/.test(cmd.fingerprintSha256)) {
    return invalid('fingerprintSha256', 'must be a lowercase hex SHA-256 digest');
  }
  const notBefore = instant(cmd.notBefore, 'notBefore');
  if (!notBefore.ok) return notBefore;
  const notAfter = instant(cmd.notAfter, 'notAfter');
  if (!notAfter.ok) return notAfter;
  const subject = text(cmd.subject, 'subject', 'the subject', INPUT_LIMITS.distinguishedName);
  if (!subject.ok) return subject;
  const issuer = text(cmd.issuer, 'issuer', 'the issuer', INPUT_LIMITS.distinguishedName);
  if (!issuer.ok) return issuer;
  const pem = text(cmd.pem, 'pem', 'the certificate PEM', INPUT_LIMITS.pem);
  if (!pem.ok) return pem;
  if (!pem.value.startsWith('-----BEGIN CERTIFICATE-----')) return invalid('pem', 'is not a PEM certificate');
  // What the CA issued for a cancelled order is recorded as it is: it is revoked, never used.
  const problem = forCancelledOrder ? null : instanceViolation(c, policy, notBefore.value, notAfter.value, cmd.at);
  if (problem) return violation('Art. 11', problem);
  return accept({
    type: 'CertificateIssued',
    data: {
      caOrderId: cmd.caOrderId,
      serialNumber: cmd.serialNumber,
      notBefore: notBefore.value,
      notAfter: notAfter.value,
      subject: subject.value,
      issuer: issuer.value,
      fingerprintSha256: cmd.fingerprintSha256,
      pem: pem.value,
    },
  });
};

/** Art. 4(4): delivered only after issuance, by the method the customer chose. */
export const recordCertificateDelivered: Rule<RecordCertificateDelivered> = (cmd, c) => {
  const refused = requireStatus(c, ['ISSUED', 'ACTIVE'], 'Art. 4', 'a certificate is delivered only after the CA issued it');
  if (refused) return refused;
  const cert = cmd.serialNumber == null ? [...c.certificates].reverse().find((x) => x.deliveredAt === null) : c.certificates.find((x) => x.serialNumber === cmd.serialNumber);
  if (!cert) {
    return cmd.serialNumber == null
      ? violation('Art. 4', 'every issued certificate of this contract was already delivered')
      : invalid('serialNumber', `certificate ${cmd.serialNumber} was not issued for this contract`);
  }
  if (cert.deliveredAt) return violation('Art. 4', `certificate ${cert.serialNumber} was already delivered`);
  if (isUndeliveredLeftover(c, cert)) return violation('Art. 4', `certificate ${cert.serialNumber} was issued for a cancelled order; it is revoked, not delivered`);
  if (cert.revokedAt) return violation('Art. 4', `certificate ${cert.serialNumber} is revoked`);
  const deliveredAt = instant(cmd.deliveredAt, 'deliveredAt');
  if (!deliveredAt.ok) return deliveredAt;
  if (deliveredAt.value.getTime() > cmd.at.getTime()) return invalid('deliveredAt', 'is in the future');
  const method = cmd.method ?? c.certificateDeliveryMethod;
  if (!DELIVERY_METHODS.includes(method)) return invalid('method', `must be one of ${DELIVERY_METHODS.join(', ')}`);
  const recipient = method === 'EMAIL' ? (cmd.recipient ?? c.applicant.contact.email) : (cmd.recipient ?? null);
  return accept({
    type: 'CertificateDelivered',
    data: {
      serialNumber: cert.serialNumber,
      deliveredAt: deliveredAt.value,
      method,
      recipient,
      address: method === 'POST' ? c.deliveryAddress : null,
    },
  });
};

/**
 * Art. 11: coverage continues with a new instance (COVERAGE_CONTINUES) or a new key (REKEY) while coverage
 * remains. Art. 8: the details never change in place, so the new CSR must name the same web server.
 * A reissue never revokes the previous instance by itself.
 */
export const requestReissue: Rule<RequestReissue> = (cmd, c, policy) => {
  const refused = requireStatus(c, ['ACTIVE'], 'Art. 11', 'a certificate is reissued only for an active contract');
  if (refused) return refused;
  const suspended = refuseWhileSuspended(cmd.serviceSuspended, 'the reissue request');
  if (suspended) return suspended;
  if (!coverageRemains(c, cmd.at)) return violation('Art. 11', `coverage ended with ${c.coverageEndsOn}; extending it is a new contract`);
  if (c.pendingOrder) return violation('Art. 11', `order ${c.pendingOrder.caOrderId} is still pending at the CA`);
  if (!REISSUE_REASONS.includes(cmd.reason)) return invalid('reason', `must be one of ${REISSUE_REASONS.join(', ')}`);
  if (cmd.csr == null) return invalid('csrPem', 'a certificate signing request is required');
  const key = checkCsrKey(cmd.csr, 'csrPem');
  if (!key.ok) return key;
  const names = csrHostNames(cmd.csr);
  if (!names.includes(c.webServerFqdn)) {
    return violation('Art. 8', `the request names ${names.join(', ') || 'no host'}, not ${c.webServerFqdn}: certificate details never change in place; apply anew`);
  }
  if (cmd.reason === 'REKEY' && cmd.csr.publicKeySha256 === c.csr.publicKeySha256) {
    return invalid('csrPem', 'a REKEY needs a request for a new key; this one uses the current key');
  }
  const caOrderId = text(cmd.caOrderId, 'caOrderId', 'the CA order id', INPUT_LIMITS.reference);
  if (!caOrderId.ok) return caOrderId;
  const days = validityDays(cmd.validityDays);
  if (!days.ok) return days;
  const f = cmd.csr;
  return accept({
    type: 'CertificateReissueRequested',
    data: {
      caOrderId: caOrderId.value,
      reason: cmd.reason,
      csr: { sha256: f.sha256, publicKeySha256: f.publicKeySha256, pem: f.pem, keyAlgorithm: f.keyAlgorithm, keySize: f.keySize, namedCurve: f.namedCurve },
      subject: subjectOf(c),
      validity: requestedValidity(c, policy, cmd.at, days.value),
      previousSerialNumber: latestCertificate(c)?.serialNumber ?? null,
      requestedAt: cmd.at,
      requestedBy: cmd.actor,
    },
  });
};
