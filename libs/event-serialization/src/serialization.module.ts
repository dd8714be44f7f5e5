import { DynamicModule, Global, Module } from '@nestjs/common';
import { EventSerializer, type EventSerializerOptions } from './serializer';

/** Provides the one EventSerializer to every module (command side, projections, audit, sagas). */
@Global()
@Module({})
export class EventSerializationModule {
  static forRoot(options: EventSerializerOptions = {}): DynamicModule {
    return {
      module: EventSerializationModule,
      providers: [{ provide: EventSerializer, useValue: new EventSerializer(options) }],
      exports: [EventSerializer],
    };
  }
}
