import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';
import { isCalendarDate } from './date.scalar';

/** ISO 8601 with a time and an offset (Z or ±hh:mm), as API.md's `DateTime` says: an instant. */
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parse(value: unknown): Date {
  // The calendar date is checked on its own: JavaScript's Date rolls 2026-02-30 over to 2 March instead of refusing it.
  if (typeof value === 'string' && INSTANT.test(value) && isCalendarDate(value.slice(0, 10))) {
    const at = new Date(value);
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw new GraphQLError(`DateTime must be an ISO 8601 instant with an offset, e.g. 2026-04-01T10:00:00+09:00 (got ${JSON.stringify(value)})`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/**
 * `DateTime`: an instant. Accepts only full ISO 8601 instants (no bare dates, no local times); answers in UTC.
 * Read models keep instants as ISO strings, so serialization takes strings as well as Dates.
 */
export const DateTimeScalar = new GraphQLScalarType<Date, string>({
  name: 'DateTime',
  description: 'An instant, ISO 8601 with an offset, e.g. 2026-04-01T01:00:00.000Z.',
  serialize(value) {
    if (value instanceof Date && !Number.isNaN(value.getTime())) return value.toISOString();
    if (typeof value === 'string') return parse(value).toISOString();
    throw new GraphQLError('not an instant');
  },
  parseValue: (value) => parse(value),
  // A literal's error names its node, so the API can tell which input field it was (extensions.field).
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('DateTime must be a string', { nodes: ast, extensions: { code: 'BAD_USER_INPUT' } });
    try {
      return parse(ast.value);
    } catch (err) {
      throw err instanceof GraphQLError ? new GraphQLError(err.message, { nodes: ast, extensions: err.extensions }) : err;
    }
  },
});
