import type { StaffRole } from './roles';

/** The authenticated caller of a request: a staff member, as the verified token says. */
export interface Principal {
  /** The token's `sub`: the staff id recorded as the actor of what this caller does. */
  readonly id: string;
  /** At least one; unknown claim entries dropped, duplicates removed, never SYSTEM. */
  readonly roles: readonly StaffRole[];
}

/** A request the auth middleware has passed: `req.principal` is the verified caller. */
export interface RequestWithPrincipal {
  principal?: Principal;
}

/** The principal the auth middleware attached to this request, or null (public route, or not passed). */
export function principalOf(req: unknown): Principal | null {
  if (typeof req !== 'object' || req === null) return null;
  const principal = (req as RequestWithPrincipal).principal;
  return principal && typeof principal.id === 'string' && Array.isArray(principal.roles) ? principal : null;
}
