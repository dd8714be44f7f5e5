import { randomUUID } from 'node:crypto';
import { Role, type StaffRole } from '@pfw/auth';
import { makeCsrPem } from './support/csr';
import {
  applicationInput,
  CORPORATE_NUMBER,
  dataOf,
  expectNoLeak,
  inputTypeOf,
  japanDate,
  onlyError,
  startApi,
  submit,
  uploadRequired,
  type ApiHarness,
  type GqlResponse,
} from './support/api';

const FQDN = 'www.validation.example.co.jp';

interface Case {
  /** What is wrong. */
  readonly title: string;
  /** Runs the request (given a valid application input and a SUBMITTED contract's id). */
  readonly send: (api: ApiHarness, ctx: Ctx) => Promise<GqlResponse>;
  /** `extensions.field`: the input path (API.md "Errors"). */
  readonly field: string;
  readonly message?: RegExp;
}

interface Ctx {
  readonly application: Record<string, any>;
  readonly contractId: string;
}

const mutation = (name: string, input: (ctx: Ctx) => unknown) => (api: ApiHarness, ctx: Ctx) =>
  api.gql(roleOf(name), `mutation($i: ${inputTypeOf(name)}!) { ${name}(input: $i) { __typename } }`, { i: input(ctx) });

function roleOf(name: string): StaffRole {
  if (name === 'recordPayment') return Role.BILLING;
  if (['recordCertificateDelivered', 'requestReissue', 'recordStickerShipped', 'recordStickerReturned', 'reportTrustImpaired', 'requestRevocation', 'cancelContract', 'recordRevocationOutcome'].includes(name)) return Role.OPERATOR;
  if (['noticeTermination', 'assessCompensation', 'suspendService', 'resumeService', 'reviseTerms'].includes(name)) return Role.ADMIN;
  return Role.SCREENER;
}

const submitWith = (change: (a: Record<string, any>) => Record<string, any>) => mutation('submitApplication', (ctx) => change(structuredClone(ctx.application)));
const applicant = (change: Record<string, unknown>) => submitWith((a) => ({ ...a, applicant: { ...a.applicant, ...change } }));
const address = (change: Record<string, unknown>) => submitWith((a) => ({ ...a, applicant: { ...a.applicant, address: { ...a.applicant.address, ...change } } }));
const contact = (change: Record<string, unknown>) => submitWith((a) => ({ ...a, applicant: { ...a.applicant, contact: { ...a.applicant.contact, ...change } } }));

