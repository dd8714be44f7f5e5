import { parseJapanDate, type JapanDate } from '@pfw/domain';

/**
 * Field codecs: each knows how to write one value as JSON and how to read it back, checking it on the way
 * in and out. Event schemas are built from these, so the JSON shape of every event type is written down
 * in one place and Dates, Japan dates and bigints round-trip exactly.
 */
export interface Codec<T> {
  /** What the value is, for messages. */
  readonly describe: string;
  encode(value: T, path: string): unknown;
  decode(json: unknown, path: string): T;
  /**
   * The codec's structure, for walkers that need to know where a schema keeps what (personal-fields.ts):
   * an object's fields, a list's element, a nullable's inner codec, or a personal-data leaf.
   */
  readonly shape?: CodecShape;
}

export type CodecShape =
  | { readonly kind: 'object'; readonly fields: { readonly [key: string]: Codec<unknown> } }
  | { readonly kind: 'array'; readonly element: Codec<unknown> }
  | { readonly kind: 'nullable'; readonly inner: Codec<unknown> }
  | { readonly kind: 'personal'; readonly inner: Codec<unknown> };

/** Thrown by codecs; the serializer adds the event type and id. */
export class CodecError extends Error {
  constructor(
    readonly path: string,
    message: string,
  ) {
    super(message);
  }
}

const fail = (path: string, message: string): never => {
  throw new CodecError(path, message);
};

const show = (v: unknown) => (v === undefined ? 'undefined' : typeof v === 'bigint' ? `${v}n` : v instanceof Date ? `Date(${v.getTime()})` : JSON.stringify(v));

function primitive<T>(describe: string, is: (v: unknown) => v is T): Codec<T> {
  return {
    describe,
    encode: (v, path) => (is(v) ? v : fail(path, `expected ${describe}, got ${show(v)}`)),
    decode: (j, path) => (is(j) ? j : fail(path, `expected ${describe}, got ${show(j)}`)),
  };
}

export const string = primitive('a string', (v): v is string => typeof v === 'string');
export const boolean = primitive('a boolean', (v): v is boolean => typeof v === 'boolean');
export const number = primitive('a finite number', (v): v is number => typeof v === 'number' && Number.isFinite(v));
export const integer = primitive('a safe integer', (v): v is number => typeof v === 'number' && Number.isSafeInteger(v));

/** A string branded by the domain (Fqdn, PostalCode, …): stored as a plain string. */
export const brandedString = <T extends string>(): Codec<T> => string as unknown as Codec<T>;

/** One of a fixed set of strings (an enum of DOMAIN.md / API.md). */
export function oneOf<T extends string>(values: readonly T[]): Codec<T> {
  const describe = `one of ${values.join(', ')}`;
  return primitive(describe, (v): v is T => typeof v === 'string' && (values as readonly string[]).includes(v));
}

/** An instant: a Date in memory, an ISO 8601 UTC string with milliseconds in JSON. */
export const instant: Codec<Date> = {
  describe: 'an instant',
  encode: (v, path) => (v instanceof Date && Number.isFinite(v.getTime()) ? v.toISOString() : fail(path, `expected a valid Date, got ${show(v)}`)),
  decode: (j, path) => {
    if (typeof j !== 'string' || !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/.test(j)) return fail(path, `expected an ISO 8601 instant, got ${show(j)}`);
    const d = new Date(j);
    return Number.isFinite(d.getTime()) ? d : fail(path, `${j} is not a valid instant`);
  },
};

/** A Japan calendar date, 'YYYY-MM-DD', validated both ways. */
export const japanDate: Codec<JapanDate> = {
  describe: 'a YYYY-MM-DD date',
  encode: (v, path) => {
    const r = parseJapanDate(v, path);
    return r.ok && r.value === v ? v : fail(path, `expected a YYYY-MM-DD date, got ${show(v)}`);
  },
  decode: (j, path) => {
    const r = parseJapanDate(j, path);
    return r.ok ? r.value : fail(path, r.error.message);
  },
};

/** A bigint, written as a decimal string (JSON numbers lose precision beyond 2^53). */
export const bigint: Codec<bigint> = {
  describe: 'a bigint',
  encode: (v, path) => (typeof v === 'bigint' ? v.toString() : fail(path, `expected a bigint, got ${show(v)}`)),
  decode: (j, path) => (typeof j === 'string' && /^-?\d+$/.test(j) ? BigInt(j) : fail(path, `expected a decimal integer string, got ${show(j)}`)),
};

export function nullable<T>(inner: Codec<T>): Codec<T | null> {
  return {
    describe: `${inner.describe} or null`,
    shape: { kind: 'nullable', inner: inner as Codec<unknown> },
    encode: (v, path) => (v === null ? null : inner.encode(v, path)),
    decode: (j, path) => (j === null ? null : inner.decode(j, path)),
  };
}

export function array<T>(inner: Codec<T>): Codec<readonly T[]> {
  return {
    describe: `a list of ${inner.describe}`,
    shape: { kind: 'array', element: inner as Codec<unknown> },
    encode: (v, path) => (Array.isArray(v) ? v.map((x, i) => inner.encode(x, `${path}[${i}]`)) : fail(path, `expected a list, got ${show(v)}`)),
    decode: (j, path) => (Array.isArray(j) ? j.map((x, i) => inner.decode(x, `${path}[${i}]`)) : fail(path, `expected a list, got ${show(j)}`)),
  };
}

export type Fields<T> = { readonly [K in keyof T]-?: Codec<T[K]> };

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

/**
 * An object with exactly these fields. Both directions refuse unknown fields and missing ones, so a
 * payload change cannot slip through without a schema change (and, for stored events, a new version).
 */
export function object<T extends object>(fields: Fields<T>): Codec<T> {
  const keys = Object.keys(fields) as (keyof T & string)[];
  const check = (v: unknown, path: string): Record<string, unknown> => {
    if (!isPlainObject(v)) return fail(path, `expected an object, got ${show(v)}`);
    const extra = Object.keys(v).filter((k) => !(k in fields));
    if (extra.length > 0) fail(`${path}.${extra[0]}`, `unknown field (the schema has ${keys.join(', ')})`);
    for (const k of keys) if (!(k in v) || v[k] === undefined) fail(`${path}.${k}`, 'missing');
    return v;
  };
  return {
    describe: 'an object',
    shape: { kind: 'object', fields: fields as unknown as { readonly [key: string]: Codec<unknown> } },
    encode: (v, path) => {
      const o = check(v, path);
      const out: Record<string, unknown> = {};
      for (const k of keys) out[k] = fields[k].encode(o[k] as T[typeof k], `${path}.${k}`);
      return out;
    },
    decode: (j, path) => {
      const o = check(j, path);
      const out: Record<string, unknown> = {};
      for (const k of keys) out[k] = fields[k].decode(o[k], `${path}.${k}`);
      return out as T;
    },
  };
}

/**
 * A personal-data leaf (Art. 4): a string the serializer's PayloadTransformer encrypts with the
 * contract's data key on write. On read, `null` is what a shredded field decodes to (its key was destroyed),
 * so the decoded payload may carry null here even where the domain type says string: readers of such events
 * (projections, the audit queries) must be null-tolerant on these paths. Everything else is `inner`'s.
 */
export function personal<T extends string | null>(inner: Codec<T>): Codec<T> {
  return {
    describe: `${inner.describe} (personal data)`,
    shape: { kind: 'personal', inner: inner as Codec<unknown> },
    encode: (v, path) => inner.encode(v, path),
    decode: (j, path) => (j === null ? (null as T) : inner.decode(j, path)),
  };
}
