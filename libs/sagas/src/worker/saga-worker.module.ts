import { join } from 'node:path';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { ApplicationModule, DOCUMENT_CATALOG, type DocumentCatalog } from '@pfw/application';
import { LocalCaModule } from '@pfw/ca-gateway';
import { CLOCK, type Clock } from '@pfw/clock';
import { AppConfigModule, type AppConfig } from '@pfw/config';
import { DEFAULT_POLICY, InvalidInput, type DomainPolicy } from '@pfw/domain';
import { EventSerializationModule } from '@pfw/event-serialization';
import { EventStoreModule } from '@pfw/event-store';
import { ReadModelsModule } from '@pfw/read-models';
import { createAppClock } from '../clock/app-clock';
import { SagasModule, type SagasModuleConfig } from '../sagas.module';

/** The worker takes no applications: the command handlers it hosts for the sagas never need the catalog. */
const NO_CATALOG: DocumentCatalog = {
  async describe(_ids, field) {
    throw new InvalidInput(field, 'the saga worker does not take applications');
  },
  async attach(_ids, _contractId, field) {
    throw new InvalidInput(field, 'the saga worker does not take applications');
  },
  async release() {},
};

export interface SagaWorkerOptions {
  readonly policy?: DomainPolicy;
  readonly notifications?: SagasModuleConfig['notifications'];
  /** Modules exporting DOCUMENT_DESTROYER (the documents store), when the worker can reach the files. */
  readonly imports?: SagasModuleConfig['imports'];
}

/**
 * A process that runs the sagas and nothing else (ROLE=worker without the HTTP server): the event store,
 * the command side the sagas send to, the read-model database that holds the saga tables, the local CA,
 * the notification outbox, and the sagas themselves. It shows the wiring apps/api needs for ROLE=all|worker.
 */
@Module({})
export class SagaWorkerModule {
  static forRoot(config: AppConfig, options: SagaWorkerOptions = {}): DynamicModule {
    const policy = options.policy ?? DEFAULT_POLICY;
    const clock: Clock = createAppClock(config);

    @Global()
    @Module({
      providers: [
        { provide: CLOCK, useValue: clock },
        { provide: DOCUMENT_CATALOG, useValue: NO_CATALOG },
      ],
      exports: [CLOCK, DOCUMENT_CATALOG],
    })
    class WorkerPlatformModule {}

    const ca = LocalCaModule.register({ directory: join(config.dataDir, 'ca'), publicBaseUrl: config.publicBaseUrl, now: () => clock.now() });
    return {
      module: SagaWorkerModule,
      imports: [
        AppConfigModule.forRoot(config),
        WorkerPlatformModule,
        EventStoreModule.forRoot({ eventStore: config.eventStore, dataDir: config.dataDir }),
        EventSerializationModule.forRoot(),
        ApplicationModule.forRoot(policy),
        ReadModelsModule.forRoot({ readModelUrl: config.readModelUrl, dataDir: config.dataDir, projections: [], runProjections: false }),
        ca,
        SagasModule.forRoot({
          role: config.role === 'api' ? 'worker' : config.role,
          dataDir: config.dataDir,
          policy,
          imports: [ca, ...(options.imports ?? [])],
          notifications: options.notifications,
          autoStart: true,
        }),
      ],
    };
  }
}
