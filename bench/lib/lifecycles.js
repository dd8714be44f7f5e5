'use strict';
/**
 * The contract lives of a generated log, as domain commands for libs/domain's decider: six kinds, weighted
 * like a registration authority's book (most contracts active and paid, some unpaid, rejected, still in
 * screening, re-keyed, revoked). About 9 events per contract on average.
 */
const { createHash } = require('node:crypto');
const { STAFF, saga, applicant, TOTAL_BY_PLAN } = require('./mix');
const { parseApplication } = require('@pfw/domain');

const LIVES = [
  { name: 'active-paid-sticker', weight: 40 },
  { name: 'active-unpaid', weight: 25 },
  { name: 'rejected', weight: 10 },
  { name: 'in-screening', weight: 10 },
  { name: 'rekeyed', weight: 10 },
  { name: 'revoked', weight: 5 },
];
const TOTAL_WEIGHT = LIVES.reduce((s, l) => s + l.weight, 0);

function lifeFor(i) {
  let r = (i * 7919) % TOTAL_WEIGHT;
  for (const life of LIVES) {
    if (r < life.weight) return life.name;
    r -= life.weight;
  }
  return LIVES[0].name;
}

const hex = (s, n) => createHash('sha256').update(s).digest('hex').slice(0, n);

/**
 * Commands of contract `i` (id `contractId`), each a function of the instant it is decided at.
 * `k` = { csr, csr2 (CsrFacts for submit and re-key), documents(i), cert { pem, subject, issuer } }.
 */
function lifeCommands(i, contractId, k) {
  const life = lifeFor(i);
  const sticker = life === 'active-paid-sticker';
  const planMonths = i % 3 === 0 ? 24 : 12;
  const base = (actor) => ({ contractId, actor });
  const email = `hanako${i}@example.co.jp`;
  const notice = (kind) => (at) => ({ type: 'NotifyCustomer', ...base(saga('issuance')), at, kind, channel: 'EMAIL', recipient: email });
  const serial = (n) => `${(0x10 + (i % 0x60)).toString(16).toUpperCase()}${hex(`${contractId}-${n}`, 30).toUpperCase()}`;
  const issued = (n, order) => (at) => {
    const notBefore = new Date(Math.floor(at.getTime() / 1000) * 1000 - 60_000);
    return {
      type: 'RecordCertificateIssued', ...base(saga('issuance')), at, caOrderId: order, serialNumber: serial(n),
      notBefore, notAfter: new Date(notBefore.getTime() + 90 * 86_400_000), subject: k.cert.subject, issuer: k.cert.issuer,
      fingerprintSha256: hex(`fp-${contractId}-${n}`, 64), pem: k.cert.pem,
    };
  };
  const cmds = [
    (at) => {
      // Parsed at the edge as the submit handler does (parseApplication), then decided.
      const parsed = parseApplication({
        applicant: applicant(i), webServerFqdn: k.fqdn(i), planMonths, stickerRequested: sticker, certificateDeliveryMethod: 'EMAIL', deliveryAddress: null,
      });
      if (!parsed.ok) throw parsed.error;
      return {
        type: 'SubmitApplication', ...base(STAFF.screener), at, ...parsed.value, csr: k.csrFor(i), documents: k.documents(i),
        termsVersionInForce: '1', renewalOf: null, supersedes: null, transferConsentDocument: null,
      };
    },
  ];
  if (life === 'in-screening') {
    if (i % 2 === 0) cmds.push((at) => ({ type: 'RequestAdditionalDocuments', ...base(STAFF.screener), at, kinds: ['SEAL_CERTIFICATE'], note: '印鑑証明書をお送りください' }));
    return cmds;
  }
  if (life === 'rejected') {
    cmds.push(
      (at) => ({ type: 'FailScreening', ...base(STAFF.screener), at, reasons: ['DOCUMENTS_INCOMPLETE'], note: '書類不備' }),
      notice('SCREENING_RESULT'),
      (at) => ({ type: 'DiscardSubmittedDocuments', ...base(saga('rejection')), at }),
    );
    return cmds;
  }
  const order = `ORDER-${contractId}-1`;
  cmds.push(
    (at) => ({ type: 'PassScreening', ...base(STAFF.screener), at, checklist: { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true } }),
    notice('SCREENING_RESULT'),
    (at) => ({ type: 'IssueInvoice', ...base(saga('issuance')), at, invoiceId: `INV-${contractId}`, channel: 'EMAIL' }),
    notice('INVOICE'),
    (at) => ({ type: 'RequestCertificate', ...base(saga('issuance')), at, caOrderId: order, serviceSuspended: false }),
    issued(1, order),
    (at) => ({ type: 'RecordCertificateDelivered', ...base(saga('issuance')), at, deliveredAt: at }),
    notice('CERTIFICATE_DELIVERY'),
  );
  if (life !== 'active-unpaid' && life !== 'revoked') {
    cmds.push((at) => ({
      type: 'RecordPayment', ...base(STAFF.billing), at, invoiceId: `INV-${contractId}`, amountJpy: TOTAL_BY_PLAN[planMonths],
      paidOn: new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 10), bankReference: `BANK-${i}`,
    }));
  }
  if (sticker) {
    cmds.push((at) => ({ type: 'LendSticker', ...base(STAFF.operator), at, stickerSerial: `STK-${i}`, shippedOn: new Date(at.getTime() + 9 * 3600_000).toISOString().slice(0, 10) }));
  }
  if (life === 'rekeyed') {
    const order2 = `ORDER-${contractId}-2`;
    cmds.push(
      (at) => ({ type: 'RequestReissue', ...base(STAFF.operator), at, caOrderId: order2, csr: k.csr2For(i), reason: 'REKEY', serviceSuspended: false }),
      issued(2, order2),
      (at) => ({ type: 'RecordCertificateDelivered', ...base(saga('issuance')), at, deliveredAt: at }),
    );
  }
  if (life === 'revoked') {
    cmds.push(
      (at) => ({ type: 'InitiateRevocation', ...base(STAFF.operator), at, reason: 'CUSTOMER_REQUEST', crlReason: 'UNSPECIFIED', note: 'customer asked' }),
      (at) => ({ type: 'NotifyCustomer', ...base(saga('revocation')), at, kind: 'REVOCATION_NOTICE', channel: 'EMAIL', recipient: email }),
      (at) => ({ type: 'SendRevocationRequest', ...base(saga('revocation')), at, caOrderId: `REV-${contractId}`, serviceSuspended: false }),
      (at) => ({ type: 'RecordCertificateRevoked', ...base(saga('revocation')), at, serialNumber: serial(1), revokedAt: at, crlReason: 'UNSPECIFIED', caReference: `CA-REV-${i}` }),
      (at) => ({ type: 'NotifyCustomer', ...base(saga('revocation')), at, kind: 'REVOCATION_RESULT', channel: 'EMAIL', recipient: email }),
    );
  }
  return cmds;
}

module.exports = { lifeCommands, lifeFor, LIVES };
