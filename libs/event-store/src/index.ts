export * from './port';
export * from './errors';
export { checkExpectedRevision, subscriptionFromPages, type PagedSubscriptionSource } from './subscription';
export { SqliteEventStore, type SqliteEventStoreOptions, type GroupCommitStats } from './sqlite/sqlite-event-store';
export { EsdbEventStore, type EsdbEventStoreOptions } from './esdb/esdb-event-store';
export { createEventStore, type EventStoreSelection } from './factory';
export { EventStoreModule, EventStoreHealthIndicator } from './event-store.module';
