import { ArgumentsHost, Catch } from '@nestjs/common';
import { GqlContextType, GqlExceptionFilter } from '@nestjs/graphql';
import type { Response } from 'express';
import { GraphQLError } from 'graphql';
import { ConcurrencyConflict, DomainError, InvalidInput, NotFound, RuleViolation } from '@pfw/domain';
import { apiError } from './api-error';

/** A refusal of the domain as API.md's error: the code, and the article or the input path. */
export function toApiError(error: DomainError, inputArgument = 'input'): GraphQLError {
  if (error instanceof RuleViolation) return apiError('RULE_VIOLATION', error.message, { article: error.article });
  if (error instanceof InvalidInput) {
    const field = error.field ? `${inputArgument}.${error.field}` : inputArgument;
    return apiError('BAD_USER_INPUT', error.message, { field });
  }
  if (error instanceof NotFound) return apiError('NOT_FOUND', error.message);
  if (error instanceof ConcurrencyConflict) {
    return apiError('CONCURRENCY_CONFLICT', `${error.message}; retry`, { retryable: true });
  }
  return apiError('BAD_USER_INPUT', error.message);
}

const HTTP_STATUS: Record<string, number> = { RULE_VIOLATION: 422, BAD_USER_INPUT: 400, NOT_FOUND: 404, CONCURRENCY_CONFLICT: 409 };

/** Maps typed domain errors wherever they surface: GraphQL resolvers and plain HTTP routes. */
@Catch(DomainError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(exception: DomainError, host: ArgumentsHost) {
    const mapped = toApiError(exception);
    if (host.getType<GqlContextType>() === 'graphql') return mapped;
    const res = host.switchToHttp().getResponse<Response>();
    const code = String(mapped.extensions.code);
    res.status(HTTP_STATUS[code] ?? 400).json({ statusCode: HTTP_STATUS[code] ?? 400, code, message: mapped.message, ...mapped.extensions });
    return undefined;
  }
}
