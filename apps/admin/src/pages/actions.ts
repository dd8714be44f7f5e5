import dayjs from 'dayjs';
import type { TypedDocumentNode } from 'urql';
import type { FieldSpec } from '../ActionForm';
import { hasRole, type Session } from '../auth';
import { graphql } from '../gql';
import type { ContractViewFragment } from '../gql/graphql';

export interface ContractAction {
  readonly id: string;
  readonly title: string;
  readonly roles: readonly string[];
  readonly mutation: TypedDocumentNode<unknown, { input: never }>;
  readonly fields: readonly FieldSpec[];
  readonly initial?: Record<string, unknown>;
  /** What the form does and when the terms allow it (an i18n key, `actions.<id>`). */
  readonly description?: string;
  /** Whether it makes sense in this state (the server still decides). */
  readonly when: (c: ContractViewFragment) => boolean;
}

const RequestDocuments = graphql(`mutation RequestDocuments($input: RequestAdditionalDocumentsInput!) { requestAdditionalDocuments(input: $input) { position } }`);
const PassScreening = graphql(`mutation PassScreening($input: PassScreeningInput!) { passScreening(input: $input) { position } }`);
const FailScreening = graphql(`mutation FailScreening($input: FailScreeningInput!) { failScreening(input: $input) { position } }`);
const RecordPayment = graphql(`mutation RecordPayment($input: RecordPaymentInput!) { recordPayment(input: $input) { position } }`);
const ShipSticker = graphql(`mutation ShipSticker($input: RecordStickerShippedInput!) { recordStickerShipped(input: $input) { position } }`);
const ReturnSticker = graphql(`mutation ReturnSticker($input: RecordStickerReturnedInput!) { recordStickerReturned(input: $input) { position } }`);
const Delivered = graphql(`mutation Delivered($input: RecordCertificateDeliveredInput!) { recordCertificateDelivered(input: $input) { position } }`);
const TrustImpaired = graphql(`mutation TrustImpaired($input: ReportTrustImpairedInput!) { reportTrustImpaired(input: $input) { position } }`);
const RequestRevocation = graphql(`mutation RequestRevocation($input: RequestRevocationInput!) { requestRevocation(input: $input) { position } }`);
const NoticeTermination = graphql(`mutation NoticeTermination($input: NoticeTerminationInput!) { noticeTermination(input: $input) { position } }`);
const AssessCompensation = graphql(`mutation AssessCompensation($input: AssessCompensationInput!) { assessCompensation(input: $input) { amountJpy contractFeeJpy } }`);
const Withdraw = graphql(`mutation Withdraw($input: WithdrawApplicationInput!) { withdrawApplication(input: $input) { position } }`);
const Attach = graphql(`mutation Attach($input: AttachDocumentsInput!) { attachDocuments(input: $input) { position } }`);
const Reissue = graphql(`mutation Reissue($input: RequestReissueInput!) { requestReissue(input: $input) { position } }`);
const Cancel = graphql(`mutation Cancel($input: CancelContractInput!) { cancelContract(input: $input) { position } }`);
const RevocationOutcome = graphql(`mutation RevocationOutcome($input: RecordRevocationOutcomeInput!) { recordRevocationOutcome(input: $input) { position } }`);

/** Today in Japan (the terms' calendar), whatever the browser's time zone. */
const today = () => dayjs(new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10));
const open = (c: ContractViewFragment) => !['REJECTED', 'WITHDRAWN', 'CANCELLED', 'EXPIRED', 'TERMINATED', 'REVOKED'].includes(c.status);
const CRL_REASONS = ['UNSPECIFIED', 'KEY_COMPROMISE', 'AFFILIATION_CHANGED', 'SUPERSEDED', 'CESSATION_OF_OPERATION', 'PRIVILEGE_WITHDRAWN'];
const DOCUMENT_KINDS = ['APPLICATION_FORM', 'COVER_LETTER', 'CERTIFICATE_OF_REGISTERED_MATTERS', 'SEAL_CERTIFICATE', 'OTHER'];
/** CancellationReason (API.md): why a contract ends before any certificate was delivered. */
export const CANCELLATION_REASONS = ['CUSTOMER_REQUEST', 'PROHIBITED_ACT', 'CA_REFUSED', 'NON_PAYMENT'];
const FAILURE_REASONS = ['NO_JAPAN_BASE', 'INELIGIBLE_ORGANIZATION', 'DOCUMENTS_INCOMPLETE', 'PUBLIC_ORDER_AND_MORALS', 'CRIMINAL_ACT', 'DEFAMATION', 'COPYRIGHT_INFRINGEMENT', 'PROPERTY_OR_PRIVACY_INFRINGEMENT', 'OBSTRUCTS_SECOM', 'OTHER_LEGAL_VIOLATION', 'OTHER'];

