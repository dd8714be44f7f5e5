import canonicalize from 'canonicalize';

/**
 * RFC 8785 JSON Canonicalization Scheme (JCS), as the bytes we hash and sign.
 *
 * The serialization itself is the `canonicalize` package (RFC 8785 reference implementation by its
 * authors): keys sorted by UTF-16 code units, ECMAScript number formatting (`1e+21`, `0.1`, `-0` → `0`),
 * minimal string escaping, no whitespace. In front of it we put a strict gate, because plain
 * `JSON.stringify` semantics silently change data — and a silently changed leaf is a wrong audit record:
 *
 * - accepted: `null`, booleans, finite numbers, well-formed strings, arrays without holes, and plain
 *   objects (prototype `Object.prototype` or `null`) with string keys;
 * - rejected with a {@link CanonicalJsonError} naming the JSON path:
 *   - `bigint` — JSON has no integers beyond IEEE-754 doubles; callers convert bigints (e.g. event-store
 *     positions) to decimal strings first;
 *   - `undefined`, functions, symbols — `JSON.stringify` would drop them (or emit `null` in arrays);
 *   - `NaN`, `±Infinity` — not JSON;
 *   - strings or keys with lone UTF-16 surrogates — RFC 8785 requires I-JSON (RFC 7493), valid Unicode;
 *   - class instances, `Date`, `Map`, `Buffer`, … — `toJSON` and own-enumerable-property semantics would
 *     decide the bytes implicitly; callers convert them explicitly (a `Date` to `toISOString()`);
 *   - symbol-keyed properties, sparse arrays, and cycles.
 *
 * Numbers are IEEE-754 doubles: integers beyond 2^53 already lost precision before they got here.
 */
export class CanonicalJsonError extends Error {
  constructor(
    /** JSON path of the offending value, `$` for the root (e.g. `$.data.items[2]`). */
    readonly path: string,
    reason: string,
  ) {
    super(`cannot canonicalize the value at ${path}: ${reason}`);
    this.name = 'CanonicalJsonError';
  }
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function childPath(path: string, key: string): string {
  return /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;
}

function check(value: unknown, path: string, ancestors: Set<object>): void {
  switch (typeof value) {
    case 'boolean':
      return;
    case 'string':
      if (LONE_SURROGATE.test(value)) throw new CanonicalJsonError(path, 'string contains a lone UTF-16 surrogate');
      return;
    case 'number':
      if (!Number.isFinite(value)) throw new CanonicalJsonError(path, `${value} is not a JSON number`);
      return;
    case 'bigint':
      throw new CanonicalJsonError(path, 'bigint is not JSON; convert it to a decimal string first');
    case 'undefined':
      throw new CanonicalJsonError(path, 'undefined is not JSON; omit the property or use null');
    case 'function':
    case 'symbol':
      throw new CanonicalJsonError(path, `a ${typeof value} is not JSON`);
    case 'object':
      break;
  }
  if (value === null) return;
  const obj = value as object;
  if (ancestors.has(obj)) throw new CanonicalJsonError(path, 'cyclic reference');
  ancestors.add(obj);
  try {
    if (Array.isArray(obj)) {
      for (let i = 0; i < obj.length; i++) {
        if (!(i in obj)) throw new CanonicalJsonError(`${path}[${i}]`, 'hole in a sparse array');
        check(obj[i], `${path}[${i}]`, ancestors);
      }
      return;
    }
    const proto: unknown = Object.getPrototypeOf(obj);
    if (proto !== Object.prototype && proto !== null) {
      const name = (obj as { constructor?: { name?: string } }).constructor?.name ?? 'unknown';
      const hint = obj instanceof Date ? ' (convert it with toISOString() first)' : '';
      throw new CanonicalJsonError(path, `${name} instance is not a plain JSON object${hint}`);
    }
    if (Object.getOwnPropertySymbols(obj).length > 0) {
      throw new CanonicalJsonError(path, 'object has symbol-keyed properties');
    }
    for (const key of Object.keys(obj)) {
      const at = childPath(path, key);
      if (LONE_SURROGATE.test(key)) throw new CanonicalJsonError(at, 'key contains a lone UTF-16 surrogate');
      check((obj as Record<string, unknown>)[key], at, ancestors);
    }
  } finally {
    ancestors.delete(obj);
  }
}

/** Throws {@link CanonicalJsonError} unless `value` is plain JSON that canonicalizes without loss. */
export function assertCanonicalizable(value: unknown): void {
  check(value, '$', new Set());
}

/** The RFC 8785 canonical JSON text of `value` (see the module comment for what is rejected). */
export function canonicalJson(value: unknown): string {
  assertCanonicalizable(value);
  const text = canonicalize(value);
  if (text === undefined) throw new CanonicalJsonError('$', 'value has no JSON representation');
  return text;
}

/** The RFC 8785 canonical form of `value` as UTF-8 bytes: what gets hashed into the audit log. */
export function canonicalBytes(value: unknown): Buffer {
  return Buffer.from(canonicalJson(value), 'utf8');
}
