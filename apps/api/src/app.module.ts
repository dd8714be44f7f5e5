import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuditModule } from '@pfw/audit';
import { AuthModule } from '@pfw/auth';
import { AppConfig, AppConfigModule } from '@pfw/config';
import { EventStoreModule } from '@pfw/event-store';
import { ObservabilityModule } from '@pfw/observability';
import { ReadModelsModule } from '@pfw/read-models';
import { HealthController } from './health.controller';

/** The api shell: wires the libraries together; behaviour lives in libs/. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config),
        EventStoreModule.forRoot({ eventStore: config.eventStore, dataDir: config.dataDir }),
        ReadModelsModule.forRoot({ readModelUrl: config.readModelUrl, dataDir: config.dataDir, projections: [] }),
        AuditModule.forRoot({ dataDir: config.dataDir, follow: config.role !== 'api' }),
        TerminusModule.forRoot({ logger: false }),
        AuthModule.forRoot(config),
      ],
      controllers: [HealthController],
    };
  }
}
