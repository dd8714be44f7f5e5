import { join } from 'node:path';
import { DynamicModule, Global, Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ApplicationModule } from '@pfw/application';
import { AuditModule } from '@pfw/audit';
import { AuthModule } from '@pfw/auth';
import { LocalCaModule } from '@pfw/ca-gateway';
import { CLOCK, ClockModule, createClock, type Clock } from '@pfw/clock';
import { AppConfig, AppConfigModule } from '@pfw/config';
import { DocumentStore, DocumentsModule } from '@pfw/documents';
import { DEFAULT_POLICY } from '@pfw/domain';
import { EventSerializationModule } from '@pfw/event-serialization';
import { EventStoreModule } from '@pfw/event-store';
import { GraphqlApiModule, IdempotencyModule } from '@pfw/graphql';
import { MetricsModule, ObservabilityModule } from '@pfw/observability';
import { ContractKeyPayloadProtector, encryptingSerializerOptions, PersonalDataModule, PersonalDataShredder, SqlDataKeyStore } from '@pfw/personal-data';
import { contractReadModelProjections, ProjectionRegistry, READ_MODEL_DB, ReadModelsModule, type ReadModelDb } from '@pfw/read-models';
import { DOCUMENT_DESTROYER, OUTBOX_PROTECTOR, PERSONAL_DATA_SHREDDER, SagasModule } from '@pfw/sagas';
import { CaController } from './ca.controller';
import { FrontDoorController } from './front-door.controller';
import { GraphiqlController } from './graphiql.controller';
import { HealthController } from './health.controller';
import { DATABASE_MIGRATIONS } from '@pfw/migrations';

/** What the sagas use of the libraries beside them, by their ports. */
@Global()
@Module({
  providers: [
    { provide: DOCUMENT_DESTROYER, useExisting: DocumentStore },
    { provide: OUTBOX_PROTECTOR, useExisting: ContractKeyPayloadProtector },
    { provide: PERSONAL_DATA_SHREDDER, useExisting: PersonalDataShredder },
  ],
  exports: [DOCUMENT_DESTROYER, OUTBOX_PROTECTOR, PERSONAL_DATA_SHREDDER],
})
class SagaPortsModule {}

/** The api shell: wires the libraries together; behaviour lives in libs/. */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    const policy = DEFAULT_POLICY;
    // The built-in local CA; only a worker (ROLE=worker|all) processes its orders.
    // Its state is in the read-model database, its key sealed under a data key of the key store; a single host's
    // earlier <DATA_DIR>/ca is moved in once.
    const ca = LocalCaModule.registerAsync({
      inject: [CLOCK, READ_MODEL_DB, SqlDataKeyStore],
      useFactory: (clock: Clock, db: ReadModelDb, keys: SqlDataKeyStore) => ({
        db,
        keys,
        legacyDirectory: join(config.dataDir, 'ca'),
        publicBaseUrl: config.publicBaseUrl,
        now: () => clock.now(),
        processOrders: config.role !== 'api',
      }),
    });
    return {
      module: AppModule,
      imports: [
        AppConfigModule.forRoot(config),
        ObservabilityModule.forRoot(config),
        MetricsModule.forRoot({ projectionLagSource: ProjectionRegistry }),
        // One clock for every process sharing the read-model database (CLOCK=simulated keeps its instant there).
        ClockModule.forRootAsync({ inject: [READ_MODEL_DB], useFactory: (db: ReadModelDb) => createClock({ clock: config.clock, dataDir: config.dataDir }, db) }),
        EventStoreModule.forRoot({ eventStore: config.eventStore, dataDir: config.dataDir }),
        // Personal fields are encrypted with per-contract keys kept in the read-model database.
        PersonalDataModule.forRoot({ dataDir: config.dataDir, keyFile: config.dataKeyFile, readModel: { readModelUrl: config.readModelUrl, dataDir: config.dataDir } }),
        EventSerializationModule.forRootAsync({ inject: [SqlDataKeyStore], useFactory: encryptingSerializerOptions }),
        // Every process that answers mutations runs the projections: read-your-writes waits are woken by
        // the commits of this process.
        ReadModelsModule.forRoot({
          readModelUrl: config.readModelUrl,
          dataDir: config.dataDir,
          migrations: DATABASE_MIGRATIONS,
          projections: ({ serializer }) => contractReadModelProjections({ serializer }),
          leases: { ttlMs: config.leaseSeconds * 1000 },
        }),
        IdempotencyModule.forRoot({ retentionDays: config.idempotencyRetentionDays }),
        DocumentsModule.forRoot({ attachWithinHours: config.documentAttachHours, dataDir: config.dataDir }),
        ApplicationModule.forRoot(policy),
        AuditModule.forRoot({
          dataDir: config.dataDir,
          signingKeyFile: config.auditSigningKeyFile,
          follow: config.role !== 'api',
          treeHeadIntervalMs: config.auditTreeHeadSeconds * 1000,
          exportEventStore: config.eventStore,
        }),
        ca,
        SagaPortsModule,
        // ROLE=api offers the services (stuckProcesses, retryProcess, advanceClock) but runs no saga.
        SagasModule.forRoot({
          role: config.role,
          dataDir: config.dataDir,
          policy,
          imports: [ca],
          notifications: { url: config.notifications.smtpUrl, from: config.notifications.from },
          termsUrl: config.notifications.termsUrl,
        }),
        GraphqlApiModule.forRoot({ production: config.nodeEnv === 'production', policy }),
        TerminusModule.forRoot({ logger: false }),
        AuthModule.forRoot(config, { rateLimitPerMinute: config.rateLimitPerMinute }),
      ],
      // The GraphQL IDE is a development convenience: production serves none.
      controllers: [FrontDoorController, HealthController, CaController, ...(config.nodeEnv === 'production' ? [] : [GraphiqlController])],
    };
  }
}
