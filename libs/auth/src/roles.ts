/**
 * Roles as API.md names them. The enum values are the GraphQL `Role` values (and the domain's role
 * strings); the JWT `roles` claim carries the lowercase staff names (`screener`, `billing`, …).
 */
export enum Role {
  SCREENER = 'SCREENER',
  BILLING = 'BILLING',
  OPERATOR = 'OPERATOR',
  ADMIN = 'ADMIN',
  AUDITOR = 'AUDITOR',
  /** Sagas only. Never accepted from a token, never held by a Principal. */
  SYSTEM = 'SYSTEM',
}

/** A role a person can hold: every role but SYSTEM. */
export type StaffRole = Exclude<Role, Role.SYSTEM>;

/** The five staff roles, in API.md's order. */
export const STAFF_ROLES: readonly StaffRole[] = Object.freeze([
  Role.SCREENER,
  Role.BILLING,
  Role.OPERATOR,
  Role.ADMIN,
  Role.AUDITOR,
]);

/** The spelling of each staff role inside the JWT `roles` claim. */
export const TOKEN_ROLE_NAMES: Readonly<Record<StaffRole, string>> = Object.freeze({
  [Role.SCREENER]: 'screener',
  [Role.BILLING]: 'billing',
  [Role.OPERATOR]: 'operator',
  [Role.ADMIN]: 'admin',
  [Role.AUDITOR]: 'auditor',
});

const BY_TOKEN_NAME: ReadonlyMap<string, StaffRole> = new Map(STAFF_ROLES.map((role) => [TOKEN_ROLE_NAMES[role], role]));

/**
 * The staff role a `roles` claim entry names, or null. Exact lowercase match only: `system`, `SYSTEM`,
 * `Admin` and anything else unknown are not roles here.
 */
export function staffRoleFromClaim(entry: unknown): StaffRole | null {
  return typeof entry === 'string' ? (BY_TOKEN_NAME.get(entry) ?? null) : null;
}

/**
 * A role as a person types it on the command line (`admin`, `ADMIN`), or null when it is not a staff role.
 * SYSTEM is refused like any unknown name.
 */
export function parseStaffRole(text: string): StaffRole | null {
  return BY_TOKEN_NAME.get(text.trim().toLowerCase()) ?? null;
}
