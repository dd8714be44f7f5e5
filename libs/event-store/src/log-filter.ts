import type { LogFilter } from './port';

/**
 * The port's log filter as a predicate on an event's stream and type, for what an adapter filters in memory
 * (the EventStoreDB adapter after the server's coarser filter; the SQLite adapter deciding which waiting
 * subscriptions an append concerns). No filter passes everything.
 */
export function logFilterPredicate(filter: LogFilter | undefined): (streamId: string, type: string) => boolean {
  const types = filter?.eventTypes ? new Set(filter.eventTypes) : undefined;
  const prefixes = filter?.streamPrefixes;
  return (streamId, type) => (types === undefined || types.has(type)) && (prefixes === undefined || prefixes.some((p) => streamId.startsWith(p)));
}
