import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SqliteEventStore, type AppendResult, type EventStore, type JsonObject } from '@pfw/event-store';

export interface TestEventStore {
  readonly store: EventStore;
  /** Appends one event of `type` to `stream`, at whatever revision the stream is. */
  append(stream: string, type: string, data?: JsonObject): Promise<AppendResult>;
  dispose(): Promise<void>;
}

/** The embedded SQLite event store in a temp directory: the event source of these tests. */
export function openTestEventStore(): TestEventStore {
  const dir = mkdtempSync(join(tmpdir(), 'pfw-rm-es-'));
  const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 50 });
  return {
    store,
    append: (stream, type, data = {}) =>
      store.append(stream, [{ id: randomUUID(), type, data, metadata: {} }], 'any'),
    async dispose() {
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
