import { createRemoteJWKSet, errors, jwtVerify, type JWTHeaderParameters, type JWTPayload, type JWTVerifyGetKey, type JWTVerifyOptions, type KeyLike } from 'jose';
import { AuthenticationError, KeySetUnavailableError } from './errors';
import type { AuthKey } from './keys';
import type { Principal } from './principal';
import { staffRoleFromClaim, type StaffRole } from './roles';

export interface TokenVerifierOptions {
  /** Expected `iss` (AUTH_ISSUER); checked, and required in the token, when set. */
  readonly issuer?: string | null;
  /** Expected `aud` (AUTH_AUDIENCE); checked, and required in the token, when set. */
  readonly audience?: string | null;
  /** Clock skew allowed on `exp`/`nbf`, in seconds (default 5). */
  readonly clockToleranceSeconds?: number;
  /** Key-set fetch timeout in milliseconds (JWKS only; default 5000). */
  readonly jwksTimeoutMs?: number;
  /** How long a fetched key set is used before it is fetched again, in milliseconds (JWKS only; default 10 minutes). */
  readonly jwksMaxAgeMs?: number;
  /** The current time (tests); defaults to the wall clock. */
  readonly now?: () => Date;
}

/** Longest `sub` accepted: it becomes the actor id of every event this caller causes. */
export const MAX_SUBJECT_LENGTH = 256;

/** How many verified tokens a verifier remembers (the least recently used is forgotten first). */
export const VERIFIED_TOKENS_KEPT = 1_000;

/** A token that passed every check once: what is still checked on each later use. */
interface VerifiedToken {
  readonly principal: Principal;
  readonly exp: number;
  readonly nbf: number | undefined;
  /** JWKS: the header and the key the signature was checked with; null for the configured secret. */
  readonly header: JWTHeaderParameters | null;
  readonly key: KeyLike | Uint8Array | null;
}

/**
 * Verifies bearer tokens into Principals. Algorithms are pinned to the key: HS256 only for a shared
 * secret, RS256 only for a JWKS, so `none` and algorithm confusion (an HS256 token "signed" with the
 * RSA public key) are refused before any key is looked at. `exp` is required.
 */
export class TokenVerifier {
  private readonly key: Uint8Array | JWTVerifyGetKey;
  private readonly options: JWTVerifyOptions;
  private readonly now: (() => Date) | undefined;
  private readonly tolerance: number;
  /**
   * Tokens verified before, by their exact text. A signature checked once over the same bytes with the same key
   * holds again, and the claims other than the times are fixed by those bytes, so a later use only re-checks
   * `exp` and `nbf` against the current time (as jose does) and, for a key set, that the set still gives the
   * same key for the token's header (a key removed or replaced when the set is fetched again verifies in full).
   * A token that was refused is not remembered.
   */
  private readonly verified = new Map<string, VerifiedToken>();

  constructor(authKey: AuthKey, options: TokenVerifierOptions = {}) {
    if (authKey.kind === 'hs256') {
      this.key = authKey.secret;
    } else {
      const remote = createRemoteJWKSet(new URL(authKey.url), {
        timeoutDuration: options.jwksTimeoutMs ?? 5000,
        ...(options.jwksMaxAgeMs !== undefined ? { cacheMaxAge: options.jwksMaxAgeMs } : {}),
      });
      this.key = async (header, token) => {
        try {
          return await remote(header, token);
        } catch (err) {
          // The token names a key the set does not have: the token's problem (401). Anything else is the
          // key set being unreachable or unusable (503).
          if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) throw err;
          throw new KeySetUnavailableError({ cause: err });
        }
      };
    }
    this.tolerance = options.clockToleranceSeconds ?? 5;
    this.options = {
      algorithms: [authKey.kind === 'hs256' ? 'HS256' : 'RS256'],
      ...(options.issuer ? { issuer: options.issuer } : {}),
      ...(options.audience ? { audience: options.audience } : {}),
      clockTolerance: this.tolerance,
      requiredClaims: ['exp'],
    };
    this.now = options.now;
  }

  /** The Principal a token stands for. Throws AuthenticationError (401) or KeySetUnavailableError (503). */
  async verify(token: string): Promise<Principal> {
    const currentDate = this.now?.() ?? new Date();
    const known = this.verified.get(token);
    if (known) {
      this.verified.delete(token);
      if (await this.stillHolds(known, token, currentDate)) {
        this.verified.set(token, known);
        return known.principal;
      }
    }
    let payload: JWTPayload;
    let header: JWTHeaderParameters | null = null;
    let key: KeyLike | Uint8Array | null = null;
    try {
      const options = this.now ? { ...this.options, currentDate } : this.options;
      // Two calls so TypeScript picks the right overload for each kind of key.
      if (typeof this.key === 'function') ({ payload, protectedHeader: header, key } = await jwtVerify(token, this.key, options));
      else ({ payload } = await jwtVerify(token, this.key, options));
    } catch (err) {
      throw toAuthError(err);
    }
    const principal = principalFromClaims(payload);
    this.remember(token, { principal, exp: payload.exp!, nbf: payload.nbf, header, key });
    return principal;
  }

  /** jose's time checks (seconds, with the tolerance) and, for a key set, the same key for the header still. */
  private async stillHolds(known: VerifiedToken, token: string, currentDate: Date): Promise<boolean> {
    const now = Math.floor(currentDate.getTime() / 1000);
    if (known.exp <= now - this.tolerance) return false;
    if (known.nbf !== undefined && known.nbf > now + this.tolerance) return false;
    if (typeof this.key !== 'function') return true;
    // What jose's compact verify hands the key function: the token's three parts.
    const [protectedPart, payload, signature] = token.split('.');
    try {
      return (await this.key(known.header!, { protected: protectedPart, payload: payload!, signature: signature! })) === known.key;
    } catch {
      return false;
    }
  }

  private remember(token: string, verified: VerifiedToken): void {
    this.verified.set(token, verified);
    if (this.verified.size > VERIFIED_TOKENS_KEPT) this.verified.delete(this.verified.keys().next().value!);
  }
}

