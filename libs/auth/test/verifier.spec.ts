import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT, UnsecuredJWT, type JWTPayload, type KeyLike } from 'jose';
import {
  AuthenticationError,
  bearerToken,
  KeySetUnavailableError,
  mintToken,
  Role,
  TokenVerifier,
  type AuthKey,
} from '@pfw/auth';

const SECRET_TEXT = 'a-test-secret-that-is-long-enough-for-hs256!';
const SECRET = new TextEncoder().encode(SECRET_TEXT);
const HS_KEY: AuthKey = { kind: 'hs256', secret: SECRET, origin: 'configured' };
const NOW = new Date('2025-06-01T00:00:00Z');
const nowSeconds = Math.floor(NOW.getTime() / 1000);

function hs256(payload: JWTPayload, options: { alg?: string; secret?: Uint8Array; exp?: number | null } = {}): Promise<string> {
  const jwt = new SignJWT(payload).setProtectedHeader({ alg: options.alg ?? 'HS256' }).setIssuedAt(nowSeconds);
  if (options.exp !== null) jwt.setExpirationTime(options.exp ?? nowSeconds + 3600);
  return jwt.sign(options.secret ?? SECRET);
}

async function reason(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof AuthenticationError) return err.message;
    throw err;
  }
  throw new Error('expected the token to be refused');
}

