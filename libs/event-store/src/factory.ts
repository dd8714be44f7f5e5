import { join } from 'node:path';
import type { EventStore } from './port';
import { EsdbEventStore } from './esdb/esdb-event-store';
import { SqliteEventStore } from './sqlite/sqlite-event-store';

export interface EventStoreSelection {
  /** `sqlite` (embedded default) or an `esdb://…` / `esdb+discover://…` connection string. */
  readonly eventStore: string;
  /** Where the embedded store keeps its file. */
  readonly dataDir: string;
}

/** Opens the adapter the configuration names. */
export function createEventStore(selection: EventStoreSelection): EventStore {
  if (selection.eventStore === 'sqlite') {
    return new SqliteEventStore({ file: join(selection.dataDir, 'events.sqlite') });
  }
  if (/^esdb(\+discover)?:\/\//.test(selection.eventStore)) {
    return new EsdbEventStore({ connectionString: selection.eventStore });
  }
  throw new Error(`unsupported EVENT_STORE ${selection.eventStore}`);
}
