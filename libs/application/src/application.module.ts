import { DynamicModule, Global, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { DomainPolicy } from '@pfw/domain';
import { EVENT_STORE, EventStore } from '@pfw/event-store';
import { EventSerializer } from '@pfw/event-serialization';
import { ContractCommandHandler } from './contract/contract-command.handler';
import { SubmitApplicationHandler } from './contract/submit-application.handler';
import { Deciders } from './runtime/deciders';
import { DOMAIN_POLICY } from './ports';
import { StreamCommandExecutor } from './runtime/stream-command-executor';
import { ServiceCommandHandler } from './service/service-command.handler';
import { UploadCommandHandler } from './upload/upload-command.handler';
import { SERVICE_STATE_READER_OPTIONS, ServiceStateReader, type ServiceStateReaderOptions } from './service/service-state.reader';

/**
 * The command side: @nestjs/cqrs handlers over the event store port. Needs EVENT_STORE, the EventSerializer,
 * CLOCK and DOCUMENT_CATALOG from the modules around it. Global: resolvers and sagas send commands.
 */
@Global()
@Module({})
export class ApplicationModule {
  static forRoot(policy: DomainPolicy, options: { readonly serviceState?: ServiceStateReaderOptions } = {}): DynamicModule {
    return {
      module: ApplicationModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: DOMAIN_POLICY, useValue: policy },
        { provide: SERVICE_STATE_READER_OPTIONS, useValue: options.serviceState ?? {} },
        Deciders,
        {
          provide: StreamCommandExecutor,
          useFactory: (store: EventStore, codec: EventSerializer) => new StreamCommandExecutor(store, codec),
          inject: [EVENT_STORE, EventSerializer],
        },
        ServiceStateReader,
        SubmitApplicationHandler,
        ContractCommandHandler,
        ServiceCommandHandler,
        UploadCommandHandler,
      ],
      exports: [CqrsModule, StreamCommandExecutor, Deciders, ServiceStateReader, DOMAIN_POLICY],
    };
  }
}