/** Every contract action of API.md "Mutations", with the role that may take it and its input fields. */
const ACTIONS: readonly Omit<ContractAction, 'initial' | 'description'>[] = [
  {
    id: 'passScreening', title: 'passScreening', roles: ['SCREENER'], mutation: PassScreening, when: (c) => c.status === 'SUBMITTED',
    fields: [
      { name: 'checklist.japanBase', label: 'japanBase', kind: 'checkbox' },
      { name: 'checklist.organizationEligible', label: 'organizationEligible', kind: 'checkbox' },
      { name: 'checklist.noProhibitedActFound', label: 'noProhibitedActFound', kind: 'checkbox' },
      { name: 'checklist.documentsComplete', label: 'documentsComplete', kind: 'checkbox' },
    ],
  },
  { id: 'failScreening', title: 'failScreening', roles: ['SCREENER'], mutation: FailScreening, when: (c) => c.status === 'SUBMITTED', fields: [{ name: 'reasons', label: 'reasons', kind: 'multiselect', options: FAILURE_REASONS, required: true }, { name: 'note', label: 'note', kind: 'textarea' }] },
  { id: 'requestAdditionalDocuments', title: 'requestAdditionalDocuments', roles: ['SCREENER'], mutation: RequestDocuments, when: (c) => c.status === 'SUBMITTED', fields: [{ name: 'kinds', label: 'kinds', kind: 'multiselect', options: DOCUMENT_KINDS, required: true }, { name: 'note', label: 'note', kind: 'textarea' }] },
  {
    id: 'attachDocuments', title: 'attachDocuments', roles: ['SCREENER'], mutation: Attach, when: (c) => c.status === 'SUBMITTED',
    fields: [
      { name: 'documentKind', label: 'kind', kind: 'select', options: DOCUMENT_KINDS, required: true },
      { name: 'documentIds', label: 'documentIds', kind: 'upload', documentKindField: 'documentKind', required: true },
    ],
  },
  { id: 'withdrawApplication', title: 'withdrawApplication', roles: ['SCREENER'], mutation: Withdraw, when: (c) => c.status === 'SUBMITTED', fields: [{ name: 'note', label: 'note', kind: 'textarea' }] },
  { id: 'recordPayment', title: 'recordPayment', roles: ['BILLING'], mutation: RecordPayment, when: (c) => c.invoice !== null && c.invoice?.status !== 'SETTLED', fields: [{ name: 'amountJpy', label: 'amountJpy', kind: 'number', required: true }, { name: 'paidOn', label: 'paidOn', kind: 'date', required: true }, { name: 'bankReference', label: 'bankReference', kind: 'text', required: true }] },
  { id: 'recordStickerShipped', title: 'recordStickerShipped', roles: ['OPERATOR'], mutation: ShipSticker, when: (c) => c.sticker.status === 'REQUESTED', fields: [{ name: 'stickerSerial', label: 'stickerSerial', kind: 'text', required: true }, { name: 'shippedOn', label: 'shippedOn', kind: 'date', required: true }] },
  { id: 'recordStickerReturned', title: 'recordStickerReturned', roles: ['OPERATOR'], mutation: ReturnSticker, when: (c) => c.sticker.status === 'LENT' || c.sticker.status === 'RETURN_REQUESTED', fields: [{ name: 'stickerSerial', label: 'stickerSerial', kind: 'text', required: true }, { name: 'receivedOn', label: 'receivedOn', kind: 'date', required: true }] },
  { id: 'recordCertificateDelivered', title: 'recordCertificateDelivered', roles: ['OPERATOR'], mutation: Delivered, when: (c) => c.certificates.some((x) => x.status === 'ISSUED'), fields: [{ name: 'deliveredAt', label: 'deliveredAt', kind: 'datetime', required: true }] },
  { id: 'reportTrustImpaired', title: 'reportTrustImpaired', roles: ['OPERATOR'], mutation: TrustImpaired, when: (c) => c.certificates.length > 0 && open(c), fields: [{ name: 'cause', label: 'cause', kind: 'select', options: ['KEY_COMPROMISE', 'OTHER'], required: true }, { name: 'reportedAt', label: 'reportedAt', kind: 'datetime', required: true }, { name: 'note', label: 'note', kind: 'textarea' }] },
  { id: 'requestRevocation', title: 'requestRevocation', roles: ['OPERATOR', 'BILLING'], mutation: RequestRevocation, when: (c) => c.certificates.length > 0 && open(c) && c.revocation === null, fields: [{ name: 'reason', label: 'reason', kind: 'select', options: ['CUSTOMER_REQUEST', 'PROHIBITED_ACT', 'BREACH', 'NON_PAYMENT'], required: true }, { name: 'crlReason', label: 'crlReason', kind: 'select', options: CRL_REASONS }, { name: 'note', label: 'note', kind: 'textarea' }] },
  {
    id: 'requestReissue', title: 'requestReissue', roles: ['OPERATOR'], mutation: Reissue, when: (c) => (c.status === 'ACTIVE' || c.status === 'ISSUED') && c.revocation?.status !== 'INITIATED' && c.revocation?.status !== 'REQUESTED',
    fields: [
      { name: 'reason', label: 'reason', kind: 'select', options: ['COVERAGE_CONTINUES', 'REKEY'], required: true },
      { name: 'csrPem', label: 'csrPem', kind: 'textarea', required: true },
    ],
  },
  {
    id: 'cancelContract', title: 'cancelContract', roles: ['OPERATOR', 'ADMIN'], mutation: Cancel,
    // Only before any certificate reached the customer: waiting for the CA, or issued and not delivered yet.
    when: (c) => c.status === 'ACCEPTED' || c.status === 'CERTIFICATE_REQUESTED' || (c.status === 'ISSUED' && c.certificates.every((x) => x.deliveredAt == null)),
    fields: [
      { name: 'reason', label: 'reason', kind: 'select', options: CANCELLATION_REASONS, required: true },
      // The terms ask which prohibited act (Art. 3 proviso) SECOM confirmed.
      { name: 'note', label: 'note', kind: 'textarea', requiredWhen: { field: 'reason', oneOf: ['PROHIBITED_ACT'] } },
    ],
  },
  {
    id: 'recordRevocationOutcome', title: 'recordRevocationOutcome', roles: ['OPERATOR'], mutation: RevocationOutcome,
    // A request at the CA; the server refuses it while the BR deadline has not passed (the gateway answers then).
    when: (c) => c.revocation?.status === 'REQUESTED',
    fields: [
      { name: 'outcome', label: 'outcome', kind: 'select', options: ['REVOKED', 'REJECTED'], required: true },
      { name: 'revokedAt', label: 'revokedAt', kind: 'datetime', requiredWhen: { field: 'outcome', oneOf: ['REVOKED'] } },
      { name: 'note', label: 'note', kind: 'textarea' },
    ],
  },
  { id: 'noticeTermination', title: 'noticeTermination', roles: ['ADMIN'], mutation: NoticeTermination, when: open, fields: [{ name: 'channel', label: 'channel', kind: 'select', options: ['EMAIL', 'DOCUMENT'], required: true }, { name: 'noticedOn', label: 'noticedOn', kind: 'date' }, { name: 'effectiveOn', label: 'effectiveOn', kind: 'date', required: true }, { name: 'reason', label: 'reason', kind: 'text', required: true }] },
  { id: 'assessCompensation', title: 'assessCompensation', roles: ['ADMIN'], mutation: AssessCompensation, when: (c) => c.acceptedAt !== null, fields: [{ name: 'incidentOn', label: 'incidentOn', kind: 'date', required: true }] },
];

