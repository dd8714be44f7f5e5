import { DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import type { DomainPolicy } from '@pfw/domain';
import { EVENT_STORE, EventStore } from '@pfw/event-store';
import { ContractCommandHandler } from './contract/contract-command.handler';
import { SubmitApplicationHandler } from './contract/submit-application.handler';
import { DOMAIN_POLICY, EVENT_CODEC } from './ports';
import type { EventCodec } from './runtime/decider';
import { StreamCommandExecutor } from './runtime/stream-command-executor';
import { ServiceCommandHandler } from './service/service-command.handler';
import { ServiceStateReader } from './service/service-state.reader';

/**
 * The command side: @nestjs/cqrs handlers over the event store port. Needs EVENT_STORE, EVENT_CODEC,
 * CLOCK and DOCUMENT_CATALOG from the modules around it.
 */
@Module({})
export class ApplicationModule {
  static forRoot(policy: DomainPolicy): DynamicModule {
    return {
      module: ApplicationModule,
      imports: [CqrsModule.forRoot()],
      providers: [
        { provide: DOMAIN_POLICY, useValue: policy },
        {
          provide: StreamCommandExecutor,
          useFactory: (store: EventStore, codec: EventCodec) => new StreamCommandExecutor(store, codec),
          inject: [EVENT_STORE, EVENT_CODEC],
        },
        ServiceStateReader,
        SubmitApplicationHandler,
        ContractCommandHandler,
        ServiceCommandHandler,
      ],
      exports: [CqrsModule, StreamCommandExecutor, ServiceStateReader, DOMAIN_POLICY],
    };
  }
}
