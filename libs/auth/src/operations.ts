import { GraphQLError } from 'graphql';
import type { Principal } from './principal';
import { Role, STAFF_ROLES, type StaffRole } from './roles';

const { SCREENER, BILLING, OPERATOR, ADMIN, AUDITOR } = Role;

/** API.md's "any": every staff role. */
const ANY: readonly StaffRole[] = STAFF_ROLES;

/** API.md "Mutations", role column. Auditors never write: no mutation lists AUDITOR. */
export const MUTATION_ROLES = {
  submitApplication: [SCREENER],
  requestAdditionalDocuments: [SCREENER],
  attachDocuments: [SCREENER],
  withdrawApplication: [SCREENER],
  passScreening: [SCREENER],
  failScreening: [SCREENER],
  recordPayment: [BILLING],
  recordCertificateDelivered: [OPERATOR],
  requestReissue: [OPERATOR],
  recordStickerShipped: [OPERATOR],
  recordStickerReturned: [OPERATOR],
  reportTrustImpaired: [OPERATOR],
  requestRevocation: [OPERATOR, BILLING],
  cancelContract: [OPERATOR, ADMIN],
  recordRevocationOutcome: [OPERATOR],
  noticeTermination: [ADMIN],
  assessCompensation: [ADMIN],
  suspendService: [ADMIN],
  resumeService: [ADMIN],
  reviseTerms: [ADMIN],
  retryProcess: [ADMIN],
  advanceClock: [ADMIN],
} as const satisfies Record<string, readonly StaffRole[]>;

/** API.md "Queries", role column. */
export const QUERY_ROLES = {
  contract: ANY,
  contracts: ANY,
  screeningQueue: ANY,
  overdueInvoices: ANY,
  expiringCertificates: ANY,
  stickersToShip: ANY,
  outstandingStickers: ANY,
  pendingRevocations: ANY,
  reissuesDue: ANY,
  deliveriesPending: ANY,
  compensationAssessments: [ADMIN, AUDITOR],
  stuckProcesses: [ADMIN, AUDITOR],
  auditTrail: [AUDITOR, ADMIN],
  auditLog: [AUDITOR, ADMIN],
  contractAsOf: [AUDITOR, ADMIN],
  auditCheckpoint: [AUDITOR, ADMIN],
  serviceStatus: ANY,
  documentRequirements: ANY,
  feeSchedule: ANY,
} as const satisfies Record<string, readonly StaffRole[]>;

/** API.md "Live updates", role column: who may subscribe (over graphql-ws; others are closed with 4403). */
export const SUBSCRIPTION_ROLES = {
  contractUpdated: ANY,
  workListChanged: ANY,
  auditAppended: [AUDITOR, ADMIN],
} as const satisfies Record<string, readonly StaffRole[]>;

export type SubscriptionName = keyof typeof SUBSCRIPTION_ROLES;

export function isSubscriptionName(name: string): name is SubscriptionName {
  return Object.prototype.hasOwnProperty.call(SUBSCRIPTION_ROLES, name);
}

export type MutationName = keyof typeof MUTATION_ROLES;
export type QueryName = keyof typeof QUERY_ROLES;
export type OperationName = MutationName | QueryName;
export type OperationKind = 'mutation' | 'query' | 'subscription';

/** Every GraphQL operation of API.md → the staff roles allowed to run it. */
export const OPERATION_ROLES: Readonly<Record<OperationName, readonly StaffRole[]>> = Object.freeze({ ...MUTATION_ROLES, ...QUERY_ROLES });

/**
 * API.md "HTTP" routes beyond GraphQL that need a role (the middleware already requires a valid token
 * on them; public routes are not listed).
 */
export const HTTP_ROUTE_ROLES = Object.freeze({
  'POST /documents': [SCREENER, ADMIN],
  'GET /documents/:id': ANY,
  'GET /metrics': ANY,
  'GET /audit/export': [ADMIN, AUDITOR],
} as const satisfies Record<string, readonly StaffRole[]>);

export function isMutationName(name: string): name is MutationName {
  return Object.prototype.hasOwnProperty.call(MUTATION_ROLES, name);
}

export function isQueryName(name: string): name is QueryName {
  return Object.prototype.hasOwnProperty.call(QUERY_ROLES, name);
}

/**
 * The roles allowed to run a root field, or null when the table does not know it. A mutation never
 * allows AUDITOR, whatever the table says (auditors never write).
 */
export function rolesFor(kind: OperationKind, name: string): readonly StaffRole[] | null {
  if (kind === 'mutation') return isMutationName(name) ? withoutAuditor(MUTATION_ROLES[name]) : null;
  if (kind === 'subscription') return isSubscriptionName(name) ? SUBSCRIPTION_ROLES[name] : null;
  return isQueryName(name) ? QUERY_ROLES[name] : null;
}

function withoutAuditor(roles: readonly StaffRole[]): readonly StaffRole[] {
  return roles.filter((role) => role !== AUDITOR);
}

/** The GraphQL error API.md prescribes for a role that may not do an operation. */
export function forbidden(operation: string): GraphQLError {
  return new GraphQLError(`your role may not do ${operation}`, { extensions: { code: 'FORBIDDEN' } });
}

/**
 * The role the principal acts in for `allowed` (the first allowed role it holds, in `allowed`'s order),
 * or null when it holds none of them.
 */
export function actingRole(principal: Principal, allowed: readonly StaffRole[]): StaffRole | null {
  return allowed.find((role) => principal.roles.includes(role)) ?? null;
}

/**
 * Authorizes a GraphQL operation of API.md: returns the role the principal acts in (for the event's
 * actor), or throws a GraphQLError with `extensions.code = "FORBIDDEN"`. Mutations are checked against
 * MUTATION_ROLES, queries against QUERY_ROLES.
 */
export function requireRoles(principal: Principal | null | undefined, operation: OperationName): StaffRole {
  const kind: OperationKind = isMutationName(operation) ? 'mutation' : 'query';
  const allowed = rolesFor(kind, operation);
  const role = principal && allowed ? actingRole(principal, allowed) : null;
  if (role === null) throw forbidden(operation);
  return role;
}

/** True when the principal may run the operation (the authorization matrix in one call). */
export function mayPerform(principal: Principal, operation: OperationName): boolean {
  const allowed = rolesFor(isMutationName(operation) ? 'mutation' : 'query', operation);
  return allowed !== null && actingRole(principal, allowed) !== null;
}
