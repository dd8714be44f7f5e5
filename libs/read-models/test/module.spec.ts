import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { Registry } from 'prom-client';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@pfw/event-store';
import {
  ProjectionRegistry, READ_MODEL_DB, ReadModelsHealthIndicator, ReadModelsModule, readCheckpoint, registerProjectionMetrics, type ReadModelDb, READ_MODELS_MIGRATIONS,
} from '@pfw/read-models';
import { tableExists } from '@pfw/sql';
import { backends, type TestDatabase } from './support/backends';
import { exampleProjection, ITEM_ADDED, readItems, type ExampleProjection } from './support/example-projection';
import { capturingLogger } from './support/logger';
import { untilFailures, untilState } from './support/runner';

describe.each(backends())('ReadModelsModule on %s', (_name, backend) => {
  let t: TestDatabase;
  let eventsDir: string;
  let moduleRef: TestingModule | null;

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    // Only its configuration is used: the module opens (and closes) its own connection.
    t = await backend.open();
    eventsDir = mkdtempSync(join(tmpdir(), 'pfw-rm-mod-'));
    moduleRef = null;
  });
  afterEach(async () => {
    await moduleRef?.close();
    await t.dispose();
    rmSync(eventsDir, { recursive: true, force: true });
  });

  async function boot(projection: ExampleProjection) {
    moduleRef = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRoot({ eventStore: 'sqlite', dataDir: eventsDir }),
        ReadModelsModule.forRoot({
          ...t.config,
          migrations: READ_MODELS_MIGRATIONS,
          projections: [projection],
          tuning: { logger: capturingLogger(), retry: { initialDelayMs: 20, maxDelayMs: 80 } },
        }),
      ],
    }).compile();
    await moduleRef.init();
    return {
      store: moduleRef.get<EventStore>(EVENT_STORE),
      db: moduleRef.get<ReadModelDb>(READ_MODEL_DB),
      registry: moduleRef.get(ProjectionRegistry),
      health: moduleRef.get(ReadModelsHealthIndicator),
    };
  }

  it('migrates, runs the projections from bootstrap to shutdown, and reports health, lag and metrics', async () => {
    const { store, db, registry, health } = await boot(exampleProjection());
    expect(await tableExists(db, 'projection_checkpoints')).toBe(true);

    const { position } = await store.append('item-1', [{ id: '00000000-0000-4000-8000-000000000001', type: ITEM_ADDED, data: { label: 'a' }, metadata: {} }], 'no_stream');
    expect(await registry.waitForPosition(position, 10_000)).toBe(true);
    expect((await readItems(db)).map((i) => i.label)).toEqual(['a']);
    await untilState(registry.get('example'), 'live');

    expect(await health.check()).toEqual({
      readModels: { status: 'up', projections: { example: { state: 'live', position: position.toString(), lag: '0' } } },
    });
    const metrics = new Registry();
    registerProjectionMetrics(registry, metrics);
    const text = await metrics.metrics();
    expect(text).toContain('pfw_projection_lag{projection="example"} 0');
    expect(text).toContain(`pfw_projection_position{projection="example"} ${position}`);
    expect(text).toContain('pfw_projection_state{projection="example",state="live"} 1');

    const runner = registry.get('example');
    await moduleRef!.close();
    moduleRef = null;
    expect(runner.status().state).toBe('stopped');
  });

  it('reports a failed projection as down in /health, its error only with details (an admin)', async () => {
    const projection = exampleProjection();
    const { store, registry, health, db } = await boot(projection);
    const eventId = '00000000-0000-4000-8000-000000000002';
    projection.failOn.add(eventId);
    await store.append('item-1', [{ id: eventId, type: ITEM_ADDED, data: { label: 'x' }, metadata: {} }], 'any');
    await untilFailures(registry.get('example'), 1);

    expect(await health.check()).toEqual({
      readModels: { status: 'down', projections: { example: { state: 'failed', position: null, lag: '1' } } },
    });
    expect(await health.check('readModels', { details: true })).toMatchObject({
      readModels: {
        status: 'down',
        projections: { example: { state: 'failed', position: null, lag: '1', error: expect.stringContaining(eventId) } },
      },
    });
    expect((await readCheckpoint(db, 'example'))!.position).toBeNull();
  });
});
