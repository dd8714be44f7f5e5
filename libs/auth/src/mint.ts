import { randomUUID } from 'node:crypto';
import { SignJWT } from 'jose';
import { STAFF_ROLES, TOKEN_ROLE_NAMES, type StaffRole } from './roles';

export interface MintOptions {
  readonly sub: string;
  readonly roles: readonly StaffRole[];
  readonly ttlSeconds: number;
  readonly issuer?: string | null;
  readonly audience?: string | null;
  /** Issue time (tests); defaults to the wall clock. */
  readonly now?: Date;
}

/** Longest lifetime a minted token may have: 30 days. */
export const MAX_TTL_SECONDS = 30 * 24 * 3600;

/**
 * Signs an HS256 token the api accepts: `sub`, `roles` (lowercase claim names), `iat`, `exp`, a `jti`,
 * and `iss`/`aud` when given. For development tokens (CLI `token`, the start banner) and tests.
 */
export async function mintToken(secret: Uint8Array, options: MintOptions): Promise<string> {
  if (options.sub.length === 0) throw new Error('sub must not be empty');
  if (options.roles.length === 0) throw new Error('at least one role is required');
  for (const role of options.roles) {
    if (!STAFF_ROLES.includes(role)) throw new Error(`not a staff role: ${String(role)}`);
  }
  if (!Number.isInteger(options.ttlSeconds) || options.ttlSeconds <= 0 || options.ttlSeconds > MAX_TTL_SECONDS) {
    throw new Error(`ttl must be a whole number of seconds from 1 to ${MAX_TTL_SECONDS}`);
  }
  const iat = Math.floor((options.now ?? new Date()).getTime() / 1000);
  const jwt = new SignJWT({ roles: [...new Set(options.roles)].map((role) => TOKEN_ROLE_NAMES[role]) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(options.sub)
    .setIssuedAt(iat)
    .setExpirationTime(iat + options.ttlSeconds)
    .setJti(randomUUID());
  if (options.issuer) jwt.setIssuer(options.issuer);
  if (options.audience) jwt.setAudience(options.audience);
  return jwt.sign(secret);
}

const UNIT_SECONDS: Readonly<Record<string, number>> = { s: 1, m: 60, h: 3600, d: 86400 };

/** A lifetime like `8h`, `30m`, `2d`, `90s` or `3600` (seconds) → seconds; null when unreadable or out of range. */
export function parseTtl(text: string): number | null {
  const match = /^(\d{1,9})([smhd]?)$/.exec(text.trim().toLowerCase());
  if (!match) return null;
  const seconds = Number(match[1]) * UNIT_SECONDS[match[2] || 's']!;
  return seconds > 0 && seconds <= MAX_TTL_SECONDS ? seconds : null;
}
