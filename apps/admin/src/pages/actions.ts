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

/** Today in Japan (the terms' calendar), whatever the browser's time zone. */
const today = () => dayjs(new Date(Date.now() + 9 * 3_600_000).toISOString().slice(0, 10));
const open = (c: ContractViewFragment) => !['REJECTED', 'WITHDRAWN', 'CANCELLED', 'EXPIRED', 'TERMINATED', 'REVOKED'].includes(c.status);
const CRL_REASONS = ['UNSPECIFIED', 'KEY_COMPROMISE', 'AFFILIATION_CHANGED', 'SUPERSEDED', 'CESSATION_OF_OPERATION', 'PRIVILEGE_WITHDRAWN'];
const FAILURE_REASONS = ['NO_JAPAN_BASE', 'INELIGIBLE_ORGANIZATION', 'DOCUMENTS_INCOMPLETE', 'PUBLIC_ORDER_AND_MORALS', 'CRIMINAL_ACT', 'DEFAMATION', 'COPYRIGHT_INFRINGEMENT', 'PROPERTY_OR_PRIVACY_INFRINGEMENT', 'OBSTRUCTS_SECOM', 'OTHER_LEGAL_VIOLATION', 'OTHER'];

/** Every contract action of API.md "Mutations", with the role that may take it and its input fields. */
const ACTIONS: readonly Omit<ContractAction, 'initial'>[] = [
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
  { id: 'requestAdditionalDocuments', title: 'requestAdditionalDocuments', roles: ['SCREENER'], mutation: RequestDocuments, when: (c) => c.status === 'SUBMITTED', fields: [{ name: 'kinds', label: 'kinds', kind: 'multiselect', options: ['APPLICATION_FORM', 'COVER_LETTER', 'CERTIFICATE_OF_REGISTERED_MATTERS', 'SEAL_CERTIFICATE', 'OTHER'], required: true }, { name: 'note', label: 'note', kind: 'textarea' }] },
  { id: 'withdrawApplication', title: 'withdrawApplication', roles: ['SCREENER'], mutation: Withdraw, when: (c) => c.status === 'SUBMITTED', fields: [{ name: 'note', label: 'note', kind: 'textarea' }] },
  { id: 'recordPayment', title: 'recordPayment', roles: ['BILLING'], mutation: RecordPayment, when: (c) => c.invoice !== null && c.invoice?.status !== 'SETTLED', fields: [{ name: 'amountJpy', label: 'amountJpy', kind: 'number', required: true }, { name: 'paidOn', label: 'paidOn', kind: 'date', required: true }, { name: 'bankReference', label: 'bankReference', kind: 'text', required: true }] },
  { id: 'recordStickerShipped', title: 'recordStickerShipped', roles: ['OPERATOR'], mutation: ShipSticker, when: (c) => c.sticker.status === 'REQUESTED', fields: [{ name: 'stickerSerial', label: 'stickerSerial', kind: 'text', required: true }, { name: 'shippedOn', label: 'shippedOn', kind: 'date', required: true }] },
  { id: 'recordStickerReturned', title: 'recordStickerReturned', roles: ['OPERATOR'], mutation: ReturnSticker, when: (c) => c.sticker.status === 'LENT' || c.sticker.status === 'RETURN_REQUESTED', fields: [{ name: 'stickerSerial', label: 'stickerSerial', kind: 'text', required: true }, { name: 'receivedOn', label: 'receivedOn', kind: 'date', required: true }] },
  { id: 'recordCertificateDelivered', title: 'recordCertificateDelivered', roles: ['OPERATOR'], mutation: Delivered, when: (c) => c.certificates.some((x) => x.status === 'ISSUED'), fields: [{ name: 'deliveredAt', label: 'deliveredAt', kind: 'datetime', required: true }] },
  { id: 'reportTrustImpaired', title: 'reportTrustImpaired', roles: ['OPERATOR'], mutation: TrustImpaired, when: (c) => c.certificates.length > 0 && open(c), fields: [{ name: 'cause', label: 'cause', kind: 'select', options: ['KEY_COMPROMISE', 'OTHER'], required: true }, { name: 'reportedAt', label: 'reportedAt', kind: 'datetime', required: true }, { name: 'note', label: 'note', kind: 'textarea' }] },
  { id: 'requestRevocation', title: 'requestRevocation', roles: ['OPERATOR', 'BILLING'], mutation: RequestRevocation, when: (c) => c.certificates.length > 0 && open(c) && c.revocation === null, fields: [{ name: 'reason', label: 'reason', kind: 'select', options: ['CUSTOMER_REQUEST', 'PROHIBITED_ACT', 'BREACH', 'NON_PAYMENT'], required: true }, { name: 'crlReason', label: 'crlReason', kind: 'select', options: CRL_REASONS }, { name: 'note', label: 'note', kind: 'textarea' }] },
  { id: 'noticeTermination', title: 'noticeTermination', roles: ['ADMIN'], mutation: NoticeTermination, when: open, fields: [{ name: 'channel', label: 'channel', kind: 'select', options: ['EMAIL', 'DOCUMENT'], required: true }, { name: 'noticedOn', label: 'noticedOn', kind: 'date' }, { name: 'effectiveOn', label: 'effectiveOn', kind: 'date', required: true }, { name: 'reason', label: 'reason', kind: 'text', required: true }] },
  { id: 'assessCompensation', title: 'assessCompensation', roles: ['ADMIN'], mutation: AssessCompensation, when: (c) => c.acceptedAt !== null, fields: [{ name: 'incidentOn', label: 'incidentOn', kind: 'date', required: true }] },
];

export const CONTRACT_ACTIONS: readonly ContractAction[] = ACTIONS.map((a) => ({ ...a, initial: a.id === 'recordPayment' || a.id.startsWith('recordSticker') ? { paidOn: today(), shippedOn: today(), receivedOn: today() } : undefined }));

/** The actions the signed-in roles may take on this contract in its state. */
export function actionsFor(session: Session, c: ContractViewFragment): ContractAction[] {
  return CONTRACT_ACTIONS.filter((a) => hasRole(session, ...a.roles) && a.when(c));
}
