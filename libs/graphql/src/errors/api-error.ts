import { GraphQLError } from 'graphql';

/** The error codes of API.md "Errors" (binding), plus the internal fallback. */
export const API_ERROR_CODES = [
  'BAD_USER_INPUT',
  'RULE_VIOLATION',
  'CONCURRENCY_CONFLICT',
  'NOT_FOUND',
  'FORBIDDEN',
  'IDEMPOTENCY_CONFLICT',
  'CLOCK_NOT_SIMULATED',
  'TOO_COMPLEX',
] as const;
export type ApiErrorCode = (typeof API_ERROR_CODES)[number];

export interface ApiErrorDetails {
  /** For BAD_USER_INPUT: the input path, e.g. `input.applicant.contact.email`. */
  readonly field?: string;
  /** For RULE_VIOLATION: the article of the terms, e.g. `Art. 14`. */
  readonly article?: string;
  readonly [key: string]: unknown;
}

/** A refused operation as API.md describes it: a GraphQL error with `extensions.code`. */
export function apiError(code: ApiErrorCode, message: string, details: ApiErrorDetails = {}): GraphQLError {
  return new GraphQLError(message, { extensions: { ...details, code } });
}
