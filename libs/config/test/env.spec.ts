import { ConfigError, loadConfig } from '@pfw/config';

function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig(env, '/srv/app');
  } catch (err) {
    if (err instanceof ConfigError) return [...err.problems];
    throw err;
  }
  throw new Error('expected a ConfigError');
}

/** What NODE_ENV=production needs at least. */
const PRODUCTION_MINIMUM = {
  AUTH_JWT_SECRET: 'x'.repeat(32),
  DATA_KEY_FILE: '/run/secrets/master',
  AUDIT_SIGNING_KEY_FILE: '/run/secrets/audit.pem',
  PUBLIC_BASE_URL: 'https://ra.example.jp',
};

describe('configuration', () => {
  it('defaults to the embedded store under ./data, port 3000, system clock, all roles', () => {
    const config = loadConfig({}, '/srv/app');
    expect(config).toMatchObject({
      port: 3000,
      dataDir: '/srv/app/data',
      eventStore: 'sqlite',
      readModelUrl: null,
      clock: 'system',
      role: 'all',
      publicBaseUrl: 'http://localhost:3000',
    });
  });

  it('DATA_KEY_FILE (issue 8): the personal-data master key file, resolved against the working directory; default none (DATA_DIR)', () => {
    expect(loadConfig({}, '/srv/app').dataKeyFile).toBeNull();
    expect(loadConfig({ DATA_KEY_FILE: 'secrets/master.key' }, '/srv/app').dataKeyFile).toBe('/srv/app/secrets/master.key');
    expect(loadConfig({ DATA_KEY_FILE: '/run/secrets/pfw-master' }, '/srv/app').dataKeyFile).toBe('/run/secrets/pfw-master');
  });

  it('accepts every documented variable', () => {
    const config = loadConfig(
      {
        PORT: '8080',
        DATA_DIR: '/var/lib/pfw',
        EVENT_STORE: 'esdb://127.0.0.1:2113?tls=false',
        READ_MODEL_URL: 'postgres://u:p@db:5432/pfw',
        AUTH_JWT_SECRET: 'x'.repeat(32),
        AUTH_ISSUER: 'https://idp.example',
        AUTH_AUDIENCE: 'pfw',
        PUBLIC_BASE_URL: 'https://ra.example.jp/',
        CLOCK: 'simulated',
        ROLE: 'worker',
      },
      '/srv/app',
    );
    expect(config).toMatchObject({
      port: 8080,
      dataDir: '/var/lib/pfw',
      eventStore: 'esdb://127.0.0.1:2113?tls=false',
      readModelUrl: 'postgres://u:p@db:5432/pfw',
      auth: { jwtSecret: 'x'.repeat(32), jwksUrl: null, issuer: 'https://idp.example', audience: 'pfw' },
      publicBaseUrl: 'https://ra.example.jp',
      clock: 'simulated',
      role: 'worker',
    });
  });

  it('names every problem on its own line at once', () => {
    expect(problemsOf({ PORT: 'abc', CLOCK: 'fast', ROLE: 'boss', EVENT_STORE: 'mysql://x' })).toEqual([
      'PORT: must be an integer from 0 to 65535 (got "abc")',
      'EVENT_STORE: must be "sqlite" or an EventStoreDB connection string esdb://host:port (the value given is not shown)',
      'CLOCK: must be one of system, simulated (got "fast")',
      'ROLE: must be one of all, api, worker (got "boss")',
    ]);
  });

  it('never shows a secret or a database URL in its messages', () => {
    const problems = problemsOf({
      AUTH_JWT_SECRET: 'short-secret',
      READ_MODEL_URL: 'mysql://user:hunter2@db/x',
      EVENT_STORE: 'esdb:/admin:changeit@db:2113',
    });
    expect(problems.join('\n')).not.toMatch(/short-secret|hunter2|changeit/);
    expect(problems).toHaveLength(3);
  });

  it('requires a way to check tokens, both key files and PUBLIC_BASE_URL in production', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      'AUTH_JWT_SECRET or AUTH_JWKS_URL: one is required when NODE_ENV=production',
      'DATA_KEY_FILE: required when NODE_ENV=production (the master key, kept out of DATA_DIR and the database backups)',
      "AUDIT_SIGNING_KEY_FILE: required when NODE_ENV=production (the audit log's Ed25519 key, PKCS#8 PEM)",
      'PUBLIC_BASE_URL: required when NODE_ENV=production (the base of the CRL and CA certificate links in issued certificates)',
    ]);
    expect(loadConfig({ NODE_ENV: 'production', ...PRODUCTION_MINIMUM }, '/srv/app')).toMatchObject({
      nodeEnv: 'production', dataKeyFile: '/run/secrets/master', auditSigningKeyFile: '/run/secrets/audit.pem', publicBaseUrl: 'https://ra.example.jp',
    });
  });

  it('AUDIT_SIGNING_KEY_FILE: resolved against the working directory; default none (DATA_DIR)', () => {
    expect(loadConfig({}, '/srv/app').auditSigningKeyFile).toBeNull();
    expect(loadConfig({ AUDIT_SIGNING_KEY_FILE: 'secrets/audit.pem' }, '/srv/app').auditSigningKeyFile).toBe('/srv/app/secrets/audit.pem');
  });
});

