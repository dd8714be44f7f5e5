import { DynamicModule, Global, Inject, Injectable, Module, OnApplicationShutdown } from '@nestjs/common';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { createEventStore, EventStoreSelection } from './factory';
import { EVENT_STORE, EventStore } from './port';

@Injectable()
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}

/** Health of the configured event store, for /health (readiness). */
@Injectable()
export class EventStoreHealthIndicator {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly health: HealthIndicatorService,
  ) {}

  /** Reachable or not, with the head position; why it is not reachable only when `details` is asked for (an admin). */
  async check(key = 'eventStore', options: { readonly details?: boolean } = {}) {
    const indicator = this.health.check(key);
    try {
      await this.store.ping();
      const head = await this.store.headPosition();
      return indicator.up({ headPosition: head === null ? null : head.toString() });
    } catch (err) {
      return indicator.down(options.details ? { error: err instanceof Error ? err.name : 'unreachable' } : {});
    }
  }
}

/** Provides EVENT_STORE (the adapter the configuration names) and closes it on shutdown. */
@Global()
@Module({})
export class EventStoreModule {
  static forRoot(selection: EventStoreSelection): DynamicModule {
    return {
      module: EventStoreModule,
      imports: [TerminusModule],
      providers: [
        { provide: EVENT_STORE, useFactory: () => createEventStore(selection) },
        EventStoreLifecycle,
        EventStoreHealthIndicator,
      ],
      exports: [EVENT_STORE, EventStoreHealthIndicator],
    };
  }
}
