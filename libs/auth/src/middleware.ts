import { Inject, Injectable, Logger, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { AuthenticationError, KeySetUnavailableError } from './errors';
import type { RequestWithPrincipal } from './principal';
import { RateLimiter } from './rate-limit';
import { TokenVerifier, bearerToken } from './verifier';

/** Injection token for the TokenVerifier the middleware uses. */
export const TOKEN_VERIFIER = Symbol.for('pfw.auth.TokenVerifier');

/**
 * API.md "HTTP": the only requests served without a token — GET (and HEAD) of these exact paths, with or
 * without one trailing slash. Everything else, `/graphql`, `/documents`, `/metrics` and unknown paths
 * included, needs a valid bearer token.
 */
export const PUBLIC_PATHS: readonly string[] = Object.freeze([
  '/',
  '/health',
  '/ca/crl',
  '/ca/certificate',
  // The development GraphQL IDE and its files (not served in production); the IDE's calls carry a token.
  '/graphiql',
  '/graphiql/react.js',
  '/graphiql/react-dom.js',
  '/graphiql/graphiql.js',
  '/graphiql/graphiql.css',
]);

/** API.md "Admin console": the console's files under this prefix are public too (its calls carry the token). */
export const PUBLIC_PREFIXES: readonly string[] = Object.freeze(['/admin']);

/** True when the request may be served without a token. */
export function isPublicRequest(method: string | undefined, url: string | undefined): boolean {
  if (method !== 'GET' && method !== 'HEAD') return false;
  let path = (url ?? '').split(/[?#]/, 1)[0]!;
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return PUBLIC_PATHS.includes(path) || PUBLIC_PREFIXES.some((prefix) => path === prefix || path.startsWith(`${prefix}/`));
}

type Request = IncomingMessage & RequestWithPrincipal & { originalUrl?: string; ip?: string };

/**
 * Authenticates every HTTP request but the public ones, before any route, controller or GraphQL runs:
 * a valid bearer token puts its Principal on `req.principal`; anything else ends the request here with
 * 401 `{ statusCode, error, message }` and `WWW-Authenticate: Bearer` (RFC 6750), or 503 when the
 * identity provider's key set cannot be fetched. Then counts the request against the rate limit — per
 * principal, or per client address for a public request or one without a valid token — and answers 429
 * with `Retry-After` when it is over.
 */
@Injectable()
export class AuthMiddleware implements NestMiddleware<Request, ServerResponse> {
  private readonly logger = new Logger('Auth');

  constructor(
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    private readonly limiter: RateLimiter,
  ) {}

  async use(req: Request, res: ServerResponse, next: (error?: unknown) => void): Promise<void> {
    // A principal set by anything but this middleware is not trusted.
    delete req.principal;
    const address = `address:${req.ip ?? req.socket?.remoteAddress ?? 'unknown'}`;
    // originalUrl: the path as the client sent it, before any mount point was stripped from req.url.
    if (isPublicRequest(req.method, req.originalUrl ?? req.url)) {
      if (await this.overLimit(address, res)) return;
      return next();
    }
    try {
      req.principal = await this.verifier.verify(bearerToken(req.headers.authorization));
    } catch (err) {
      if (await this.overLimit(address, res)) return;
      if (err instanceof KeySetUnavailableError) {
        this.logger.warn(`${err.message}: ${err.cause instanceof Error ? err.cause.message : String(err.cause)}`);
        return send(res, 503, 'Service Unavailable', 'cannot verify token right now', { 'retry-after': '30' });
      }
      const reason = err instanceof AuthenticationError ? err : new AuthenticationError('invalid token');
      const challenge = reason.bearerError === null ? 'Bearer' : `Bearer error="${reason.bearerError}"`;
      return send(res, 401, 'Unauthorized', reason.message, { 'www-authenticate': challenge });
    }
    if (await this.overLimit(`principal:${req.principal.id}`, res)) return;
    next();
  }

  /** Counts the request; when over the limit, answers 429 with Retry-After and says so. */
  private async overLimit(key: string, res: ServerResponse): Promise<boolean> {
    const decision = await this.limiter.hit(key);
    if (decision.allowed) return false;
    send(res, 429, 'Too Many Requests', `too many requests: at most ${this.limiter.perMinute} a minute`, { 'retry-after': String(decision.retryAfterSeconds) });
    return true;
  }
}

function send(res: ServerResponse, statusCode: number, error: string, message: string, headers: Record<string, string>): void {
  const body = JSON.stringify({ statusCode, error, message });
  res.statusCode = statusCode;
  for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('cache-control', 'no-store');
  res.setHeader('content-length', Buffer.byteLength(body));
  res.end(body);
}
