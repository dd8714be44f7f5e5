import canonicalize from 'canonicalize';
import { createHash } from 'node:crypto';

/**
 * The input as plain JSON: what GraphQL inputs carry after class-transformer (class instances, Dates, maybe
 * bigints) becomes objects, ISO strings and decimal strings; undefined properties and functions are dropped,
 * as JSON drops them. Non-finite numbers cannot be part of an input and are refused.
 */
export function toPlainJson(value: unknown, path = 'input'): unknown {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return value;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError(`${path}: ${value} has no JSON form`);
    return value;
  }
  if (typeof value === 'bigint') return value.toString();
  if (value === undefined || typeof value === 'function' || typeof value === 'symbol') return undefined;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) throw new TypeError(`${path}: invalid date`);
    return value.toISOString();
  }
  if (Array.isArray(value)) return value.map((item, i) => toPlainJson(item, `${path}.${i}`) ?? null);
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const plain = toPlainJson(item, `${path}.${key}`);
    if (plain !== undefined) out[key] = plain;
  }
  return out;
}

/**
 * The digest the idempotency store compares: SHA-256 (lowercase hex) of the RFC 8785 (JCS) canonical JSON of
 * the input without its top-level `clientMutationId`. Key order and number spelling do not change it; any
 * other difference in the input does.
 */
export function inputDigest(input: unknown): string {
  let plain = toPlainJson(input);
  if (plain !== null && typeof plain === 'object' && !Array.isArray(plain)) {
    const { clientMutationId: _ignored, ...rest } = plain as Record<string, unknown>;
    plain = rest;
  }
  const canonical = canonicalize(plain ?? null);
  if (canonical === undefined) throw new TypeError('input has no JSON form');
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
