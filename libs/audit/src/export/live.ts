import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { AuditLogDatabase } from '../log/audit-log-database';
import type { EventStore } from '@pfw/event-store';
import type { AuditExportRecord } from './format';
import { auditLogRecords } from './records';
import { countSqliteEvents, portStoredEvents, sqliteStoredEvents, type StoredEvent } from './stored-events';

export interface LiveAuditLog {
  /** The export records of the installation as it is now (see `auditLogRecords`). */
  records(options?: { exportedAt?: Date | null }): AsyncGenerator<AuditExportRecord>;
  /** Events in the store (for progress). */
  eventCount(): number;
  /** Closes what this opened (the embedded event store's file); the read-model database is the caller's. */
  close(): void;
}

export interface OpenLiveAuditLogOptions {
  /**
   * The global log to pair with the audit log. Default: the rows of `<dataDir>/events.sqlite`, read directly
   * (stored bytes). Pass another source for an EventStoreDB-backed installation.
   */
  readonly events?: { readonly iterate: () => AsyncIterable<StoredEvent>; readonly count: () => number };
}

/**
 * Opens the audit log of an installation with no service running and no key — its tables in the read-model
 * database `db` and, by default, `<dataDir>/events.sqlite` read-only: what `audit export` writes and
 * `audit verify --live` checks. Its records fail at once when the audit log recorded nothing yet.
 */
export function openLiveAuditLog(db: Kysely<any>, dataDir: string, options: OpenLiveAuditLogOptions = {}): LiveAuditLog {
  let eventsDb: Database.Database | null = null;
  let events = options.events;
  if (!events) {
    const eventsFile = join(dataDir, 'events.sqlite');
    if (!existsSync(eventsFile)) throw new Error(`no event store at ${eventsFile}`);
    const sqlite = new Database(eventsFile, { readonly: true, fileMustExist: true });
    eventsDb = sqlite;
    events = { iterate: () => sqliteStoredEvents(sqlite), count: () => countSqliteEvents(sqlite) };
  }
  const audit = new AuditLogDatabase(db);
  const source = events;
  return {
    records: (opts = {}) => recordedOnly(audit, () => auditLogRecords({ audit, events: source.iterate(), exportedAt: opts.exportedAt ?? null })),
    eventCount: () => source.count(),
    close: () => {
      if (eventsDb?.open) eventsDb.close();
    },
  };
}

/** The records, once the audit log has recorded something (a leaf or a head): an empty one has nothing to show. */
async function* recordedOnly(audit: AuditLogDatabase, records: () => AsyncGenerator<AuditExportRecord>): AsyncGenerator<AuditExportRecord> {
  if ((await audit.checkpoint()).treeSize === 0 && (await audit.latestTreeHead()) === null) {
    throw new Error('no audit log yet: the read-model database holds no audit leaf and no signed tree head');
  }
  yield* records();
}

/**
 * The live audit log of an installation as configured: with the embedded store (`EVENT_STORE=sqlite`) its
 * `events.sqlite` is read directly, otherwise the global log through the event store port. What
 * `audit export` writes, `audit verify --live` checks and `GET /audit/export` streams.
 */
export function openInstallationAuditLog(db: Kysely<any>, dataDir: string, eventStore: string, store: EventStore): LiveAuditLog {
  if (eventStore === 'sqlite') return openLiveAuditLog(db, dataDir);
  return openLiveAuditLog(db, dataDir, { events: { iterate: () => portStoredEvents(store), count: () => 0 } });
}
