import type Database from 'better-sqlite3';
import type { EventStore } from '@pfw/event-store';
import type { AuditLeafDocument } from '../canonical/event-leaf';
import { attachStoredTexts } from './format';

/**
 * One event as the event store keeps it: every stored field, data and metadata as their stored JSON text.
 * Nothing is decoded or decrypted: what a later issue encrypts stays ciphertext here.
 */
export interface StoredEvent {
  /** Global position, decimal. */
  readonly position: string;
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  readonly type: string;
  /** The stored JSON text of the payload. */
  readonly data: string;
  /** The stored JSON text of the envelope metadata. */
  readonly metadata: string;
  /** The stored recording time (ISO 8601). */
  readonly recordedAt: string;
}

interface EventRow {
  position: bigint;
  event_id: unknown;
  stream_id: unknown;
  revision: unknown;
  type: unknown;
  data: unknown;
  metadata: unknown;
  recorded_at: unknown;
}

/** A column as text, whatever type someone left in it (a verifier must not crash on odd rows). */
function text(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return value.toString('utf8');
  return String(value);
}

function integer(value: unknown): number {
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'number') return value;
  return Number.NaN;
}

/**
 * The rows of an `events.sqlite` (the embedded store's file), in position order, read straight from the
 * table — no adapter in between, so the texts are the stored bytes. Pass a read-only connection.
 */
export async function* sqliteStoredEvents(db: Database.Database, pageSize = 1000): AsyncGenerator<StoredEvent> {
  const page = db
    .prepare<[bigint, number], EventRow>(
      `SELECT position, event_id, stream_id, revision, type, data, metadata, recorded_at
         FROM events WHERE position > ? ORDER BY position LIMIT ?`,
    )
    .safeIntegers(true);
  let after = -1n;
  for (;;) {
    // Paged rather than one long iterate(): the consumer awaits between events (file writes, progress).
    const rows = page.all(after, pageSize);
    for (const row of rows) {
      yield {
        position: row.position.toString(),
        id: text(row.event_id),
        streamId: text(row.stream_id),
        revision: integer(row.revision),
        type: text(row.type),
        data: text(row.data),
        metadata: text(row.metadata),
        recordedAt: text(row.recorded_at),
      };
    }
    if (rows.length < pageSize) return;
    after = rows[rows.length - 1]!.position;
  }
}

/** Number of rows in an `events.sqlite` (for progress). */
export function countSqliteEvents(db: Database.Database): number {
  return db.prepare<[], { n: number }>('SELECT COUNT(*) AS n FROM events').get()?.n ?? 0;
}

/**
 * The global log through the event store port (any adapter). Data and metadata are the JSON texts of what the
 * adapter returns, which for a JSON store are the stored values.
 */
export async function* portStoredEvents(store: EventStore): AsyncGenerator<StoredEvent> {
  for await (const e of store.readAll()) {
    yield {
      position: e.position.toString(),
      id: e.id,
      streamId: e.streamId,
      revision: e.revision,
      type: e.type,
      data: JSON.stringify(e.data),
      metadata: JSON.stringify(e.metadata),
      recordedAt: e.recordedAt.toISOString(),
    };
  }
}

/**
 * The leaf document of a stored event (what the leaf hash covers): data and metadata parsed from their
 * stored texts; a text that is not JSON becomes null and is returned in `unparsable`.
 */
export function storedEventDocument(stored: StoredEvent): {
  event: AuditLeafDocument;
  unparsable?: { data?: string; metadata?: string };
} {
  const unparsable: { data?: string; metadata?: string } = {};
  const parse = (field: 'data' | 'metadata'): unknown => {
    try {
      return JSON.parse(stored[field]) as unknown;
    } catch {
      unparsable[field] = stored[field];
      return null;
    }
  };
  const event: AuditLeafDocument = {
    id: stored.id,
    streamId: stored.streamId,
    revision: stored.revision,
    position: stored.position,
    type: stored.type,
    data: parse('data'),
    metadata: parse('metadata'),
    recordedAt: stored.recordedAt,
  };
  if (unparsable.data !== undefined || unparsable.metadata !== undefined) return { event, unparsable };
  attachStoredTexts(event, { data: stored.data, metadata: stored.metadata });
  return { event };
}
