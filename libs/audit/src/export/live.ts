import Database from 'better-sqlite3';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { AuditLogDatabase } from '../log/audit-log-database';
import type { EventStore } from '@pfw/event-store';
import type { AuditExportRecord } from './format';
import { auditLogRecords } from './records';
import { countSqliteEvents, portStoredEvents, sqliteStoredEvents, type StoredEvent } from './stored-events';

export interface LiveAuditLog {
  /** The export records of the data directory as it is now (see `auditLogRecords`). */
  records(options?: { exportedAt?: Date | null }): AsyncGenerator<AuditExportRecord>;
  /** Events in the store (for progress). */
  eventCount(): number;
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
 * Opens a data directory read-only — `audit.sqlite` and, by default, `events.sqlite` — with no service
 * running and no key: what `audit export` writes and `audit verify --live` checks.
 */
export function openLiveAuditLog(dataDir: string, options: OpenLiveAuditLogOptions = {}): LiveAuditLog {
  const auditFile = join(dataDir, 'audit.sqlite');
  if (!existsSync(auditFile)) throw new Error(`no audit log at ${auditFile}`);
  let eventsDb: Database.Database | null = null;
  let events = options.events;
  if (!events) {
    const eventsFile = join(dataDir, 'events.sqlite');
    if (!existsSync(eventsFile)) throw new Error(`no event store at ${eventsFile}`);
    const db = new Database(eventsFile, { readonly: true, fileMustExist: true });
    eventsDb = db;
    events = { iterate: () => sqliteStoredEvents(db), count: () => countSqliteEvents(db) };
  }
  let audit: AuditLogDatabase;
  try {
    audit = new AuditLogDatabase(auditFile, { readonly: true });
  } catch (err) {
    eventsDb?.close();
    throw err;
  }
  const source = events;
  return {
    records: (opts = {}) => auditLogRecords({ audit, events: source.iterate(), exportedAt: opts.exportedAt ?? null }),
    eventCount: () => source.count(),
    close: () => {
      audit.close();
      if (eventsDb?.open) eventsDb.close();
    },
  };
}

/**
 * The live audit log of an installation as configured: with the embedded store (`EVENT_STORE=sqlite`) its
 * `events.sqlite` is read directly (the stored bytes), otherwise the global log through the event store port.
 * What `audit export` writes, `audit verify --live` checks and `GET /audit/export` streams.
 */
export function openInstallationAuditLog(dataDir: string, eventStore: string, store: EventStore): LiveAuditLog {
  if (eventStore === 'sqlite') return openLiveAuditLog(dataDir);
  return openLiveAuditLog(dataDir, { events: { iterate: () => portStoredEvents(store), count: () => 0 } });
}
