import { isAbsolute, resolve } from 'node:path';

/** Validated configuration: the variables of API.md "Start and configure", with their defaults. */
export interface AppConfig {
  readonly nodeEnv: 'development' | 'production' | 'test';
  readonly port: number;
  readonly dataDir: string;
  /** `sqlite` or an EventStoreDB connection string (`esdb://…`, `esdb+discover://…`). */
  readonly eventStore: string;
  /** null: SQLite under DATA_DIR; else a `postgres://…` URL. */
  readonly readModelUrl: string | null;
  readonly auth: {
    readonly jwtSecret: string | null;
    readonly jwksUrl: string | null;
    readonly issuer: string | null;
    readonly audience: string | null;
  };
  readonly publicBaseUrl: string;
  readonly clock: 'system' | 'simulated';
  readonly role: 'all' | 'api' | 'worker';
  readonly logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /**
   * LOG_FORMAT: `json` (one JSON object a line, for log collectors) or `pretty` (coloured lines for a person).
   * Default: `pretty` in development when standard output is a terminal, `json` otherwise — production and
   * anything piped stay JSON.
   */
  readonly logFormat: 'json' | 'pretty';
  /**
   * DATA_KEY_FILE: the master key that wraps the per-contract personal-data keys, a file that must
   * exist (32 bytes, base64 or hex); null: `<DATA_DIR>/personal-data-master.key`, created on first start.
   */
  readonly dataKeyFile: string | null;
  /**
   * AUDIT_SIGNING_KEY_FILE: the audit log's Ed25519 key (PKCS#8 PEM), a file that must exist; null:
   * `<DATA_DIR>/audit/signing-key.pem`, created on first start. Every process of a deployment signs with it.
   */
  readonly auditSigningKeyFile: string | null;
  readonly notifications: {
    /** `smtp://user:pass@host:587` or `smtps://…`; null: the file transport under DATA_DIR/outbox-sent. */
    readonly smtpUrl: string | null;
    /** The sender, e.g. `Passport for Web <no-reply@example.jp>`. */
    readonly from: string | null;
    /** TERMS_URL: where customers read the terms of service, printed in TERMS_CHANGED notices (Art. 13); null: "sent on request". */
    readonly termsUrl: string | null;
  };
  /** RATE_LIMIT_PER_MINUTE: requests a principal (or, unauthenticated, a client address) may make a minute; 0 = off. */
  readonly rateLimitPerMinute: number;
  /** DOCUMENT_ATTACH_HOURS: an upload not attached to an application within this many hours is destroyed (Art. 4). */
  readonly documentAttachHours: number;
  /** IDEMPOTENCY_RETENTION_DAYS: how long a clientMutationId's first answer is kept. */
  readonly idempotencyRetentionDays: number;
  /**
   * LEASE_SECONDS: how long a process's lease on a projection, a saga or the audit log lasts without renewal
   * (renewed every fifth of it): a process that dies loses its leases after this long and another takes over.
   */
  readonly leaseSeconds: number;
  /** AUDIT_TREE_HEAD_SECONDS: how often the process following the audit log signs a tree head while the log grows. */
  readonly auditTreeHeadSeconds: number;
}

/** Invalid configuration: one line per problem, never the value of a secret. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  }
}

type Env = Record<string, string | undefined>;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/**
 * Reads and validates the environment. Throws ConfigError listing every problem at once. `terminal` tells whether
 * standard output is a terminal (it only picks the default LOG_FORMAT).
 */