describe('notification settings', () => {
  it('takes an SMTP URL and a sender, and refuses another scheme without echoing the URL', () => {
    expect(loadConfig({ NOTIFY_SMTP_URL: 'smtp://u:pw@mail.example.jp:587', NOTIFY_FROM: 'PfW <no-reply@example.jp>' }, '/srv').notifications).toEqual({
      smtpUrl: 'smtp://u:pw@mail.example.jp:587',
      from: 'PfW <no-reply@example.jp>',
      termsUrl: null,
    });
    expect(loadConfig({}, '/srv').notifications).toEqual({ smtpUrl: null, from: null, termsUrl: null });
    expect(() => loadConfig({ NOTIFY_SMTP_URL: 'http://u:secretpw@x' }, '/srv')).toThrow(/NOTIFY_SMTP_URL: must be a smtp or smtps URL$/m);
  });

  it('Art. 13: TERMS_URL, where customers read the terms (printed in TERMS_CHANGED notices), is an http(s) URL', () => {
    expect(loadConfig({ TERMS_URL: 'https://www.secomtrust.net/service/pfw/terms.html' }, '/srv').notifications.termsUrl).toBe('https://www.secomtrust.net/service/pfw/terms.html');
    expect(() => loadConfig({ TERMS_URL: 'ftp://example.jp/terms' }, '/srv')).toThrow(/TERMS_URL: must be a https or http URL/);
  });
});

describe('log format', () => {
  it('is pretty for a person at a terminal in development, JSON lines when piped or in production', () => {
    expect(loadConfig({}, '/srv', true).logFormat).toBe('pretty');
    expect(loadConfig({}, '/srv', false).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'production', ...PRODUCTION_MINIMUM }, '/srv', true).logFormat).toBe('json');
    expect(loadConfig({ NODE_ENV: 'test' }, '/srv', true).logFormat).toBe('json');
  });

  it('LOG_FORMAT chooses explicitly, and anything else is refused', () => {
    expect(loadConfig({ LOG_FORMAT: 'json' }, '/srv', true).logFormat).toBe('json');
    expect(loadConfig({ LOG_FORMAT: 'pretty' }, '/srv', false).logFormat).toBe('pretty');
    expect(problemsOf({ LOG_FORMAT: 'xml' })).toEqual(['LOG_FORMAT: must be one of json, pretty (got "xml")']);
  });
});

describe('production with an identity provider (security review, finding 4)', () => {
  const { AUTH_JWT_SECRET: _secret, ...prod } = { NODE_ENV: 'production', ...PRODUCTION_MINIMUM };

  it('requires https for AUTH_JWKS_URL, AUTH_ISSUER and AUTH_AUDIENCE', () => {
    expect(problemsOf({ ...prod, AUTH_JWKS_URL: 'http://idp.example.jp/jwks.json' })).toEqual([
      'AUTH_JWKS_URL: must be a https URL (got "http://idp.example.jp/jwks.json")',
      'AUTH_ISSUER: required with AUTH_JWKS_URL when NODE_ENV=production',
      'AUTH_AUDIENCE: required with AUTH_JWKS_URL when NODE_ENV=production',
    ]);
    const ok = loadConfig({ ...prod, AUTH_JWKS_URL: 'https://idp.example.jp/jwks.json', AUTH_ISSUER: 'https://idp.example.jp/', AUTH_AUDIENCE: 'pfw' }, '/srv');
    expect(ok.auth).toEqual({ jwtSecret: null, jwksUrl: 'https://idp.example.jp/jwks.json', issuer: 'https://idp.example.jp/', audience: 'pfw' });
  });

  it('development may still use a plain-http provider without issuer or audience', () => {
    expect(loadConfig({ AUTH_JWKS_URL: 'http://127.0.0.1:8080/jwks.json' }, '/srv').auth.jwksUrl).toBe('http://127.0.0.1:8080/jwks.json');
  });
});

describe('limits and retention', () => {
  it('defaults: 1200 requests a minute, uploads attached within 24 hours, answers kept 30 days, a tree head a minute', () => {
    expect(loadConfig({}, '/srv')).toMatchObject({ rateLimitPerMinute: 1200, documentAttachHours: 24, idempotencyRetentionDays: 30, auditTreeHeadSeconds: 60 });
    expect(
      loadConfig({ RATE_LIMIT_PER_MINUTE: '0', DOCUMENT_ATTACH_HOURS: '2', IDEMPOTENCY_RETENTION_DAYS: '7', AUDIT_TREE_HEAD_SECONDS: '5' }, '/srv'),
    ).toMatchObject({
      rateLimitPerMinute: 0, documentAttachHours: 2, idempotencyRetentionDays: 7, auditTreeHeadSeconds: 5,
    });
  });

  it('refuses what is not a whole number in range', () => {
    expect(problemsOf({ RATE_LIMIT_PER_MINUTE: 'lots', DOCUMENT_ATTACH_HOURS: '0', IDEMPOTENCY_RETENTION_DAYS: '-1', AUDIT_TREE_HEAD_SECONDS: '0' })).toEqual([
      'RATE_LIMIT_PER_MINUTE: must be an integer from 0 to 1000000 (got "lots")',
      'DOCUMENT_ATTACH_HOURS: must be at least 1',
      'IDEMPOTENCY_RETENTION_DAYS: must be an integer from 0 to 3650 (got "-1")',
      'AUDIT_TREE_HEAD_SECONDS: must be at least 1',
    ]);
  });
});
