import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOnce, startNode } from './support/process';

describe('the command line introduces itself (compiled, as npm run cli runs it)', () => {
  let dataDir: string;
  beforeAll(() => buildOnce(), 60_000);
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pfw-cli-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  const run = async (...args: string[]) => runWith({}, ...args);
  const runWith = async (env: Record<string, string>, ...args: string[]) => {
    const cli = startNode('dist/apps/cli/src/main.js', { DATA_DIR: dataDir, ...env }, args);
    return { code: await cli.exited, output: cli.output() };
  };

  it('--help names the project, lists the commands, exits 0 and prints nothing stray', async () => {
    const { code, output } = await run('--help');
    expect(code).toBe(0);
    expect(output).toMatch(/^Usage: passport-for-web \[options\] \[command\]/);
    expect(output).toContain('Passport for Web');
    for (const command of ['token', 'audit', 'projections', 'schema', 'store']) expect(output).toMatch(new RegExp(`^  ${command}\\b`, 'm'));
    expect(output).not.toContain('outputHelp');
    expect(output.trimEnd().split('\n').at(-1)).toMatch(/display help for command$/);
  }, 90_000);

  it('help of one command exits 0 too; an unknown command exits 1 with commander\'s one line', async () => {
    const help = await run('token', '--help');
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/^Usage: passport-for-web token \[options\]/);
    const unknown = await run('bogus');
    expect(unknown.code).toBe(1);
    expect(unknown.output.trim()).toBe("error: unknown command 'bogus'");
  }, 90_000);

  it('seed refuses a production configuration unless told explicitly, and says how', async () => {
    // A complete production configuration: its keys in files of their own.
    writeFileSync(join(dataDir, 'master.key'), randomBytes(32).toString('base64'));
    writeFileSync(join(dataDir, 'audit.pem'), generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const production = {
      NODE_ENV: 'production',
      AUTH_JWT_SECRET: 'x'.repeat(40),
      PUBLIC_BASE_URL: 'https://pfw.example.jp',
      DATA_KEY_FILE: join(dataDir, 'master.key'),
      AUDIT_SIGNING_KEY_FILE: join(dataDir, 'audit.pem'),
    };
    const refused = await runWith(production, 'seed', '--contracts', '3');
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('NODE_ENV=production: demo data is for development, demos and training; add --allow-production');
  }, 90_000);

  it('seed with nothing listening says to start the service first', async () => {
    const { code, output } = await run('seed', '--contracts', '3', '--url', 'http://127.0.0.1:9');
    expect(code).toBe(1);
    expect(output).toContain('cannot reach the service at http://127.0.0.1:9');
    expect(output).toContain('CLOCK=simulated npm start');
    expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
  }, 90_000);
});
