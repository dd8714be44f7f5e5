/**
 * @pfw/sagas — the automated side of DOMAIN.md "Sagas": durable, checkpointed reactors whose deadlines
 * (immediate actions included) are dispatched by a poller as commands, CA orders and notices, each
 * idempotent on the step's deterministic id; the CA result feed; `advanceClock` for CLOCK=simulated;
 * `stuckProcesses` / `retryProcess`.
 */
export * from './errors';
export * from './ports';
export * from './runtime/saga';
export * from './runtime/deadlines';
export * from './runtime/store';
export * from './runtime/subscriber';
export * from './runtime/poller';
export * from './runtime/engine';
export * from './actions';
export * from './ca/ca-results';
export * from './sagas';
export * from './sagas.module';
export { SAGAS_MIGRATIONS } from './migrations';
