import { DynamicModule, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ApplicationModule } from '@pfw/application';
import { AuditModule } from '@pfw/audit';
import { AuthModule } from '@pfw/auth';
import { ClockModule } from '@pfw/clock';
import { AppConfig, AppConfigModule } from '@pfw/config';
import { DocumentsModule } from '@pfw/documents';
import { DEFAULT_POLICY } from '@pfw/domain';
import { EventSerializationModule } from '@pfw/event-serialization';
import { EventStoreModule } from '@pfw/event-store';
import { GraphqlApiModule, IdempotencyModule } from '@pfw/graphql';
import { MetricsModule, ObservabilityModule } from '@pfw/observability';
import { encryptingSerializerOptions, PersonalDataModule, SqlDataKeyStore } from '@pfw/personal-data';
import { contractReadModelProjections, ProjectionRegistry, ReadModelsModule } from '@pfw/read-models';
import { HealthController } from './health.controller';

/** The api shell: wires the libraries together; behaviour lives in libs/. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const policy = DEFAULT_POLICY;
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config),
        MetricsModule.forRoot({ projectionLagSource: ProjectionRegistry }),
        ClockModule.forRoot({ clock: config.clock, dataDir: config.dataDir }),
        EventStoreModule.forRoot({ eventStore: config.eventStore, dataDir: config.dataDir }),
        // Issue 8: personal fields are encrypted with per-contract keys kept in the read-model database.
        PersonalDataModule.forRoot({ dataDir: config.dataDir, keyFile: config.dataKeyFile, readModel: { readModelUrl: config.readModelUrl, dataDir: config.dataDir } }),
        EventSerializationModule.forRootAsync({ inject: [SqlDataKeyStore], useFactory: encryptingSerializerOptions }),
        // Every process that answers mutations runs the projections: read-your-writes waits are woken by
        // the commits of this process.
        ReadModelsModule.forRoot({
          readModelUrl: config.readModelUrl,
          dataDir: config.dataDir,
          projections: ({ serializer }) => contractReadModelProjections({ serializer }),
        }),
        IdempotencyModule.forRoot(),
        DocumentsModule.forRoot({ dataDir: config.dataDir }),
        ApplicationModule.forRoot(policy),
        AuditModule.forRoot({ dataDir: config.dataDir, follow: config.role !== 'api' }),
        GraphqlApiModule.forRoot({ production: config.nodeEnv === 'production', policy }),
        TerminusModule.forRoot({ logger: false }),
        AuthModule.forRoot(config),
      ],
      controllers: [HealthController],
    };
  }
}
