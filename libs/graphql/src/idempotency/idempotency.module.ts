import { DynamicModule, Global, Module } from '@nestjs/common';
import { IDEMPOTENCY_OPTIONS, IdempotencyService, type IdempotencyOptions } from './idempotency.service';

/**
 * Provides IdempotencyService everywhere (global), over READ_MODEL_DB: needs ReadModelsModule (global) in the
 * application. Its table is created at start (its own migrations, see migrations.ts).
 */
@Global()
@Module({})
export class IdempotencyModule {
  static forRoot(options: IdempotencyOptions = {}): DynamicModule {
    return {
      module: IdempotencyModule,
      providers: [{ provide: IDEMPOTENCY_OPTIONS, useValue: options }, IdempotencyService],
      exports: [IdempotencyService],
    };
  }
}
