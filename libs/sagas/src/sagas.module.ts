import { join } from 'node:path';
import {
  DynamicModule, Inject, Injectable, Module, ModuleMetadata, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy,
} from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Deciders, PROCESS_OPERATIONS, ServiceStateReader, StreamCommandExecutor, type ProcessOperations } from '@pfw/application';
import { CA_GATEWAY, type CaGateway } from '@pfw/ca-gateway';
import { CLOCK, isSettableClock, SystemClock, type Clock } from '@pfw/clock';
import type { DomainPolicy } from '@pfw/domain';
import { EVENT_STORE, type EventStore } from '@pfw/event-store';
import { EventSerializer } from '@pfw/event-serialization';
import {
  createNotificationTransport, IDENTITY_PROTECTOR, NOTIFICATIONS_DB_FILE, NotificationOutbox, OutboxDispatcher, SqlOutboxStore, type NotificationTransport, type OutboxStore,
  type PayloadProtector,
  type RetryPolicy, type SenderProfile,
} from '@pfw/notifications';
import type { ConsumerLeases } from '@pfw/consumers';
import { CONSUMER_LEASES, READ_MODEL_DB, type ReadModelDb } from '@pfw/read-models';
import type { ActionServices } from './actions';
import { CaResultWorker } from './ca/ca-results';
import { DOCUMENT_DESTROYER, OUTBOX_PROTECTOR, PERSONAL_DATA_SHREDDER, type DocumentDestroyer, type PersonalDataShredding } from './ports';
import { SagaEngine, type AdvanceClockInput, type SagaEngineTuning, type StuckProcess } from './runtime/engine';
import { nestLogger, type StructuredLogger } from '@pfw/logging';
import type { Json, SagaDefinition } from './runtime/saga';
import { SagaStore } from './runtime/store';
import { allSagas } from './sagas';

export interface SagasModuleConfig {
  /** ROLE: the sagas run in the background in `worker` and `all` (API.md). `api` only offers the services. */
  readonly role: 'all' | 'api' | 'worker';
  readonly dataDir: string;
  readonly policy: DomainPolicy;
  /** Modules that export CA_GATEWAY (LocalCaModule) and DOCUMENT_DESTROYER: pass the app's own instances. */
  readonly imports?: ModuleMetadata['imports'];
  readonly notifications?: {
    /** SMTP URL (`smtp://…`), `file:` (default: `<DATA_DIR>/outbox-sent`, for a single host). */
    readonly url?: string | null;
    readonly from?: string | null;
    /** A transport to use instead of the URL's (tests). */
    readonly transport?: NotificationTransport;
    readonly store?: OutboxStore;
    readonly retry?: Partial<RetryPolicy>;
    readonly sender?: SenderProfile;
  };
  /** Printed in STICKER_RETURN_REQUEST notices (one line each). */
  readonly stickerReturnAddress?: readonly string[] | null;
  /** Where customers read the terms of service, printed in TERMS_CHANGED notices (Art. 13). */
  readonly termsUrl?: string | null;
  /** Default: all eight sagas of DOMAIN.md. */
  readonly sagas?: readonly SagaDefinition<Json>[];
  /** Default: role !== 'api'. Tests drive the sagas with `advanceClock` / `settle` instead. */
  readonly autoStart?: boolean;
  readonly tuning?: SagaEngineTuning;
  readonly logger?: StructuredLogger;
}

export const SAGAS_CONFIG = Symbol.for('pfw.SagasConfig');
export const NOTIFICATION_OUTBOX = Symbol.for('pfw.NotificationOutbox');


/** With CLOCK=simulated: how long (real time) a worker's claim on a notice keeps the others off it while it sends. */
const SIMULATED_CLOCK_NOTICE_LEASE_MS = 15_000;
/** The saga operations the GraphQL layer offers (API.md: stuckProcesses, retryProcess, advanceClock). */
@Injectable()
export class SagaOperations implements ProcessOperations {
  constructor(private readonly engine: SagaEngine) {}

  stuckProcesses(): Promise<StuckProcess[]> {
    return this.engine.stuckProcesses();
  }

  retryProcess(processId: string): Promise<StuckProcess> {
    return this.engine.retryProcess(processId);
  }

  /** Throws ClockNotSimulatedError (→ CLOCK_NOT_SIMULATED) unless CLOCK=simulated. */
  advanceClock(input: AdvanceClockInput): Promise<{ now: Date }> {
    return this.engine.advanceClock(input);
  }
}

interface Outboxes {
  readonly store: OutboxStore;
  readonly protectors: readonly PayloadProtector[];
  readonly outbox: NotificationOutbox;
  readonly transport: NotificationTransport;
  readonly ownsStore: boolean;
}

const OUTBOXES = Symbol.for('pfw.SagaOutboxes');

@Injectable()
class SagasLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  constructor(
    @Inject(SAGAS_CONFIG) private readonly config: SagasModuleConfig,
    private readonly engine: SagaEngine,
    @Inject(OUTBOXES) private readonly outboxes: Outboxes,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (this.config.autoStart ?? this.config.role !== 'api') await this.engine.start();
  }

  /** Before the event store and the read-model database close (their onApplicationShutdown hooks). */
  async onModuleDestroy(): Promise<void> {
    await this.engine.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.outboxes.transport.close();
    if (this.outboxes.ownsStore) await this.outboxes.store.close();
  }
}

