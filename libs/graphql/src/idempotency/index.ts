export * from './digest';
export * from './migrations';
export * from './idempotency.service';
export * from './idempotency.module';
export * from './idempotency-retention';
