import {
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
} from '@nestjs/common';
import { HealthIndicatorService, TerminusModule } from '@nestjs/terminus';
import { sql, type Migration } from 'kysely';
import { ALWAYS_ADMIT, CONSUMER_GATE, ConsumerLeases } from '@pfw/consumers';
import { EVENT_STORE, type EventStore } from '@pfw/event-store';
import { nestLogger } from '@pfw/logging';
import { EventSerializer } from '@pfw/event-serialization';
import { createReadModelDb, type ReadModelDb, type ReadModelDbConfig } from './db';
import { EventLogReader } from './log/event-log.reader';
import { migrateReadModels } from './migrate';
import type { Projection } from './projection';
import { ProjectionRegistry } from './registry';
import type { ProjectionRunnerTuning } from './runner';
import { SqlLeaseStore } from './leases/sql-lease-store';

/** Nest injection token for the read-model Kysely instance (migrated before anything can inject it). */
export const READ_MODEL_DB = Symbol.for('pfw.ReadModelDb');

export interface ReadModelsModuleConfig extends ReadModelDbConfig {
  /**
   * The migrations of every table kept in this database, run before READ_MODEL_DB can be injected: the apps
   * pass the one list of them all (`DATABASE_MIGRATIONS`, libs/migrations).
   */
  readonly migrations: Readonly<Record<string, Migration>>;
  /**
   * The projections to run: a list, or a function of the application's EventSerializer (projections decode
   * events with the one serializer, whose encryption keys the application owns).
   */
  readonly projections?: readonly Projection[] | ((deps: { readonly serializer: EventSerializer }) => readonly Projection[]);
  /**
   * Whether this process runs the projections (default true). Read-your-writes waits are woken by commits in
   * the same process, so a process that serves mutations should run them.
   */
  readonly runProjections?: boolean;
  readonly tuning?: ProjectionRunnerTuning;
  /**
   * Leases in this database (ConsumerLeases, provided as CONSUMER_GATE for the sagas and the audit log too):
   * each projection runs in one process at a time across every process sharing the database. `ttlMs`
   * (default 10 s) is how long a dead process's leases keep the others waiting. `false`: every process runs
   * every consumer (the checkpoints still keep each event from being handled twice).
   */
  readonly leases?: { readonly ttlMs?: number } | false;
}

const READ_MODELS_CONFIG = Symbol.for('pfw.ReadModelsConfig');
/** This process's ConsumerLeases, or null when leases are off. */
export const CONSUMER_LEASES = Symbol.for('pfw.ConsumerLeases');

@Injectable()
class ReadModelsLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  constructor(
    @Inject(READ_MODELS_CONFIG) private readonly config: ReadModelsModuleConfig,
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly registry: ProjectionRegistry,
    @Inject(CONSUMER_LEASES) private readonly leases: ConsumerLeases | null,
  ) {}

  onApplicationBootstrap(): void {
    if (this.config.runProjections ?? true) this.registry.startAll();
  }

  /** Runners stop before any onApplicationShutdown hook (the event store closes in one). */
  async onModuleDestroy(): Promise<void> {
    this.registry.closeWaits();
    await this.registry.stopAll();
  }

  /** Every consumer stopped by now (sagas, audit log): the leases go back at once for the other processes. */
  async onApplicationShutdown(): Promise<void> {
    await this.leases?.close();
    await this.db.destroy();
  }
}

/** Health of the read models for /health: down when the database does not answer or a projection failed. */
@Injectable()
export class ReadModelsHealthIndicator {
  constructor(
    @Inject(READ_MODEL_DB) private readonly db: ReadModelDb,
    private readonly registry: ProjectionRegistry,
    private readonly health: HealthIndicatorService,
    @Inject(CONSUMER_LEASES) private readonly leases: ConsumerLeases | null,
  ) {}

