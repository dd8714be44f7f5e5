import { ExecutionContext, UnauthorizedException } from '@nestjs/common';
import { GqlExecutionContext, type GqlContextType } from '@nestjs/graphql';
import { GraphQLError } from 'graphql';
import { principalOf, type Principal } from './principal';

/** The error for a resolver reached without a principal (the middleware was not applied): fail closed. */
export function unauthenticated(type: string): Error {
  return type === 'graphql'
    ? new GraphQLError('not authenticated', { extensions: { code: 'UNAUTHENTICATED' } })
    : new UnauthorizedException('not authenticated');
}

/**
 * The principal of an HTTP or GraphQL execution context, or null. For GraphQL it is read from the
 * context's `req` (the Apollo driver's default context), or from a `principal` the context carries.
 */
export function principalFromContext(ctx: ExecutionContext): Principal | null {
  const type = ctx.getType<GqlContextType>();
  if (type === 'graphql') {
    const gqlContext: unknown = GqlExecutionContext.create(ctx).getContext();
    if (typeof gqlContext !== 'object' || gqlContext === null) return null;
    return principalOf((gqlContext as { req?: unknown }).req) ?? principalOf(gqlContext);
  }
  if (type === 'http') return principalOf(ctx.switchToHttp().getRequest());
  return null;
}
