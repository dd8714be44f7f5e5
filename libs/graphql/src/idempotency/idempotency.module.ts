import { DynamicModule, Global, Module } from '@nestjs/common';
import { IDEMPOTENCY_RETENTION, IdempotencyRetention } from './idempotency-retention';
import { IDEMPOTENCY_OPTIONS, IdempotencyService, type IdempotencyOptions } from './idempotency.service';

/**
 * Provides IdempotencyService everywhere (global), over READ_MODEL_DB: needs ReadModelsModule (global) in the
 * application. Its table is created at start (its own migrations, see migrations.ts).
 */
@Global()
@Module({})
export class IdempotencyModule {
  /** `retentionDays`: completed records older than this are purged (at start, then hourly); absent: kept. */
  static forRoot(options: IdempotencyOptions & { readonly retentionDays?: number } = {}): DynamicModule {
    const { retentionDays, ...serviceOptions } = options;
    const retention =
      retentionDays === undefined
        ? []
        : [{ provide: IDEMPOTENCY_RETENTION, useValue: { retentionDays, ...(options.now ? { now: options.now } : {}) } }, IdempotencyRetention];
    return {
      module: IdempotencyModule,
      providers: [{ provide: IDEMPOTENCY_OPTIONS, useValue: serviceOptions }, IdempotencyService, ...retention],
      exports: [IdempotencyService, ...(retentionDays === undefined ? [] : [IdempotencyRetention])],
    };
  }
}
