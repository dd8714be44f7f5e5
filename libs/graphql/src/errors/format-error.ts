import type { GraphQLFormattedError } from 'graphql';
import { isTokenLimitMessage } from '../limits/query-limits';
import { API_ERROR_CODES } from './api-error';

/** Codes GraphQL and Apollo themselves produce for a bad request; their messages are safe to show. */
const REQUEST_ERROR_CODES = ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED', 'BAD_USER_INPUT', 'PERSISTED_QUERY_NOT_FOUND', 'OPERATION_RESOLUTION_FAILURE', 'BAD_REQUEST'];
const SAFE_CODES = new Set<string>([...API_ERROR_CODES, ...REQUEST_ERROR_CODES]);
const SAFE_EXTENSIONS = ['code', 'field', 'article', 'expected', 'actual', 'position', 'retryable'];

/**
 * What leaves the server: the message and whitelisted extensions of errors we raised on purpose, and a
 * generic line for anything else. Never a stack trace or an internal message.
 */
export function formatApiError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  let code = typeof formatted.extensions?.code === 'string' ? formatted.extensions.code : undefined;
  // A document that fails GraphQL validation (a bad literal, an unknown field or enum value) is bad input
  // as much as bad variables are; API.md has one code for both.
  if (code === 'GRAPHQL_VALIDATION_FAILED') code = 'BAD_USER_INPUT';
  // The parser stopped at the token limit: a document too large to look at, not a typo.
  if (code === 'GRAPHQL_PARSE_FAILED' && isTokenLimitMessage(formatted.message)) code = 'TOO_COMPLEX';
  if (code && SAFE_CODES.has(code)) {
    const extensions: Record<string, unknown> = {};
    for (const key of SAFE_EXTENSIONS) {
      if (formatted.extensions?.[key] !== undefined) extensions[key] = formatted.extensions[key];
    }
    extensions.code = code;
    return { message: withoutEchoedValue(formatted.message), locations: formatted.locations, path: formatted.path, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

/**
 * graphql-js repeats a whole rejected variable in its message (`Variable "$i" got invalid value { …the
 * applicant's name, e-mail, the CSR… } at "i.x"; <reason>`). The reason and the path are what a client
 * needs; the echoed value only spreads personal data into responses and logs.
 */
export function withoutEchoedValue(message: string): string {
  const m = /^(Variable "\$[^"]+") got invalid value [\s\S]*?( at "[^"]*")?; ([A-Z][\s\S]*)$/.exec(message);
  if (!m) return message;
  // The reason may end by quoting the value again ("… cannot represent a non-integer value: <value>").
  const reason = m[3]!.replace(/(value): [\s\S]*$/, '$1.');
  return `${m[1]} got an invalid value${m[2] ?? ''}; ${reason}`;
}
