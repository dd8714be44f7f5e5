import { GraphQLError } from 'graphql';
import {
  HTTP_ROUTE_ROLES,
  mayPerform,
  MUTATION_ROLES,
  OPERATION_ROLES,
  QUERY_ROLES,
  requireRoles,
  Role,
  rolesFor,
  STAFF_ROLES,
  type OperationName,
  type Principal,
  type StaffRole,
} from '@pfw/auth';

// Transcribed by hand from /work/shared/docs/API.md, "Mutations" and "Queries" (name → role column).
const [S, B, O, A, U]: StaffRole[] = [Role.SCREENER, Role.BILLING, Role.OPERATOR, Role.ADMIN, Role.AUDITOR];
const ANY: StaffRole[] = [S, B, O, A, U];
const API_MUTATIONS: Record<string, StaffRole[]> = {
  submitApplication: [S],
  requestAdditionalDocuments: [S],
  attachDocuments: [S],
  withdrawApplication: [S],
  passScreening: [S],
  failScreening: [S],
  recordPayment: [B],
  recordCertificateDelivered: [O],
  requestReissue: [O],
  recordStickerShipped: [O],
  recordStickerReturned: [O],
  reportTrustImpaired: [O],
  requestRevocation: [O, B],
  cancelContract: [O, A],
  recordRevocationOutcome: [O],
  noticeTermination: [A],
  assessCompensation: [A],
  suspendService: [A],
  resumeService: [A],
  reviseTerms: [A],
  retryProcess: [A],
  advanceClock: [A],
};
const API_QUERIES: Record<string, StaffRole[]> = {
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
  compensationAssessments: [A, U],
  stuckProcesses: [A, U],
  auditTrail: [U, A],
  auditLog: [U, A],
  contractAsOf: [U, A],
  auditCheckpoint: [U, A],
  serviceStatus: ANY,
  documentRequirements: ANY,
  feeSchedule: ANY,
};

const sorted = (roles: readonly StaffRole[]) => [...roles].sort();
const principal = (...roles: StaffRole[]): Principal => ({ id: 'staff-1', roles });

describe('OPERATION_ROLES (API.md role columns)', () => {
  it.each(Object.entries(API_MUTATIONS))('mutation %s has an entry with exactly the roles of API.md', (name, roles) => {
    expect(Object.keys(MUTATION_ROLES)).toContain(name);
    expect(sorted(OPERATION_ROLES[name as OperationName])).toEqual(sorted(roles));
  });

  it.each(Object.entries(API_QUERIES))('query %s has an entry with exactly the roles of API.md', (name, roles) => {
    expect(Object.keys(QUERY_ROLES)).toContain(name);
    expect(sorted(OPERATION_ROLES[name as OperationName])).toEqual(sorted(roles));
  });

  it('has nothing API.md does not name (so this list and the table stay in step)', () => {
    expect(sorted(Object.keys(MUTATION_ROLES) as never)).toEqual(sorted(Object.keys(API_MUTATIONS) as never));
    expect(sorted(Object.keys(QUERY_ROLES) as never)).toEqual(sorted(Object.keys(API_QUERIES) as never));
    expect(Object.keys(OPERATION_ROLES)).toHaveLength(Object.keys(API_MUTATIONS).length + Object.keys(API_QUERIES).length);
  });

  it('auditors have no mutation (auditors never write)', () => {
    for (const [name, roles] of Object.entries(MUTATION_ROLES)) {
      expect({ name, auditor: (roles as readonly StaffRole[]).includes(Role.AUDITOR) }).toEqual({ name, auditor: false });
      expect(mayPerform(principal(Role.AUDITOR), name as OperationName)).toBe(false);
    }
  });

  it('auditors can read every query but nothing else', () => {
    for (const name of Object.keys(QUERY_ROLES)) expect(mayPerform(principal(Role.AUDITOR), name as OperationName)).toBe(true);
  });

  it('no entry allows SYSTEM or is empty', () => {
    for (const roles of Object.values(OPERATION_ROLES)) {
      expect(roles.length).toBeGreaterThan(0);
      expect(roles).not.toContain(Role.SYSTEM);
    }
  });

  it('HTTP routes: POST /documents is screener and admin; GET /documents/:id and /metrics any staff', () => {
    expect(sorted(HTTP_ROUTE_ROLES['POST /documents'])).toEqual(sorted([S, A]));
    expect(sorted(HTTP_ROUTE_ROLES['GET /documents/:id'])).toEqual(sorted(ANY));
    expect(sorted(HTTP_ROUTE_ROLES['GET /metrics'])).toEqual(sorted(ANY));
    expect(sorted(HTTP_ROUTE_ROLES['GET /audit/export'])).toEqual(sorted([A, U]));
  });
});

describe('requireRoles', () => {
  const all = { ...API_MUTATIONS, ...API_QUERIES };
  const matrix = STAFF_ROLES.flatMap((role) => Object.entries(all).map(([operation, roles]) => [role, operation, roles.includes(role)] as const));

  it.each(matrix)('%s × %s → allowed %s', (role, operation, allowed) => {
    const call = () => requireRoles(principal(role), operation as OperationName);
    if (allowed) {
      expect(call()).toBe(role);
    } else {
      expect(call).toThrow(GraphQLError);
      try {
        call();
      } catch (err) {
        expect((err as GraphQLError).extensions).toEqual({ code: 'FORBIDDEN' });
      }
    }
  });

  it('returns the role the caller acts in: the first allowed role it holds, in the table order', () => {
    expect(requireRoles(principal(Role.ADMIN, Role.SCREENER), 'submitApplication')).toBe(Role.SCREENER);
    expect(requireRoles(principal(Role.ADMIN, Role.AUDITOR), 'auditLog')).toBe(Role.AUDITOR);
    expect(requireRoles(principal(Role.AUDITOR, Role.ADMIN), 'stuckProcesses')).toBe(Role.ADMIN);
  });

  it('refuses a missing principal with FORBIDDEN', () => {
    expect(() => requireRoles(null, 'contract')).toThrow(GraphQLError);
  });

  it('rolesFor never lets AUDITOR run a mutation and knows nothing it was not told', () => {
    expect(rolesFor('mutation', 'submitApplication')).toEqual([Role.SCREENER]);
    expect(rolesFor('mutation', 'contract')).toBeNull();
    expect(rolesFor('query', 'submitApplication')).toBeNull();
    expect(rolesFor('query', 'dropDatabase')).toBeNull();
    expect(rolesFor('query', 'toString')).toBeNull();
  });
});
