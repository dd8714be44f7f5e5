import { createParamDecorator, ExecutionContext, SetMetadata } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { principalFromContext, unauthenticated } from './context';
import { actingRole, forbidden, HTTP_ROUTE_ROLES, rolesFor } from './operations';
import type { Principal } from './principal';
import type { StaffRole } from './roles';

/** Metadata key of @Roles. */
export const ROLES_KEY = 'pfw:auth:roles';

/**
 * The staff roles allowed to call an HTTP handler (e.g. `@Roles(Role.SCREENER, Role.ADMIN)` on
 * `POST /documents`), or a GraphQL root field that OPERATION_ROLES does not list. It cannot widen an
 * operation OPERATION_ROLES lists: the table wins.
 */
export const Roles = (...roles: StaffRole[]) => SetMetadata(ROLES_KEY, Object.freeze([...roles]));

/**
 * The verified caller, in a resolver (`@CurrentPrincipal() principal: Principal`) or an HTTP handler.
 * Throws UNAUTHENTICATED (GraphQL) / 401 (HTTP) when there is none, which the middleware prevents.
 */
export const CurrentPrincipal = createParamDecorator((_data: unknown, ctx: ExecutionContext): Principal => {
  const principal = principalFromContext(ctx);
  if (!principal) throw unauthenticated(ctx.getType());
  return principal;
});

/** Who performs the current operation, shaped like the domain's Actor: the staff id and the role acted in. */
export interface StaffActor {
  readonly id: string;
  readonly role: StaffRole;
}

/**
 * The caller as the actor of the current operation: the role is the first of the operation's allowed
 * roles (OPERATION_ROLES for a GraphQL root field, HTTP_ROUTE_ROLES for an HTTP route) that the caller
 * holds; for an operation neither table lists, the caller's first role. Throws FORBIDDEN (GraphQL) when
 * the caller holds none of the allowed roles.
 */
export const CurrentActor = createParamDecorator((_data: unknown, ctx: ExecutionContext): StaffActor => {
  const type = ctx.getType<GqlContextType>();
  const principal = principalFromContext(ctx);
  if (!principal) throw unauthenticated(type);
  let operation = '';
  let allowed: readonly StaffRole[] | null = null;
  if (type === 'graphql') {
    const info = GqlExecutionContext.create(ctx).getInfo<GraphQLResolveInfo>();
    const kind = info.operation.operation;
    operation = info.fieldName;
    allowed = rolesFor(kind, operation);
  } else if (type === 'http') {
    const req = ctx.switchToHttp().getRequest<{ method?: string; route?: { path?: unknown } }>();
    operation = `${req.method ?? ''} ${typeof req.route?.path === 'string' ? req.route.path : ''}`;
    allowed = (HTTP_ROUTE_ROLES as Readonly<Record<string, readonly StaffRole[]>>)[operation] ?? null;
  }
  const role = allowed ? actingRole(principal, allowed) : principal.roles[0]!;
  if (!role) throw forbidden(operation);
  return { id: principal.id, role };
});
