/* eslint-disable */
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';
export type Maybe<T> = T | null;
export type InputMaybe<T> = T | null | undefined;
export type Exact<T extends { [key: string]: unknown }> = { [K in keyof T]: T[K] };
export type MakeOptional<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]?: Maybe<T[SubKey]> };
export type MakeMaybe<T, K extends keyof T> = Omit<T, K> & { [SubKey in K]: Maybe<T[SubKey]> };
export type MakeEmpty<T extends { [key: string]: unknown }, K extends keyof T> = { [_ in K]?: never };
export type Incremental<T> = T | { [P in keyof T]?: P extends ' $fragmentName' | '__typename' ? T[P] : never };
/** All built-in and custom scalars, mapped to their actual values */
export type Scalars = {
  ID: { input: string; output: string; }
  String: { input: string; output: string; }
  Boolean: { input: boolean; output: boolean; }
  Int: { input: number; output: number; }
  Float: { input: number; output: number; }
  /** A calendar date in Japan (Asia/Tokyo), YYYY-MM-DD. */
  Date: { input: string; output: string; }
  /** An instant, ISO 8601 with an offset, e.g. 2026-04-01T01:00:00.000Z. */
  DateTime: { input: string; output: string; }
  /** Any JSON value. */
  JSON: { input: unknown; output: unknown; }
};

export type Actor = {
  __typename?: 'Actor';
  id: Scalars['ID']['output'];
  role: Role;
};

export type Address = {
  __typename?: 'Address';
  city?: Maybe<Scalars['String']['output']>;
  postalCode?: Maybe<Scalars['String']['output']>;
  prefecture?: Maybe<Scalars['String']['output']>;
  street?: Maybe<Scalars['String']['output']>;
};

export type AddressInput = {
  city: Scalars['String']['input'];
  /** NNN-NNNN or 7 digits. */
  postalCode: Scalars['String']['input'];
  /** The official Japanese name (東京都); romanized names (Tokyo) are normalized. */
  prefecture: Scalars['String']['input'];
  street: Scalars['String']['input'];
};

export type AdvanceClockInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  /** Move the simulated clock forward by this many days… */
  days?: InputMaybe<Scalars['Int']['input']>;
  /** …or to this instant. */
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

export type Applicant = {
  __typename?: 'Applicant';
  address?: Maybe<Address>;
  contact?: Maybe<Contact>;
  corporateNumber?: Maybe<Scalars['String']['output']>;
  organizationName?: Maybe<Scalars['String']['output']>;
  organizationType: OrganizationType;
  representativeName?: Maybe<Scalars['String']['output']>;
};

export type ApplicantInput = {
  address: AddressInput;
  contact: ContactInput;
  /** 13 digits with a valid check digit, where one exists. */
  corporateNumber?: InputMaybe<Scalars['String']['input']>;
  organizationName: Scalars['String']['input'];
  organizationType: OrganizationType;
  representativeName: Scalars['String']['input'];
};

export type AssessCompensationInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  incidentOn: Scalars['Date']['input'];
};

export type AttachDocumentsInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  documentIds: Array<Scalars['ID']['input']>;
};

export type AuditCheckpoint = {
  __typename?: 'AuditCheckpoint';
  /** The raw 32-byte Ed25519 public key, base64. */
  publicKey: Scalars['String']['output'];
  /** Merkle tree root, base64. */
  rootHash: Scalars['String']['output'];
  /** Ed25519 signature over the RFC 6962 TreeHeadSignature bytes, base64. */
  signature: Scalars['String']['output'];
  signedAt: Scalars['DateTime']['output'];
  treeSize: Scalars['Int']['output'];
};

export type AuditEvent = {
  __typename?: 'AuditEvent';
  actor: Actor;
  causationId?: Maybe<Scalars['String']['output']>;
  commandName: Scalars['String']['output'];
  correlationId: Scalars['String']['output'];
  /** The payload as decoded (personal fields null once shredded). */
  data: Scalars['JSON']['output'];
  id: Scalars['ID']['output'];
  /** RFC 6962 leaf hash of the event as stored, base64: SHA-256(0x00 ‖ RFC 8785 bytes). */
  leafHash: Scalars['String']['output'];
  /** When it happened (the domain clock). */
  occurredAt: Scalars['DateTime']['output'];
  /** Global log position (decimal). */
  position: Scalars['String']['output'];
  /** When the store recorded it. */
  recordedAt: Scalars['DateTime']['output'];
  revision: Scalars['Int']['output'];
  schemaVersion: Scalars['Int']['output'];
  streamId: Scalars['String']['output'];
  termsVersion?: Maybe<Scalars['String']['output']>;
  type: Scalars['String']['output'];
};

export type AuditEventConnection = {
  __typename?: 'AuditEventConnection';
  edges: Array<AuditEventEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type AuditEventEdge = {
  __typename?: 'AuditEventEdge';
  cursor: Scalars['String']['output'];
  node: AuditEvent;
};

export type AuditLogFilter = {
  actorId?: InputMaybe<Scalars['String']['input']>;
  eventTypes?: InputMaybe<Array<Scalars['String']['input']>>;
  /** occurredAt at or after this instant. */
  from?: InputMaybe<Scalars['DateTime']['input']>;
  streamId?: InputMaybe<Scalars['String']['input']>;
  /** occurredAt at or before this instant. */
  to?: InputMaybe<Scalars['DateTime']['input']>;
};

export type AuditProof = {
  __typename?: 'AuditProof';
  /** The event exactly as stored (data as stored: ciphertext stays ciphertext), as hashed. */
  entry: Scalars['JSON']['output'];
  eventId: Scalars['ID']['output'];
  /** SHA-256(0x00 ‖ RFC 8785 bytes of entry), base64. */
  leafHash: Scalars['String']['output'];
  leafIndex: Scalars['Int']['output'];
  position: Scalars['String']['output'];
  /** RFC 9162 PATH(leafIndex, D[treeSize]), sibling first, base64. */
  proof: Array<Scalars['String']['output']>;
  treeHead: AuditTreeHead;
};

export type AuditTreeHead = {
  __typename?: 'AuditTreeHead';
  /** The raw 32-byte Ed25519 public key, base64. */
  publicKey: Scalars['String']['output'];
  /** Merkle tree root, base64. */
  rootHash: Scalars['String']['output'];
  /** Ed25519 signature over the 50 TreeHeadSignature bytes, base64. */
  signature: Scalars['String']['output'];
  /** Milliseconds since the Unix epoch, decimal: the signed timestamp. */
  timestamp: Scalars['String']['output'];
  treeSize: Scalars['Int']['output'];
};

export type CancelContractInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  reason: CancellationReason;
};

/** Why a contract ends before any certificate was delivered (Art. 7, 11). */
export type CancellationReason =
  | 'CA_REFUSED'
  | 'CUSTOMER_REQUEST'
  | 'NON_PAYMENT'
  | 'PROHIBITED_ACT';

export type Certificate = {
  __typename?: 'Certificate';
  caOrderId: Scalars['ID']['output'];
  crlReason?: Maybe<CrlReason>;
  deliveredAt?: Maybe<Scalars['DateTime']['output']>;
  deliveryMethod?: Maybe<DeliveryMethod>;
  /** Lowercase hex. */
  fingerprintSha256: Scalars['String']['output'];
  issuer: Scalars['String']['output'];
  notAfter: Scalars['DateTime']['output'];
  notBefore: Scalars['DateTime']['output'];
  pem: Scalars['String']['output'];
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  /** Uppercase hex, as openssl x509 -serial prints it. */
  serialNumber: Scalars['String']['output'];
  /** EXPIRED once notAfter has passed. */
  status: CertificateStatus;
  subject: Scalars['String']['output'];
};

/** One certificate instance of the coverage. */
export type CertificateStatus =
  | 'DELIVERED'
  | 'EXPIRED'
  | 'ISSUED'
  | 'REVOKED';

export type ClockPayload = {
  __typename?: 'ClockPayload';
  clientMutationId?: Maybe<Scalars['String']['output']>;
  now: Scalars['DateTime']['output'];
};

export type CompensationPayload = {
  __typename?: 'CompensationPayload';
  amountJpy: Scalars['Int']['output'];
  clientMutationId?: Maybe<Scalars['String']['output']>;
  contractFeeJpy: Scalars['Int']['output'];
  feeReceivedJpy: Scalars['Int']['output'];
  remainingWholeMonths: Scalars['Int']['output'];
  totalMonths: Scalars['Int']['output'];
};

export type Contact = {
  __typename?: 'Contact';
  email?: Maybe<Scalars['String']['output']>;
  name?: Maybe<Scalars['String']['output']>;
  phone?: Maybe<Scalars['String']['output']>;
};

export type ContactInput = {
  email: Scalars['String']['input'];
  name: Scalars['String']['input'];
  /** A Japanese number, with or without hyphens, or +81. */
  phone: Scalars['String']['input'];
};

