export * from './runtime/decider';
export * from './runtime/event-ids';
export * from './runtime/stream-command-executor';
