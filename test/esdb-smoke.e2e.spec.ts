/**
 * The whole api with EVENT_STORE pointed at the wire-level EventStoreDB double: in process (the Nest module,
 * as the e2e suites build it) and as `npm start` runs it (the compiled main).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import request from 'supertest';
import { loadConfig } from '@pfw/config';
import { EVENT_STORE, type EventStore } from '@pfw/event-store';
import { startEsdbDouble, type EsdbDouble } from '@pfw/esdb-double';
import { createApp } from '../apps/api/src/bootstrap';
import { mintToken, Role } from '@pfw/auth';
import { bearer, E2E_SECRET, SECRET_BYTES } from './support/api';
import { buildOnce, freePort, startNode, waitForHttp } from './support/process';

describe('api over EventStoreDB (wire double)', () => {
  let double: EsdbDouble;
  let dataDir: string;
  beforeEach(async () => {
    double = await startEsdbDouble();
    dataDir = mkdtempSync(join(tmpdir(), 'pfw-esdb-smoke-'));
  });
  afterEach(async () => {
    await double.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('boots the app module with EVENT_STORE=esdb://…: /health is 200 with the event store up, 503 once it is gone', async () => {
    const config = loadConfig({ ...process.env, EVENT_STORE: double.url, DATA_DIR: dataDir, PORT: '0', LOG_LEVEL: 'silent', AUTH_JWT_SECRET: E2E_SECRET });
    expect(config.eventStore).toBe(double.url);
    let app: INestApplication | undefined;
    try {
      app = await createApp(config);
      await app.init();
      // The app's event store is the EventStoreDB adapter talking to the double.
      const store = app.get<EventStore>(EVENT_STORE);
      const written = await store.append(`smoke-${randomUUID()}`, [{ id: randomUUID(), type: 'SmokeTested', data: {}, metadata: {} }], 'no_stream');
      expect(double.data.events.some((e) => e.type === 'SmokeTested')).toBe(true);

      const up = await request(app.getHttpServer()).get('/health').expect(200);
      expect(up.body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up', headPosition: written.position.toString() } } });

      await double.stop();
      // The public view answers the state only; an admin's token adds which error the adapter saw.
      const down = await request(app.getHttpServer()).get('/health').expect(503);
      expect(down.body).toMatchObject({ status: 'error', error: { eventStore: { status: 'down' } } });
      expect(down.body.error.eventStore).not.toHaveProperty('error');
      const admin = await mintToken(SECRET_BYTES, { sub: 'staff-admin', roles: [Role.ADMIN], ttlSeconds: 600 });
      const detailed = await request(app.getHttpServer()).get('/health').set(bearer(admin)).expect(503);
      expect(detailed.body).toMatchObject({ status: 'error', error: { eventStore: { status: 'down', error: 'EventStoreUnavailableError' } } });
    } finally {
      await app?.close();
    }
  });

  it('starts as `npm start` runs it (compiled main) and answers /health 200 over the double', async () => {
    buildOnce();
    const port = await freePort();
    const api = startNode('dist/apps/api/src/main.js', { PORT: String(port), DATA_DIR: dataDir, EVENT_STORE: double.url, LOG_LEVEL: 'info' });
    try {
      const body = JSON.parse(await waitForHttp(`http://127.0.0.1:${port}/health`, 200, 60_000));
      expect(body).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' } } });
      expect(api.output()).toContain('event store: eventstoredb');
    } finally {
      api.child.kill('SIGTERM');
      await api.exited;
    }
  }, 90_000);
});