export type Contract = {
  __typename?: 'Contract';
  acceptedAt?: Maybe<Scalars['DateTime']['output']>;
  applicant: Applicant;
  certificateDeliveryMethod: DeliveryMethod;
  certificates: Array<Certificate>;
  coverageEndsOn?: Maybe<Scalars['Date']['output']>;
  coverageStartsOn?: Maybe<Scalars['Date']['output']>;
  /** The latest instance neither revoked nor expired. */
  currentCertificate?: Maybe<Certificate>;
  deliveryAddress: Address;
  documents: Array<DocumentReference>;
  documentsDiscarded: Scalars['Boolean']['output'];
  /** When it was cancelled, revoked, expired or terminated. */
  endedAt?: Maybe<Scalars['DateTime']['output']>;
  /** The terms version governing the contract (Art. 13): the latest in force now (for a closed contract, on its last day), told or not. */
  governingTermsVersion: Scalars['String']['output'];
  id: Scalars['ID']['output'];
  invoice?: Maybe<Invoice>;
  notifications: Array<Notification>;
  outstandingDocumentKinds: Array<Scalars['String']['output']>;
  /** True once the applicant's personal data was destroyed (Art. 4): those fields are null. */
  personalDataShredded: Scalars['Boolean']['output'];
  planMonths: Scalars['Int']['output'];
  /** Global log position of the last event applied. */
  position: Scalars['String']['output'];
  renewalOf?: Maybe<Scalars['ID']['output']>;
  /** The contract this one renews (Art. 11). */
  renewalOfContract?: Maybe<Contract>;
  revocation?: Maybe<Revocation>;
  screening?: Maybe<Screening>;
  status: ContractStatus;
  sticker: Sticker;
  stickerRequested: Scalars['Boolean']['output'];
  submittedAt: Scalars['DateTime']['output'];
  submittedBy: Actor;
  supersedes?: Maybe<Scalars['ID']['output']>;
  /** The contract this one replaces (Art. 8, 9). */
  supersedesContract?: Maybe<Contract>;
  termination?: Maybe<Termination>;
  /** The terms version in force at submission (Art. 13). */
  termsVersion: Scalars['String']['output'];
  /** The stream revision of the last event applied. */
  version: Scalars['Int']['output'];
  webServerFqdn: Scalars['String']['output'];
};

export type ContractConnection = {
  __typename?: 'ContractConnection';
  edges: Array<ContractEdge>;
  pageInfo: PageInfo;
  totalCount: Scalars['Int']['output'];
};

export type ContractEdge = {
  __typename?: 'ContractEdge';
  cursor: Scalars['String']['output'];
  node: Contract;
};

export type ContractFilter = {
  fqdn?: InputMaybe<Scalars['String']['input']>;
  /** Case-insensitive substring. */
  organizationName?: InputMaybe<Scalars['String']['input']>;
  /** A ContractStatus. */
  status?: InputMaybe<Scalars['String']['input']>;
  submittedFrom?: InputMaybe<Scalars['DateTime']['input']>;
  submittedTo?: InputMaybe<Scalars['DateTime']['input']>;
};

export type ContractPayload = {
  __typename?: 'ContractPayload';
  clientMutationId?: Maybe<Scalars['String']['output']>;
  /** The contract as the read model shows it after catching up with this write. */
  contract: Contract;
  /** Global log position of the write (or of the state shown, when nothing was written). */
  position: Scalars['String']['output'];
};

/** The contract lifecycle (DOMAIN.md). */
export type ContractStatus =
  | 'ACCEPTED'
  | 'ACTIVE'
  | 'CANCELLED'
  | 'CERTIFICATE_REQUESTED'
  | 'EXPIRED'
  | 'ISSUED'
  | 'REJECTED'
  | 'REVOCATION_REQUESTED'
  | 'REVOKED'
  | 'SUBMITTED'
  | 'TERMINATED'
  | 'WITHDRAWN';

/** RFC 5280 CRL reason codes the Baseline Requirements allow. */
export type CrlReason =
  | 'AFFILIATION_CHANGED'
  | 'CESSATION_OF_OPERATION'
  | 'KEY_COMPROMISE'
  | 'PRIVILEGE_WITHDRAWN'
  | 'SUPERSEDED'
  | 'UNSPECIFIED';

/** How the certificate reaches the customer (Art. 4(4)). */
export type DeliveryMethod =
  | 'DOWNLOAD'
  | 'EMAIL'
  | 'POST';

export type DocumentReference = {
  __typename?: 'DocumentReference';
  id: Scalars['ID']['output'];
  kind: Scalars['String']['output'];
  sha256: Scalars['String']['output'];
};

export type FailScreeningInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  reasons: Array<ScreeningFailureReason>;
};

export type FeeScheduleEntry = {
  __typename?: 'FeeScheduleEntry';
  /** Tax-exclusive, integer yen. */
  amountJpy: Scalars['Int']['output'];
  planMonths: Scalars['Int']['output'];
};

export type Invoice = {
  __typename?: 'Invoice';
  /** The total. */
  amountJpy: Scalars['Int']['output'];
  channel: NotificationChannel;
  /** Received on + 30 days, Japan time (Art. 5); null until the invoice is received. */
  dueOn?: Maybe<Scalars['Date']['output']>;
  id: Scalars['ID']['output'];
  issuedOn: Scalars['Date']['output'];
  outstandingJpy: Scalars['Int']['output'];
  overdueSince?: Maybe<Scalars['DateTime']['output']>;
  paidJpy: Scalars['Int']['output'];
  payments: Array<Payment>;
  /** A paper invoice: the day recorded; an e-mailed one: the day its e-mail was sent; null until then (Art. 5). */
  receivedOn?: Maybe<Scalars['Date']['output']>;
  /** SECOM's qualified-invoice registration number (T + 13 digits). */
  registrationNumber: Scalars['String']['output'];
  settledOn?: Maybe<Scalars['Date']['output']>;
  status: InvoiceStatus;
  /** Tax-exclusive fee from the fee schedule (Art. 5). */
  subtotalJpy: Scalars['Int']['output'];
  /** Consumption tax, 10 %, rounded down once per invoice. */
  taxJpy: Scalars['Int']['output'];
  taxRatePercent: Scalars['Int']['output'];
};

/** Payment state of the invoice (Art. 5). */
export type InvoiceStatus =
  | 'OPEN'
  | 'OVERDUE'
  | 'SETTLED';

export type Mutation = {
  __typename?: 'Mutation';
  /** CLOCK=simulated only: moves the clock by `days` or `to`, firing what fell due in due order, then answers. */
  advanceClock: ClockPayload;
  /** Compensation capped at the fee received, pro rata to the remaining whole months (Art. 15). */
  assessCompensation: CompensationPayload;
  /** Attach documents to an application under screening (Art. 4). */
  attachDocuments: ContractPayload;
  /** Ends a contract before any certificate was delivered (Art. 7, 11): the CA order is withdrawn, a lent sticker asked back. */
  cancelContract: ContractPayload;
  /** Screening rejects the application (Art. 3, 4). */
  failScreening: ContractPayload;
  /** SECOM ends the contract with at least 3 months' notice (Art. 14). */
  noticeTermination: ContractPayload;
  /** Screening accepts the application: the contract is valid from now (Art. 3, 4, 11). */
  passScreening: ContractPayload;
  /** A certificate sent by post reached the customer (Art. 4(4)). */
  recordCertificateDelivered: ContractPayload;
  /** A bank transfer received (Art. 5). */
  recordPayment: ContractPayload;
  /** The CA’s answer received by another channel, for a revocation request past its deadline (Art. 7). */
  recordRevocationOutcome: ContractPayload;
  /** The lent sticker came back (Art. 12). */
  recordStickerReturned: ContractPayload;
  /** The lent sticker shipped (Art. 1, 4(5)). */
  recordStickerShipped: ContractPayload;
  /** The customer's report that the certificate is no longer trustworthy: to the CA at once (Art. 7(1)). */
  reportTrustImpaired: ContractPayload;
  /** Ask the customer for more documents (Art. 4). */
  requestAdditionalDocuments: ContractPayload;
  /** A new certificate instance for the coverage or a new key (Art. 11). */
  requestReissue: ContractPayload;
  /** Revocation on the customer's request or for a prohibited act; the customer is told first (Art. 7(2)). */
  requestRevocation: ContractPayload;
  /** Art. 6: queued CA requests go out. */
  resumeService: ServicePayload;
  /** Runs a stuck saga step again. */
  retryProcess: StuckProcess;
  /** Art. 13: a new version of the terms, in force from a Japan date; active customers are told. */
  reviseTerms: ServicePayload;
  /** A new application: a new contract (Art. 1, 4). */
  submitApplication: ContractPayload;
  /** Art. 6: no request goes to the CA until the service resumes. */
  suspendService: ServicePayload;
  /** The customer withdraws the application; its documents are destroyed (Art. 4). */
  withdrawApplication: ContractPayload;
};


export type MutationAdvanceClockArgs = {
  input: AdvanceClockInput;
};


export type MutationAssessCompensationArgs = {
  input: AssessCompensationInput;
};


export type MutationAttachDocumentsArgs = {
  input: AttachDocumentsInput;
};


export type MutationCancelContractArgs = {
  input: CancelContractInput;
};


export type MutationFailScreeningArgs = {
  input: FailScreeningInput;
};


export type MutationNoticeTerminationArgs = {
  input: NoticeTerminationInput;
};


export type MutationPassScreeningArgs = {
  input: PassScreeningInput;
};


export type MutationRecordCertificateDeliveredArgs = {
  input: RecordCertificateDeliveredInput;
};


export type MutationRecordPaymentArgs = {
  input: RecordPaymentInput;
};


export type MutationRecordRevocationOutcomeArgs = {
  input: RecordRevocationOutcomeInput;
};


export type MutationRecordStickerReturnedArgs = {
  input: RecordStickerReturnedInput;
};


export type MutationRecordStickerShippedArgs = {
  input: RecordStickerShippedInput;
};


export type MutationReportTrustImpairedArgs = {
  input: ReportTrustImpairedInput;
};


export type MutationRequestAdditionalDocumentsArgs = {
  input: RequestAdditionalDocumentsInput;
};


export type MutationRequestReissueArgs = {
  input: RequestReissueInput;
};


export type MutationRequestRevocationArgs = {
  input: RequestRevocationInput;
};


export type MutationResumeServiceArgs = {
  input: ResumeServiceInput;
};


export type MutationRetryProcessArgs = {
  input: RetryProcessInput;
};


export type MutationReviseTermsArgs = {
  input: ReviseTermsInput;
};


export type MutationSubmitApplicationArgs = {
  input: SubmitApplicationInput;
};


export type MutationSuspendServiceArgs = {
  input: SuspendServiceInput;
};


export type MutationWithdrawApplicationArgs = {
  input: WithdrawApplicationInput;
};

export type NoticeTerminationInput = {
  channel: NotificationChannel;
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  effectiveOn: Scalars['Date']['input'];
  /** Art. 14: DOCUMENT — the paper notice’s date (today or up to 7 days back); EMAIL — optional, the notice is given when the e-mail goes out (today). */
  noticedOn?: InputMaybe<Scalars['Date']['input']>;
  reason: Scalars['String']['input'];
};

