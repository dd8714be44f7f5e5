import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Test, type TestingModule } from '@nestjs/testing';
import { resolvePolicy } from '@pfw/domain';
import { EVENT_STORE, EventStoreModule, type EventStore } from '@pfw/event-store';
import { EventSerializationModule, EventSerializer } from '@pfw/event-serialization';
import {
  ContractQueries, contractQueriesOptionsFrom, contractQueriesProvider, contractReadModelProjections, ProjectionRegistry, ReadModelsModule, READ_MODELS_MIGRATIONS,
} from '@pfw/read-models';
import { T0 } from '../../../domain/test/support/fixtures';
import { backends, type TestDatabase } from '../support/backends';
import { capturingLogger } from '../support/logger';
import { untilState } from '../support/runner';
import { EventLog } from './support/event-log';
import { C, submit } from './support/scenario';

describe.each(backends())('contract read model in a Nest application on %s', (_name, backend) => {
  let t: TestDatabase;
  let eventsDir: string;
  let moduleRef: TestingModule | null = null;

  beforeAll(() => backend.start());
  afterAll(() => backend.stop());
  beforeEach(async () => {
    t = await backend.open();
    eventsDir = mkdtempSync(join(tmpdir(), 'pfw-rm-contracts-'));
  });
  afterEach(async () => {
    await moduleRef?.close();
    moduleRef = null;
    await t.dispose();
    rmSync(eventsDir, { recursive: true, force: true });
  });

  it('ReadModelsModule runs both projections built from the one EventSerializer; contractQueriesProvider answers from them with the policy’s options', async () => {
    moduleRef = await Test.createTestingModule({
      imports: [
        EventStoreModule.forRoot({ eventStore: 'sqlite', dataDir: eventsDir }),
        EventSerializationModule.forRoot(),
        ReadModelsModule.forRoot({ ...t.config, migrations: READ_MODELS_MIGRATIONS, projections: contractReadModelProjections, tuning: { logger: capturingLogger() } }),
      ],
      providers: [contractQueriesProvider(contractQueriesOptionsFrom(resolvePolicy({ initialTermsVersion: '7' })))],
    }).compile();
    await moduleRef.init();

    const registry = moduleRef.get(ProjectionRegistry);
    expect((await registry.status()).map((s) => s.name).sort()).toEqual(['contracts', 'service_status']);
    for (const name of registry.names()) await untilState(registry.get(name), 'live');
    const log = new EventLog(moduleRef.get<EventStore>(EVENT_STORE), moduleRef.get(EventSerializer));
    const position = await log.contract([submit(C.submittedOld, { at: T0, organizationName: 'Nest Wiring K.K.' })]);
    expect(await registry.waitForPosition(position, 10_000)).toBe(true);

    const queries = moduleRef.get(ContractQueries);
    expect(await queries.byId(C.submittedOld)).toMatchObject({ status: 'SUBMITTED', applicant: { organizationName: 'Nest Wiring K.K.' } });
    expect((await queries.screeningQueue()).map((v) => v.id)).toEqual([C.submittedOld]);
    expect(await queries.serviceStatus(T0)).toMatchObject({ suspended: false, termsVersion: '7' });
  });
});