export const CONTRACT_ACTIONS: readonly ContractAction[] = ACTIONS.map((a) => ({ ...a, description: `actions.${a.id}` }));

/** An instant's day in Japan (YYYY-MM-DD). */
const japanDay = (instant: string) => new Date(Date.parse(instant) + 9 * 3_600_000).toISOString().slice(0, 10);

/**
 * Today, or the day the rule counts from when that is later: the simulated clock (CLOCK=simulated, demo data) runs
 * ahead of the browser's, and a payment dated before its invoice, say, is refused.
 */
const notBefore = (day: string | null | undefined) => {
  const now = today();
  return day && dayjs(day).isAfter(now) ? dayjs(day) : now;
};

/** The dates a form starts with, for this contract. */
function initialFor(id: string, c: ContractViewFragment): Record<string, unknown> | undefined {
  if (id === 'recordPayment') return { paidOn: notBefore(c.invoice?.issuedOn) };
  if (id === 'recordStickerShipped') return { shippedOn: notBefore(c.acceptedAt ? japanDay(c.acceptedAt) : null) };
  if (id === 'recordStickerReturned') return { receivedOn: notBefore(c.sticker.shippedOn) };
  return undefined;
}

/** The actions the signed-in roles may take on this contract in its state, their forms' dates set for it. */
export function actionsFor(session: Session, c: ContractViewFragment): ContractAction[] {
  return CONTRACT_ACTIONS.filter((a) => hasRole(session, ...a.roles) && a.when(c)).map((a) => ({ ...a, initial: initialFor(a.id, c) }));
}