export type Notification = {
  __typename?: 'Notification';
  channel: NotificationChannel;
  kind: NotificationKind;
  sentAt: Scalars['DateTime']['output'];
  termsVersion?: Maybe<Scalars['String']['output']>;
};

/** E-mail or a paper document. */
export type NotificationChannel =
  | 'DOCUMENT'
  | 'EMAIL';

/** The notices the terms require. */
export type NotificationKind =
  | 'CERTIFICATE_DELIVERY'
  | 'DOCUMENTS_REQUESTED'
  | 'INVOICE'
  | 'PAYMENT_REMINDER'
  | 'REISSUE_REMINDER'
  | 'RENEWAL_REMINDER'
  | 'REVOCATION_NOTICE'
  | 'REVOCATION_RESULT'
  | 'SCREENING_RESULT'
  | 'STICKER_RETURN_REQUEST'
  | 'TERMINATION_NOTICE'
  | 'TERMS_CHANGED';

/** Who may apply (Art. 3). */
export type OrganizationType =
  | 'APPROVED_ORGANIZATION'
  | 'CORPORATION'
  | 'OTHER_LEGAL_ENTITY'
  | 'SOLE_PROPRIETOR';

export type PageInfo = {
  __typename?: 'PageInfo';
  endCursor?: Maybe<Scalars['String']['output']>;
  hasNextPage: Scalars['Boolean']['output'];
};

export type PassScreeningInput = {
  checklist: ScreeningChecklistInput;
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
};

export type Payment = {
  __typename?: 'Payment';
  amountJpy: Scalars['Int']['output'];
  bankReference: Scalars['String']['output'];
  paidOn: Scalars['Date']['output'];
};

export type PendingRevocationItem = {
  __typename?: 'PendingRevocationItem';
  contract: Contract;
  /** BR §4.9.1.1: the CA must have revoked by then. */
  deadline: Scalars['DateTime']['output'];
  overdue: Scalars['Boolean']['output'];
  /** Minutes left (negative once missed). */
  remainingMinutes: Scalars['Int']['output'];
  /** Missed or close: escalate. */
  urgent: Scalars['Boolean']['output'];
};

export type Query = {
  __typename?: 'Query';
  /** A signed tree head: fresh if the log grew since the last one. */
  auditCheckpoint: AuditCheckpoint;
  /** The global log, filtered, in log order; `from`/`to` bound occurredAt. */
  auditLog: AuditEventConnection;
  /** One event with its leaf entry and its inclusion proof against the latest signed tree head; null for an unknown event. */
  auditProof?: Maybe<AuditProof>;
  /** Every event of the contract, oldest first. */
  auditTrail: Array<AuditEvent>;
  /** Every compensation assessed on the contract, oldest first (Art. 15). */
  compensationAssessments: Array<CompensationPayload>;
  contract?: Maybe<Contract>;
  /** The contract rebuilt by folding its events that occurred up to `at`. */
  contractAsOf?: Maybe<Contract>;
  contracts: ContractConnection;
  /** Certificates sent by post with no delivery confirmed within 14 days of issuance (Art. 4(4)). */
  deliveriesPending: Array<Contract>;
  /** The document kinds required for an organization type (Art. 4(1)). */
  documentRequirements: Array<Scalars['String']['output']>;
  /** Contracts whose current certificate expires within the given days. */
  expiringCertificates: Array<Contract>;
  /** Fees by plan, tax-exclusive integer yen (Art. 5). */
  feeSchedule: Array<FeeScheduleEntry>;
  /** Stickers due back and not returned (Art. 12). */
  outstandingStickers: Array<Contract>;
  /** Invoices past their due date and not settled (Art. 5). */
  overdueInvoices: Array<Contract>;
  /** pendingRevocations with how close each is to its deadline. */
  pendingRevocationDeadlines: Array<PendingRevocationItem>;
  /** Revocations not finished, most urgent first (BR §4.9.1.1 deadlines). */
  pendingRevocations: Array<Contract>;
  /** Active contracts whose certificate lapsed or is about to, with no reissue under way (Art. 11). */
  reissuesDue: Array<Contract>;
  /** Applications waiting for screening, oldest first (Art. 3, 4). */
  screeningQueue: Array<Contract>;
  serviceStatus: ServiceStatus;
  /** Requested stickers not shipped yet (Art. 4(5)). */
  stickersToShip: Array<Contract>;
  /** Saga steps that failed repeatedly, with the error. */
  stuckProcesses: Array<StuckProcess>;
};


export type QueryAuditLogArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditLogFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryAuditProofArgs = {
  eventId: Scalars['ID']['input'];
};


export type QueryAuditTrailArgs = {
  contractId: Scalars['ID']['input'];
};


export type QueryCompensationAssessmentsArgs = {
  contractId: Scalars['ID']['input'];
};


export type QueryContractArgs = {
  id: Scalars['ID']['input'];
};


export type QueryContractAsOfArgs = {
  at: Scalars['DateTime']['input'];
  id: Scalars['ID']['input'];
};


export type QueryContractsArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<ContractFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
};


export type QueryDocumentRequirementsArgs = {
  organizationType: OrganizationType;
};


export type QueryExpiringCertificatesArgs = {
  withinDays?: Scalars['Int']['input'];
};

export type RecordCertificateDeliveredInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  deliveredAt: Scalars['DateTime']['input'];
  method?: InputMaybe<DeliveryMethod>;
};

export type RecordPaymentInput = {
  amountJpy: Scalars['Int']['input'];
  bankReference: Scalars['String']['input'];
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  paidOn: Scalars['Date']['input'];
};

export type RecordRevocationOutcomeInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  /** How the CA answered (telephone, portal, reference). */
  note?: InputMaybe<Scalars['String']['input']>;
  outcome: RevocationOutcome;
  /** REVOKED: when the CA revoked the certificate. */
  revokedAt?: InputMaybe<Scalars['DateTime']['input']>;
};

export type RecordStickerReturnedInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  receivedOn: Scalars['Date']['input'];
  stickerSerial: Scalars['String']['input'];
};

export type RecordStickerShippedInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  shippedOn: Scalars['Date']['input'];
  stickerSerial: Scalars['String']['input'];
};

/** Why a certificate instance is reissued (Art. 11). */
export type ReissueReason =
  | 'COVERAGE_CONTINUES'
  | 'REKEY';

export type ReportTrustImpairedInput = {
  cause: TrustImpairedCause;
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
  reportedAt: Scalars['DateTime']['input'];
};

export type RequestAdditionalDocumentsInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  kinds: Array<Scalars['String']['input']>;
  note?: InputMaybe<Scalars['String']['input']>;
};

export type RequestReissueInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  csrPem: Scalars['String']['input'];
  reason: ReissueReason;
};

export type RequestRevocationInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  /** The customer's choice, CUSTOMER_REQUEST only (default UNSPECIFIED). */
  crlReason?: InputMaybe<CrlReason>;
  note?: InputMaybe<Scalars['String']['input']>;
  /** CUSTOMER_REQUEST, PROHIBITED_ACT, BREACH (Art. 10) or NON_PAYMENT once the grace period is over (a RevocationReason). */
  reason: Scalars['String']['input'];
};

export type ResumeServiceInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  reason?: InputMaybe<Scalars['String']['input']>;
};

export type RetryProcessInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  processId: Scalars['ID']['input'];
};

export type ReviseTermsInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  documentId?: InputMaybe<Scalars['ID']['input']>;
  effectiveFrom: Scalars['Date']['input'];
  summary: Scalars['String']['input'];
  version: Scalars['String']['input'];
};

export type Revocation = {
  __typename?: 'Revocation';
  by: Actor;
  /** The CA's error when it rejected the request. */
  caError?: Maybe<Scalars['String']['output']>;
  crlReason: CrlReason;
  /** BR §4.9.1.1: 24 h or 5 days. */
  deadline: Scalars['DateTime']['output'];
  initiatedAt: Scalars['DateTime']['output'];
  /** Who may start it: CUSTOMER_REPORT, OPERATOR or SYSTEM. */
  initiator: Scalars['String']['output'];
  note?: Maybe<Scalars['String']['output']>;
  noticeGivenAt?: Maybe<Scalars['DateTime']['output']>;
  /** Art. 7(2): NONE, REVOCATION_NOTICE or TERMINATION_NOTICE before the request. */
  noticeRule: Scalars['String']['output'];
  reason: RevocationReason;
  /** When the request went to the CA. */
  requestedAt?: Maybe<Scalars['DateTime']['output']>;
  revokedAt?: Maybe<Scalars['DateTime']['output']>;
  serialNumbers: Array<Scalars['String']['output']>;
  status: RevocationStatus;
  supersededBy?: Maybe<Scalars['ID']['output']>;
};

/** The CA’s answer to a revocation request (Art. 7). */
export type RevocationOutcome =
  | 'REJECTED'
  | 'REVOKED';

/** Why a certificate is revoked (Art. 7). */
export type RevocationReason =
  | 'BREACH'
  | 'CUSTOMER_REQUEST'
  | 'KEY_COMPROMISE'
  | 'NON_PAYMENT'
  | 'PROHIBITED_ACT'
  | 'SUPERSEDED'
  | 'TERMINATION'
  | 'TRUST_IMPAIRED';

/** Where a revocation stands (Art. 7). */
export type RevocationStatus =
  | 'INITIATED'
  | 'REJECTED'
  | 'REQUESTED'
  | 'REVOKED';

/** Staff roles, and SYSTEM for sagas. */
export type Role =
  | 'ADMIN'
  | 'AUDITOR'
  | 'BILLING'
  | 'OPERATOR'
  | 'SCREENER'
  | 'SYSTEM';

export type Screening = {
  __typename?: 'Screening';
  at: Scalars['DateTime']['output'];
  by: Actor;
  checklist?: Maybe<ScreeningChecklist>;
  note?: Maybe<Scalars['String']['output']>;
  reasons: Array<ScreeningFailureReason>;
  /** PASSED or FAILED. */
  result: Scalars['String']['output'];
};

