import { mkdtempSync, rmSync } from 'node:fs';
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

  const run = async (...args: string[]) => {
    const cli = startNode('dist/apps/cli/src/main.js', { DATA_DIR: dataDir }, args);
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
  });

  it('help of one command exits 0 too; an unknown command exits 1 with commander\'s one line', async () => {
    const help = await run('token', '--help');
    expect(help.code).toBe(0);
    expect(help.output).toMatch(/^Usage: passport-for-web token \[options\]/);
    const unknown = await run('bogus');
    expect(unknown.code).toBe(1);
    expect(unknown.output.trim()).toBe("error: unknown command 'bogus'");
  });
});
