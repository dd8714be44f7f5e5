import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildOnce, freePort, startNode, waitForHttp } from './support/process';

describe('starting the api (compiled, as npm start runs it)', () => {
  let dataDir: string;
  beforeAll(() => buildOnce(), 60_000);
  beforeEach(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'pfw-start-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('serves GET /health 200 on the embedded default, creating its SQLite file under DATA_DIR', async () => {
    const port = await freePort();
    const app = startNode('dist/apps/api/src/main.js', { PORT: String(port), DATA_DIR: dataDir, LOG_LEVEL: 'info' });
    try {
      const body = JSON.parse(await waitForHttp(`http://127.0.0.1:${port}/health`, 200, 60_000));
      expect(body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' } } });
      const res = await fetch(`http://127.0.0.1:${port}/health`, { headers: { 'x-request-id': 'req-42' } });
      expect(res.headers.get('x-request-id')).toBe('req-42');
      expect(res.headers.get('x-powered-by')).toBeNull();
      // Structured JSON logs: every line parses.
      const lines = app.output().trim().split('\n');
      expect(lines.length).toBeGreaterThan(0);
      for (const line of lines) expect(() => JSON.parse(line)).not.toThrow();
      // The last line says where a person goes next, by a name a browser opens (not the socket's [::1]).
      expect(app.output()).toContain(`listening on port ${port}: the console http://localhost:${port}/admin/, the GraphQL IDE http://localhost:${port}/graphiql, the front door http://localhost:${port}/`);
    } finally {
      // Nest closes the app on SIGTERM, then re-raises the signal to end the process.
      app.child.kill('SIGTERM');
      expect(await app.exited).toBe('SIGTERM');
    }
    const { existsSync } = await import('node:fs');
    expect(existsSync(join(dataDir, 'events.sqlite'))).toBe(true);
  }, 90_000);

  it('refuses bad configuration with one clear line per problem and no stack trace', async () => {
    const app = startNode('dist/apps/api/src/main.js', { PORT: 'abc', ROLE: 'boss', DATA_DIR: dataDir });
    expect(await app.exited).toBe(1);
    const output = app.output();
    expect(output).toContain('PORT: must be an integer from 0 to 65535 (got "abc")');
    expect(output).toContain('ROLE: must be one of all, api, worker (got "boss")');
    expect(output).not.toMatch(/\n\s+at .+:\d+:\d+/);
  });
});
