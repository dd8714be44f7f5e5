import { DynamicModule, Global, Inject, Injectable, Logger, Module, OnApplicationBootstrap, OnApplicationShutdown, OnModuleDestroy, Optional } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import type { Kysely } from 'kysely';
import { PersonalDataTransformer, type EventSerializerOptions } from '@pfw/event-serialization';
import { EVENT_STORE, type EventStore } from '@pfw/event-store';
import { ProjectionRegistry, READ_MODEL_DB, type ReadModelDbConfig } from '@pfw/read-models';
import { SqlOutboxStore } from '@pfw/notifications';
import { dataDirOutboxHolder, outboxHolder, sentMailHolder } from './holders';
import { SqlDataKeyStore, type DataKeyStoreOptions } from './key-store';
import { assertMasterKeyMatches, loadMasterKey, type MasterKey } from './master-key';
import { ContractKeyPayloadProtector } from './outbox-protector';
import { PersonalDataShredder, type PersonalDataHolder } from './shredder';

export interface PersonalDataModuleConfig {
  readonly dataDir: string;
  /**
   * The read-model database the key store lives in (its own connection: projections decode inside their
   * transactions on READ_MODEL_DB). Default: SQLite under dataDir.
   */
  readonly readModel?: ReadModelDbConfig;
  /** DATA_KEY_FILE (null: `<DATA_DIR>/personal-data-master.key`, created on first start). */
  readonly keyFile?: string | null;
  /** What keeps personal data outside the log; default: the outbox (read-model database) and the sent-mail files. */
  readonly holders?: readonly PersonalDataHolder[];
  /**
   * Finish shredding recorded but not completed at start (a crash between the event and the key's destruction),
   * and follow the log so a PersonalDataShredded recorded by anyone gets its key destroyed. Default true.
   */
  readonly reconcileAtStart?: boolean;
  readonly keyStore?: DataKeyStoreOptions;
  /**
   * Whether to provide PersonalDataShredder (needs the CommandBus: ApplicationModule). Default true; the cli,
   * which only reads, sets false and gets the keys alone.
   */
  readonly shredding?: boolean;
}

/** The master key's loader (`() => MasterKey`, loaded once on first call). */
export const MASTER_KEY = Symbol.for('pfw.PersonalDataMasterKey');
const CONFIG = Symbol.for('pfw.PersonalDataConfig');
const HOLDERS = Symbol.for('pfw.PersonalDataHolders');

/** The serializer's options with field encryption over this key store (EventSerializationModule.forRootAsync). */
export function encryptingSerializerOptions(keys: SqlDataKeyStore): EventSerializerOptions {
  return { transformer: new PersonalDataTransformer(keys) };
}

@Injectable()
class PersonalDataLifecycle implements OnApplicationBootstrap, OnModuleDestroy, OnApplicationShutdown {
  private readonly logger = new Logger('PersonalData');
  constructor(
    @Inject(CONFIG) private readonly config: PersonalDataModuleConfig,
    @Inject(MASTER_KEY) private readonly master: () => MasterKey,
    @Inject(HOLDERS) private readonly holders: readonly PersonalDataHolder[],
    private readonly keys: SqlDataKeyStore,
    @Optional() private readonly shredder?: PersonalDataShredder,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.shredder) return;
    // The api (which writes) loads the master key at start, so a missing DATA_KEY_FILE stops it at once.
    const master = this.master();
    assertMasterKeyMatches(master, await this.keys.foreignMasterKeys());
    if (master.created) this.logger.warn(`created the personal-data master key ${master.id} at ${master.path}: back it up apart from the databases`);
    if (this.config.reconcileAtStart === false) return;
    const shredder = this.shredder;
    try {
      const finished = await shredder.reconcile();
      if (finished.length > 0) this.logger.warn(`finished crypto-shredding of ${finished.length} contract(s) recorded but not completed`);
      await shredder.follow((contractId, err) =>
        this.logger.error(`could not finish crypto-shredding of contract ${contractId} (retried at the next start): ${err instanceof Error ? err.message : String(err)}`),
      );
    } catch (err) {
      this.logger.error(`could not check for unfinished crypto-shredding: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  /** Before the event store closes (its onApplicationShutdown). */
  async onModuleDestroy(): Promise<void> {
    await this.shredder?.stop();
  }

  async onApplicationShutdown(): Promise<void> {
    for (const h of this.holders) (h as { close?: () => void }).close?.();
    await this.keys.close();
  }
}

/**
 * Crypto-shredding: the master key, the key store in the read-model database (SqlDataKeyStore, the
 * serializer's DataKeyProvider), the outbox's ContractKeyPayloadProtector and the PersonalDataShredder
 * (`shredContract(contractId, actor)`). Needs READ_MODEL_DB, EVENT_STORE and the CommandBus around it; the
 * serializer is built from the key store with `EventSerializationModule.forRootAsync({ inject: [SqlDataKeyStore],
 * useFactory: encryptingSerializerOptions })`.
 */
@Global()
@Module({})
export class PersonalDataModule {
  static forRoot(config: PersonalDataModuleConfig): DynamicModule {
    return {
      module: PersonalDataModule,
      providers: [
        { provide: CONFIG, useValue: config },
        // Loaded on first use: the read-only cli (shredding: false) neither needs nor creates one unless it decrypts.
        {
          provide: MASTER_KEY,
          useFactory: () => {
            let loaded: MasterKey | null = null;
            return () => (loaded ??= loadMasterKey({ dataDir: config.dataDir, keyFile: config.keyFile ?? null, create: config.shredding !== false }));
          },
        },
        {
          provide: SqlDataKeyStore,
          // READ_MODEL_DB is injected for its migrations (table 0003) to have run; the store opens its own connection.
          inject: [READ_MODEL_DB, MASTER_KEY],
          useFactory: (_migrated: unknown, master: () => MasterKey) =>
            SqlDataKeyStore.open(config.readModel ?? { readModelUrl: null, dataDir: config.dataDir }, master, config.keyStore),
        },
        { provide: ContractKeyPayloadProtector, inject: [SqlDataKeyStore], useFactory: (keys: SqlDataKeyStore) => new ContractKeyPayloadProtector(keys) },
        {
          provide: HOLDERS,
          inject: [READ_MODEL_DB],
          // The shared outbox in the read-model database; the one a former version kept under DATA_DIR, if any.
          useFactory: (db: Kysely<any>) =>
            config.holders ?? [outboxHolder(new SqlOutboxStore(db)), dataDirOutboxHolder(config.dataDir, 'legacyOutbox'), sentMailHolder(config.dataDir)],
        },
        ...(config.shredding === false ? [] : [{
          provide: PersonalDataShredder,
          inject: [CommandBus, EVENT_STORE, SqlDataKeyStore, HOLDERS, { token: ProjectionRegistry, optional: true }],
          useFactory: (bus: CommandBus, store: EventStore, keys: SqlDataKeyStore, holders: readonly PersonalDataHolder[], registry?: ProjectionRegistry) =>
            new PersonalDataShredder({ bus, store, keys, holders, registry: registry ?? null }),
        }]),
        PersonalDataLifecycle,
      ],
      exports: [MASTER_KEY, SqlDataKeyStore, ContractKeyPayloadProtector, ...(config.shredding === false ? [] : [PersonalDataShredder])],
    };
  }
}