const CASES: readonly Case[] = [
  // Wrong types (GraphQL refuses the variables before any resolver runs).
  { title: 'planMonths as a string', send: submitWith((a) => ({ ...a, planMonths: 'twelve' })), field: 'input.planMonths' },
  { title: 'stickerRequested as a string', send: submitWith((a) => ({ ...a, stickerRequested: 'yes' })), field: 'input.stickerRequested' },
  { title: 'applicant as a string', send: submitWith((a) => ({ ...a, applicant: 'ACME' })), field: 'input.applicant' },
  { title: 'amountJpy with a fraction', send: mutation('recordPayment', (c) => ({ contractId: c.contractId, amountJpy: 12.5, paidOn: japanDate(), bankReference: 'X' })), field: 'input.amountJpy' },
  { title: 'a required field missing (webServerFqdn)', send: submitWith(({ webServerFqdn: _gone, ...a }) => a), field: 'input.webServerFqdn' },
  { title: 'a required field null (csrPem)', send: submitWith((a) => ({ ...a, csrPem: null })), field: 'input.csrPem' },
  { title: 'a field the input type does not have', send: submitWith((a) => ({ ...a, discountPercent: 50 })), field: 'input.discountPercent' },
  // The same mistakes written as literals into the document (GraphQL's validation refuses them).
  { title: 'a literal of the wrong type', send: (api) => api.gql(Role.ADMIN, 'mutation { suspendService(input: { reason: 5 }) { __typename } }'), field: 'input.reason' },
  { title: 'a literal object missing a required field', send: (api) => api.gql(Role.ADMIN, 'mutation { suspendService(input: {}) { __typename } }'), field: 'input.reason' },
  { title: 'a literal object with a field its type does not have', send: (api) => api.gql(Role.ADMIN, 'mutation { suspendService(input: { reason: "x", force: true }) { __typename } }'), field: 'input.force' },
  { title: 'a required argument left out', send: (api) => api.gql(Role.ADMIN, 'mutation { suspendService { __typename } }'), field: 'input' },
  {
    title: 'an impossible Date literal',
    send: (api, c) => api.gql(Role.BILLING, `mutation { recordPayment(input: { contractId: "${c.contractId}", amountJpy: 1, paidOn: "2026-02-30", bankReference: "b" }) { __typename } }`),
    field: 'input.paidOn',
  },
  {
    title: 'an impossible DateTime literal',
    send: (api, c) => api.gql(Role.OPERATOR, `mutation { reportTrustImpaired(input: { contractId: "${c.contractId}", cause: OTHER, reportedAt: "2026-04-31T00:00:00Z" }) { __typename } }`),
    field: 'input.reportedAt',
  },
  // Oversize strings (class-validator).
  { title: 'organizationName of 201 characters', send: applicant({ organizationName: 'あ'.repeat(201) }), field: 'input.applicant.organizationName' },
  { title: 'webServerFqdn of 254 characters', send: submitWith((a) => ({ ...a, webServerFqdn: `${'a'.repeat(63)}.${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}.jp` })), field: 'input.webServerFqdn' },
  { title: 'csrPem of 20 001 characters', send: submitWith((a) => ({ ...a, csrPem: 'A'.repeat(20_001) })), field: 'input.csrPem' },
  { title: 'a note of 2 001 characters', send: mutation('withdrawApplication', (c) => ({ contractId: c.contractId, note: 'n'.repeat(2001) })), field: 'input.note' },
  { title: 'a suspension reason of 2 001 characters', send: mutation('suspendService', () => ({ reason: 'r'.repeat(2001) })), field: 'input.reason' },
  { title: 'a clientMutationId of 101 characters', send: mutation('withdrawApplication', (c) => ({ clientMutationId: 'k'.repeat(101), contractId: c.contractId })), field: 'input.clientMutationId' },
  { title: 'an empty bank reference', send: mutation('recordPayment', (c) => ({ contractId: c.contractId, amountJpy: 100, paidOn: japanDate(), bankReference: '' })), field: 'input.bankReference' },
  // Bad enum values.
  { title: 'organizationType COMPANY', send: applicant({ organizationType: 'COMPANY' }), field: 'input.applicant.organizationType' },
  { title: 'certificateDeliveryMethod FAX', send: submitWith((a) => ({ ...a, certificateDeliveryMethod: 'FAX' })), field: 'input.certificateDeliveryMethod' },
  { title: 'a screening failure reason BORED', send: mutation('failScreening', (c) => ({ contractId: c.contractId, reasons: ['NO_JAPAN_BASE', 'BORED'] })), field: 'input.reasons.1' },
  { title: 'a revocation reason operators may not give (KEY_COMPROMISE)', send: mutation('requestRevocation', (c) => ({ contractId: c.contractId, reason: 'KEY_COMPROMISE' })), field: 'input.reason' },
  { title: 'a cancellation reason that does not exist (EXPIRED)', send: mutation('cancelContract', (c) => ({ contractId: c.contractId, reason: 'EXPIRED' })), field: 'input.reason' },
  { title: 'a cancellation note of 2 001 characters', send: mutation('cancelContract', (c) => ({ contractId: c.contractId, reason: 'CUSTOMER_REQUEST', note: 'n'.repeat(2001) })), field: 'input.note' },
  { title: 'a revocation outcome that does not exist (PENDING)', send: mutation('recordRevocationOutcome', (c) => ({ contractId: c.contractId, outcome: 'PENDING' })), field: 'input.outcome' },
  { title: 'a revocation outcome REVOKED without revokedAt', send: mutation('recordRevocationOutcome', (c) => ({ contractId: c.contractId, outcome: 'REVOKED' })), field: 'input.revokedAt' },
  { title: 'a revocation outcome revokedAt that is not an instant', send: mutation('recordRevocationOutcome', (c) => ({ contractId: c.contractId, outcome: 'REVOKED', revokedAt: '2026-04-01' })), field: 'input.revokedAt' },
  { title: 'a CRL reason that does not exist', send: mutation('requestRevocation', (c) => ({ contractId: c.contractId, reason: 'CUSTOMER_REQUEST', crlReason: 'CERTIFICATE_HOLD' })), field: 'input.crlReason' },
  { title: 'an enum literal that does not exist', send: (api) => api.gql(Role.AUDITOR, '{ documentRequirements(organizationType: COMPANY) }'), field: 'organizationType' },
  {
    title: 'an enum literal that does not exist, in a list',
    send: (api, c) => api.gql(Role.SCREENER, `mutation { failScreening(input: { contractId: "${c.contractId}", reasons: [NO_JAPAN_BASE, BORED] }) { __typename } }`),
    field: 'input.reasons.1',
  },
  { title: 'a document kind that is not an upper-case token', send: mutation('requestAdditionalDocuments', (c) => ({ contractId: c.contractId, kinds: ['passport copy'] })), field: 'input.kinds' },
  // What the domain refuses, naming the field.
  { title: 'an FQDN with a space', send: submitWith((a) => ({ ...a, webServerFqdn: 'not a host' })), field: 'input.webServerFqdn' },
  { title: 'an FQDN with a scheme', send: submitWith((a) => ({ ...a, webServerFqdn: `https://${FQDN}` })), field: 'input.webServerFqdn' },
  { title: 'an FQDN with one label', send: submitWith((a) => ({ ...a, webServerFqdn: 'localhost' })), field: 'input.webServerFqdn' },
  { title: 'an FQDN label starting with a hyphen', send: submitWith((a) => ({ ...a, webServerFqdn: '-www.example.jp' })), field: 'input.webServerFqdn' },
  { title: 'an FQDN that is an IP address', send: submitWith((a) => ({ ...a, webServerFqdn: '192.0.2.10' })), field: 'input.webServerFqdn' },
  { title: 'a postal code of 4 digits', send: address({ postalCode: '1500' }), field: 'input.applicant.address.postalCode' },
  { title: 'a postal code with letters', send: address({ postalCode: '150-00A1' }), field: 'input.applicant.address.postalCode' },
  {
    title: 'a delivery address with a bad postal code',
    send: submitWith((a) => ({ ...a, stickerRequested: true, deliveryAddress: { ...a.applicant.address, postalCode: '999' } })),
    field: 'input.deliveryAddress.postalCode',
  },
  { title: 'a prefecture that does not exist', send: address({ prefecture: 'Atlantis' }), field: 'input.applicant.address.prefecture' },
  { title: 'a corporate number with a wrong check digit', send: applicant({ corporateNumber: `${(Number(CORPORATE_NUMBER[0]) % 9) + 1}${CORPORATE_NUMBER.slice(1)}` }), field: 'input.applicant.corporateNumber' },
  { title: 'a corporate number of 12 digits', send: applicant({ corporateNumber: '123456789012' }), field: 'input.applicant.corporateNumber' },
  { title: 'an e-mail address without @', send: contact({ email: 'hanako-at-example.co.jp' }), field: 'input.applicant.contact.email' },
  { title: 'a phone number that is not Japanese', send: contact({ phone: '12345' }), field: 'input.applicant.contact.phone' },
  { title: 'a phone number with letters', send: contact({ phone: '03-CALL-ME' }), field: 'input.applicant.contact.phone' },
  { title: 'a plan that is not on offer (13 months)', send: submitWith((a) => ({ ...a, planMonths: 13 })), field: 'input.planMonths' },
  { title: 'a CSR that is not a CSR', send: submitWith((a) => ({ ...a, csrPem: '-----BEGIN CERTIFICATE REQUEST-----\nbm90IGEgQ1NS\n-----END CERTIFICATE REQUEST-----' })), field: 'input.csrPem' },
  // Filled in beforeAll: a real CSR for another host.
  { title: 'a CSR whose CN and SAN name another host', send: (api, ctx) => mutation('submitApplication', () => ({ ...ctx.application, csrPem: otherCsr }))(api, ctx), field: 'input.csrPem', message: /www\.other\.example\.jp/ },
  { title: 'a contract id that is not a UUID', send: mutation('withdrawApplication', () => ({ contractId: 'contract-1' })), field: 'input.contractId' },
  { title: 'a payment of 0 yen', send: mutation('recordPayment', (c) => ({ contractId: c.contractId, amountJpy: 0, paidOn: japanDate(), bankReference: 'X' })), field: 'input.amountJpy' },
  // Impossible Dates and bad DateTimes.
  { title: 'an impossible Date (30 February)', send: mutation('recordPayment', (c) => ({ contractId: c.contractId, amountJpy: 100, paidOn: '2026-02-30', bankReference: 'X' })), field: 'input.paidOn' },
  { title: 'a Date in month 13', send: mutation('noticeTermination', (c) => ({ contractId: c.contractId, noticedOn: japanDate(), effectiveOn: '2027-13-01', channel: 'EMAIL', reason: 'x' })), field: 'input.effectiveOn' },
  { title: 'a Date written the Japanese way (2026/04/01)', send: mutation('assessCompensation', (c) => ({ contractId: c.contractId, incidentOn: '2026/04/01' })), field: 'input.incidentOn' },
  { title: 'a DateTime on an impossible day (30 February)', send: mutation('recordCertificateDelivered', (c) => ({ contractId: c.contractId, deliveredAt: '2026-02-30T10:00:00Z' })), field: 'input.deliveredAt' },
  { title: 'a DateTime without an offset', send: mutation('reportTrustImpaired', (c) => ({ contractId: c.contractId, cause: 'OTHER', reportedAt: '2026-04-01T10:00:00' })), field: 'input.reportedAt' },
  { title: 'a DateTime that is only a date', send: mutation('reportTrustImpaired', (c) => ({ contractId: c.contractId, cause: 'OTHER', reportedAt: '2026-04-01' })), field: 'input.reportedAt' },
  { title: 'a DateTime at 25 o’clock', send: mutation('recordCertificateDelivered', (c) => ({ contractId: c.contractId, deliveredAt: '2026-04-01T25:00:00+09:00' })), field: 'input.deliveredAt' },
  {
    title: 'a DateTime filter that is not an instant',
    send: (api) => api.gql(Role.AUDITOR, 'query($f: ContractFilter) { contracts(filter: $f) { totalCount } }', { f: { submittedFrom: 'yesterday' } }),
    field: 'filter.submittedFrom',
  },
  { title: 'a work-list window of 1 000 days', send: (api) => api.gql(Role.AUDITOR, '{ expiringCertificates(withinDays: 1000) { id } }'), field: 'withinDays' },
];

