import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (no 2026-02-30). */
export function isCalendarDate(value: string): boolean {
  const m = DATE.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

function parse(value: unknown): string {
  if (typeof value === 'string' && isCalendarDate(value)) return value;
  throw new GraphQLError(`Date must be a calendar date YYYY-MM-DD (got ${JSON.stringify(value)})`, {
    extensions: { code: 'BAD_USER_INPUT' },
  });
}

/** `Date`: a Japan calendar date, `YYYY-MM-DD` (API.md). Values are plain strings on both sides. */
export const DateScalar = new GraphQLScalarType<string, string>({
  name: 'Date',
  description: 'A calendar date in Japan (Asia/Tokyo), YYYY-MM-DD.',
  serialize: (value) => parse(value),
  parseValue: (value) => parse(value),
  // A literal's error names its node, so the API can tell which input field it was (extensions.field).
  parseLiteral: (ast) => {
    if (ast.kind !== Kind.STRING) throw new GraphQLError('Date must be a string YYYY-MM-DD', { nodes: ast, extensions: { code: 'BAD_USER_INPUT' } });
    try {
      return parse(ast.value);
    } catch (err) {
      throw err instanceof GraphQLError ? new GraphQLError(err.message, { nodes: ast, extensions: err.extensions }) : err;
    }
  },
});
