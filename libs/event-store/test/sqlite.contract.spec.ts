import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventStore, SqliteEventStore } from '@pfw/event-store';
import { describeEventStoreContract } from './contract-suite';

const dirs = new Map<EventStore, string>();

describeEventStoreContract('sqlite', {
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'pfw-es-'));
    const store = new SqliteEventStore({ file: join(dir, 'events.sqlite'), pollIntervalMs: 50 });
    dirs.set(store, dir);
    return store;
  },
  async dispose(store) {
    await store.close();
    rmSync(dirs.get(store)!, { recursive: true, force: true });
    dirs.delete(store);
  },
});
