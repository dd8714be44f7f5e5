import { randomBytes } from 'node:crypto';
import { chmodSync, closeSync, fstatSync, linkSync, lstatSync, mkdirSync, openSync, readFileSync, unlinkSync, writeFileSync, constants as fsConstants } from 'node:fs';
import { join } from 'node:path';
import type { AppConfig } from '@pfw/config';

/** Injection token for the effective AuthKey (what the api verifies with). */
export const AUTH_KEY = Symbol.for('pfw.auth.AuthKey');

/** Name of the persisted development secret inside DATA_DIR. */
export const DEV_SECRET_FILE = 'dev-jwt-secret';

/** Fewest bytes accepted for an HS256 key (as the configuration demands of AUTH_JWT_SECRET). */
export const MIN_SECRET_BYTES = 32;

/**
 * How tokens are verified. HS256: `secret` is the key (the UTF-8 bytes of AUTH_JWT_SECRET, or of the
 * development secret file's text); `origin` says which. JWKS: RS256 keys fetched from `url`.
 */
export type AuthKey =
  | { readonly kind: 'hs256'; readonly secret: Uint8Array; readonly origin: 'configured' }
  | { readonly kind: 'hs256'; readonly secret: Uint8Array; readonly origin: 'development'; readonly file: DevSecretFile }
  | { readonly kind: 'jwks'; readonly url: string };

/** The development secret as found or made under DATA_DIR. */
export interface DevSecretFile {
  readonly path: string;
  /** True when this load generated it (first start), false when an earlier one did. */
  readonly created: boolean;
  /** True when the file was readable by others and its mode was tightened to 0600. */
  readonly permissionsTightened: boolean;
}

export type AuthKeyConfig = Pick<AppConfig, 'nodeEnv' | 'dataDir' | 'auth'>;

/** Thrown when no key can be had (production without one; an unusable development secret file). */
export class AuthKeyError extends Error {
  override readonly name = 'AuthKeyError';
}

/**
 * The key the api verifies with, from the configuration: AUTH_JWT_SECRET, else AUTH_JWKS_URL, else — only
 * outside production — the development secret under DATA_DIR (generated on first use, then reused, so
 * the CLI's `token` command and the api agree).
 */
export function resolveAuthKey(config: AuthKeyConfig): AuthKey {
  if (config.auth.jwtSecret !== null) {
    const secret = new TextEncoder().encode(config.auth.jwtSecret);
    if (secret.byteLength < MIN_SECRET_BYTES) throw new AuthKeyError(`AUTH_JWT_SECRET: must be at least ${MIN_SECRET_BYTES} bytes for HS256`);
    return { kind: 'hs256', secret, origin: 'configured' };
  }
  if (config.auth.jwksUrl !== null) return { kind: 'jwks', url: config.auth.jwksUrl };
  if (config.nodeEnv === 'production') {
    throw new AuthKeyError('AUTH_JWT_SECRET or AUTH_JWKS_URL: one is required when NODE_ENV=production');
  }
  const { secret, file } = loadOrCreateDevSecret(config.dataDir);
  return { kind: 'hs256', secret: new TextEncoder().encode(secret), origin: 'development', file };
}

/**
 * Reads `<dataDir>/dev-jwt-secret`, creating it (32 random bytes as base64url text, mode 0600) when it
 * does not exist. The key is the UTF-8 bytes of the file's text (trimmed), exactly as if that text were
 * AUTH_JWT_SECRET. Creation is atomic and exclusive (write a private temp file, then link it into place),
 * so two processes starting together end up with the same secret.
 */
export function loadOrCreateDevSecret(dataDir: string): { secret: string; file: DevSecretFile } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, DEV_SECRET_FILE);
  const existing = readExisting(path);
  if (existing) return existing;

  const secret = randomBytes(32).toString('base64url');
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  writeFileSync(temp, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  try {
    chmodSync(temp, 0o600); // the umask may have taken bits away; make it exactly owner read/write
    linkSync(temp, path);
  } catch (err) {
    if (!isCode(err, 'EEXIST')) throw err;
    // Another process created it between our read and our link: use theirs.
    const theirs = readExisting(path);
    if (theirs) return theirs;
    throw err;
  } finally {
    unlinkSync(temp);
  }
  return { secret, file: { path, created: true, permissionsTightened: false } };
}

function readExisting(path: string): { secret: string; file: DevSecretFile } | null {
  let stat;
  try {
    stat = lstatSync(path);
  } catch (err) {
    if (isCode(err, 'ENOENT')) return null;
    throw err;
  }
  if (!stat.isFile()) throw new AuthKeyError(`${path}: the development secret must be a regular file (not a link or directory)`);
  const fd = openSync(path, fsConstants.O_RDONLY | (fsConstants.O_NOFOLLOW ?? 0));
  let text: string;
  let permissionsTightened = false;
  try {
    if ((fstatSync(fd).mode & 0o077) !== 0) {
      chmodSync(path, 0o600);
      permissionsTightened = true;
    }
    text = readFileSync(fd, 'utf8').trim();
  } finally {
    closeSync(fd);
  }
  if (Buffer.byteLength(text, 'utf8') < MIN_SECRET_BYTES) {
    throw new AuthKeyError(`${path}: not a usable development secret (fewer than ${MIN_SECRET_BYTES} bytes); delete the file to generate a new one`);
  }
  return { secret: text, file: { path, created: false, permissionsTightened } };
}

function isCode(err: unknown, code: string): boolean {
  return typeof err === 'object' && err !== null && (err as { code?: unknown }).code === code;
}