  /**
   * Each projection's state, position and lag. A failure's message names contracts, events and key errors:
   * it is shown only when `details` is asked for (an admin's request), never on the public health check; so
   * are the leases (this process's owner id, and who holds each lease: opaque owner ids). A projection
   * served read-only (a newer build's tables, during a rolling upgrade) is up and says so.
   */
  async check(key = 'readModels', options: { readonly details?: boolean } = {}) {
    const indicator = this.health.check(key);
    try {
      await sql`select 1`.execute(this.db);
    } catch (err) {
      return indicator.down(options.details ? { error: err instanceof Error ? err.name : 'unreachable' } : {});
    }
    const statuses = await this.registry.status();
    const projections = Object.fromEntries(
      statuses.map((s) => [
        s.name,
        {
          state: s.state,
          position: s.position === null ? null : s.position.toString(),
          lag: s.lag === null ? null : s.lag.toString(),
          ...(s.failure && options.details ? { error: s.failure.message } : {}),
          ...(s.readOnly ? { readOnly: s.readOnly } : {}),
        },
      ]),
    );
    const leases = options.details && this.leases ? await this.leaseDetails(this.leases).catch(() => ({ error: 'unreadable' })) : undefined;
    const body = { projections, ...(leases ? { leases } : {}) };
    return statuses.some((s) => s.state === 'failed') ? indicator.down(body) : indicator.up(body);
  }

  private async leaseDetails(leases: ConsumerLeases) {
    const status = await leases.status();
    const now = Date.now();
    return {
      owner: status.owner,
      ttlMs: status.ttlMs,
      members: status.members,
      held: status.held.map((h) => h.name),
      all: Object.fromEntries(
        status.leases.map((l) => [l.name, { owner: l.owner, live: l.live, mine: l.mine, expiresInMs: l.expiresAt - now, takeovers: l.takeovers }]),
      ),
    };
  }
}

/**
 * Provides READ_MODEL_DB (SQLite under DATA_DIR, or PostgreSQL when READ_MODEL_URL is set; migrated at
 * creation), the ProjectionRegistry (starts its runners on bootstrap, stops them on shutdown) and
 * ReadModelsHealthIndicator. Needs EVENT_STORE (EventStoreModule is global).
 */
@Global()
@Module({})
export class ReadModelsModule {
  static forRoot(config: ReadModelsModuleConfig): DynamicModule {
    return {
      module: ReadModelsModule,
      imports: [TerminusModule],
      providers: [
        EventLogReader,
        { provide: READ_MODELS_CONFIG, useValue: config },
        {
          provide: READ_MODEL_DB,
          useFactory: async () => {
            const db = createReadModelDb(config);
            try {
              await migrateReadModels(db, config.migrations);
            } catch (err) {
              await db.destroy();
              throw err;
            }
            return db;
          },
        },
        {
          provide: CONSUMER_LEASES,
          inject: [READ_MODEL_DB],
          useFactory: (db: ReadModelDb) =>
            config.leases === false ? null : new ConsumerLeases({ store: new SqlLeaseStore(db), ttlMs: config.leases?.ttlMs, logger: nestLogger('Leases') }),
        },
        { provide: CONSUMER_GATE, inject: [CONSUMER_LEASES], useFactory: (leases: ConsumerLeases | null) => leases ?? ALWAYS_ADMIT },
        {
          provide: ProjectionRegistry,
          inject: [READ_MODEL_DB, EVENT_STORE, CONSUMER_LEASES, { token: EventSerializer, optional: true }],
          useFactory: (db: ReadModelDb, store: EventStore, leases: ConsumerLeases | null, serializer: EventSerializer | undefined) => {
            if (typeof config.projections === 'function' && !serializer) {
              throw new Error('ReadModelsModule: projections need the EventSerializer (import EventSerializationModule)');
            }
            const projections =
              typeof config.projections === 'function' ? config.projections({ serializer: serializer! }) : (config.projections ?? []);
            return new ProjectionRegistry({ ...config.tuning, ...(leases ? { gate: config.tuning?.gate ?? leases } : {}), db, store }, projections);
          },
        },
        ReadModelsLifecycle,
        ReadModelsHealthIndicator,
      ],
      exports: [READ_MODEL_DB, ProjectionRegistry, ReadModelsHealthIndicator, EventLogReader, CONSUMER_LEASES, CONSUMER_GATE],
    };
  }
}
