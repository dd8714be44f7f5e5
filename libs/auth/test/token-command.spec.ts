import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Module } from '@nestjs/common';
import { CommandFactory, CommandRunnerService } from 'nest-commander';
import { AppConfigModule, loadConfig, type AppConfig } from '@pfw/config';
import { DEV_SECRET_FILE, mintCliToken, resolveAuthKey, Role, TokenRequestError, TokenVerifier } from '@pfw/auth';
// The CLI shell's command: tested here through its run method and through nest-commander's parser.
import { TokenCommand } from '../../../apps/cli/src/commands/token.command';

const SECRET_TEXT = 'cli-spec-secret-0123456789-abcdefghijklmnopq';

describe('npm run cli -- token', () => {
  let dataDir: string;
  let stdout: string[];
  let stderr: string[];
  const config = (env: Record<string, string> = {}): AppConfig => loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir, ...env });

  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pfw-auth-cli-'));
    stdout = [];
    stderr = [];
    jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stdout.push(String(chunk));
      return true;
    });
    jest.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => {
      stderr.push(String(chunk));
      return true;
    });
  });
  afterEach(() => {
    jest.restoreAllMocks();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const verify = (cfg: AppConfig, token: string) =>
    new TokenVerifier(resolveAuthKey(cfg), { issuer: cfg.auth.issuer, audience: cfg.auth.audience }).verify(token);

  describe('TokenCommand.run', () => {
    it('with AUTH_JWT_SECRET (and issuer/audience) prints one token the api accepts', async () => {
      const cfg = config({ AUTH_JWT_SECRET: SECRET_TEXT, AUTH_ISSUER: 'https://idp.example', AUTH_AUDIENCE: 'pfw-api' });
      await new TokenCommand(cfg).run([], { role: ['screener', 'BILLING'], sub: 'alice', ttl: '30m' });
      expect(stdout).toHaveLength(1);
      expect(stdout[0]).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+\n$/);
      const token = stdout[0]!.trim();
      await expect(verify(cfg, token)).resolves.toEqual({ id: 'alice', roles: [Role.SCREENER, Role.BILLING] });
      const claims = JSON.parse(Buffer.from(token.split('.')[1]!, 'base64url').toString('utf8'));
      expect(claims).toMatchObject({ sub: 'alice', roles: ['screener', 'billing'], iss: 'https://idp.example', aud: 'pfw-api' });
      expect(claims.exp - claims.iat).toBe(1800);
      expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString('utf8'))).toEqual({ alg: 'HS256', typ: 'JWT' });
    });

    it('without a secret uses (and if needed creates, 0600) the development secret the api uses', async () => {
      const cfg = config();
      await new TokenCommand(cfg).run([], { role: ['admin'] });
      const path = join(dataDir, DEV_SECRET_FILE);
      expect(statSync(path).mode & 0o777).toBe(0o600);
      // The api's key, resolved later from the same configuration, accepts it.
      await expect(verify(cfg, stdout[0]!.trim())).resolves.toEqual({ id: 'dev-cli', roles: [Role.ADMIN] });
      const claims = JSON.parse(Buffer.from(stdout[0]!.split('.')[1]!, 'base64url').toString('utf8'));
      expect(claims.exp - claims.iat).toBe(8 * 3600);
    });

    it('refuses when only AUTH_JWKS_URL is configured, saying why', async () => {
      const run = new TokenCommand(config({ AUTH_JWKS_URL: 'https://idp.example/jwks' })).run([], { role: ['admin'] });
      await expect(run).rejects.toThrow(TokenRequestError);
      await expect(new TokenCommand(config({ AUTH_JWKS_URL: 'https://idp.example/jwks' })).run([], { role: ['admin'] })).rejects.toThrow(/AUTH_JWKS_URL is set/);
      expect(stdout).toEqual([]);
    });

    it('warns on stderr when NODE_ENV=production', async () => {
      await new TokenCommand(config({ NODE_ENV: 'production', AUTH_JWT_SECRET: SECRET_TEXT, DATA_KEY_FILE: '/run/secrets/master', AUDIT_SIGNING_KEY_FILE: '/run/secrets/audit.pem', PUBLIC_BASE_URL: 'https://ra.example.jp' })).run([], { role: ['auditor'] });
      expect(stderr.join('')).toMatch(/production/);
      expect(stdout).toHaveLength(1);
    });
  });

  describe('mintCliToken input checks', () => {
    it.each([
      [[], undefined, undefined, /at least one --role/],
      [['root'], undefined, undefined, /unknown role "root"/],
      [['system'], undefined, undefined, /never accepted from a token/],
      [['SYSTEM'], undefined, undefined, /never accepted from a token/],
      [['admin'], '', undefined, /--sub/],
      [['admin'], undefined, '0h', /--ttl/],
      [['admin'], undefined, '31d', /--ttl/],
      [['admin'], undefined, 'soon', /--ttl/],
    ])('roles %j, sub %j, ttl %j → refused', async (roles, sub, ttl, message) => {
      await expect(mintCliToken(config({ AUTH_JWT_SECRET: SECRET_TEXT }), { roles, sub, ttl })).rejects.toThrow(message);
    });
  });

  it('through nest-commander: repeated --role, --sub and --ttl are parsed', async () => {
    const cfg = config({ AUTH_JWT_SECRET: SECRET_TEXT });
    @Module({ imports: [AppConfigModule.forRoot(cfg)], providers: [TokenCommand] })
    class TestCliModule {}
    const errors: unknown[] = [];
    const app = await CommandFactory.createWithoutRunning(TestCliModule, { logger: false, serviceErrorHandler: (err) => {
        errors.push(err);
      } });
    try {
      await app.get(CommandRunnerService).run(['node', 'cli', 'token', '--role', 'operator', '-r', 'auditor', '--sub', 'bob', '--ttl', '2h']);
    } finally {
      await app.close();
    }
    expect(errors).toEqual([]);
    expect(stdout).toHaveLength(1);
    await expect(verify(cfg, stdout[0]!.trim())).resolves.toEqual({ id: 'bob', roles: [Role.OPERATOR, Role.AUDITOR] });
    const claims = JSON.parse(Buffer.from(stdout[0]!.split('.')[1]!, 'base64url').toString('utf8'));
    expect(claims.exp - claims.iat).toBe(7200);
  });
});
