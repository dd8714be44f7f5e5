import {
  BeforeApplicationShutdown,
  DynamicModule,
  Global,
  Inject,
  Injectable,
  Module,
  OnApplicationBootstrap,
} from '@nestjs/common';
import { join } from 'node:path';
import { CONSUMER_GATE, type ConsumerGate } from '@pfw/consumers';
import { EVENT_STORE, type EventStore } from '@pfw/event-store';
import { nestLogger } from '@pfw/logging';
import { READ_MODEL_DB, type ReadModelDb } from '@pfw/read-models';
import { AUDIT_EXPORT_SOURCE, AuditExportController, type AuditExportSource } from '../export/audit-export.controller';
import { openInstallationAuditLog } from '../export/live';
import { loadAuditSigningKey, loadOrCreateAuditSigningKey } from '../keys';
import { AuditLogService } from './audit-log.service';
import type { Clock } from '@pfw/clock';
import type { AuditScheduler } from './scheduler';

export interface AuditModuleOptions {
  /**
   * DATA_DIR: where the default signing key is created, and where an earlier version kept its own
   * `audit.sqlite` (its signed heads are moved into the read-model database once, then the file is deleted).
   */
  readonly dataDir: string;
  /**
   * AUDIT_SIGNING_KEY_FILE: the Ed25519 key (PKCS#8 PEM), a file that must exist (every process of a deployment
   * signs with the same key). Unset: `<dataDir>/audit/signing-key.pem`, created on first start.
   */
  readonly signingKeyFile?: string | null;
  /** Sign a tree head this often when the tree grew. Default 60 000 ms; 0 = only on demand and at shutdown. */
  readonly treeHeadIntervalMs?: number;
  /** Start the follower at application bootstrap. Default true (false: proofs and checkpoints only). */
  readonly follow?: boolean;
  /**
   * How long an on-demand catch-up in a process that does not follow the log now waits for the follower's
   * stored checkpoint before it appends what is missing itself. Default 5 000 ms.
   */
  readonly catchUpWaitMs?: number;
  readonly clock?: Clock;
  readonly scheduler?: AuditScheduler;
  /**
   * EVENT_STORE as configured (`sqlite` or a connection string): given, GET /audit/export serves the log (the
   * embedded store's file read directly, as `audit export` does; otherwise through the event store port).
   */
  readonly exportEventStore?: string;
}

/** A follower that holds the lease is normally a batch away from the head: wait that long before catching up here. */
const DEFAULT_CATCH_UP_WAIT_MS = 5_000;

export const AUDIT_MODULE_OPTIONS = Symbol.for('pfw.AuditModuleOptions');

/** Where the audit files live under DATA_DIR: the default key, and the per-process database of an earlier version. */
export function auditPaths(dataDir: string, signingKeyFile?: string | null): { legacyDatabase: string; signingKey: string } {
  return {
    legacyDatabase: join(dataDir, 'audit.sqlite'),
    signingKey: signingKeyFile ?? join(dataDir, 'audit', 'signing-key.pem'),
  };
}

@Injectable()
class AuditLogLifecycle implements OnApplicationBootstrap, BeforeApplicationShutdown {
  constructor(
    private readonly audit: AuditLogService,
    @Inject(AUDIT_MODULE_OPTIONS) private readonly options: AuditModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    if (this.options.follow !== false) this.audit.start();
  }

  /** Before the event store closes (it closes in onApplicationShutdown): stop, sign a last head, close. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.audit.close();
  }
}

/**
 * Provides {@link AuditLogService} over the configured EVENT_STORE (from EventStoreModule) and READ_MODEL_DB
 * (ReadModelsModule: the tree and its heads are in the read-model database) and starts its follower when the
 * application has bootstrapped.
 */
@Global()
@Module({})
export class AuditModule {
  static forRoot(options: AuditModuleOptions): DynamicModule {
    return {
      module: AuditModule,
      controllers: options.exportEventStore === undefined ? [] : [AuditExportController],
      providers: [
        { provide: AUDIT_MODULE_OPTIONS, useValue: options },
        {
          provide: AuditLogService,
          // The process's leases (CONSUMER_GATE, from ReadModelsModule): one follower of the log per deployment.
          inject: [EVENT_STORE, READ_MODEL_DB, { token: CONSUMER_GATE, optional: true }],
          useFactory: (store: EventStore, db: ReadModelDb, gate: ConsumerGate | undefined) => {
            const logger = nestLogger('AuditLog');
            const paths = auditPaths(options.dataDir, options.signingKeyFile);
            const signingKey = options.signingKeyFile ? loadAuditSigningKey(options.signingKeyFile) : loadOrCreateAuditSigningKey(paths.signingKey);
            if (signingKey.created) {
              logger.warn(
                {},
                `created a new audit signing key at ${paths.signingKey} (public key ${signingKey.publicKeyRaw.toString('base64')}); back it up: the log can never change keys`,
              );
            }
            return AuditLogService.open({
              store,
              db,
              signingKey,
              legacyFile: paths.legacyDatabase,
              catchUpWaitMs: options.catchUpWaitMs ?? DEFAULT_CATCH_UP_WAIT_MS,
              treeHeadIntervalMs: options.treeHeadIntervalMs,
              clock: options.clock,
              scheduler: options.scheduler,
              logger,
              gate,
            });
          },
        },
        AuditLogLifecycle,
        ...(options.exportEventStore === undefined
          ? []
          : [
              {
                provide: AUDIT_EXPORT_SOURCE,
                inject: [EVENT_STORE, READ_MODEL_DB],
                useFactory: (store: EventStore, db: ReadModelDb): AuditExportSource => ({
                  open: () => openInstallationAuditLog(db, options.dataDir, options.exportEventStore!, store),
                  now: () => options.clock?.now() ?? new Date(),
                }),
              },
            ]),
      ],
      exports: [AuditLogService],
    };
  }
}