/**
 * The sagas of DOMAIN.md as a Nest module. Needs from the modules around it: EVENT_STORE, EventSerializer,
 * READ_MODEL_DB (saga tables: migration 0002), CLOCK, CommandBus and StreamCommandExecutor (ApplicationModule), and through
 * `config.imports` CA_GATEWAY and DOCUMENT_DESTROYER. Exports SagaOperations and SagaEngine.
 */
@Module({})
export class SagasModule {
  static forRoot(config: SagasModuleConfig): DynamicModule {
    return {
      module: SagasModule,
      // Global: the API layer reaches the automated side through PROCESS_OPERATIONS.
      global: true,
      imports: [...(config.imports ?? [])],
      providers: [
        { provide: SAGAS_CONFIG, useValue: config },
        { provide: SagaStore, inject: [READ_MODEL_DB], useFactory: (db: ReadModelDb) => new SagaStore(db) },
        {
          provide: OUTBOXES,
          inject: [CLOCK, READ_MODEL_DB, { token: OUTBOX_PROTECTOR, optional: true }],
          useFactory: async (clock: Clock, db: ReadModelDb, protector: PayloadProtector | undefined): Promise<Outboxes> => {
            const n = config.notifications ?? {};
            // The outbox lives in the read-model database: every worker shares it, every api sees its stuck notices.
            let store: OutboxStore;
            if (n.store) store = n.store;
            else {
              const shared = new SqlOutboxStore(db);
              // What a single host queued in its own file before: sent from here on, the file removed.
              const moved = await shared.importFrom(join(config.dataDir, NOTIFICATIONS_DB_FILE));
              if (moved > 0) (config.logger ?? nestLogger('Sagas')).info({ moved }, `moved notices from DATA_DIR/${NOTIFICATIONS_DB_FILE} into the read-model database`);
              store = shared;
            }
            const transport = n.transport ?? createNotificationTransport({ url: n.url, dataDir: config.dataDir, from: n.from });
            const outbox = new NotificationOutbox({
              store,
              clock,
              from: n.from ?? undefined,
              render: n.sender ? { sender: n.sender } : undefined,
              ...(protector ? { protector } : {}),
            });
            // Rows sealed before a protector was configured still open with the identity protector.
            const protectors = protector ? [protector, IDENTITY_PROTECTOR] : [IDENTITY_PROTECTOR];
            return { store, outbox, transport, protectors, ownsStore: n.store === undefined };
          },
        },
        { provide: NOTIFICATION_OUTBOX, inject: [OUTBOXES], useFactory: (o: Outboxes) => o.outbox },
        {
          provide: SagaEngine,
          inject: [
            EVENT_STORE, EventSerializer, SagaStore, CLOCK, CommandBus, OUTBOXES, StreamCommandExecutor, Deciders, ServiceStateReader,
            { token: CA_GATEWAY, optional: true }, { token: DOCUMENT_DESTROYER, optional: true },
            { token: PERSONAL_DATA_SHREDDER, optional: true }, { token: CONSUMER_LEASES, optional: true },
          ],
          useFactory: (
            eventStore: EventStore, serializer: EventSerializer, store: SagaStore, clock: Clock, bus: CommandBus, outboxes: Outboxes,
            // The command side's own executor (ApplicationModule): one cache of folded stream state per process.
            executor: StreamCommandExecutor,
            deciders: Deciders,
            serviceState: ServiceStateReader,
            ca: CaGateway | undefined, documents: DocumentDestroyer | undefined, personalData: PersonalDataShredding | undefined,
            leases: ConsumerLeases | null | undefined,
          ) => {
            const logger = config.logger ?? nestLogger('Sagas');
            const services: ActionServices = {
              bus,
              executor,
              deciders,
              serviceState,
              policy: config.policy,
              clock,
              store,
              ca: ca ?? null,
              outbox: outboxes.outbox,
              documents: documents ?? null,
              personalData: personalData ?? null,
              stickerReturnAddress: config.stickerReturnAddress ?? null,
              termsUrl: config.termsUrl ?? null,
            };
            const dispatcher = new OutboxDispatcher({
              store: outboxes.store,
              transport: outboxes.transport,
              protectors: outboxes.protectors,
              clock,
              // A claim keeps the other workers off a notice while one sends it. A simulated clock stands still, so
              // with it the claims are measured in real time, and short: a notice claimed by a worker that was
              // killed is sent by another within seconds (the same Message-ID; recording is idempotent on its id).
              ...(isSettableClock(clock) ? { leaseClock: new SystemClock(), leaseMs: SIMULATED_CLOCK_NOTICE_LEASE_MS } : {}),
              retry: config.notifications?.retry,
              logger,
              onAccepted: (notice) => SagaEngine.recordNotice(bus, store, notice),
            });
            const caResults = ca ? new CaResultWorker({ ca, store, clock, logger, onResult: () => engine.poller.wake() }) : null;
            const engine: SagaEngine = new SagaEngine({
              sagas: config.sagas ?? allSagas(config.policy),
              eventStore, serializer, store, clock, bus, services, dispatcher, caResults, logger, tuning: config.tuning,
              leases: leases ?? null,
            });
            return engine;
          },
        },
        SagaOperations,
        { provide: PROCESS_OPERATIONS, useExisting: SagaOperations },
        SagasLifecycle,
      ],
      exports: [SagaOperations, PROCESS_OPERATIONS, SagaEngine, SagaStore, NOTIFICATION_OUTBOX],
    };
  }
}
