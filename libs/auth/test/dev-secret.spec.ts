import { chmodSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AuthKeyError, DEV_SECRET_FILE, loadOrCreateDevSecret, resolveAuthKey, type AuthKeyConfig } from '@pfw/auth';

const noAuth = { jwtSecret: null, jwksUrl: null, issuer: null, audience: null };

describe('the development secret under DATA_DIR', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'pfw-auth-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('is generated on the first load (32 random bytes, base64url), mode 0600, and reused on the next', () => {
    const dataDir = join(dir, 'data'); // not there yet: created
    const first = loadOrCreateDevSecret(dataDir);
    expect(first.file).toEqual({ path: join(dataDir, DEV_SECRET_FILE), created: true, permissionsTightened: false });
    expect(first.secret).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(Buffer.from(first.secret, 'base64url')).toHaveLength(32);
    expect(statSync(first.file.path).mode & 0o777).toBe(0o600);
    expect(readFileSync(first.file.path, 'utf8').trim()).toBe(first.secret);

    const second = loadOrCreateDevSecret(dataDir);
    expect(second.secret).toBe(first.secret);
    expect(second.file.created).toBe(false);
  });

  it('is 0600 even under a permissive umask', () => {
    const previous = process.umask(0o000);
    try {
      const { file } = loadOrCreateDevSecret(dir);
      expect(statSync(file.path).mode & 0o777).toBe(0o600);
    } finally {
      process.umask(previous);
    }
  });

  it('gives two different data directories two different secrets', () => {
    expect(loadOrCreateDevSecret(join(dir, 'a')).secret).not.toBe(loadOrCreateDevSecret(join(dir, 'b')).secret);
  });

  it('tightens a file that others can read to 0600 and says so', () => {
    const path = join(dir, DEV_SECRET_FILE);
    writeFileSync(path, 'x'.repeat(40));
    chmodSync(path, 0o644);
    const loaded = loadOrCreateDevSecret(dir);
    expect(loaded.secret).toBe('x'.repeat(40));
    expect(loaded.file.permissionsTightened).toBe(true);
    expect(statSync(path).mode & 0o777).toBe(0o600);
  });

  it('refuses a file too short to be a key, and a symbolic link', () => {
    const path = join(dir, DEV_SECRET_FILE);
    writeFileSync(path, 'short\n', { mode: 0o600 });
    expect(() => loadOrCreateDevSecret(dir)).toThrow(AuthKeyError);
    expect(() => loadOrCreateDevSecret(dir)).toThrow(/delete the file/);
    rmSync(path);
    writeFileSync(join(dir, 'elsewhere'), 'y'.repeat(40), { mode: 0o600 });
    symlinkSync(join(dir, 'elsewhere'), path);
    expect(() => loadOrCreateDevSecret(dir)).toThrow(/regular file/);
  });

  it('leaves no temporary files behind', () => {
    loadOrCreateDevSecret(dir);
    loadOrCreateDevSecret(dir);
    expect(readdirSync(dir)).toEqual([DEV_SECRET_FILE]);
  });

  describe('resolveAuthKey', () => {
    const config = (auth: Partial<AuthKeyConfig['auth']>, nodeEnv: AuthKeyConfig['nodeEnv'] = 'development'): AuthKeyConfig => ({
      nodeEnv,
      dataDir: dir,
      auth: { ...noAuth, ...auth },
    });

    it('uses AUTH_JWT_SECRET as UTF-8 bytes and touches no file', () => {
      const secret = 'ÄÖÜ-non-ascii-secret-0123456789-abcdef';
      const key = resolveAuthKey(config({ jwtSecret: secret }));
      expect(key).toEqual({ kind: 'hs256', secret: new Uint8Array(Buffer.from(secret, 'utf8')), origin: 'configured' });
      expect(readdirSync(dir)).toEqual([]);
    });

    it('uses AUTH_JWKS_URL when set', () => {
      expect(resolveAuthKey(config({ jwksUrl: 'https://idp.example/jwks' }))).toEqual({ kind: 'jwks', url: 'https://idp.example/jwks' });
    });

    it('in development without either: the development secret file, the same key on every load', () => {
      const first = resolveAuthKey(config({}));
      const second = resolveAuthKey(config({}, 'test'));
      expect(first.kind).toBe('hs256');
      expect(first).toMatchObject({ origin: 'development', file: { created: true } });
      expect(second).toMatchObject({ origin: 'development', file: { created: false } });
      if (first.kind !== 'hs256' || second.kind !== 'hs256') throw new Error('expected HS256 keys');
      expect(Buffer.from(second.secret).equals(Buffer.from(first.secret))).toBe(true);
      const text = readFileSync(join(dir, DEV_SECRET_FILE), 'utf8').trim();
      expect(Buffer.from(first.secret).toString('utf8')).toBe(text);
    });

    it('in production without either: refuses (never a generated secret)', () => {
      expect(() => resolveAuthKey(config({}, 'production'))).toThrow(AuthKeyError);
      expect(readdirSync(dir)).toEqual([]);
    });
  });
});
