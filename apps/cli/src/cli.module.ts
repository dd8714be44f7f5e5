import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@pfw/config';
import { EventSerializationModule } from '@pfw/event-serialization';
import { EventStoreModule } from '@pfw/event-store';
import { encryptingSerializerOptions, PersonalDataModule, SqlDataKeyStore } from '@pfw/personal-data';
import { contractReadModelProjections, ReadModelsModule } from '@pfw/read-models';
import { AuditCommand, AuditExportCommand, AuditVerifyCommand } from './commands/audit.command';
import { ProjectionsCommand, ProjectionsRebuildCommand } from './commands/projections.command';
import { SchemaCommand } from './commands/schema.command';
import { SeedCommand } from './commands/seed.command';
import { StoreCommand, StoreHeadCommand } from './commands/store.command';
import { TokenCommand } from './commands/token.command';
import { ProgramName } from './program-name';
import { DATABASE_MIGRATIONS } from '@pfw/migrations';

/** The command-line shell (`npm run cli -- <command>`): thin wrappers over the libraries. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [
        AppConfigModule.forRoot(config),
        EventStoreModule.forRoot({ eventStore: config.eventStore, dataDir: config.dataDir }),
        // The same serializer as the api: a rebuild decrypts personal fields (null once shredded).
        PersonalDataModule.forRoot({ dataDir: config.dataDir, keyFile: config.dataKeyFile, readModel: { readModelUrl: config.readModelUrl, dataDir: config.dataDir }, shredding: false }),
        EventSerializationModule.forRootAsync({ inject: [SqlDataKeyStore], useFactory: encryptingSerializerOptions }),
        // The cli never follows the log: it rebuilds on request (`projections rebuild`).
        ReadModelsModule.forRoot({
          readModelUrl: config.readModelUrl,
          dataDir: config.dataDir,
          migrations: DATABASE_MIGRATIONS,
          runProjections: false,
          projections: ({ serializer }) => contractReadModelProjections({ serializer }),
          leases: { ttlMs: config.leaseSeconds * 1000 },
        }),
      ],
      providers: [ProgramName, StoreCommand, StoreHeadCommand, TokenCommand, AuditCommand, AuditExportCommand, AuditVerifyCommand, SchemaCommand, SeedCommand, ProjectionsCommand, ProjectionsRebuildCommand],
    };
  }
}
