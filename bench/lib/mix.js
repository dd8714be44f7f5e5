'use strict';
/**
 * The command mix of the command-path workload: one contract's life as staff and the sagas drive it, ten or
 * eleven commands — submit, pass screening, the screening-result notice, the invoice and its notice, the CA
 * order, the CA's certificate, its delivery, the payment, and for half of them the sticker's shipment.
 * Inputs are in the shape callers give the CommandBus (ContractCommandInput); the peer turns them into
 * domain commands the same way the product's handlers do.
 */
const { randomBytes, createHash } = require('node:crypto');

const STAFF = {
  screener: { id: 'staff-screener-1', role: 'SCREENER' },
  billing: { id: 'staff-billing-1', role: 'BILLING' },
  operator: { id: 'staff-operator-1', role: 'OPERATOR' },
};
const saga = (name) => ({ id: `saga:${name}`, role: 'SYSTEM' });

/** A valid corporate number (the National Tax Agency's own, as in the domain fixtures). */
const CORPORATE_NUMBER = '7000012050002';

function applicant(i) {
  return {
    organizationName: `株式会社ベンチ${i}`,
    organizationType: 'CORPORATION',
    corporateNumber: CORPORATE_NUMBER,
    address: { postalCode: '150-0001', prefecture: '東京都', city: '渋谷区', street: `神宮前1-${(i % 50) + 1}-1` },
    representativeName: '山田 太郎',
    contact: { name: '佐藤 花子', email: `hanako${i}@example.co.jp`, phone: '03-1234-5678' },
  };
}

/** Fee of the plan with 10 % consumption tax rounded down (DEFAULT_POLICY: 12 → 60,000, 24 → 110,000 yen). */
const TOTAL_BY_PLAN = { 12: 66_000, 24: 121_000 };

/**
 * The steps of contract `i`. `c` = { fqdn, csrPem, documentIds }, `cert` = { pem, subject, issuer },
 * `tag` makes saga idempotency keys unique per run. Each step: { kind: 'submit' | 'contract', input(contractId),
 * actor, key (idempotency key or null) }.
 */
function contractSteps(i, c, cert, tag) {
  const sticker = i % 2 === 0;
  const planMonths = i % 3 === 0 ? 24 : 12;
  const invoiceId = `INV-${tag}-${i}`;
  const caOrderId = `ORDER-${tag}-${i}`;
  const serialNumber = `${(0x10 + (i % 0x60)).toString(16).toUpperCase()}${randomBytes(15).toString('hex').toUpperCase()}`;
  const fingerprintSha256 = createHash('sha256').update(serialNumber).digest('hex');
  const notice = (kind) => ({ type: 'NotifyCustomer', kind, channel: 'EMAIL', recipient: `hanako${i}@example.co.jp` });
  const k = (step) => `bench:${tag}:${i}:${step}`;
  const steps = [
    {
      kind: 'submit',
      actor: STAFF.screener,
      key: null,
      input: () => ({
        applicant: applicant(i),
        webServerFqdn: c.fqdn,
        planMonths,
        stickerRequested: sticker,
        certificateDeliveryMethod: 'EMAIL',
        deliveryAddress: null,
        csrPem: c.csrPem,
        documentIds: c.documentIds,
      }),
    },
    {
      kind: 'contract', actor: STAFF.screener, key: null,
      input: (contractId) => ({ type: 'PassScreening', contractId, checklist: { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true } }),
    },
    { kind: 'contract', actor: saga('issuance'), key: k('notice-screening'), input: (contractId) => ({ ...notice('SCREENING_RESULT'), contractId }) },
    { kind: 'contract', actor: saga('issuance'), key: k('invoice'), input: (contractId) => ({ type: 'IssueInvoice', contractId, invoiceId, channel: 'EMAIL' }) },
    { kind: 'contract', actor: saga('issuance'), key: k('notice-invoice'), input: (contractId) => ({ ...notice('INVOICE'), contractId }) },
    { kind: 'contract', actor: saga('issuance'), key: k('ca-order'), input: (contractId) => ({ type: 'RequestCertificate', contractId, caOrderId }) },
    {
      kind: 'contract', actor: saga('issuance'), key: k('ca-issued'),
      input: (contractId) => {
        const notBefore = new Date(Math.floor(Date.now() / 1000) * 1000 - 60_000);
        return {
          type: 'RecordCertificateIssued', contractId, caOrderId, serialNumber, fingerprintSha256,
          notBefore, notAfter: new Date(notBefore.getTime() + 90 * 86_400_000), subject: cert.subject, issuer: cert.issuer, pem: cert.pem,
        };
      },
    },
    { kind: 'contract', actor: saga('issuance'), key: k('delivered'), input: (contractId) => ({ type: 'RecordCertificateDelivered', contractId, deliveredAt: new Date() }) },
    {
      kind: 'contract', actor: STAFF.billing, key: null,
      input: (contractId) => ({ type: 'RecordPayment', contractId, invoiceId, amountJpy: TOTAL_BY_PLAN[planMonths], paidOn: japanToday(), bankReference: `BANK-${tag}-${i}` }),
    },
  ];
  if (sticker) {
    steps.push({ kind: 'contract', actor: STAFF.operator, key: null, input: (contractId) => ({ type: 'LendSticker', contractId, stickerSerial: `STK-${tag}-${i}`, shippedOn: japanToday() }) });
  }
  return steps;
}

function japanToday() {
  return new Date(Date.now() + 9 * 3600_000).toISOString().slice(0, 10);
}

module.exports = { contractSteps, STAFF, saga, applicant, CORPORATE_NUMBER, TOTAL_BY_PLAN, japanToday };
