/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "mutation TestRecordPayment($input: RecordPaymentInput!) { recordPayment(input: $input) { position } }": typeof types.TestRecordPaymentDocument,
    "mutation TestRevise($input: ReviseTermsInput!) { reviseTerms(input: $input) { serviceStatus { termsVersion } } }": typeof types.TestReviseDocument,
    "query ServiceStatusPage { serviceStatus { suspended reason termsVersion } }": typeof types.ServiceStatusPageDocument,
    "query StuckPage { stuckProcesses { id source saga contractId kind attempts lastError stuckAt } }": typeof types.StuckPageDocument,
    "mutation Suspend($input: SuspendServiceInput!) { suspendService(input: $input) { serviceStatus { suspended } } }": typeof types.SuspendDocument,
    "mutation Resume($input: ResumeServiceInput!) { resumeService(input: $input) { serviceStatus { suspended } } }": typeof types.ResumeDocument,
    "mutation Revise($input: ReviseTermsInput!) { reviseTerms(input: $input) { serviceStatus { termsVersion } } }": typeof types.ReviseDocument,
    "mutation Retry($input: RetryProcessInput!) { retryProcess(input: $input) { id attempts } }": typeof types.RetryDocument,
    "mutation Advance($input: AdvanceClockInput!) { advanceClock(input: $input) { now } }": typeof types.AdvanceDocument,
    "\n  query AuditLogPage($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id streamId type position occurredAt leafHash actor { id role } } }\n    }\n  }\n": typeof types.AuditLogPageDocument,
    "\n  subscription AuditTail($filter: AuditLogFilter, $after: String) {\n    auditAppended(filter: $filter, after: $after) { id streamId type position occurredAt leafHash actor { id role } }\n  }\n": typeof types.AuditTailDocument,
    "query Checkpoint { auditCheckpoint { treeSize rootHash signature publicKey signedAt } }": typeof types.CheckpointDocument,
    "\n  query Proof($eventId: ID!) {\n    auditProof(eventId: $eventId) { eventId leafIndex leafHash entry proof treeHead { treeSize rootHash timestamp signature publicKey } }\n  }\n": typeof types.ProofDocument,
    "\n  fragment ContractView on Contract {\n    id status webServerFqdn planMonths coverageStartsOn coverageEndsOn stickerRequested certificateDeliveryMethod position submittedAt acceptedAt\n    personalDataShredded termsVersion\n    applicant { organizationName organizationType corporateNumber representativeName address { postalCode prefecture city street } contact { name email phone } }\n    invoice { id amountJpy subtotalJpy taxJpy paidJpy issuedOn dueOn status }\n    certificates { serialNumber notBefore notAfter fingerprintSha256 status pem deliveredAt }\n    sticker { status serial shippedOn returnDueOn returnedOn }\n    revocation { reason crlReason status requestedAt revokedAt deadline }\n    notifications { kind channel sentAt }\n    documents { id kind sha256 }\n    outstandingDocumentKinds\n  }\n": typeof types.ContractViewFragmentDoc,
    "query Contract($id: ID!) { contract(id: $id) { ...ContractView } }": typeof types.ContractDocument,
    "subscription ContractLive($id: ID!) { contractUpdated(id: $id) { ...ContractView } }": typeof types.ContractLiveDocument,
    "query Trail($id: ID!) { auditTrail(contractId: $id) { id type occurredAt position actor { id role } } }": typeof types.TrailDocument,
    "query Compensations($id: ID!) { compensationAssessments(contractId: $id) { amountJpy contractFeeJpy feeReceivedJpy remainingWholeMonths totalMonths } }": typeof types.CompensationsDocument,
    "query AsOf($id: ID!, $at: DateTime!) { contractAsOf(id: $id, at: $at) { ...ContractView } }": typeof types.AsOfDocument,
    "\n  query ContractsPage($filter: ContractFilter, $first: Int, $after: String) {\n    contracts(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id status webServerFqdn submittedAt applicant { organizationName } } }\n    }\n  }\n": typeof types.ContractsPageDocument,
    "query ScreeningQueue { screeningQueue { id webServerFqdn status applicant { organizationName } } }": typeof types.ScreeningQueueDocument,
    "query OverdueInvoices { overdueInvoices { id webServerFqdn status applicant { organizationName } } }": typeof types.OverdueInvoicesDocument,
    "query StickersToShip { stickersToShip { id webServerFqdn status applicant { organizationName } } }": typeof types.StickersToShipDocument,
    "query OutstandingStickers { outstandingStickers { id webServerFqdn status applicant { organizationName } } }": typeof types.OutstandingStickersDocument,
    "query ReissuesDue { reissuesDue { id webServerFqdn status applicant { organizationName } } }": typeof types.ReissuesDueDocument,
    "query DeliveriesPending { deliveriesPending { id webServerFqdn status applicant { organizationName } } }": typeof types.DeliveriesPendingDocument,
    "\n  query ExpiringCertificates($withinDays: Int!) { expiringCertificates(withinDays: $withinDays) { id webServerFqdn status currentCertificate { notAfter } } }\n": typeof types.ExpiringCertificatesDocument,
    "\n  query PendingRevocations {\n    pendingRevocationDeadlines { deadline remainingMinutes urgent overdue contract { id webServerFqdn status applicant { organizationName } } }\n  }\n": typeof types.PendingRevocationsDocument,
    "query StuckProcesses { stuckProcesses { id contractId kind attempts lastError } }": typeof types.StuckProcessesDocument,
    "subscription WorkListChanged($list: WorkList!) { workListChanged(list: $list) { list contractId entered position } }": typeof types.WorkListChangedDocument,
    "query Requirements($type: OrganizationType!) { documentRequirements(organizationType: $type) feeSchedule { planMonths amountJpy } }": typeof types.RequirementsDocument,
    "mutation SubmitApplication($input: SubmitApplicationInput!) { submitApplication(input: $input) { position contract { id status } } }": typeof types.SubmitApplicationDocument,
    "mutation RequestDocuments($input: RequestAdditionalDocumentsInput!) { requestAdditionalDocuments(input: $input) { position } }": typeof types.RequestDocumentsDocument,
    "mutation PassScreening($input: PassScreeningInput!) { passScreening(input: $input) { position } }": typeof types.PassScreeningDocument,
    "mutation FailScreening($input: FailScreeningInput!) { failScreening(input: $input) { position } }": typeof types.FailScreeningDocument,
    "mutation RecordPayment($input: RecordPaymentInput!) { recordPayment(input: $input) { position } }": typeof types.RecordPaymentDocument,
    "mutation ShipSticker($input: RecordStickerShippedInput!) { recordStickerShipped(input: $input) { position } }": typeof types.ShipStickerDocument,
    "mutation ReturnSticker($input: RecordStickerReturnedInput!) { recordStickerReturned(input: $input) { position } }": typeof types.ReturnStickerDocument,
    "mutation Delivered($input: RecordCertificateDeliveredInput!) { recordCertificateDelivered(input: $input) { position } }": typeof types.DeliveredDocument,
    "mutation TrustImpaired($input: ReportTrustImpairedInput!) { reportTrustImpaired(input: $input) { position } }": typeof types.TrustImpairedDocument,
    "mutation RequestRevocation($input: RequestRevocationInput!) { requestRevocation(input: $input) { position } }": typeof types.RequestRevocationDocument,
    "mutation NoticeTermination($input: NoticeTerminationInput!) { noticeTermination(input: $input) { position } }": typeof types.NoticeTerminationDocument,
    "mutation AssessCompensation($input: AssessCompensationInput!) { assessCompensation(input: $input) { amountJpy contractFeeJpy } }": typeof types.AssessCompensationDocument,
    "mutation Withdraw($input: WithdrawApplicationInput!) { withdrawApplication(input: $input) { position } }": typeof types.WithdrawDocument,
    "mutation Attach($input: AttachDocumentsInput!) { attachDocuments(input: $input) { position } }": typeof types.AttachDocument,
    "mutation Reissue($input: RequestReissueInput!) { requestReissue(input: $input) { position } }": typeof types.ReissueDocument,
    "mutation Cancel($input: CancelContractInput!) { cancelContract(input: $input) { position } }": typeof types.CancelDocument,
    "mutation RevocationOutcome($input: RecordRevocationOutcomeInput!) { recordRevocationOutcome(input: $input) { position } }": typeof types.RevocationOutcomeDocument,
};
const documents: Documents = {
    "mutation TestRecordPayment($input: RecordPaymentInput!) { recordPayment(input: $input) { position } }": types.TestRecordPaymentDocument,
    "mutation TestRevise($input: ReviseTermsInput!) { reviseTerms(input: $input) { serviceStatus { termsVersion } } }": types.TestReviseDocument,
    "query ServiceStatusPage { serviceStatus { suspended reason termsVersion } }": types.ServiceStatusPageDocument,
    "query StuckPage { stuckProcesses { id source saga contractId kind attempts lastError stuckAt } }": types.StuckPageDocument,
    "mutation Suspend($input: SuspendServiceInput!) { suspendService(input: $input) { serviceStatus { suspended } } }": types.SuspendDocument,
    "mutation Resume($input: ResumeServiceInput!) { resumeService(input: $input) { serviceStatus { suspended } } }": types.ResumeDocument,
    "mutation Revise($input: ReviseTermsInput!) { reviseTerms(input: $input) { serviceStatus { termsVersion } } }": types.ReviseDocument,
    "mutation Retry($input: RetryProcessInput!) { retryProcess(input: $input) { id attempts } }": types.RetryDocument,
    "mutation Advance($input: AdvanceClockInput!) { advanceClock(input: $input) { now } }": types.AdvanceDocument,
    "\n  query AuditLogPage($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id streamId type position occurredAt leafHash actor { id role } } }\n    }\n  }\n": types.AuditLogPageDocument,
    "\n  subscription AuditTail($filter: AuditLogFilter, $after: String) {\n    auditAppended(filter: $filter, after: $after) { id streamId type position occurredAt leafHash actor { id role } }\n  }\n": types.AuditTailDocument,
    "query Checkpoint { auditCheckpoint { treeSize rootHash signature publicKey signedAt } }": types.CheckpointDocument,
    "\n  query Proof($eventId: ID!) {\n    auditProof(eventId: $eventId) { eventId leafIndex leafHash entry proof treeHead { treeSize rootHash timestamp signature publicKey } }\n  }\n": types.ProofDocument,
    "\n  fragment ContractView on Contract {\n    id status webServerFqdn planMonths coverageStartsOn coverageEndsOn stickerRequested certificateDeliveryMethod position submittedAt acceptedAt\n    personalDataShredded termsVersion\n    applicant { organizationName organizationType corporateNumber representativeName address { postalCode prefecture city street } contact { name email phone } }\n    invoice { id amountJpy subtotalJpy taxJpy paidJpy issuedOn dueOn status }\n    certificates { serialNumber notBefore notAfter fingerprintSha256 status pem deliveredAt }\n    sticker { status serial shippedOn returnDueOn returnedOn }\n    revocation { reason crlReason status requestedAt revokedAt deadline }\n    notifications { kind channel sentAt }\n    documents { id kind sha256 }\n    outstandingDocumentKinds\n  }\n": types.ContractViewFragmentDoc,
    "query Contract($id: ID!) { contract(id: $id) { ...ContractView } }": types.ContractDocument,
    "subscription ContractLive($id: ID!) { contractUpdated(id: $id) { ...ContractView } }": types.ContractLiveDocument,
    "query Trail($id: ID!) { auditTrail(contractId: $id) { id type occurredAt position actor { id role } } }": types.TrailDocument,
    "query Compensations($id: ID!) { compensationAssessments(contractId: $id) { amountJpy contractFeeJpy feeReceivedJpy remainingWholeMonths totalMonths } }": types.CompensationsDocument,
    "query AsOf($id: ID!, $at: DateTime!) { contractAsOf(id: $id, at: $at) { ...ContractView } }": types.AsOfDocument,
    "\n  query ContractsPage($filter: ContractFilter, $first: Int, $after: String) {\n    contracts(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id status webServerFqdn submittedAt applicant { organizationName } } }\n    }\n  }\n": types.ContractsPageDocument,
    "query ScreeningQueue { screeningQueue { id webServerFqdn status applicant { organizationName } } }": types.ScreeningQueueDocument,
    "query OverdueInvoices { overdueInvoices { id webServerFqdn status applicant { organizationName } } }": types.OverdueInvoicesDocument,
    "query StickersToShip { stickersToShip { id webServerFqdn status applicant { organizationName } } }": types.StickersToShipDocument,
    "query OutstandingStickers { outstandingStickers { id webServerFqdn status applicant { organizationName } } }": types.OutstandingStickersDocument,
    "query ReissuesDue { reissuesDue { id webServerFqdn status applicant { organizationName } } }": types.ReissuesDueDocument,
    "query DeliveriesPending { deliveriesPending { id webServerFqdn status applicant { organizationName } } }": types.DeliveriesPendingDocument,
    "\n  query ExpiringCertificates($withinDays: Int!) { expiringCertificates(withinDays: $withinDays) { id webServerFqdn status currentCertificate { notAfter } } }\n": types.ExpiringCertificatesDocument,
    "\n  query PendingRevocations {\n    pendingRevocationDeadlines { deadline remainingMinutes urgent overdue contract { id webServerFqdn status applicant { organizationName } } }\n  }\n": types.PendingRevocationsDocument,
    "query StuckProcesses { stuckProcesses { id contractId kind attempts lastError } }": types.StuckProcessesDocument,
    "subscription WorkListChanged($list: WorkList!) { workListChanged(list: $list) { list contractId entered position } }": types.WorkListChangedDocument,
    "query Requirements($type: OrganizationType!) { documentRequirements(organizationType: $type) feeSchedule { planMonths amountJpy } }": types.RequirementsDocument,
    "mutation SubmitApplication($input: SubmitApplicationInput!) { submitApplication(input: $input) { position contract { id status } } }": types.SubmitApplicationDocument,
    "mutation RequestDocuments($input: RequestAdditionalDocumentsInput!) { requestAdditionalDocuments(input: $input) { position } }": types.RequestDocumentsDocument,
    "mutation PassScreening($input: PassScreeningInput!) { passScreening(input: $input) { position } }": types.PassScreeningDocument,
    "mutation FailScreening($input: FailScreeningInput!) { failScreening(input: $input) { position } }": types.FailScreeningDocument,
    "mutation RecordPayment($input: RecordPaymentInput!) { recordPayment(input: $input) { position } }": types.RecordPaymentDocument,
    "mutation ShipSticker($input: RecordStickerShippedInput!) { recordStickerShipped(input: $input) { position } }": types.ShipStickerDocument,
    "mutation ReturnSticker($input: RecordStickerReturnedInput!) { recordStickerReturned(input: $input) { position } }": types.ReturnStickerDocument,
    "mutation Delivered($input: RecordCertificateDeliveredInput!) { recordCertificateDelivered(input: $input) { position } }": types.DeliveredDocument,
    "mutation TrustImpaired($input: ReportTrustImpairedInput!) { reportTrustImpaired(input: $input) { position } }": types.TrustImpairedDocument,
    "mutation RequestRevocation($input: RequestRevocationInput!) { requestRevocation(input: $input) { position } }": types.RequestRevocationDocument,
    "mutation NoticeTermination($input: NoticeTerminationInput!) { noticeTermination(input: $input) { position } }": types.NoticeTerminationDocument,
    "mutation AssessCompensation($input: AssessCompensationInput!) { assessCompensation(input: $input) { amountJpy contractFeeJpy } }": types.AssessCompensationDocument,
    "mutation Withdraw($input: WithdrawApplicationInput!) { withdrawApplication(input: $input) { position } }": types.WithdrawDocument,
    "mutation Attach($input: AttachDocumentsInput!) { attachDocuments(input: $input) { position } }": types.AttachDocument,
    "mutation Reissue($input: RequestReissueInput!) { requestReissue(input: $input) { position } }": types.ReissueDocument,
    "mutation Cancel($input: CancelContractInput!) { cancelContract(input: $input) { position } }": types.CancelDocument,
    "mutation RevocationOutcome($input: RecordRevocationOutcomeInput!) { recordRevocationOutcome(input: $input) { position } }": types.RevocationOutcomeDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation TestRecordPayment($input: RecordPaymentInput!) { recordPayment(input: $input) { position } }"): (typeof documents)["mutation TestRecordPayment($input: RecordPaymentInput!) { recordPayment(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation TestRevise($input: ReviseTermsInput!) { reviseTerms(input: $input) { serviceStatus { termsVersion } } }"): (typeof documents)["mutation TestRevise($input: ReviseTermsInput!) { reviseTerms(input: $input) { serviceStatus { termsVersion } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ServiceStatusPage { serviceStatus { suspended reason termsVersion } }"): (typeof documents)["query ServiceStatusPage { serviceStatus { suspended reason termsVersion } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query StuckPage { stuckProcesses { id source saga contractId kind attempts lastError stuckAt } }"): (typeof documents)["query StuckPage { stuckProcesses { id source saga contractId kind attempts lastError stuckAt } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Suspend($input: SuspendServiceInput!) { suspendService(input: $input) { serviceStatus { suspended } } }"): (typeof documents)["mutation Suspend($input: SuspendServiceInput!) { suspendService(input: $input) { serviceStatus { suspended } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Resume($input: ResumeServiceInput!) { resumeService(input: $input) { serviceStatus { suspended } } }"): (typeof documents)["mutation Resume($input: ResumeServiceInput!) { resumeService(input: $input) { serviceStatus { suspended } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Revise($input: ReviseTermsInput!) { reviseTerms(input: $input) { serviceStatus { termsVersion } } }"): (typeof documents)["mutation Revise($input: ReviseTermsInput!) { reviseTerms(input: $input) { serviceStatus { termsVersion } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Retry($input: RetryProcessInput!) { retryProcess(input: $input) { id attempts } }"): (typeof documents)["mutation Retry($input: RetryProcessInput!) { retryProcess(input: $input) { id attempts } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Advance($input: AdvanceClockInput!) { advanceClock(input: $input) { now } }"): (typeof documents)["mutation Advance($input: AdvanceClockInput!) { advanceClock(input: $input) { now } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AuditLogPage($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id streamId type position occurredAt leafHash actor { id role } } }\n    }\n  }\n"): (typeof documents)["\n  query AuditLogPage($filter: AuditLogFilter, $first: Int, $after: String) {\n    auditLog(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { node { id streamId type position occurredAt leafHash actor { id role } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription AuditTail($filter: AuditLogFilter, $after: String) {\n    auditAppended(filter: $filter, after: $after) { id streamId type position occurredAt leafHash actor { id role } }\n  }\n"): (typeof documents)["\n  subscription AuditTail($filter: AuditLogFilter, $after: String) {\n    auditAppended(filter: $filter, after: $after) { id streamId type position occurredAt leafHash actor { id role } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Checkpoint { auditCheckpoint { treeSize rootHash signature publicKey signedAt } }"): (typeof documents)["query Checkpoint { auditCheckpoint { treeSize rootHash signature publicKey signedAt } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Proof($eventId: ID!) {\n    auditProof(eventId: $eventId) { eventId leafIndex leafHash entry proof treeHead { treeSize rootHash timestamp signature publicKey } }\n  }\n"): (typeof documents)["\n  query Proof($eventId: ID!) {\n    auditProof(eventId: $eventId) { eventId leafIndex leafHash entry proof treeHead { treeSize rootHash timestamp signature publicKey } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ContractView on Contract {\n    id status webServerFqdn planMonths coverageStartsOn coverageEndsOn stickerRequested certificateDeliveryMethod position submittedAt acceptedAt\n    personalDataShredded termsVersion\n    applicant { organizationName organizationType corporateNumber representativeName address { postalCode prefecture city street } contact { name email phone } }\n    invoice { id amountJpy subtotalJpy taxJpy paidJpy issuedOn dueOn status }\n    certificates { serialNumber notBefore notAfter fingerprintSha256 status pem deliveredAt }\n    sticker { status serial shippedOn returnDueOn returnedOn }\n    revocation { reason crlReason status requestedAt revokedAt deadline }\n    notifications { kind channel sentAt }\n    documents { id kind sha256 }\n    outstandingDocumentKinds\n  }\n"): (typeof documents)["\n  fragment ContractView on Contract {\n    id status webServerFqdn planMonths coverageStartsOn coverageEndsOn stickerRequested certificateDeliveryMethod position submittedAt acceptedAt\n    personalDataShredded termsVersion\n    applicant { organizationName organizationType corporateNumber representativeName address { postalCode prefecture city street } contact { name email phone } }\n    invoice { id amountJpy subtotalJpy taxJpy paidJpy issuedOn dueOn status }\n    certificates { serialNumber notBefore notAfter fingerprintSha256 status pem deliveredAt }\n    sticker { status serial shippedOn returnDueOn returnedOn }\n    revocation { reason crlReason status requestedAt revokedAt deadline }\n    notifications { kind channel sentAt }\n    documents { id kind sha256 }\n    outstandingDocumentKinds\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Contract($id: ID!) { contract(id: $id) { ...ContractView } }"): (typeof documents)["query Contract($id: ID!) { contract(id: $id) { ...ContractView } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription ContractLive($id: ID!) { contractUpdated(id: $id) { ...ContractView } }"): (typeof documents)["subscription ContractLive($id: ID!) { contractUpdated(id: $id) { ...ContractView } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Trail($id: ID!) { auditTrail(contractId: $id) { id type occurredAt position actor { id role } } }"): (typeof documents)["query Trail($id: ID!) { auditTrail(contractId: $id) { id type occurredAt position actor { id role } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Compensations($id: ID!) { compensationAssessments(contractId: $id) { amountJpy contractFeeJpy feeReceivedJpy remainingWholeMonths totalMonths } }"): (typeof documents)["query Compensations($id: ID!) { compensationAssessments(contractId: $id) { amountJpy contractFeeJpy feeReceivedJpy remainingWholeMonths totalMonths } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query AsOf($id: ID!, $at: DateTime!) { contractAsOf(id: $id, at: $at) { ...ContractView } }"): (typeof documents)["query AsOf($id: ID!, $at: DateTime!) { contractAsOf(id: $id, at: $at) { ...ContractView } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ContractsPage($filter: ContractFilter, $first: Int, $after: String) {\n    contracts(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id status webServerFqdn submittedAt applicant { organizationName } } }\n    }\n  }\n"): (typeof documents)["\n  query ContractsPage($filter: ContractFilter, $first: Int, $after: String) {\n    contracts(filter: $filter, first: $first, after: $after) {\n      totalCount\n      pageInfo { hasNextPage endCursor }\n      edges { cursor node { id status webServerFqdn submittedAt applicant { organizationName } } }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ScreeningQueue { screeningQueue { id webServerFqdn status applicant { organizationName } } }"): (typeof documents)["query ScreeningQueue { screeningQueue { id webServerFqdn status applicant { organizationName } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query OverdueInvoices { overdueInvoices { id webServerFqdn status applicant { organizationName } } }"): (typeof documents)["query OverdueInvoices { overdueInvoices { id webServerFqdn status applicant { organizationName } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query StickersToShip { stickersToShip { id webServerFqdn status applicant { organizationName } } }"): (typeof documents)["query StickersToShip { stickersToShip { id webServerFqdn status applicant { organizationName } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query OutstandingStickers { outstandingStickers { id webServerFqdn status applicant { organizationName } } }"): (typeof documents)["query OutstandingStickers { outstandingStickers { id webServerFqdn status applicant { organizationName } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query ReissuesDue { reissuesDue { id webServerFqdn status applicant { organizationName } } }"): (typeof documents)["query ReissuesDue { reissuesDue { id webServerFqdn status applicant { organizationName } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query DeliveriesPending { deliveriesPending { id webServerFqdn status applicant { organizationName } } }"): (typeof documents)["query DeliveriesPending { deliveriesPending { id webServerFqdn status applicant { organizationName } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ExpiringCertificates($withinDays: Int!) { expiringCertificates(withinDays: $withinDays) { id webServerFqdn status currentCertificate { notAfter } } }\n"): (typeof documents)["\n  query ExpiringCertificates($withinDays: Int!) { expiringCertificates(withinDays: $withinDays) { id webServerFqdn status currentCertificate { notAfter } } }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PendingRevocations {\n    pendingRevocationDeadlines { deadline remainingMinutes urgent overdue contract { id webServerFqdn status applicant { organizationName } } }\n  }\n"): (typeof documents)["\n  query PendingRevocations {\n    pendingRevocationDeadlines { deadline remainingMinutes urgent overdue contract { id webServerFqdn status applicant { organizationName } } }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query StuckProcesses { stuckProcesses { id contractId kind attempts lastError } }"): (typeof documents)["query StuckProcesses { stuckProcesses { id contractId kind attempts lastError } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "subscription WorkListChanged($list: WorkList!) { workListChanged(list: $list) { list contractId entered position } }"): (typeof documents)["subscription WorkListChanged($list: WorkList!) { workListChanged(list: $list) { list contractId entered position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "query Requirements($type: OrganizationType!) { documentRequirements(organizationType: $type) feeSchedule { planMonths amountJpy } }"): (typeof documents)["query Requirements($type: OrganizationType!) { documentRequirements(organizationType: $type) feeSchedule { planMonths amountJpy } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation SubmitApplication($input: SubmitApplicationInput!) { submitApplication(input: $input) { position contract { id status } } }"): (typeof documents)["mutation SubmitApplication($input: SubmitApplicationInput!) { submitApplication(input: $input) { position contract { id status } } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestDocuments($input: RequestAdditionalDocumentsInput!) { requestAdditionalDocuments(input: $input) { position } }"): (typeof documents)["mutation RequestDocuments($input: RequestAdditionalDocumentsInput!) { requestAdditionalDocuments(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation PassScreening($input: PassScreeningInput!) { passScreening(input: $input) { position } }"): (typeof documents)["mutation PassScreening($input: PassScreeningInput!) { passScreening(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation FailScreening($input: FailScreeningInput!) { failScreening(input: $input) { position } }"): (typeof documents)["mutation FailScreening($input: FailScreeningInput!) { failScreening(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RecordPayment($input: RecordPaymentInput!) { recordPayment(input: $input) { position } }"): (typeof documents)["mutation RecordPayment($input: RecordPaymentInput!) { recordPayment(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ShipSticker($input: RecordStickerShippedInput!) { recordStickerShipped(input: $input) { position } }"): (typeof documents)["mutation ShipSticker($input: RecordStickerShippedInput!) { recordStickerShipped(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation ReturnSticker($input: RecordStickerReturnedInput!) { recordStickerReturned(input: $input) { position } }"): (typeof documents)["mutation ReturnSticker($input: RecordStickerReturnedInput!) { recordStickerReturned(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Delivered($input: RecordCertificateDeliveredInput!) { recordCertificateDelivered(input: $input) { position } }"): (typeof documents)["mutation Delivered($input: RecordCertificateDeliveredInput!) { recordCertificateDelivered(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation TrustImpaired($input: ReportTrustImpairedInput!) { reportTrustImpaired(input: $input) { position } }"): (typeof documents)["mutation TrustImpaired($input: ReportTrustImpairedInput!) { reportTrustImpaired(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RequestRevocation($input: RequestRevocationInput!) { requestRevocation(input: $input) { position } }"): (typeof documents)["mutation RequestRevocation($input: RequestRevocationInput!) { requestRevocation(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation NoticeTermination($input: NoticeTerminationInput!) { noticeTermination(input: $input) { position } }"): (typeof documents)["mutation NoticeTermination($input: NoticeTerminationInput!) { noticeTermination(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation AssessCompensation($input: AssessCompensationInput!) { assessCompensation(input: $input) { amountJpy contractFeeJpy } }"): (typeof documents)["mutation AssessCompensation($input: AssessCompensationInput!) { assessCompensation(input: $input) { amountJpy contractFeeJpy } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Withdraw($input: WithdrawApplicationInput!) { withdrawApplication(input: $input) { position } }"): (typeof documents)["mutation Withdraw($input: WithdrawApplicationInput!) { withdrawApplication(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Attach($input: AttachDocumentsInput!) { attachDocuments(input: $input) { position } }"): (typeof documents)["mutation Attach($input: AttachDocumentsInput!) { attachDocuments(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Reissue($input: RequestReissueInput!) { requestReissue(input: $input) { position } }"): (typeof documents)["mutation Reissue($input: RequestReissueInput!) { requestReissue(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation Cancel($input: CancelContractInput!) { cancelContract(input: $input) { position } }"): (typeof documents)["mutation Cancel($input: CancelContractInput!) { cancelContract(input: $input) { position } }"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "mutation RevocationOutcome($input: RecordRevocationOutcomeInput!) { recordRevocationOutcome(input: $input) { position } }"): (typeof documents)["mutation RevocationOutcome($input: RecordRevocationOutcomeInput!) { recordRevocationOutcome(input: $input) { position } }"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;