/** The Principal of a verified claim set: `sub` required, at least one known role in `roles`. */
export function principalFromClaims(payload: JWTPayload): Principal {
  const sub = payload.sub;
  // eslint-disable-next-line no-control-regex
  if (typeof sub !== 'string' || sub.length === 0 || sub.length > MAX_SUBJECT_LENGTH || /[\u0000-\u001f\u007f]/.test(sub)) {
    throw new AuthenticationError('missing or invalid sub claim');
  }
  const claim = (payload as { roles?: unknown }).roles;
  if (!Array.isArray(claim)) throw new AuthenticationError('roles claim must be an array');
  const roles: StaffRole[] = [];
  for (const entry of claim) {
    const role = staffRoleFromClaim(entry);
    if (role !== null && !roles.includes(role)) roles.push(role);
  }
  if (roles.length === 0) throw new AuthenticationError('no known role in token');
  return Object.freeze({ id: sub, roles: Object.freeze(roles) });
}

function toAuthError(err: unknown): Error {
  if (err instanceof AuthenticationError || err instanceof KeySetUnavailableError) return err;
  if (err instanceof errors.JWTExpired) return new AuthenticationError('token expired');
  if (err instanceof errors.JWTClaimValidationFailed) {
    switch (err.claim) {
      case 'iss':
        return new AuthenticationError('unexpected issuer');
      case 'aud':
        return new AuthenticationError('unexpected audience');
      case 'nbf':
        return new AuthenticationError('token not yet valid');
      case 'exp':
        return new AuthenticationError(err.reason === 'missing' ? 'token has no expiry' : 'invalid exp claim');
      default:
        return new AuthenticationError('invalid token claims');
    }
  }
  if (err instanceof errors.JOSEAlgNotAllowed || err instanceof errors.JOSENotSupported) return new AuthenticationError('algorithm not allowed');
  if (err instanceof errors.JWSSignatureVerificationFailed) return new AuthenticationError('invalid signature');
  if (err instanceof errors.JWKSNoMatchingKey || err instanceof errors.JWKSMultipleMatchingKeys) return new AuthenticationError('unknown signing key');
  if (err instanceof errors.JWSInvalid || err instanceof errors.JWTInvalid) return new AuthenticationError('malformed token');
  // Anything else (a key of the wrong type, a library surprise): refuse, without details.
  return new AuthenticationError('invalid token');
}

/** Longest Authorization header value considered (a JWT with a few claims is well under 2 KB). */
export const MAX_AUTHORIZATION_LENGTH = 8192;

const BEARER = /^Bearer +([A-Za-z0-9\-._~+/]+=*) *$/i;

/** The token of an `Authorization: Bearer <token>` header (RFC 6750 §2.1), or AuthenticationError. */
export function bearerToken(header: string | readonly string[] | undefined): string {
  if (header === undefined || header === '') throw new AuthenticationError('missing bearer token', null);
  if (typeof header !== 'string' || header.length > MAX_AUTHORIZATION_LENGTH) {
    throw new AuthenticationError('malformed authorization header', 'invalid_request');
  }
  const match = BEARER.exec(header);
  if (!match) {
    const scheme = /^\S+/.exec(header)?.[0] ?? '';
    if (scheme.toLowerCase() !== 'bearer') throw new AuthenticationError('authorization scheme must be Bearer', 'invalid_request');
    throw new AuthenticationError('malformed authorization header', 'invalid_request');
  }
  return match[1]!;
}
