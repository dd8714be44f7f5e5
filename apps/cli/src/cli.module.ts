import { DynamicModule, Module } from '@nestjs/common';
import { AppConfig, AppConfigModule } from '@pfw/config';
import { EventStoreModule } from '@pfw/event-store';
import { AuditCommand, AuditExportCommand, AuditVerifyCommand } from './commands/audit.command';
import { SchemaCommand } from './commands/schema.command';
import { StoreCommand, StoreHeadCommand } from './commands/store.command';
import { TokenCommand } from './commands/token.command';

/** The command-line shell (`npm run cli -- <command>`): thin wrappers over the libraries. */
@Module({})
export class CliModule {
  static forRoot(config: AppConfig): DynamicModule {
    return {
      module: CliModule,
      imports: [AppConfigModule.forRoot(config), EventStoreModule.forRoot({ eventStore: config.eventStore, dataDir: config.dataDir })],
      providers: [StoreCommand, StoreHeadCommand, TokenCommand, AuditCommand, AuditExportCommand, AuditVerifyCommand, SchemaCommand],
    };
  }
}