describe('TokenVerifier with HS256 (AUTH_JWT_SECRET)', () => {
  const verifier = new TokenVerifier(HS_KEY, { now: () => NOW });

  it('accepts a valid token and maps sub and roles to a Principal', async () => {
    const token = await hs256({ sub: 'staff-1', roles: ['screener', 'auditor'] });
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'staff-1', roles: [Role.SCREENER, Role.AUDITOR] });
  });

  it('accepts what mintToken makes (the CLI and the dev banner)', async () => {
    const token = await mintToken(SECRET, { sub: 'ops-7', roles: [Role.OPERATOR, Role.BILLING], ttlSeconds: 60, now: NOW });
    await expect(verifier.verify(token)).resolves.toEqual({ id: 'ops-7', roles: [Role.OPERATOR, Role.BILLING] });
  });

  it('refuses an expired token', async () => {
    const token = await hs256({ sub: 's', roles: ['admin'] }, { exp: nowSeconds - 60 });
    expect(await reason(verifier.verify(token))).toBe('token expired');
  });

  it('allows a few seconds of clock skew on exp, no more', async () => {
    const justExpired = await hs256({ sub: 's', roles: ['admin'] }, { exp: nowSeconds - 2 });
    await expect(verifier.verify(justExpired)).resolves.toMatchObject({ id: 's' });
    const longExpired = await hs256({ sub: 's', roles: ['admin'] }, { exp: nowSeconds - 6 });
    expect(await reason(verifier.verify(longExpired))).toBe('token expired');
  });

  it('refuses a token without exp', async () => {
    const token = await hs256({ sub: 's', roles: ['admin'] }, { exp: null });
    expect(await reason(verifier.verify(token))).toBe('token has no expiry');
  });

  it('refuses a token not valid yet (nbf in the future)', async () => {
    const token = await hs256({ sub: 's', roles: ['admin'], nbf: nowSeconds + 600 });
    expect(await reason(verifier.verify(token))).toBe('token not yet valid');
  });

  it('refuses a bad signature (another secret)', async () => {
    const token = await hs256({ sub: 's', roles: ['admin'] }, { secret: new TextEncoder().encode('another-secret-of-at-least-32-bytes!!') });
    expect(await reason(verifier.verify(token))).toBe('invalid signature');
  });

  it('refuses a token whose payload was altered after signing', async () => {
    const token = await hs256({ sub: 's', roles: ['auditor'] });
    const [header, , signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ sub: 's', roles: ['admin'], exp: nowSeconds + 3600 })).toString('base64url');
    expect(await reason(verifier.verify(`${header}.${forged}.${signature}`))).toBe('invalid signature');
  });

  it('refuses another HMAC algorithm with the right secret (HS512): only HS256 is pinned', async () => {
    const token = await hs256({ sub: 's', roles: ['admin'] }, { alg: 'HS512' });
    expect(await reason(verifier.verify(token))).toBe('algorithm not allowed');
  });

  it('refuses an RS256 token in HS256 mode', async () => {
    const { privateKey } = await generateKeyPair('RS256');
    const token = await new SignJWT({ sub: 's', roles: ['admin'] }).setProtectedHeader({ alg: 'RS256' }).setExpirationTime(nowSeconds + 60).sign(privateKey);
    expect(await reason(verifier.verify(token))).toBe('algorithm not allowed');
  });

  it('refuses alg "none" (an unsecured JWT)', async () => {
    const token = new UnsecuredJWT({ sub: 's', roles: ['admin'] }).setExpirationTime(nowSeconds + 60).encode();
    expect(token.endsWith('.')).toBe(true);
    expect(await reason(verifier.verify(token))).toBe('algorithm not allowed');
  });

  it('refuses alg "none" even when a signature part is present', async () => {
    const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const body = Buffer.from(JSON.stringify({ sub: 's', roles: ['admin'], exp: nowSeconds + 60 })).toString('base64url');
    expect(await reason(verifier.verify(`${header}.${body}.AAAA`))).toBe('algorithm not allowed');
  });

  it('refuses a missing, empty or non-string sub', async () => {
    expect(await reason(verifier.verify(await hs256({ roles: ['admin'] })))).toBe('missing or invalid sub claim');
    expect(await reason(verifier.verify(await hs256({ sub: '', roles: ['admin'] })))).toBe('missing or invalid sub claim');
    expect(await reason(verifier.verify(await hs256({ sub: 'x'.repeat(257), roles: ['admin'] })))).toBe('missing or invalid sub claim');
    expect(await reason(verifier.verify(await hs256({ sub: 'a\nb', roles: ['admin'] })))).toBe('missing or invalid sub claim');
  });

  it('refuses a token with no known role; ignores unknown ones; never accepts SYSTEM', async () => {
    expect(await reason(verifier.verify(await hs256({ sub: 's', roles: [] })))).toBe('no known role in token');
    expect(await reason(verifier.verify(await hs256({ sub: 's', roles: ['superuser', 'ADMIN', 'Admin', 42] })))).toBe('no known role in token');
    expect(await reason(verifier.verify(await hs256({ sub: 's', roles: ['system'] })))).toBe('no known role in token');
    expect(await reason(verifier.verify(await hs256({ sub: 's', roles: ['SYSTEM'] })))).toBe('no known role in token');
    expect(await reason(verifier.verify(await hs256({ sub: 's' })))).toBe('roles claim must be an array');
    expect(await reason(verifier.verify(await hs256({ sub: 's', roles: 'admin' })))).toBe('roles claim must be an array');
    const mixed = await hs256({ sub: 's', roles: ['system', 'billing', 'root', 'billing', 'operator'] });
    await expect(verifier.verify(mixed)).resolves.toEqual({ id: 's', roles: [Role.BILLING, Role.OPERATOR] });
  });

  it('refuses garbage', async () => {
    expect(await reason(verifier.verify('not-a-jwt'))).toBe('malformed token');
    expect(await reason(verifier.verify('a.b.c'))).toBe('malformed token');
  });

  describe('with AUTH_ISSUER and AUTH_AUDIENCE set', () => {
    const strict = new TokenVerifier(HS_KEY, { issuer: 'https://idp.example', audience: 'pfw-api', now: () => NOW });

    it('accepts matching iss and aud', async () => {
      const token = await hs256({ sub: 's', roles: ['admin'], iss: 'https://idp.example', aud: ['other', 'pfw-api'] });
      await expect(strict.verify(token)).resolves.toEqual({ id: 's', roles: [Role.ADMIN] });
    });

    it('refuses a wrong or missing issuer', async () => {
      expect(await reason(strict.verify(await hs256({ sub: 's', roles: ['admin'], iss: 'https://evil.example', aud: 'pfw-api' })))).toBe('unexpected issuer');
      expect(await reason(strict.verify(await hs256({ sub: 's', roles: ['admin'], aud: 'pfw-api' })))).toBe('unexpected issuer');
    });

    it('refuses a wrong or missing audience', async () => {
      expect(await reason(strict.verify(await hs256({ sub: 's', roles: ['admin'], iss: 'https://idp.example', aud: 'someone-else' })))).toBe('unexpected audience');
      expect(await reason(strict.verify(await hs256({ sub: 's', roles: ['admin'], iss: 'https://idp.example' })))).toBe('unexpected audience');
    });

    it('mintToken with issuer and audience makes tokens the strict verifier accepts', async () => {
      const token = await mintToken(SECRET, { sub: 'x', roles: [Role.AUDITOR], ttlSeconds: 60, issuer: 'https://idp.example', audience: 'pfw-api', now: NOW });
      await expect(strict.verify(token)).resolves.toEqual({ id: 'x', roles: [Role.AUDITOR] });
    });
  });

  it('without issuer/audience configured, iss and aud in a token are not checked', async () => {
    const token = await hs256({ sub: 's', roles: ['admin'], iss: 'anyone', aud: 'anything' });
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 's' });
  });
});

