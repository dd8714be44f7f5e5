export const ROLES = ['SCREENER', 'BILLING', 'OPERATOR', 'ADMIN', 'AUDITOR', 'SYSTEM'] as const;
export type Role = (typeof ROLES)[number];

/** Who did something: a staff member (id = the JWT `sub`) or a saga (role SYSTEM, id `saga:<name>`). */
export interface Actor {
  readonly id: string;
  readonly role: Role;
}