let otherCsr: string;
let kinds: string[];

describe('malformed inputs → BAD_USER_INPUT, the field named, nothing written, nothing internal shown', () => {
  let api: ApiHarness;
  let ctx: Ctx;

  beforeAll(async () => {
    api = await startApi();
    kinds = dataOf(await api.gql(Role.SCREENER, '{ documentRequirements(organizationType: CORPORATION) }'), 'documentRequirements');
    const documentIds = await uploadRequired(api, kinds);
    otherCsr = await makeCsrPem('www.other.example.jp');
    const application = applicationInput({ fqdn: FQDN, csrPem: await makeCsrPem(FQDN), documentIds });
    // Its own uploads: a document belongs to the one application it is first attached to.
    const submitted = await submit(api, kinds, { fqdn: `contract.${FQDN}` });
    ctx = { application, contractId: submitted.id };
  });
  afterAll(() => api?.close());

  it('the valid application the cases start from is accepted (so each case fails for its own reason)', async () => {
    const res = await api.gql(Role.SCREENER, 'mutation($i: SubmitApplicationInput!) { submitApplication(input: $i) { contract { status webServerFqdn } } }', {
      i: { ...ctx.application, documentIds: await uploadRequired(api, kinds), clientMutationId: randomUUID() },
    });
    expect(dataOf(res, 'submitApplication').contract).toEqual({ status: 'SUBMITTED', webServerFqdn: FQDN });
  });

  it.each(CASES.map((c) => [c.title, c] as const))('%s', async (_title, c) => {
    const before = await api.head();
    const contractBefore = dataOf(await api.gql(Role.AUDITOR, 'query($id: ID!) { contract(id: $id) { version } }', { id: ctx.contractId }), 'contract');
    const res = await c.send(api, ctx);
    const error = onlyError(res);
    expect(error.extensions.code).toBe('BAD_USER_INPUT');
    expect(error.extensions.field).toBe(c.field);
    if (c.message) expect(error.message).toMatch(c.message);
    // Nothing written: the log did not move, the contract kept its version.
    expect(await api.head()).toBe(before);
    expect(dataOf(await api.gql(Role.AUDITOR, 'query($id: ID!) { contract(id: $id) { version } }', { id: ctx.contractId }), 'contract')).toEqual(contractBefore);
    expect(res.body.data?.submitApplication ?? null).toBeNull();
    expectNoLeak(res.text);
    expect(Object.keys(error.extensions).sort()).toEqual(['code', 'field']);
  });

  it('GET /documents/:id of an unknown id answers 404 without internals', async () => {
    const res = await api.http().get(`/documents/${randomUUID()}`).set('Authorization', `Bearer ${api.token(Role.AUDITOR)}`);
    expect(res.status).toBe(404);
    expectNoLeak(res.text);
  });
});
