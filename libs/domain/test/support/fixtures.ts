import { createHash } from 'node:crypto';
import type {
  Actor, ApplicationInput, ContractCommand, ContractEvent, CsrFacts, DocumentRef, SubmitApplication,
} from '@pfw/domain';
import { contractDecider, DEFAULT_POLICY, parseApplication, toJapanDate, type DomainPolicy } from '@pfw/domain';

export const sha = (s: string): string => createHash('sha256').update(s).digest('hex');

export const screener: Actor = { id: 'staff-screener-1', role: 'SCREENER' };
export const billing: Actor = { id: 'staff-billing-1', role: 'BILLING' };
export const operator: Actor = { id: 'staff-operator-1', role: 'OPERATOR' };
export const admin: Actor = { id: 'staff-admin-1', role: 'ADMIN' };
export const saga = (name: string): Actor => ({ id: `saga:${name}`, role: 'SYSTEM' });

export const CONTRACT_ID = '6f1d2c3b-0000-4000-8000-000000000001';
export const FQDN = 'www.example.co.jp';

/** 2026-04-01 10:00 Japan time: the BR cap in force is 200 days. */
export const T0 = new Date('2026-04-01T01:00:00Z');
export const hours = (n: number) => n * 60 * 60 * 1000;
export const days = (n: number) => n * 24 * 60 * 60 * 1000;
export const after = (base: Date, ms: number) => new Date(base.getTime() + ms);

/** A valid corporate number (the National Tax Agency's own). */
export const CORPORATE_NUMBER = '7000012050002';

export const applicantInput = {
  organizationName: '株式会社サンプル',
  organizationType: 'CORPORATION',
  corporateNumber: CORPORATE_NUMBER,
  address: { postalCode: '1500001', prefecture: 'Tokyo', city: '渋谷区', street: '神宮前1-2-3' },
  representativeName: '山田 太郎',
  contact: { name: '佐藤 花子', email: 'hanako.sato@example.co.jp', phone: '03-1234-5678' },
} as const;

export const doc = (kind: string, n = 1): DocumentRef => ({ id: `doc-${kind.toLowerCase()}-${n}`, kind, sha256: sha(`${kind}-${n}`) });

export const corporationDocuments = (policy: DomainPolicy = DEFAULT_POLICY): DocumentRef[] => policy.requiredDocuments.CORPORATION.map((k) => doc(k));

/** CSR facts as parseCsr would return them (decider tests; csr.spec.ts parses real requests). */
export function csrFacts(overrides: Partial<CsrFacts> = {}): CsrFacts {
  const key = overrides.publicKeySha256 ?? sha('key-1');
  return {
    pem: '-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n-----END CERTIFICATE REQUEST-----',
    sha256: sha(`csr-${key}`),
    publicKeySha256: key,
    commonName: FQDN,
    subjectAltNames: [FQDN],
    keyAlgorithm: 'ECDSA',
    keyAlgorithmName: 'ECDSA',
    keySize: null,
    namedCurve: 'P-256',
    ...overrides,
  };
}

/** The usual application as staff enter it, with `overrides`. */
export function applicationInput(overrides: Partial<ApplicationInput> = {}): ApplicationInput {
  return { applicant: applicantInput, webServerFqdn: FQDN, planMonths: 12, stickerRequested: true, ...overrides };
}

/** A SubmitApplication built as the handler builds it: the application's values parsed by parseApplication. */
export function submitCommand(overrides: Partial<ApplicationInput> & Partial<Omit<SubmitApplication, keyof ApplicationInput>> = {}): SubmitApplication {
  const { applicant, webServerFqdn, planMonths, stickerRequested, certificateDeliveryMethod, deliveryAddress, ...rest } = overrides;
  const parsed = parseApplication(applicationInput({
    ...(applicant !== undefined ? { applicant } : {}),
    ...(webServerFqdn !== undefined ? { webServerFqdn } : {}),
    ...(planMonths !== undefined ? { planMonths } : {}),
    ...(stickerRequested !== undefined ? { stickerRequested } : {}),
    certificateDeliveryMethod,
    deliveryAddress,
  }));
  if (!parsed.ok) throw parsed.error;
  return {
    type: 'SubmitApplication',
    contractId: CONTRACT_ID,
    actor: screener,
    at: T0,
    ...parsed.value,
    csr: csrFacts(),
    documents: corporationDocuments(),
    termsVersionInForce: '1',
    ...rest,
  };
}

/** Runs commands through the decider from an empty stream; every one must be accepted. */
export function run(commands: readonly ContractCommand[], policy: DomainPolicy = DEFAULT_POLICY, from: ContractEvent[] = []): ContractEvent[] {
  const events = [...from];
  const decider = contractDecider(policy);
  let state = events.reduce(decider.evolve, decider.initialState);
  for (const command of commands) {
    const d = decider.decide(command, state);
    if (!d.ok) throw new Error(`${command.type} refused: ${d.error.message}`);
    for (const e of d.events) {
      events.push(e);
      state = decider.evolve(state, e);
    }
  }
  return events;
}

const base = (at: Date, actor: Actor) => ({ contractId: CONTRACT_ID, at, actor });