export function loadConfig(env: Env = process.env, cwd = process.cwd(), terminal = process.stdout.isTTY === true): AppConfig {
  const problems: string[] = [];
  const text = (name: string): string | null => {
    const value = env[name];
    return value === undefined || value.trim() === '' ? null : value.trim();
  };
  const oneOf = <T extends string>(name: string, allowed: readonly T[], fallback: T): T => {
    const value = text(name);
    if (value === null) return fallback;
    if ((allowed as readonly string[]).includes(value)) return value as T;
    problems.push(`${name}: must be one of ${allowed.join(', ')} (got "${value}")`);
    return fallback;
  };
  const url = (name: string, protocols: readonly string[], secret = false): string | null => {
    const value = text(name);
    if (value === null) return null;
    let parsed: URL | null = null;
    try {
      parsed = new URL(value);
    } catch {
      parsed = null;
    }
    if (!parsed || !protocols.includes(parsed.protocol)) {
      const shown = secret ? '' : ` (got "${value}")`;
      problems.push(`${name}: must be a ${protocols.map((p) => p.replace(':', '')).join(' or ')} URL${shown}`);
      return null;
    }
    return value;
  };

  const nodeEnv = oneOf('NODE_ENV', ['development', 'production', 'test'] as const, 'development');

  let port = 3000;
  const portText = text('PORT');
  if (portText !== null) {
    if (/^\d+$/.test(portText) && Number(portText) <= 65535) port = Number(portText);
    else problems.push(`PORT: must be an integer from 0 to 65535 (got "${portText}")`);
  }

  const dataDirText = text('DATA_DIR') ?? './data';
  const dataDir = isAbsolute(dataDirText) ? dataDirText : resolve(cwd, dataDirText);

  const eventStore = text('EVENT_STORE') ?? 'sqlite';
  if (eventStore !== 'sqlite' && !/^esdb(\+discover)?:\/\/[^/\s]+/.test(eventStore)) {
    // A connection string may carry a password: never echo the value.
    problems.push('EVENT_STORE: must be "sqlite" or an EventStoreDB connection string esdb://host:port (the value given is not shown)');
  }

  let readModelUrl: string | null = null;
  const readModelText = text('READ_MODEL_URL');
  if (readModelText !== null && readModelText !== 'sqlite') {
    // Credentials may be inside: never echo the value.
    readModelUrl = url('READ_MODEL_URL', ['postgres:', 'postgresql:'], true);
  }

  const jwtSecret = text('AUTH_JWT_SECRET');
  if (jwtSecret !== null && Buffer.byteLength(jwtSecret, 'utf8') < 32) {
    problems.push('AUTH_JWT_SECRET: must be at least 32 bytes for HS256 (value not shown)');
  }
  const production = nodeEnv === 'production';
  // An identity provider's keys fetched over plain http could be swapped on the way: https only in production.
  const jwksUrl = url('AUTH_JWKS_URL', production ? ['https:'] : ['https:', 'http:']);
  if (jwtSecret !== null && jwksUrl !== null) {
    problems.push('AUTH_JWT_SECRET and AUTH_JWKS_URL: set one of them, not both');
  }
  if (nodeEnv === 'production' && jwtSecret === null && jwksUrl === null && text('AUTH_JWKS_URL') === null) {
    problems.push('AUTH_JWT_SECRET or AUTH_JWKS_URL: one is required when NODE_ENV=production');
  }
  const issuer = text('AUTH_ISSUER');
  const audience = text('AUTH_AUDIENCE');
  // A provider signs tokens for every application it serves: without issuer and audience, one meant for
  // another application would be accepted here.
  if (production && text('AUTH_JWKS_URL') !== null) {
    if (issuer === null) problems.push('AUTH_ISSUER: required with AUTH_JWKS_URL when NODE_ENV=production');
    if (audience === null) problems.push('AUTH_AUDIENCE: required with AUTH_JWKS_URL when NODE_ENV=production');
  }
  const whole = (name: string, fallback: number, max: number): number => {
    const value = text(name);
    if (value === null) return fallback;
    if (/^\d+$/.test(value) && Number(value) <= max) return Number(value);
    problems.push(`${name}: must be an integer from 0 to ${max} (got "${value}")`);
    return fallback;
  };
  const positive = (name: string, fallback: number, max: number): number => {
    const value = whole(name, fallback, max);
    if (value === 0) {
      problems.push(`${name}: must be at least 1`);
      return fallback;
    }
    return value;
  };

  const file = (name: string): string | null => {
    const value = text(name);
    return value === null ? null : isAbsolute(value) ? value : resolve(cwd, value);
  };
  const dataKeyFile = file('DATA_KEY_FILE');
  const auditSigningKeyFile = file('AUDIT_SIGNING_KEY_FILE');

  const configuredBaseUrl = url('PUBLIC_BASE_URL', ['https:', 'http:']);
  const publicBaseUrl = (configuredBaseUrl ?? `http://localhost:${port}`).replace(/\/+$/, '');

  // Production: every process must use the same keys and publish the same URLs, so nothing is made up per
  // process — a key generated under one DATA_DIR would differ from its neighbours'.
  if (nodeEnv === 'production') {
    if (dataKeyFile === null) problems.push('DATA_KEY_FILE: required when NODE_ENV=production (the master key, kept out of DATA_DIR and the database backups)');
    if (auditSigningKeyFile === null) problems.push('AUDIT_SIGNING_KEY_FILE: required when NODE_ENV=production (the audit log\'s Ed25519 key, PKCS#8 PEM)');
    if (text('PUBLIC_BASE_URL') === null) problems.push('PUBLIC_BASE_URL: required when NODE_ENV=production (the base of the CRL and CA certificate links in issued certificates)');
  }

  const config: AppConfig = {
    nodeEnv,
    port,
    dataDir,
    eventStore,
    readModelUrl,
    auth: { jwtSecret, jwksUrl, issuer, audience },
    publicBaseUrl,
    clock: oneOf('CLOCK', ['system', 'simulated'] as const, 'system'),
    role: oneOf('ROLE', ['all', 'api', 'worker'] as const, 'all'),
    logLevel: oneOf('LOG_LEVEL', LOG_LEVELS, nodeEnv === 'test' ? 'silent' : 'info'),
    logFormat: oneOf('LOG_FORMAT', ['json', 'pretty'] as const, nodeEnv === 'development' && terminal ? 'pretty' : 'json'),
    dataKeyFile,
    auditSigningKeyFile,
    notifications: { smtpUrl: url('NOTIFY_SMTP_URL', ['smtp:', 'smtps:'], true), from: text('NOTIFY_FROM'), termsUrl: url('TERMS_URL', ['https:', 'http:']) },
    rateLimitPerMinute: whole('RATE_LIMIT_PER_MINUTE', 1200, 1_000_000),
    documentAttachHours: positive('DOCUMENT_ATTACH_HOURS', 24, 24 * 365),
    idempotencyRetentionDays: positive('IDEMPOTENCY_RETENTION_DAYS', 30, 3650),
    leaseSeconds: positive('LEASE_SECONDS', 10, 3600),
    auditTreeHeadSeconds: positive('AUDIT_TREE_HEAD_SECONDS', 60, 86_400),
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * For the entry points (api, cli): the configuration, or one line per problem on stderr and exit code 1 —
 * never a stack trace.
 */
export function loadConfigOrExit(env: Env = process.env): AppConfig {
  try {
    return loadConfig(env);
  } catch (err) {
    if (!(err instanceof ConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  }
}
