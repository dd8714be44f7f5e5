import { resolveAuthKey, type AuthKeyConfig } from './keys';
import { MAX_TTL_SECONDS, mintToken, parseTtl } from './mint';
import { parseStaffRole, STAFF_ROLES, TOKEN_ROLE_NAMES, type StaffRole } from './roles';

/** What `npm run cli -- token` was asked for. */
export interface TokenRequest {
  readonly roles: readonly string[];
  readonly sub?: string;
  readonly ttl?: string;
}

export const DEFAULT_CLI_SUBJECT = 'dev-cli';
export const DEFAULT_CLI_TTL = '8h';

/** A token request that cannot be served; the message is meant for the person at the terminal. */
export class TokenRequestError extends Error {
  override readonly name = 'TokenRequestError';
}

const ROLE_LIST = STAFF_ROLES.map((role) => TOKEN_ROLE_NAMES[role]).join(', ');

/**
 * Mints the token the CLI prints: HS256 with AUTH_JWT_SECRET or, without one, the development secret
 * under DATA_DIR (the same one the api uses; created if the api has not run yet). Carries AUTH_ISSUER /
 * AUTH_AUDIENCE when set, so the api accepts it. Refused when only AUTH_JWKS_URL is configured.
 */
export async function mintCliToken(config: AuthKeyConfig, request: TokenRequest, now?: Date): Promise<string> {
  if (config.auth.jwtSecret === null && config.auth.jwksUrl !== null) {
    throw new TokenRequestError(
      'AUTH_JWKS_URL is set: the api accepts only RS256 tokens from your identity provider, so this command cannot mint one (it signs HS256 with AUTH_JWT_SECRET or the development secret)',
    );
  }
  if (request.roles.length === 0) throw new TokenRequestError(`at least one --role is required (${ROLE_LIST})`);
  const roles: StaffRole[] = [];
  for (const text of request.roles) {
    const role = parseStaffRole(text);
    if (role === null) {
      throw new TokenRequestError(
        text.trim().toLowerCase() === 'system'
          ? 'SYSTEM is the sagas\' role and is never accepted from a token'
          : `unknown role "${text}": use one of ${ROLE_LIST}`,
      );
    }
    if (!roles.includes(role)) roles.push(role);
  }
  const sub = (request.sub ?? DEFAULT_CLI_SUBJECT).trim();
  // eslint-disable-next-line no-control-regex
  if (sub.length === 0 || sub.length > 256 || /[\u0000-\u001f\u007f]/.test(sub)) {
    throw new TokenRequestError('--sub must be 1 to 256 printable characters');
  }
  const ttlSeconds = parseTtl(request.ttl ?? DEFAULT_CLI_TTL);
  if (ttlSeconds === null) {
    throw new TokenRequestError(`--ttl must look like 90s, 30m, 8h or 7d, at most ${MAX_TTL_SECONDS / 86400}d (got "${request.ttl}")`);
  }
  const key = resolveAuthKey(config);
  if (key.kind !== 'hs256') throw new TokenRequestError('no HS256 key is configured');
  return mintToken(key.secret, {
    sub,
    roles,
    ttlSeconds,
    issuer: config.auth.issuer,
    audience: config.auth.audience,
    ...(now ? { now } : {}),
  });
}