/** Command builders for the usual path, each at its own instant. */
export const cmd = {
  submit: submitCommand,
  pass: (at = after(T0, hours(1))): ContractCommand => ({
    type: 'PassScreening', ...base(at, screener),
    checklist: { japanBase: true, organizationEligible: true, noProhibitedActFound: true, documentsComplete: true },
  }),
  fail: (at = after(T0, hours(1))): ContractCommand => ({ type: 'FailScreening', ...base(at, screener), reasons: ['NO_JAPAN_BASE'], note: 'no office in Japan' }),
  /** A paper invoice received the day it is drawn up (due 30 days later without a notice). */
  invoice: (at = after(T0, hours(2))): ContractCommand => ({
    type: 'IssueInvoice', ...base(at, saga('issuance')), invoiceId: 'INV-1', channel: 'DOCUMENT', receivedOn: toJapanDate(at),
  }),
  /** An e-mailed invoice: received when its INVOICE notice is sent (Art. 5). */
  emailInvoice: (at = after(T0, hours(2))): ContractCommand => ({ type: 'IssueInvoice', ...base(at, saga('issuance')), invoiceId: 'INV-1', channel: 'EMAIL' }),
  pay: (amountJpy: number, paidOn: string, at: Date, ref = `BANK-${amountJpy}-${paidOn}`): ContractCommand => ({
    type: 'RecordPayment', ...base(at, billing), invoiceId: 'INV-1', amountJpy, paidOn, bankReference: ref,
  }),
  requestCertificate: (at = after(T0, hours(2)), serviceSuspended = false): ContractCommand => ({
    type: 'RequestCertificate', ...base(at, saga('issuance')), caOrderId: 'ORDER-1', serviceSuspended,
  }),
  issued: (at = after(T0, hours(3)), o: { caOrderId?: string; serial?: string; notBefore?: Date; notAfter?: Date } = {}): ContractCommand => {
    const notBefore = o.notBefore ?? at;
    return {
      type: 'RecordCertificateIssued', ...base(at, saga('issuance')), caOrderId: o.caOrderId ?? 'ORDER-1', serialNumber: o.serial ?? '0A1B2C3D',
      notBefore, notAfter: o.notAfter ?? new Date(notBefore.getTime() + days(90) - 1000), subject: `CN=${FQDN}, O=株式会社サンプル, C=JP`,
      issuer: 'CN=PfW Local CA', fingerprintSha256: sha(`cert-${o.serial ?? '0A1B2C3D'}`),
      pem: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----',
    };
  },
  delivered: (at = after(T0, hours(4)), serialNumber?: string): ContractCommand => ({
    type: 'RecordCertificateDelivered', ...base(at, saga('issuance')), deliveredAt: at, ...(serialNumber ? { serialNumber } : {}),
  }),
  lendSticker: (at = after(T0, days(2))): ContractCommand => ({ type: 'LendSticker', ...base(at, operator), stickerSerial: 'STK-0001', shippedOn: '2026-04-03' }),
  notify: (kind: string, at: Date, extra: Record<string, unknown> = {}): ContractCommand =>
    ({ type: 'NotifyCustomer', ...base(at, saga('notifications')), kind, channel: 'EMAIL', recipient: 'hanako.sato@example.co.jp', ...extra }) as ContractCommand,
  initiate: (reason: string, at: Date, actor: Actor = operator, extra: Record<string, unknown> = {}): ContractCommand =>
    ({ type: 'InitiateRevocation', ...base(at, actor), reason, note: 'see ticket', ...extra }) as ContractCommand,
  sendRevocation: (at: Date, serviceSuspended = false): ContractCommand => ({
    type: 'SendRevocationRequest', ...base(at, saga('revocation')), caOrderId: 'REV-1', serviceSuspended,
  }),
  reportTrustImpaired: (cause: 'KEY_COMPROMISE' | 'OTHER', at: Date, serviceSuspended = false): ContractCommand => ({
    type: 'ReportTrustImpaired', ...base(at, operator), cause, reportedAt: at, caOrderId: 'REV-1', serviceSuspended, note: 'customer called',
  }),
  revoked: (at: Date, crlReason: string, serialNumber = '0A1B2C3D'): ContractCommand =>
    ({ type: 'RecordCertificateRevoked', ...base(at, saga('revocation')), serialNumber, revokedAt: at, crlReason, caReference: 'CA-REV-1' }) as ContractCommand,
  rejected: (at: Date, serialNumber = '0A1B2C3D'): ContractCommand => ({
    type: 'RecordRevocationRejected', ...base(at, saga('revocation')), serialNumber, error: 'CA: certificate not found',
  }),
};

/** Events of a contract whose first certificate was delivered (ACTIVE), with the fee invoiced on 2026-04-01. */
export function activeHistory(policy: DomainPolicy = DEFAULT_POLICY): ContractEvent[] {
  return run([cmd.submit(), cmd.pass(), cmd.invoice(), cmd.requestCertificate(), cmd.issued(), cmd.delivered()], policy);
}

/** Events of an accepted contract (ACCEPTED), not yet invoiced. */
export function acceptedHistory(): ContractEvent[] {
  return run([cmd.submit(), cmd.pass()]);
}
