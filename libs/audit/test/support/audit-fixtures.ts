import { randomUUID } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventData } from '@pfw/event-store';
import { SqliteEventStore } from '@pfw/event-store';
import type { AuditScheduler } from '@pfw/audit';
import { DATABASE_MIGRATIONS } from '@pfw/migrations';
import { createReadModelDb, migrateReadModels, type ReadModelDb } from '@pfw/read-models';

export const tempDir = (prefix: string) => mkdtempSync(join(tmpdir(), `pfw-${prefix}-`));

const TYPES = [
  'ApplicationSubmitted',
  'ScreeningPassed',
  'InvoiceIssued',
  'CertificateRequested',
  'CertificateIssued',
  'CertificateDelivered',
  'RevocationInitiated',
  'CertificateRevoked',
];

/** An event shaped like ours: payload plus the audit envelope in metadata (DOMAIN.md "Audit"). */
export function sampleEvent(n: number, at = new Date(Date.UTC(2025, 3, 1, 0, 0, n % 60))): EventData {
  const id = randomUUID();
  return {
    id,
    type: TYPES[n % TYPES.length]!,
    data: {
      n,
      webServerFqdn: `www${n}.example.jp`,
      applicant: { organizationName: `株式会社テスト${n}`, representative: 'Taro Yamada' },
      amounts: [n, n * 1.5, -n],
      note: n % 7 === 0 ? null : `note "${n}" \u00e9\u{1F600}`,
    },
    metadata: {
      eventId: id,
      actor: n % 3 === 0 ? { id: 'saga:issuance', role: 'SYSTEM' } : { id: `staff-${n % 5}`, role: 'SCREENER' },
      correlationId: `corr-${Math.floor(n / 4)}`,
      causationId: n % 4 === 0 ? null : `cause-${n - 1}`,
      commandName: 'SubmitApplication',
      occurredAt: at.toISOString(),
      termsVersion: '1',
    },
  };
}

/**
 * Appends `count` events in batches of `perStream` to streams contract-<k>, numbered from `from`.
 * One append per batch: 10,000 events are 100 transactions.
 */
export async function appendSampleEvents(store: SqliteEventStore, count: number, from = 0, perStream = 100): Promise<void> {
  for (let start = from; start < from + count; start += perStream) {
    const size = Math.min(perStream, from + count - start);
    const events = Array.from({ length: size }, (_, i) => sampleEvent(start + i));
    await store.append(`contract-${start / perStream}`, events, 'any');
  }
}

/** Scheduler whose interval fires only when the test says so; retry pauses are a few ms of real time. */
export class ManualScheduler implements AuditScheduler {
  readonly intervals: { ms: number; fn: () => Promise<void>; active: boolean }[] = [];

  every(ms: number, fn: () => Promise<void>): () => void {
    const entry = { ms, fn, active: true };
    this.intervals.push(entry);
    return () => {
      entry.active = false;
    };
  }

  sleep(ms: number, signal: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const timer = setTimeout(done, Math.min(ms, 5));
      function done() {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      }
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Runs every active interval callback once (as if its period elapsed); resolves when they are done. */
  async fire(): Promise<void> {
    await Promise.all(this.intervals.filter((entry) => entry.active).map((entry) => entry.fn()));
  }

  get active(): number {
    return this.intervals.filter((e) => e.active).length;
  }
}

/** A clock the test sets. */
export class ManualClock {
  constructor(public current = new Date('2025-04-01T00:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current.getTime());
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** Polls `condition` every few ms until it holds (or fails after `timeoutMs`). */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

/**
 * The read-model database of a data directory as the apps open it (SQLite under `dataDir`, or the PostgreSQL
 * of `readModelUrl`), migrated with every lib's migrations: the CLI started on the same directory then finds
 * nothing to run out of order.
 */
export async function openAuditDb(dataDir: string, readModelUrl: string | null = null): Promise<ReadModelDb> {
  const db = createReadModelDb({ readModelUrl, dataDir });
  await migrateReadModels(db, DATABASE_MIGRATIONS);
  return db;
}

export const silentLogger = { info: () => undefined, warn: () => undefined, error: () => undefined };
