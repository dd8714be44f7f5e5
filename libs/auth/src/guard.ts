import { CanActivate, ExecutionContext, ForbiddenException, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import type { GraphQLResolveInfo } from 'graphql';
import { principalFromContext, unauthenticated } from './context';
import { ROLES_KEY } from './decorators';
import { actingRole, forbidden, rolesFor } from './operations';
import { Role, type StaffRole } from './roles';

/**
 * Authorization for every resolver and handler (registered as a global guard by AuthModule).
 *
 * GraphQL root fields (Query, Mutation, Subscription): allowed roles come from OPERATION_ROLES (and
 * SUBSCRIPTION_ROLES); a field
 * the table does not list needs a @Roles(...) on its resolver, and without one it is refused — deny by
 * default, so a new operation cannot ship unguarded. Mutations never admit AUDITOR. Refusal: a GraphQL
 * error with `extensions.code = "FORBIDDEN"`.
 *
 * HTTP handlers: authentication is the middleware's job; a handler with @Roles(...) also needs one of
 * those roles (403 otherwise). Other field resolvers (when guards are enabled for them) are checked only
 * when they carry @Roles.
 */
@Injectable()
export class OperationRolesGuard implements CanActivate {
  private readonly logger = new Logger('Auth');

  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const type = ctx.getType<GqlContextType>();
    const declared = this.reflector.getAllAndOverride<readonly StaffRole[] | undefined>(ROLES_KEY, [ctx.getHandler(), ctx.getClass()]);

    if (type === 'graphql') {
      const info = GqlExecutionContext.create(ctx).getInfo<GraphQLResolveInfo>();
      const { schema, parentType } = info;
      const rootKind =
        parentType === schema.getQueryType() ? 'query' : parentType === schema.getMutationType() ? 'mutation' : parentType === schema.getSubscriptionType() ? 'subscription' : null;
      if (rootKind === null && declared === undefined) return true;

      let allowed: readonly StaffRole[] | null = rootKind === null ? null : rolesFor(rootKind, info.fieldName);
      if (allowed === null && declared !== undefined) {
        allowed = rootKind === 'mutation' ? declared.filter((role) => role !== Role.AUDITOR) : declared;
      }
      if (allowed === null) {
        this.logger.warn(`${parentType.name}.${info.fieldName} has no entry in OPERATION_ROLES and no @Roles: refused`);
        throw forbidden(info.fieldName);
      }
      const principal = principalFromContext(ctx);
      if (!principal) throw unauthenticated(type);
      if (actingRole(principal, allowed) === null) throw forbidden(info.fieldName);
      return true;
    }

    if (type === 'http' && declared !== undefined) {
      const principal = principalFromContext(ctx);
      if (!principal) throw unauthenticated(type);
      if (actingRole(principal, declared) === null) throw new ForbiddenException('your role may not do this');
    }
    return true;
  }
}