export type ScreeningChecklist = {
  __typename?: 'ScreeningChecklist';
  documentsComplete: Scalars['Boolean']['output'];
  japanBase: Scalars['Boolean']['output'];
  noProhibitedActFound: Scalars['Boolean']['output'];
  organizationEligible: Scalars['Boolean']['output'];
};

export type ScreeningChecklistInput = {
  documentsComplete: Scalars['Boolean']['input'];
  japanBase: Scalars['Boolean']['input'];
  noProhibitedActFound: Scalars['Boolean']['input'];
  organizationEligible: Scalars['Boolean']['input'];
};

/** Why screening rejected an application (Art. 3, 4). */
export type ScreeningFailureReason =
  | 'COPYRIGHT_INFRINGEMENT'
  | 'CRIMINAL_ACT'
  | 'DEFAMATION'
  | 'DOCUMENTS_INCOMPLETE'
  | 'INELIGIBLE_ORGANIZATION'
  | 'NO_JAPAN_BASE'
  | 'OBSTRUCTS_SECOM'
  | 'OTHER'
  | 'OTHER_LEGAL_VIOLATION'
  | 'PROPERTY_OR_PRIVACY_INFRINGEMENT'
  | 'PUBLIC_ORDER_AND_MORALS';

export type ServicePayload = {
  __typename?: 'ServicePayload';
  clientMutationId?: Maybe<Scalars['String']['output']>;
  serviceStatus: ServiceStatus;
};

export type ServiceStatus = {
  __typename?: 'ServiceStatus';
  reason?: Maybe<Scalars['String']['output']>;
  suspended: Scalars['Boolean']['output'];
  /** The terms version in force now (Art. 13). */
  termsVersion: Scalars['String']['output'];
};

export type Sticker = {
  __typename?: 'Sticker';
  /** Art. 12: due back at once when the contract ends. */
  returnDueOn?: Maybe<Scalars['Date']['output']>;
  returnRequestedAt?: Maybe<Scalars['DateTime']['output']>;
  returnedOn?: Maybe<Scalars['Date']['output']>;
  serial?: Maybe<Scalars['String']['output']>;
  shippedOn?: Maybe<Scalars['Date']['output']>;
  status: StickerStatus;
};

/** The lent site seal (Art. 1, 12). */
export type StickerStatus =
  | 'LENT'
  | 'NOT_REQUESTED'
  | 'REQUESTED'
  | 'RETURNED'
  | 'RETURN_REQUESTED';

export type StuckProcess = {
  __typename?: 'StuckProcess';
  attempts: Scalars['Int']['output'];
  contractId?: Maybe<Scalars['ID']['output']>;
  dueAt?: Maybe<Scalars['DateTime']['output']>;
  /** What retryProcess takes. */
  id: Scalars['ID']['output'];
  /** The step, e.g. ca.submitIssuance or notice:PAYMENT_REMINDER. */
  kind: Scalars['String']['output'];
  /** The last error (no personal data). */
  lastError?: Maybe<Scalars['String']['output']>;
  saga?: Maybe<Scalars['String']['output']>;
  /** SAGA_STEP, NOTIFICATION or SAGA_SUBSCRIBER. */
  source: Scalars['String']['output'];
  stuckAt?: Maybe<Scalars['DateTime']['output']>;
};

export type SubmitApplicationInput = {
  applicant: ApplicantInput;
  certificateDeliveryMethod?: InputMaybe<DeliveryMethod>;
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  csrPem: Scalars['String']['input'];
  /** For stickers and POST deliveries; default the applicant address. */
  deliveryAddress?: InputMaybe<AddressInput>;
  documentIds: Array<Scalars['ID']['input']>;
  planMonths: Scalars['Int']['input'];
  /** Art. 11: this application extends that contract. */
  renewalOf?: InputMaybe<Scalars['ID']['input']>;
  stickerRequested: Scalars['Boolean']['input'];
  /** Art. 8/9: this application replaces that contract. */
  supersedes?: InputMaybe<Scalars['ID']['input']>;
  /** Art. 9: the written consent to a transfer to another holder. */
  transferConsentDocumentId?: InputMaybe<Scalars['ID']['input']>;
  webServerFqdn: Scalars['String']['input'];
};

export type Subscription = {
  __typename?: 'Subscription';
  /** Each event of the log as it is appended (matching the filter), from `after` on. */
  auditAppended: AuditEvent;
  /** The contract as the read model shows it after each change (one, or every contract without id), from `after` on. */
  contractUpdated: Contract;
  /** A contract entering or leaving the work list, from now on. */
  workListChanged: WorkListChange;
};


export type SubscriptionAuditAppendedArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  filter?: InputMaybe<AuditLogFilter>;
};


export type SubscriptionContractUpdatedArgs = {
  after?: InputMaybe<Scalars['String']['input']>;
  id?: InputMaybe<Scalars['ID']['input']>;
};


export type SubscriptionWorkListChangedArgs = {
  list: WorkList;
};

export type SuspendServiceInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  reason: Scalars['String']['input'];
};

export type Termination = {
  __typename?: 'Termination';
  channel: NotificationChannel;
  effectiveOn: Scalars['Date']['output'];
  noticedOn: Scalars['Date']['output'];
  reason: Scalars['String']['output'];
  terminatedAt?: Maybe<Scalars['DateTime']['output']>;
};

/** What the customer reported (Art. 7(1)). */
export type TrustImpairedCause =
  | 'KEY_COMPROMISE'
  | 'OTHER';

export type WithdrawApplicationInput = {
  /** A UUID, say: the same value sent again returns the first answer and writes nothing. */
  clientMutationId?: InputMaybe<Scalars['String']['input']>;
  contractId: Scalars['ID']['input'];
  note?: InputMaybe<Scalars['String']['input']>;
};

/** The work lists staff act on (the queries of the same names). */
export type WorkList =
  | 'DELIVERIES_PENDING'
  | 'OUTSTANDING_STICKERS'
  | 'OVERDUE_INVOICES'
  | 'PENDING_REVOCATIONS'
  | 'REISSUES_DUE'
  | 'SCREENING_QUEUE'
  | 'STICKERS_TO_SHIP'
  | 'STUCK_PROCESSES';

/** A contract entered or left a work list. */
export type WorkListChange = {
  __typename?: 'WorkListChange';
  contractId: Scalars['ID']['output'];
  /** true: entered the list; false: left it. */
  entered: Scalars['Boolean']['output'];
  list: WorkList;
  /** Log position of the change (decimal). */
  position: Scalars['String']['output'];
};

export type TestRecordPaymentMutationVariables = Exact<{
  input: RecordPaymentInput;
}>;


export type TestRecordPaymentMutation = { __typename?: 'Mutation', recordPayment: { __typename?: 'ContractPayload', position: string } };

export type TestReviseMutationVariables = Exact<{
  input: ReviseTermsInput;
}>;


export type TestReviseMutation = { __typename?: 'Mutation', reviseTerms: { __typename?: 'ServicePayload', serviceStatus: { __typename?: 'ServiceStatus', termsVersion: string } } };

export type ServiceStatusPageQueryVariables = Exact<{ [key: string]: never; }>;


export type ServiceStatusPageQuery = { __typename?: 'Query', serviceStatus: { __typename?: 'ServiceStatus', suspended: boolean, reason?: string | null, termsVersion: string } };

export type StuckPageQueryVariables = Exact<{ [key: string]: never; }>;


export type StuckPageQuery = { __typename?: 'Query', stuckProcesses: Array<{ __typename?: 'StuckProcess', id: string, source: string, saga?: string | null, contractId?: string | null, kind: string, attempts: number, lastError?: string | null, stuckAt?: string | null }> };

export type SuspendMutationVariables = Exact<{
  input: SuspendServiceInput;
}>;


export type SuspendMutation = { __typename?: 'Mutation', suspendService: { __typename?: 'ServicePayload', serviceStatus: { __typename?: 'ServiceStatus', suspended: boolean } } };

export type ResumeMutationVariables = Exact<{
  input: ResumeServiceInput;
}>;


export type ResumeMutation = { __typename?: 'Mutation', resumeService: { __typename?: 'ServicePayload', serviceStatus: { __typename?: 'ServiceStatus', suspended: boolean } } };

export type ReviseMutationVariables = Exact<{
  input: ReviseTermsInput;
}>;


export type ReviseMutation = { __typename?: 'Mutation', reviseTerms: { __typename?: 'ServicePayload', serviceStatus: { __typename?: 'ServiceStatus', termsVersion: string } } };

export type RetryMutationVariables = Exact<{
  input: RetryProcessInput;
}>;


export type RetryMutation = { __typename?: 'Mutation', retryProcess: { __typename?: 'StuckProcess', id: string, attempts: number } };

export type AdvanceMutationVariables = Exact<{
  input: AdvanceClockInput;
}>;


export type AdvanceMutation = { __typename?: 'Mutation', advanceClock: { __typename?: 'ClockPayload', now: string } };