describe('TokenVerifier remembers verified tokens (by their exact text)', () => {
  it('given a token accepted once, when its exp passes beyond the skew, then it is refused as expired', async () => {
    let now = NOW;
    const verifier = new TokenVerifier(HS_KEY, { now: () => now });
    const token = await hs256({ sub: 's', roles: ['admin'] }, { exp: nowSeconds + 60 });
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 's' });
    now = new Date(NOW.getTime() + 64_000);
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 's' });
    now = new Date(NOW.getTime() + 65_000);
    expect(await reason(verifier.verify(token))).toBe('token expired');
  });

  it('given a token accepted once, when the clock is set back before its nbf, then it is refused as not yet valid', async () => {
    let now = NOW;
    const verifier = new TokenVerifier(HS_KEY, { now: () => now });
    const token = await hs256({ sub: 's', roles: ['admin'], nbf: nowSeconds });
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 's' });
    now = new Date(NOW.getTime() - 60_000);
    expect(await reason(verifier.verify(token))).toBe('token not yet valid');
  });

  it('given a token refused as not yet valid, when its nbf arrives, then it is accepted (a refusal is not remembered)', async () => {
    let now = NOW;
    const verifier = new TokenVerifier(HS_KEY, { now: () => now });
    const token = await hs256({ sub: 's', roles: ['admin'], nbf: nowSeconds + 60 });
    expect(await reason(verifier.verify(token))).toBe('token not yet valid');
    now = new Date(NOW.getTime() + 60_000);
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 's' });
  });

  it('given a token accepted once, when a byte of it changes, then the changed token is verified in full and refused', async () => {
    const verifier = new TokenVerifier(HS_KEY, { now: () => NOW });
    const token = await hs256({ sub: 's', roles: ['admin'] });
    await expect(verifier.verify(token)).resolves.toMatchObject({ id: 's' });
    const [header, payload, signature] = token.split('.');
    // The first character of the signature: all six of its bits are signature bits.
    const flipped = `${header}.${payload}.${signature!.startsWith('A') ? 'B' : 'A'}${signature!.slice(1)}`;
    expect(await reason(verifier.verify(flipped))).toBe('invalid signature');
  });

  describe('with a key set', () => {
    let server: Server;
    let url: string;
    let keys: object[] = [];

    beforeAll(async () => {
      server = createServer((_req, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys })));
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/jwks`;
    });

    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    const published = async (publicKey: KeyLike, kid: string) => ({ ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' });
    const signed = (key: KeyLike, kid: string) =>
      new SignJWT({ sub: 'idp-user', roles: ['operator'] }).setProtectedHeader({ alg: 'RS256', kid }).setExpirationTime('1h').sign(key);

    it('given a token accepted once, when the set fetched again no longer has its key, then it is refused', async () => {
      const { privateKey, publicKey } = await generateKeyPair('RS256');
      keys = [await published(publicKey, 'k-1')];
      // A set used for no time at all: every verification fetches it again.
      const verifier = new TokenVerifier({ kind: 'jwks', url }, { jwksMaxAgeMs: 0 });
      const token = await signed(privateKey, 'k-1');
      await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'idp-user' });
      await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'idp-user' });
      keys = [];
      expect(await reason(verifier.verify(token))).toBe('unknown signing key');
    });

    it('given a token accepted once, when the set fetched again has another key under its kid, then its signature is checked again and refused', async () => {
      const { privateKey, publicKey } = await generateKeyPair('RS256');
      const { publicKey: replacement } = await generateKeyPair('RS256');
      keys = [await published(publicKey, 'k-2')];
      const verifier = new TokenVerifier({ kind: 'jwks', url }, { jwksMaxAgeMs: 0 });
      const token = await signed(privateKey, 'k-2');
      await expect(verifier.verify(token)).resolves.toMatchObject({ id: 'idp-user' });
      keys = [await published(replacement, 'k-2')];
      expect(await reason(verifier.verify(token))).toBe('invalid signature');
    });
  });
});

describe('TokenVerifier with RS256 via a JWKS (AUTH_JWKS_URL)', () => {
  let server: Server;
  let url: string;
  let requests = 0;
  let available = true;
  let privateKey: KeyLike;
  let publicKey: KeyLike;
  let otherPrivateKey: KeyLike;

  beforeAll(async () => {
    ({ privateKey, publicKey } = await generateKeyPair('RS256'));
    ({ privateKey: otherPrivateKey } = await generateKeyPair('RS256'));
    const jwk = { ...(await exportJWK(publicKey)), kid: 'key-1', alg: 'RS256', use: 'sig' };
    server = createServer((req, res) => {
      requests += 1;
      if (!available) {
        res.writeHead(500).end('down');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ keys: [jwk] }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/.well-known/jwks.json`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const rs256 = (payload: JWTPayload, key: KeyLike = privateKey, kid = 'key-1') =>
    new SignJWT(payload).setProtectedHeader({ alg: 'RS256', kid }).setIssuedAt().setExpirationTime('1h').sign(key);

  it('accepts a token signed by the published key and fetches the set once', async () => {
    const verifier = new TokenVerifier({ kind: 'jwks', url });
    const before = requests;
    await expect(verifier.verify(await rs256({ sub: 'idp-user', roles: ['operator'] }))).resolves.toEqual({ id: 'idp-user', roles: [Role.OPERATOR] });
    await expect(verifier.verify(await rs256({ sub: 'idp-user-2', roles: ['billing'] }))).resolves.toEqual({ id: 'idp-user-2', roles: [Role.BILLING] });
    expect(requests - before).toBe(1);
  });

  it('checks issuer and audience in RS256 mode too', async () => {
    const verifier = new TokenVerifier({ kind: 'jwks', url }, { issuer: 'https://idp.example', audience: 'pfw-api' });
    await expect(verifier.verify(await rs256({ sub: 'u', roles: ['admin'], iss: 'https://idp.example', aud: 'pfw-api' }))).resolves.toMatchObject({ id: 'u' });
    expect(await reason(verifier.verify(await rs256({ sub: 'u', roles: ['admin'], iss: 'https://idp.example', aud: 'x' })))).toBe('unexpected audience');
    expect(await reason(verifier.verify(await rs256({ sub: 'u', roles: ['admin'], iss: 'https://x', aud: 'pfw-api' })))).toBe('unexpected issuer');
  });

  it('refuses a token signed by another key under the published kid (bad signature)', async () => {
    const verifier = new TokenVerifier({ kind: 'jwks', url });
    expect(await reason(verifier.verify(await rs256({ sub: 'u', roles: ['admin'] }, otherPrivateKey)))).toBe('invalid signature');
  });

  it('refuses a token naming a key the set does not have', async () => {
    const verifier = new TokenVerifier({ kind: 'jwks', url });
    expect(await reason(verifier.verify(await rs256({ sub: 'u', roles: ['admin'] }, otherPrivateKey, 'key-unknown')))).toBe('unknown signing key');
  });

  it('refuses an expired RS256 token', async () => {
    const verifier = new TokenVerifier({ kind: 'jwks', url });
    const token = await new SignJWT({ sub: 'u', roles: ['admin'] }).setProtectedHeader({ alg: 'RS256', kid: 'key-1' }).setExpirationTime(Math.floor(Date.now() / 1000) - 120).sign(privateKey);
    expect(await reason(verifier.verify(token))).toBe('token expired');
  });

  it('refuses algorithm confusion: an HS256 token keyed with the public key, without fetching keys', async () => {
    const verifier = new TokenVerifier({ kind: 'jwks', url });
    const before = requests;
    const pem = new TextEncoder().encode(await exportSPKI(publicKey));
    const token = await new SignJWT({ sub: 'u', roles: ['admin'] }).setProtectedHeader({ alg: 'HS256', kid: 'key-1' }).setExpirationTime('1h').sign(pem);
    expect(await reason(verifier.verify(token))).toBe('algorithm not allowed');
    expect(requests).toBe(before);
  });

  it('refuses alg none in RS256 mode', async () => {
    const verifier = new TokenVerifier({ kind: 'jwks', url });
    const token = new UnsecuredJWT({ sub: 'u', roles: ['admin'] }).setExpirationTime('1h').encode();
    expect(await reason(verifier.verify(token))).toBe('algorithm not allowed');
  });

  it('reports an unreachable or failing key set as KeySetUnavailableError, not as a bad token', async () => {
    available = false;
    try {
      const failing = new TokenVerifier({ kind: 'jwks', url });
      await expect(failing.verify(await rs256({ sub: 'u', roles: ['admin'] }))).rejects.toBeInstanceOf(KeySetUnavailableError);
    } finally {
      available = true;
    }
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedUrl = `http://127.0.0.1:${(closed.address() as AddressInfo).port}/jwks`;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const unreachable = new TokenVerifier({ kind: 'jwks', url: closedUrl });
    await expect(unreachable.verify(await rs256({ sub: 'u', roles: ['admin'] }))).rejects.toBeInstanceOf(KeySetUnavailableError);
  });
});

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  throw new Error('expected a throw');
}

