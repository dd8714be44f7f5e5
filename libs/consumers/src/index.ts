export * from './checkpoint';
export * from './checkpointed-consumer';
export * from './errors';
export * from './event-loop';
export * from './gate';
export * from './position-waiters';
export * from './leases';
