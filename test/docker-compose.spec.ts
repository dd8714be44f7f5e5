import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { loadConfig, type AppConfig } from '@pfw/config';

/**
 * docker/docker-compose.yml read as Docker Compose reads it (YAML merge keys, `${VAR:?message}`), each of its
 * processes' environments (the image's ENV, then the service's) given to the product's own configuration
 * parser. No Docker engine runs on these machines, so this is what can be checked here: the stack the file
 * describes is the shape README "Running several processes" promises, and every process of it would start
 * (NODE_ENV=production refuses a missing key file, secret or public URL at start-up).
 */
describe('docker/docker-compose.yml: two api replicas and a worker on EventStoreDB and PostgreSQL', () => {
  const root = join(__dirname, '..');
  const compose = parse(readFileSync(join(root, 'docker/docker-compose.yml'), 'utf8'), { merge: true }) as Compose;
  const services = Object.entries(compose.services);
  const processes = services.filter(([, s]) => typeof s.environment?.ROLE === 'string');
  let dir: string;

  interface Service {
    readonly image?: string;
    readonly build?: unknown;
    readonly environment?: Record<string, string>;
    readonly volumes?: readonly string[];
    readonly secrets?: readonly string[];
    readonly depends_on?: Record<string, { condition: string }> | readonly string[];
  }
  interface Compose {
    readonly services: Record<string, Service>;
    readonly configs: Record<string, { content: string }>;
    readonly secrets: Record<string, { file: string }>;
  }

  /** The runtime stage's `ENV a=b \ c=d` of docker/Dockerfile. */
  function imageEnv(): Record<string, string> {
    const dockerfile = readFileSync(join(root, 'docker/Dockerfile'), 'utf8');
    const runtime = dockerfile.slice(dockerfile.lastIndexOf('FROM '));
    const env: Record<string, string> = {};
    for (const [, name, value] of runtime.matchAll(/(?:ENV\s+|\\\s*\n\s*)([A-Z_]+)=(\S+)/g)) env[name!] = value!;
    return env;
  }

  /** Compose's interpolation: `${VAR}`, `${VAR:-default}`, `${VAR:?error}` from `values`. */
  function interpolate(value: string, values: Record<string, string>): string {
    return value.replace(/\$\{([A-Z_]+)(?::([?-])([^}]*))?\}/g, (_, name: string, op?: string, arg?: string) => {
      if (values[name] !== undefined) return values[name]!;
      if (op === '-') return arg ?? '';
      throw new Error(`${name} is unset: compose would refuse to start (${arg ?? 'no message'})`);
    });
  }

  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'pfw-compose-'));
    writeFileSync(join(dir, 'master.key'), randomBytes(32).toString('base64'));
    writeFileSync(join(dir, 'audit-signing-key.pem'), generateKeyPairSync('ed25519').privateKey.export({ format: 'pem', type: 'pkcs8' }));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  /** The configuration the process `name` would start with; the secrets mounted where compose mounts them. */
  function configOf(name: string, service: Service): AppConfig {
    const env: Record<string, string> = { ...imageEnv() };
    for (const [key, value] of Object.entries(service.environment ?? {})) {
      env[key] = interpolate(String(value), { AUTH_JWT_SECRET: 'a-signing-secret-of-at-least-32-bytes!' });
    }
    // Compose mounts secret `s` at /run/secrets/s; here the same files live in a temp dir.
    const secretFiles: Record<string, string> = { 'pfw-master-key': 'master.key', 'pfw-audit-signing-key': 'audit-signing-key.pem' };
    for (const key of ['DATA_KEY_FILE', 'AUDIT_SIGNING_KEY_FILE']) {
      const secret = env[key]!.replace('/run/secrets/', '');
      expect(service.secrets).toContain(secret);
      env[key] = join(dir, secretFiles[secret]!);
    }
    env.DATA_DIR = join(dir, name);
    return loadConfig(env, dir, false);
  }

  it('runs two api replicas and one worker, each with a DATA_DIR volume of its own', () => {
    const roles = processes.map(([name, s]) => [name, s.environment!.ROLE]);
    expect(roles.filter(([, role]) => role === 'api')).toHaveLength(2);
    expect(roles.filter(([, role]) => role === 'worker')).toHaveLength(1);
    const volumes = processes.map(([, s]) => (s.volumes ?? []).find((v) => v.endsWith(':/data')));
    expect(volumes.every((v) => v !== undefined)).toBe(true);
    expect(new Set(volumes).size).toBe(processes.length);
  });

  it('every process starts in production on the same EventStoreDB, PostgreSQL, keys and public URL', () => {
    const configs = processes.map(([name, s]) => configOf(name, s));
    for (const config of configs) {
      expect(config.nodeEnv).toBe('production');
      expect(config.eventStore).toMatch(/^esdb:\/\/eventstore:2113/);
      expect(config.readModelUrl).toMatch(/^postgres:\/\/.*@postgres:5432\//);
    }
    const shared = (c: AppConfig) => [c.eventStore, c.readModelUrl, c.dataKeyFile, c.auditSigningKeyFile, c.publicBaseUrl, c.auth.jwtSecret];
    expect(new Set(configs.map((c) => JSON.stringify(shared(c)))).size).toBe(1);
    expect(configs.map((c) => c.role).sort()).toEqual(['api', 'api', 'worker']);
  });

  it('without AUTH_JWT_SECRET compose refuses to start, with the reason', () => {
    const [, api] = processes[0]!;
    expect(() => interpolate(api.environment!.AUTH_JWT_SECRET!, {})).toThrow(/AUTH_JWT_SECRET is unset: .*at least 32 bytes/);
  });

  it('each process waits for healthy EventStoreDB and PostgreSQL services, which the file defines', () => {
    for (const [, s] of processes) {
      expect(s.depends_on).toEqual({ eventstore: { condition: 'service_healthy' }, postgres: { condition: 'service_healthy' } });
    }
    expect(compose.services.eventstore!.image).toMatch(/^eventstore\/eventstore:24\.10/);
    expect(compose.services.postgres!.image).toMatch(/^postgres:16/);
  });

  it('the load balancer sends requests to both api replicas and to no worker, and passes WebSocket upgrades (graphql-ws)', () => {
    const nginx = Object.values(compose.configs).map((c) => c.content).join('\n');
    const upstream = [...nginx.matchAll(/server ([a-z0-9-]+):3000/g)].map((m) => m[1]).sort();
    const apis = processes.filter(([, s]) => s.environment!.ROLE === 'api').map(([name]) => name).sort();
    expect(upstream).toEqual(apis);
    expect(nginx).toMatch(/proxy_set_header Upgrade \$\$http_upgrade;/);
  });
});