export type AuditLogPageQueryVariables = Exact<{
  filter?: InputMaybe<AuditLogFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type AuditLogPageQuery = { __typename?: 'Query', auditLog: { __typename?: 'AuditEventConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'AuditEventEdge', node: { __typename?: 'AuditEvent', id: string, streamId: string, type: string, position: string, occurredAt: string, leafHash: string, actor: { __typename?: 'Actor', id: string, role: Role } } }> } };

export type AuditTailSubscriptionVariables = Exact<{
  filter?: InputMaybe<AuditLogFilter>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type AuditTailSubscription = { __typename?: 'Subscription', auditAppended: { __typename?: 'AuditEvent', id: string, streamId: string, type: string, position: string, occurredAt: string, leafHash: string, actor: { __typename?: 'Actor', id: string, role: Role } } };

export type CheckpointQueryVariables = Exact<{ [key: string]: never; }>;


export type CheckpointQuery = { __typename?: 'Query', auditCheckpoint: { __typename?: 'AuditCheckpoint', treeSize: number, rootHash: string, signature: string, publicKey: string, signedAt: string } };

export type ProofQueryVariables = Exact<{
  eventId: Scalars['ID']['input'];
}>;


export type ProofQuery = { __typename?: 'Query', auditProof?: { __typename?: 'AuditProof', eventId: string, leafIndex: number, leafHash: string, entry: unknown, proof: Array<string>, treeHead: { __typename?: 'AuditTreeHead', treeSize: number, rootHash: string, timestamp: string, signature: string, publicKey: string } } | null };

export type ContractViewFragment = { __typename?: 'Contract', id: string, status: ContractStatus, webServerFqdn: string, planMonths: number, coverageStartsOn?: string | null, coverageEndsOn?: string | null, stickerRequested: boolean, certificateDeliveryMethod: DeliveryMethod, position: string, submittedAt: string, acceptedAt?: string | null, personalDataShredded: boolean, termsVersion: string, outstandingDocumentKinds: Array<string>, applicant: { __typename?: 'Applicant', organizationName?: string | null, organizationType: OrganizationType, corporateNumber?: string | null, representativeName?: string | null, address?: { __typename?: 'Address', postalCode?: string | null, prefecture?: string | null, city?: string | null, street?: string | null } | null, contact?: { __typename?: 'Contact', name?: string | null, email?: string | null, phone?: string | null } | null }, invoice?: { __typename?: 'Invoice', id: string, amountJpy: number, subtotalJpy: number, taxJpy: number, paidJpy: number, issuedOn: string, dueOn?: string | null, status: InvoiceStatus } | null, certificates: Array<{ __typename?: 'Certificate', serialNumber: string, notBefore: string, notAfter: string, fingerprintSha256: string, status: CertificateStatus, pem: string, deliveredAt?: string | null }>, sticker: { __typename?: 'Sticker', status: StickerStatus, serial?: string | null, shippedOn?: string | null, returnDueOn?: string | null, returnedOn?: string | null }, revocation?: { __typename?: 'Revocation', reason: RevocationReason, crlReason: CrlReason, status: RevocationStatus, requestedAt?: string | null, revokedAt?: string | null, deadline: string } | null, notifications: Array<{ __typename?: 'Notification', kind: NotificationKind, channel: NotificationChannel, sentAt: string }>, documents: Array<{ __typename?: 'DocumentReference', id: string, kind: string, sha256: string }> };

export type ContractQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ContractQuery = { __typename?: 'Query', contract?: { __typename?: 'Contract', id: string, status: ContractStatus, webServerFqdn: string, planMonths: number, coverageStartsOn?: string | null, coverageEndsOn?: string | null, stickerRequested: boolean, certificateDeliveryMethod: DeliveryMethod, position: string, submittedAt: string, acceptedAt?: string | null, personalDataShredded: boolean, termsVersion: string, outstandingDocumentKinds: Array<string>, applicant: { __typename?: 'Applicant', organizationName?: string | null, organizationType: OrganizationType, corporateNumber?: string | null, representativeName?: string | null, address?: { __typename?: 'Address', postalCode?: string | null, prefecture?: string | null, city?: string | null, street?: string | null } | null, contact?: { __typename?: 'Contact', name?: string | null, email?: string | null, phone?: string | null } | null }, invoice?: { __typename?: 'Invoice', id: string, amountJpy: number, subtotalJpy: number, taxJpy: number, paidJpy: number, issuedOn: string, dueOn?: string | null, status: InvoiceStatus } | null, certificates: Array<{ __typename?: 'Certificate', serialNumber: string, notBefore: string, notAfter: string, fingerprintSha256: string, status: CertificateStatus, pem: string, deliveredAt?: string | null }>, sticker: { __typename?: 'Sticker', status: StickerStatus, serial?: string | null, shippedOn?: string | null, returnDueOn?: string | null, returnedOn?: string | null }, revocation?: { __typename?: 'Revocation', reason: RevocationReason, crlReason: CrlReason, status: RevocationStatus, requestedAt?: string | null, revokedAt?: string | null, deadline: string } | null, notifications: Array<{ __typename?: 'Notification', kind: NotificationKind, channel: NotificationChannel, sentAt: string }>, documents: Array<{ __typename?: 'DocumentReference', id: string, kind: string, sha256: string }> } | null };

export type ContractLiveSubscriptionVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type ContractLiveSubscription = { __typename?: 'Subscription', contractUpdated: { __typename?: 'Contract', id: string, status: ContractStatus, webServerFqdn: string, planMonths: number, coverageStartsOn?: string | null, coverageEndsOn?: string | null, stickerRequested: boolean, certificateDeliveryMethod: DeliveryMethod, position: string, submittedAt: string, acceptedAt?: string | null, personalDataShredded: boolean, termsVersion: string, outstandingDocumentKinds: Array<string>, applicant: { __typename?: 'Applicant', organizationName?: string | null, organizationType: OrganizationType, corporateNumber?: string | null, representativeName?: string | null, address?: { __typename?: 'Address', postalCode?: string | null, prefecture?: string | null, city?: string | null, street?: string | null } | null, contact?: { __typename?: 'Contact', name?: string | null, email?: string | null, phone?: string | null } | null }, invoice?: { __typename?: 'Invoice', id: string, amountJpy: number, subtotalJpy: number, taxJpy: number, paidJpy: number, issuedOn: string, dueOn?: string | null, status: InvoiceStatus } | null, certificates: Array<{ __typename?: 'Certificate', serialNumber: string, notBefore: string, notAfter: string, fingerprintSha256: string, status: CertificateStatus, pem: string, deliveredAt?: string | null }>, sticker: { __typename?: 'Sticker', status: StickerStatus, serial?: string | null, shippedOn?: string | null, returnDueOn?: string | null, returnedOn?: string | null }, revocation?: { __typename?: 'Revocation', reason: RevocationReason, crlReason: CrlReason, status: RevocationStatus, requestedAt?: string | null, revokedAt?: string | null, deadline: string } | null, notifications: Array<{ __typename?: 'Notification', kind: NotificationKind, channel: NotificationChannel, sentAt: string }>, documents: Array<{ __typename?: 'DocumentReference', id: string, kind: string, sha256: string }> } };

export type TrailQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type TrailQuery = { __typename?: 'Query', auditTrail: Array<{ __typename?: 'AuditEvent', id: string, type: string, occurredAt: string, position: string, actor: { __typename?: 'Actor', id: string, role: Role } }> };

export type CompensationsQueryVariables = Exact<{
  id: Scalars['ID']['input'];
}>;


export type CompensationsQuery = { __typename?: 'Query', compensationAssessments: Array<{ __typename?: 'CompensationPayload', amountJpy: number, contractFeeJpy: number, feeReceivedJpy: number, remainingWholeMonths: number, totalMonths: number }> };

export type AsOfQueryVariables = Exact<{
  id: Scalars['ID']['input'];
  at: Scalars['DateTime']['input'];
}>;


export type AsOfQuery = { __typename?: 'Query', contractAsOf?: { __typename?: 'Contract', id: string, status: ContractStatus, webServerFqdn: string, planMonths: number, coverageStartsOn?: string | null, coverageEndsOn?: string | null, stickerRequested: boolean, certificateDeliveryMethod: DeliveryMethod, position: string, submittedAt: string, acceptedAt?: string | null, personalDataShredded: boolean, termsVersion: string, outstandingDocumentKinds: Array<string>, applicant: { __typename?: 'Applicant', organizationName?: string | null, organizationType: OrganizationType, corporateNumber?: string | null, representativeName?: string | null, address?: { __typename?: 'Address', postalCode?: string | null, prefecture?: string | null, city?: string | null, street?: string | null } | null, contact?: { __typename?: 'Contact', name?: string | null, email?: string | null, phone?: string | null } | null }, invoice?: { __typename?: 'Invoice', id: string, amountJpy: number, subtotalJpy: number, taxJpy: number, paidJpy: number, issuedOn: string, dueOn?: string | null, status: InvoiceStatus } | null, certificates: Array<{ __typename?: 'Certificate', serialNumber: string, notBefore: string, notAfter: string, fingerprintSha256: string, status: CertificateStatus, pem: string, deliveredAt?: string | null }>, sticker: { __typename?: 'Sticker', status: StickerStatus, serial?: string | null, shippedOn?: string | null, returnDueOn?: string | null, returnedOn?: string | null }, revocation?: { __typename?: 'Revocation', reason: RevocationReason, crlReason: CrlReason, status: RevocationStatus, requestedAt?: string | null, revokedAt?: string | null, deadline: string } | null, notifications: Array<{ __typename?: 'Notification', kind: NotificationKind, channel: NotificationChannel, sentAt: string }>, documents: Array<{ __typename?: 'DocumentReference', id: string, kind: string, sha256: string }> } | null };

export type ContractsPageQueryVariables = Exact<{
  filter?: InputMaybe<ContractFilter>;
  first?: InputMaybe<Scalars['Int']['input']>;
  after?: InputMaybe<Scalars['String']['input']>;
}>;


export type ContractsPageQuery = { __typename?: 'Query', contracts: { __typename?: 'ContractConnection', totalCount: number, pageInfo: { __typename?: 'PageInfo', hasNextPage: boolean, endCursor?: string | null }, edges: Array<{ __typename?: 'ContractEdge', cursor: string, node: { __typename?: 'Contract', id: string, status: ContractStatus, webServerFqdn: string, submittedAt: string, applicant: { __typename?: 'Applicant', organizationName?: string | null } } }> } };

export type ScreeningQueueQueryVariables = Exact<{ [key: string]: never; }>;


export type ScreeningQueueQuery = { __typename?: 'Query', screeningQueue: Array<{ __typename?: 'Contract', id: string, webServerFqdn: string, status: ContractStatus, applicant: { __typename?: 'Applicant', organizationName?: string | null } }> };

export type OverdueInvoicesQueryVariables = Exact<{ [key: string]: never; }>;


export type OverdueInvoicesQuery = { __typename?: 'Query', overdueInvoices: Array<{ __typename?: 'Contract', id: string, webServerFqdn: string, status: ContractStatus, applicant: { __typename?: 'Applicant', organizationName?: string | null } }> };

export type StickersToShipQueryVariables = Exact<{ [key: string]: never; }>;


export type StickersToShipQuery = { __typename?: 'Query', stickersToShip: Array<{ __typename?: 'Contract', id: string, webServerFqdn: string, status: ContractStatus, applicant: { __typename?: 'Applicant', organizationName?: string | null } }> };

export type OutstandingStickersQueryVariables = Exact<{ [key: string]: never; }>;


export type OutstandingStickersQuery = { __typename?: 'Query', outstandingStickers: Array<{ __typename?: 'Contract', id: string, webServerFqdn: string, status: ContractStatus, applicant: { __typename?: 'Applicant', organizationName?: string | null } }> };

export type ReissuesDueQueryVariables = Exact<{ [key: string]: never; }>;


export type ReissuesDueQuery = { __typename?: 'Query', reissuesDue: Array<{ __typename?: 'Contract', id: string, webServerFqdn: string, status: ContractStatus, applicant: { __typename?: 'Applicant', organizationName?: string | null } }> };

export type DeliveriesPendingQueryVariables = Exact<{ [key: string]: never; }>;


export type DeliveriesPendingQuery = { __typename?: 'Query', deliveriesPending: Array<{ __typename?: 'Contract', id: string, webServerFqdn: string, status: ContractStatus, applicant: { __typename?: 'Applicant', organizationName?: string | null } }> };

export type ExpiringCertificatesQueryVariables = Exact<{
  withinDays: Scalars['Int']['input'];
}>;


export type ExpiringCertificatesQuery = { __typename?: 'Query', expiringCertificates: Array<{ __typename?: 'Contract', id: string, webServerFqdn: string, status: ContractStatus, currentCertificate?: { __typename?: 'Certificate', notAfter: string } | null }> };

export type PendingRevocationsQueryVariables = Exact<{ [key: string]: never; }>;


export type PendingRevocationsQuery = { __typename?: 'Query', pendingRevocationDeadlines: Array<{ __typename?: 'PendingRevocationItem', deadline: string, remainingMinutes: number, urgent: boolean, overdue: boolean, contract: { __typename?: 'Contract', id: string, webServerFqdn: string, status: ContractStatus, applicant: { __typename?: 'Applicant', organizationName?: string | null } } }> };

export type StuckProcessesQueryVariables = Exact<{ [key: string]: never; }>;


export type StuckProcessesQuery = { __typename?: 'Query', stuckProcesses: Array<{ __typename?: 'StuckProcess', id: string, contractId?: string | null, kind: string, attempts: number, lastError?: string | null }> };

export type WorkListChangedSubscriptionVariables = Exact<{
  list: WorkList;
}>;


export type WorkListChangedSubscription = { __typename?: 'Subscription', workListChanged: { __typename?: 'WorkListChange', list: WorkList, contractId: string, entered: boolean, position: string } };

export type RequirementsQueryVariables = Exact<{
  type: OrganizationType;
}>;


export type RequirementsQuery = { __typename?: 'Query', documentRequirements: Array<string>, feeSchedule: Array<{ __typename?: 'FeeScheduleEntry', planMonths: number, amountJpy: number }> };

export type SubmitApplicationMutationVariables = Exact<{
  input: SubmitApplicationInput;
}>;


export type SubmitApplicationMutation = { __typename?: 'Mutation', submitApplication: { __typename?: 'ContractPayload', position: string, contract: { __typename?: 'Contract', id: string, status: ContractStatus } } };

export type RequestDocumentsMutationVariables = Exact<{
  input: RequestAdditionalDocumentsInput;
}>;


export type RequestDocumentsMutation = { __typename?: 'Mutation', requestAdditionalDocuments: { __typename?: 'ContractPayload', position: string } };

export type PassScreeningMutationVariables = Exact<{
  input: PassScreeningInput;
}>;


export type PassScreeningMutation = { __typename?: 'Mutation', passScreening: { __typename?: 'ContractPayload', position: string } };

export type FailScreeningMutationVariables = Exact<{
  input: FailScreeningInput;
}>;


export type FailScreeningMutation = { __typename?: 'Mutation', failScreening: { __typename?: 'ContractPayload', position: string } };

export type RecordPaymentMutationVariables = Exact<{
  input: RecordPaymentInput;
}>;


export type RecordPaymentMutation = { __typename?: 'Mutation', recordPayment: { __typename?: 'ContractPayload', position: string } };

export type ShipStickerMutationVariables = Exact<{
  input: RecordStickerShippedInput;
}>;


export type ShipStickerMutation = { __typename?: 'Mutation', recordStickerShipped: { __typename?: 'ContractPayload', position: string } };

export type ReturnStickerMutationVariables = Exact<{
  input: RecordStickerReturnedInput;
}>;


export type ReturnStickerMutation = { __typename?: 'Mutation', recordStickerReturned: { __typename?: 'ContractPayload', position: string } };

export type DeliveredMutationVariables = Exact<{
  input: RecordCertificateDeliveredInput;
}>;


export type DeliveredMutation = { __typename?: 'Mutation', recordCertificateDelivered: { __typename?: 'ContractPayload', position: string } };

export type TrustImpairedMutationVariables = Exact<{
  input: ReportTrustImpairedInput;
}>;


export type TrustImpairedMutation = { __typename?: 'Mutation', reportTrustImpaired: { __typename?: 'ContractPayload', position: string } };

export type RequestRevocationMutationVariables = Exact<{
  input: RequestRevocationInput;
}>;


export type RequestRevocationMutation = { __typename?: 'Mutation', requestRevocation: { __typename?: 'ContractPayload', position: string } };

export type NoticeTerminationMutationVariables = Exact<{
  input: NoticeTerminationInput;
}>;


export type NoticeTerminationMutation = { __typename?: 'Mutation', noticeTermination: { __typename?: 'ContractPayload', position: string } };

export type AssessCompensationMutationVariables = Exact<{
  input: AssessCompensationInput;
}>;


export type AssessCompensationMutation = { __typename?: 'Mutation', assessCompensation: { __typename?: 'CompensationPayload', amountJpy: number, contractFeeJpy: number } };

export type WithdrawMutationVariables = Exact<{
  input: WithdrawApplicationInput;
}>;


export type WithdrawMutation = { __typename?: 'Mutation', withdrawApplication: { __typename?: 'ContractPayload', position: string } };

export type AttachMutationVariables = Exact<{
  input: AttachDocumentsInput;
}>;


export type AttachMutation = { __typename?: 'Mutation', attachDocuments: { __typename?: 'ContractPayload', position: string } };

export type ReissueMutationVariables = Exact<{
  input: RequestReissueInput;
}>;


export type ReissueMutation = { __typename?: 'Mutation', requestReissue: { __typename?: 'ContractPayload', position: string } };

export type CancelMutationVariables = Exact<{
  input: CancelContractInput;
}>;


export type CancelMutation = { __typename?: 'Mutation', cancelContract: { __typename?: 'ContractPayload', position: string } };

export type RevocationOutcomeMutationVariables = Exact<{
  input: RecordRevocationOutcomeInput;
}>;


export type RevocationOutcomeMutation = { __typename?: 'Mutation', recordRevocationOutcome: { __typename?: 'ContractPayload', position: string } };

export const ContractViewFragmentDoc = {"kind":"Document","definitions":[{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContractView"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Contract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"webServerFqdn"}},{"kind":"Field","name":{"kind":"Name","value":"planMonths"}},{"kind":"Field","name":{"kind":"Name","value":"coverageStartsOn"}},{"kind":"Field","name":{"kind":"Name","value":"coverageEndsOn"}},{"kind":"Field","name":{"kind":"Name","value":"stickerRequested"}},{"kind":"Field","name":{"kind":"Name","value":"certificateDeliveryMethod"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"personalDataShredded"}},{"kind":"Field","name":{"kind":"Name","value":"termsVersion"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationName"}},{"kind":"Field","name":{"kind":"Name","value":"organizationType"}},{"kind":"Field","name":{"kind":"Name","value":"corporateNumber"}},{"kind":"Field","name":{"kind":"Name","value":"representativeName"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"prefecture"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"street"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"invoice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"amountJpy"}},{"kind":"Field","name":{"kind":"Name","value":"subtotalJpy"}},{"kind":"Field","name":{"kind":"Name","value":"taxJpy"}},{"kind":"Field","name":{"kind":"Name","value":"paidJpy"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"certificates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"notBefore"}},{"kind":"Field","name":{"kind":"Name","value":"notAfter"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprintSha256"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"pem"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sticker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"serial"}},{"kind":"Field","name":{"kind":"Name","value":"shippedOn"}},{"kind":"Field","name":{"kind":"Name","value":"returnDueOn"}},{"kind":"Field","name":{"kind":"Name","value":"returnedOn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"crlReason"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}}]}},{"kind":"Field","name":{"kind":"Name","value":"notifications"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"documents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}}]}},{"kind":"Field","name":{"kind":"Name","value":"outstandingDocumentKinds"}}]}}]} as unknown as DocumentNode<ContractViewFragment, unknown>;
export const TestRecordPaymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestRecordPayment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordPaymentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordPayment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<TestRecordPaymentMutation, TestRecordPaymentMutationVariables>;
export const TestReviseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TestRevise"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReviseTermsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reviseTerms"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"termsVersion"}}]}}]}}]}}]} as unknown as DocumentNode<TestReviseMutation, TestReviseMutationVariables>;
export const ServiceStatusPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ServiceStatusPage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suspended"}},{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"termsVersion"}}]}}]}}]} as unknown as DocumentNode<ServiceStatusPageQuery, ServiceStatusPageQueryVariables>;
export const StuckPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StuckPage"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stuckProcesses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"source"}},{"kind":"Field","name":{"kind":"Name","value":"saga"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}},{"kind":"Field","name":{"kind":"Name","value":"stuckAt"}}]}}]}}]} as unknown as DocumentNode<StuckPageQuery, StuckPageQueryVariables>;
export const SuspendDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Suspend"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SuspendServiceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suspendService"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suspended"}}]}}]}}]}}]} as unknown as DocumentNode<SuspendMutation, SuspendMutationVariables>;
export const ResumeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Resume"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ResumeServiceInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"resumeService"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"suspended"}}]}}]}}]}}]} as unknown as DocumentNode<ResumeMutation, ResumeMutationVariables>;
export const ReviseDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Revise"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReviseTermsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reviseTerms"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serviceStatus"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"termsVersion"}}]}}]}}]}}]} as unknown as DocumentNode<ReviseMutation, ReviseMutationVariables>;
export const RetryDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Retry"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RetryProcessInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"retryProcess"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}}]}}]}}]} as unknown as DocumentNode<RetryMutation, RetryMutationVariables>;
export const AdvanceDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Advance"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AdvanceClockInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"advanceClock"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"now"}}]}}]}}]} as unknown as DocumentNode<AdvanceMutation, AdvanceMutationVariables>;
export const AuditLogPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AuditLogPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditLogFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditLog"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"streamId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"leafHash"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<AuditLogPageQuery, AuditLogPageQueryVariables>;
export const AuditTailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"AuditTail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"AuditLogFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditAppended"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"streamId"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"leafHash"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]}}]} as unknown as DocumentNode<AuditTailSubscription, AuditTailSubscriptionVariables>;
export const CheckpointDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Checkpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditCheckpoint"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"rootHash"}},{"kind":"Field","name":{"kind":"Name","value":"signature"}},{"kind":"Field","name":{"kind":"Name","value":"publicKey"}},{"kind":"Field","name":{"kind":"Name","value":"signedAt"}}]}}]}}]} as unknown as DocumentNode<CheckpointQuery, CheckpointQueryVariables>;
export const ProofDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Proof"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"eventId"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditProof"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"eventId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"eventId"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"eventId"}},{"kind":"Field","name":{"kind":"Name","value":"leafIndex"}},{"kind":"Field","name":{"kind":"Name","value":"leafHash"}},{"kind":"Field","name":{"kind":"Name","value":"entry"}},{"kind":"Field","name":{"kind":"Name","value":"proof"}},{"kind":"Field","name":{"kind":"Name","value":"treeHead"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"treeSize"}},{"kind":"Field","name":{"kind":"Name","value":"rootHash"}},{"kind":"Field","name":{"kind":"Name","value":"timestamp"}},{"kind":"Field","name":{"kind":"Name","value":"signature"}},{"kind":"Field","name":{"kind":"Name","value":"publicKey"}}]}}]}}]}}]} as unknown as DocumentNode<ProofQuery, ProofQueryVariables>;
export const ContractDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Contract"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contract"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContractView"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContractView"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Contract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"webServerFqdn"}},{"kind":"Field","name":{"kind":"Name","value":"planMonths"}},{"kind":"Field","name":{"kind":"Name","value":"coverageStartsOn"}},{"kind":"Field","name":{"kind":"Name","value":"coverageEndsOn"}},{"kind":"Field","name":{"kind":"Name","value":"stickerRequested"}},{"kind":"Field","name":{"kind":"Name","value":"certificateDeliveryMethod"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"personalDataShredded"}},{"kind":"Field","name":{"kind":"Name","value":"termsVersion"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationName"}},{"kind":"Field","name":{"kind":"Name","value":"organizationType"}},{"kind":"Field","name":{"kind":"Name","value":"corporateNumber"}},{"kind":"Field","name":{"kind":"Name","value":"representativeName"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"prefecture"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"street"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"invoice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"amountJpy"}},{"kind":"Field","name":{"kind":"Name","value":"subtotalJpy"}},{"kind":"Field","name":{"kind":"Name","value":"taxJpy"}},{"kind":"Field","name":{"kind":"Name","value":"paidJpy"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"certificates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"notBefore"}},{"kind":"Field","name":{"kind":"Name","value":"notAfter"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprintSha256"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"pem"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sticker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"serial"}},{"kind":"Field","name":{"kind":"Name","value":"shippedOn"}},{"kind":"Field","name":{"kind":"Name","value":"returnDueOn"}},{"kind":"Field","name":{"kind":"Name","value":"returnedOn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"crlReason"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}}]}},{"kind":"Field","name":{"kind":"Name","value":"notifications"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"documents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}}]}},{"kind":"Field","name":{"kind":"Name","value":"outstandingDocumentKinds"}}]}}]} as unknown as DocumentNode<ContractQuery, ContractQueryVariables>;
export const ContractLiveDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"ContractLive"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractUpdated"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContractView"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContractView"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Contract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"webServerFqdn"}},{"kind":"Field","name":{"kind":"Name","value":"planMonths"}},{"kind":"Field","name":{"kind":"Name","value":"coverageStartsOn"}},{"kind":"Field","name":{"kind":"Name","value":"coverageEndsOn"}},{"kind":"Field","name":{"kind":"Name","value":"stickerRequested"}},{"kind":"Field","name":{"kind":"Name","value":"certificateDeliveryMethod"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"personalDataShredded"}},{"kind":"Field","name":{"kind":"Name","value":"termsVersion"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationName"}},{"kind":"Field","name":{"kind":"Name","value":"organizationType"}},{"kind":"Field","name":{"kind":"Name","value":"corporateNumber"}},{"kind":"Field","name":{"kind":"Name","value":"representativeName"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"prefecture"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"street"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"invoice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"amountJpy"}},{"kind":"Field","name":{"kind":"Name","value":"subtotalJpy"}},{"kind":"Field","name":{"kind":"Name","value":"taxJpy"}},{"kind":"Field","name":{"kind":"Name","value":"paidJpy"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"certificates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"notBefore"}},{"kind":"Field","name":{"kind":"Name","value":"notAfter"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprintSha256"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"pem"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sticker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"serial"}},{"kind":"Field","name":{"kind":"Name","value":"shippedOn"}},{"kind":"Field","name":{"kind":"Name","value":"returnDueOn"}},{"kind":"Field","name":{"kind":"Name","value":"returnedOn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"crlReason"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}}]}},{"kind":"Field","name":{"kind":"Name","value":"notifications"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"documents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}}]}},{"kind":"Field","name":{"kind":"Name","value":"outstandingDocumentKinds"}}]}}]} as unknown as DocumentNode<ContractLiveSubscription, ContractLiveSubscriptionVariables>;
export const TrailDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Trail"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"auditTrail"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"contractId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"type"}},{"kind":"Field","name":{"kind":"Name","value":"occurredAt"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"actor"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"role"}}]}}]}}]}}]} as unknown as DocumentNode<TrailQuery, TrailQueryVariables>;
export const CompensationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Compensations"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"compensationAssessments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"contractId"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountJpy"}},{"kind":"Field","name":{"kind":"Name","value":"contractFeeJpy"}},{"kind":"Field","name":{"kind":"Name","value":"feeReceivedJpy"}},{"kind":"Field","name":{"kind":"Name","value":"remainingWholeMonths"}},{"kind":"Field","name":{"kind":"Name","value":"totalMonths"}}]}}]}}]} as unknown as DocumentNode<CompensationsQuery, CompensationsQueryVariables>;
export const AsOfDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"AsOf"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"id"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ID"}}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"at"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"DateTime"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contractAsOf"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"id"},"value":{"kind":"Variable","name":{"kind":"Name","value":"id"}}},{"kind":"Argument","name":{"kind":"Name","value":"at"},"value":{"kind":"Variable","name":{"kind":"Name","value":"at"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"FragmentSpread","name":{"kind":"Name","value":"ContractView"}}]}}]}},{"kind":"FragmentDefinition","name":{"kind":"Name","value":"ContractView"},"typeCondition":{"kind":"NamedType","name":{"kind":"Name","value":"Contract"}},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"webServerFqdn"}},{"kind":"Field","name":{"kind":"Name","value":"planMonths"}},{"kind":"Field","name":{"kind":"Name","value":"coverageStartsOn"}},{"kind":"Field","name":{"kind":"Name","value":"coverageEndsOn"}},{"kind":"Field","name":{"kind":"Name","value":"stickerRequested"}},{"kind":"Field","name":{"kind":"Name","value":"certificateDeliveryMethod"}},{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"acceptedAt"}},{"kind":"Field","name":{"kind":"Name","value":"personalDataShredded"}},{"kind":"Field","name":{"kind":"Name","value":"termsVersion"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationName"}},{"kind":"Field","name":{"kind":"Name","value":"organizationType"}},{"kind":"Field","name":{"kind":"Name","value":"corporateNumber"}},{"kind":"Field","name":{"kind":"Name","value":"representativeName"}},{"kind":"Field","name":{"kind":"Name","value":"address"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"postalCode"}},{"kind":"Field","name":{"kind":"Name","value":"prefecture"}},{"kind":"Field","name":{"kind":"Name","value":"city"}},{"kind":"Field","name":{"kind":"Name","value":"street"}}]}},{"kind":"Field","name":{"kind":"Name","value":"contact"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"name"}},{"kind":"Field","name":{"kind":"Name","value":"email"}},{"kind":"Field","name":{"kind":"Name","value":"phone"}}]}}]}},{"kind":"Field","name":{"kind":"Name","value":"invoice"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"amountJpy"}},{"kind":"Field","name":{"kind":"Name","value":"subtotalJpy"}},{"kind":"Field","name":{"kind":"Name","value":"taxJpy"}},{"kind":"Field","name":{"kind":"Name","value":"paidJpy"}},{"kind":"Field","name":{"kind":"Name","value":"issuedOn"}},{"kind":"Field","name":{"kind":"Name","value":"dueOn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}},{"kind":"Field","name":{"kind":"Name","value":"certificates"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"serialNumber"}},{"kind":"Field","name":{"kind":"Name","value":"notBefore"}},{"kind":"Field","name":{"kind":"Name","value":"notAfter"}},{"kind":"Field","name":{"kind":"Name","value":"fingerprintSha256"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"pem"}},{"kind":"Field","name":{"kind":"Name","value":"deliveredAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"sticker"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"serial"}},{"kind":"Field","name":{"kind":"Name","value":"shippedOn"}},{"kind":"Field","name":{"kind":"Name","value":"returnDueOn"}},{"kind":"Field","name":{"kind":"Name","value":"returnedOn"}}]}},{"kind":"Field","name":{"kind":"Name","value":"revocation"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reason"}},{"kind":"Field","name":{"kind":"Name","value":"crlReason"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"requestedAt"}},{"kind":"Field","name":{"kind":"Name","value":"revokedAt"}},{"kind":"Field","name":{"kind":"Name","value":"deadline"}}]}},{"kind":"Field","name":{"kind":"Name","value":"notifications"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"channel"}},{"kind":"Field","name":{"kind":"Name","value":"sentAt"}}]}},{"kind":"Field","name":{"kind":"Name","value":"documents"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"sha256"}}]}},{"kind":"Field","name":{"kind":"Name","value":"outstandingDocumentKinds"}}]}}]} as unknown as DocumentNode<AsOfQuery, AsOfQueryVariables>;
export const ContractsPageDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ContractsPage"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"filter"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"ContractFilter"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"first"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}},{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"after"}},"type":{"kind":"NamedType","name":{"kind":"Name","value":"String"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"contracts"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"filter"},"value":{"kind":"Variable","name":{"kind":"Name","value":"filter"}}},{"kind":"Argument","name":{"kind":"Name","value":"first"},"value":{"kind":"Variable","name":{"kind":"Name","value":"first"}}},{"kind":"Argument","name":{"kind":"Name","value":"after"},"value":{"kind":"Variable","name":{"kind":"Name","value":"after"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"totalCount"}},{"kind":"Field","name":{"kind":"Name","value":"pageInfo"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"hasNextPage"}},{"kind":"Field","name":{"kind":"Name","value":"endCursor"}}]}},{"kind":"Field","name":{"kind":"Name","value":"edges"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cursor"}},{"kind":"Field","name":{"kind":"Name","value":"node"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"webServerFqdn"}},{"kind":"Field","name":{"kind":"Name","value":"submittedAt"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationName"}}]}}]}}]}}]}}]}}]} as unknown as DocumentNode<ContractsPageQuery, ContractsPageQueryVariables>;
export const ScreeningQueueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ScreeningQueue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"screeningQueue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"webServerFqdn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationName"}}]}}]}}]}}]} as unknown as DocumentNode<ScreeningQueueQuery, ScreeningQueueQueryVariables>;
export const OverdueInvoicesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OverdueInvoices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"overdueInvoices"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"webServerFqdn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationName"}}]}}]}}]}}]} as unknown as DocumentNode<OverdueInvoicesQuery, OverdueInvoicesQueryVariables>;
export const StickersToShipDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StickersToShip"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stickersToShip"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"webServerFqdn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationName"}}]}}]}}]}}]} as unknown as DocumentNode<StickersToShipQuery, StickersToShipQueryVariables>;
export const OutstandingStickersDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"OutstandingStickers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"outstandingStickers"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"webServerFqdn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationName"}}]}}]}}]}}]} as unknown as DocumentNode<OutstandingStickersQuery, OutstandingStickersQueryVariables>;
export const ReissuesDueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ReissuesDue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reissuesDue"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"webServerFqdn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationName"}}]}}]}}]}}]} as unknown as DocumentNode<ReissuesDueQuery, ReissuesDueQueryVariables>;
export const DeliveriesPendingDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"DeliveriesPending"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deliveriesPending"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"webServerFqdn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationName"}}]}}]}}]}}]} as unknown as DocumentNode<DeliveriesPendingQuery, DeliveriesPendingQueryVariables>;
export const ExpiringCertificatesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"ExpiringCertificates"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"withinDays"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"Int"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"expiringCertificates"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"withinDays"},"value":{"kind":"Variable","name":{"kind":"Name","value":"withinDays"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"webServerFqdn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"currentCertificate"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"notAfter"}}]}}]}}]}}]} as unknown as DocumentNode<ExpiringCertificatesQuery, ExpiringCertificatesQueryVariables>;
export const PendingRevocationsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"PendingRevocations"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"pendingRevocationDeadlines"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"deadline"}},{"kind":"Field","name":{"kind":"Name","value":"remainingMinutes"}},{"kind":"Field","name":{"kind":"Name","value":"urgent"}},{"kind":"Field","name":{"kind":"Name","value":"overdue"}},{"kind":"Field","name":{"kind":"Name","value":"contract"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"webServerFqdn"}},{"kind":"Field","name":{"kind":"Name","value":"status"}},{"kind":"Field","name":{"kind":"Name","value":"applicant"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"organizationName"}}]}}]}}]}}]}}]} as unknown as DocumentNode<PendingRevocationsQuery, PendingRevocationsQueryVariables>;
export const StuckProcessesDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"StuckProcesses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"stuckProcesses"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"kind"}},{"kind":"Field","name":{"kind":"Name","value":"attempts"}},{"kind":"Field","name":{"kind":"Name","value":"lastError"}}]}}]}}]} as unknown as DocumentNode<StuckProcessesQuery, StuckProcessesQueryVariables>;
export const WorkListChangedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"subscription","name":{"kind":"Name","value":"WorkListChanged"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"list"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WorkList"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"workListChanged"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"list"},"value":{"kind":"Variable","name":{"kind":"Name","value":"list"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"list"}},{"kind":"Field","name":{"kind":"Name","value":"contractId"}},{"kind":"Field","name":{"kind":"Name","value":"entered"}},{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<WorkListChangedSubscription, WorkListChangedSubscriptionVariables>;
export const RequirementsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"query","name":{"kind":"Name","value":"Requirements"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"type"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"OrganizationType"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"documentRequirements"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"organizationType"},"value":{"kind":"Variable","name":{"kind":"Name","value":"type"}}}]},{"kind":"Field","name":{"kind":"Name","value":"feeSchedule"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"planMonths"}},{"kind":"Field","name":{"kind":"Name","value":"amountJpy"}}]}}]}}]} as unknown as DocumentNode<RequirementsQuery, RequirementsQueryVariables>;
export const SubmitApplicationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"SubmitApplication"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"SubmitApplicationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"submitApplication"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}},{"kind":"Field","name":{"kind":"Name","value":"contract"},"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"id"}},{"kind":"Field","name":{"kind":"Name","value":"status"}}]}}]}}]}}]} as unknown as DocumentNode<SubmitApplicationMutation, SubmitApplicationMutationVariables>;
export const RequestDocumentsDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestDocuments"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestAdditionalDocumentsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestAdditionalDocuments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<RequestDocumentsMutation, RequestDocumentsMutationVariables>;
export const PassScreeningDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"PassScreening"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"PassScreeningInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"passScreening"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<PassScreeningMutation, PassScreeningMutationVariables>;
export const FailScreeningDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"FailScreening"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"FailScreeningInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"failScreening"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<FailScreeningMutation, FailScreeningMutationVariables>;
export const RecordPaymentDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RecordPayment"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordPaymentInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordPayment"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<RecordPaymentMutation, RecordPaymentMutationVariables>;
export const ShipStickerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ShipSticker"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordStickerShippedInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordStickerShipped"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<ShipStickerMutation, ShipStickerMutationVariables>;
export const ReturnStickerDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"ReturnSticker"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordStickerReturnedInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordStickerReturned"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<ReturnStickerMutation, ReturnStickerMutationVariables>;
export const DeliveredDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Delivered"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordCertificateDeliveredInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordCertificateDelivered"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<DeliveredMutation, DeliveredMutationVariables>;
export const TrustImpairedDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"TrustImpaired"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"ReportTrustImpairedInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"reportTrustImpaired"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<TrustImpairedMutation, TrustImpairedMutationVariables>;
export const RequestRevocationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RequestRevocation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestRevocationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestRevocation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<RequestRevocationMutation, RequestRevocationMutationVariables>;
export const NoticeTerminationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"NoticeTermination"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"NoticeTerminationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"noticeTermination"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<NoticeTerminationMutation, NoticeTerminationMutationVariables>;
export const AssessCompensationDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"AssessCompensation"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AssessCompensationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"assessCompensation"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"amountJpy"}},{"kind":"Field","name":{"kind":"Name","value":"contractFeeJpy"}}]}}]}}]} as unknown as DocumentNode<AssessCompensationMutation, AssessCompensationMutationVariables>;
export const WithdrawDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Withdraw"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"WithdrawApplicationInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"withdrawApplication"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<WithdrawMutation, WithdrawMutationVariables>;
export const AttachDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Attach"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"AttachDocumentsInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"attachDocuments"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<AttachMutation, AttachMutationVariables>;
export const ReissueDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Reissue"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RequestReissueInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"requestReissue"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<ReissueMutation, ReissueMutationVariables>;
export const CancelDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"Cancel"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"CancelContractInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"cancelContract"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<CancelMutation, CancelMutationVariables>;
export const RevocationOutcomeDocument = {"kind":"Document","definitions":[{"kind":"OperationDefinition","operation":"mutation","name":{"kind":"Name","value":"RevocationOutcome"},"variableDefinitions":[{"kind":"VariableDefinition","variable":{"kind":"Variable","name":{"kind":"Name","value":"input"}},"type":{"kind":"NonNullType","type":{"kind":"NamedType","name":{"kind":"Name","value":"RecordRevocationOutcomeInput"}}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"recordRevocationOutcome"},"arguments":[{"kind":"Argument","name":{"kind":"Name","value":"input"},"value":{"kind":"Variable","name":{"kind":"Name","value":"input"}}}],"selectionSet":{"kind":"SelectionSet","selections":[{"kind":"Field","name":{"kind":"Name","value":"position"}}]}}]}}]} as unknown as DocumentNode<RevocationOutcomeMutation, RevocationOutcomeMutationVariables>;