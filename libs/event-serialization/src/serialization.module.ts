import { DynamicModule, Global, Module, type InjectionToken, type OptionalFactoryDependency } from '@nestjs/common';
import { EventSerializer, type EventSerializerOptions } from './serializer';

export interface EventSerializationAsyncOptions {
  readonly inject?: readonly (InjectionToken | OptionalFactoryDependency)[];
  /** Builds the options from injected providers (e.g. a field-encryption transformer over the key store). */
  readonly useFactory: (...deps: any[]) => EventSerializerOptions | Promise<EventSerializerOptions>;
}

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

  /** The serializer built from other providers (its transformer's key store lives in the read-model database). */
  static forRootAsync(options: EventSerializationAsyncOptions): DynamicModule {
    return {
      module: EventSerializationModule,
      providers: [
        {
          provide: EventSerializer,
          inject: [...(options.inject ?? [])],
          useFactory: async (...deps: unknown[]) => new EventSerializer(await options.useFactory(...deps)),
        },
      ],
      exports: [EventSerializer],
    };
  }
}