describe('bearerToken (the Authorization header)', () => {
  it('takes the token of "Bearer <token>", scheme case-insensitive', () => {
    expect(bearerToken('Bearer abc.def.ghi')).toBe('abc.def.ghi');
    expect(bearerToken('bearer abc.def.ghi')).toBe('abc.def.ghi');
  });

  it('says when there is no header at all (no error code, per RFC 6750)', () => {
    for (const header of [undefined, '']) {
      const caught = thrown(() => bearerToken(header));
      expect(caught).toBeInstanceOf(AuthenticationError);
      expect((caught as AuthenticationError).message).toBe('missing bearer token');
      expect((caught as AuthenticationError).bearerError).toBeNull();
    }
  });

  it.each([
    ['a Basic header', 'Basic dXNlcjpwYXNz', 'authorization scheme must be Bearer'],
    ['a bare token', 'abc.def.ghi', 'authorization scheme must be Bearer'],
    ['"Bearer" alone', 'Bearer', 'malformed authorization header'],
    ['"Bearer " and nothing', 'Bearer ', 'malformed authorization header'],
    ['two tokens', 'Bearer a b', 'malformed authorization header'],
    ['a quote in the token', 'Bearer a"b', 'malformed authorization header'],
    ['a 9000-character header', `Bearer ${'a'.repeat(9000)}`, 'malformed authorization header'],
  ])('refuses %s as invalid_request', (_what, header, message) => {
    const caught = thrown(() => bearerToken(header));
    expect(caught).toBeInstanceOf(AuthenticationError);
    expect((caught as AuthenticationError).message).toBe(message);
    expect((caught as AuthenticationError).bearerError).toBe('invalid_request');
  });
});
