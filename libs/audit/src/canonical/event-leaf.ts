import type { RecordedEvent } from '@pfw/event-store';
import { canonicalBytes } from './canonical-json';

/**
 * The envelope of one stored event as it enters the audit log. Every field the store keeps is here, so a
 * change to any of them — payload, stream, revision, global position, type, metadata, or recording time —
 * changes the leaf. Data stays exactly as stored: fields the application encrypted stay ciphertext, so an
 * auditor recomputes the hashes without any key.
 */
export interface AuditLeafDocument {
  readonly id: string;
  readonly streamId: string;
  readonly revision: number;
  /** The global position as a decimal string (JSON has no bigint). */
  readonly position: string;
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
  /** `Date.prototype.toISOString()` of the store's recording time (UTC, millisecond precision). */
  readonly recordedAt: string;
}

/** The document hashed for `event`: its envelope with the position as a string and the time as ISO 8601. */
export function eventLeafDocument(event: RecordedEvent): AuditLeafDocument {
  if (typeof event.position !== 'bigint') {
    throw new TypeError(`event ${event.id}: position must be a bigint, got ${typeof event.position}`);
  }
  if (!(event.recordedAt instanceof Date) || Number.isNaN(event.recordedAt.getTime())) {
    throw new TypeError(`event ${event.id}: recordedAt must be a valid Date`);
  }
  return {
    id: event.id,
    streamId: event.streamId,
    revision: event.revision,
    position: event.position.toString(10),
    type: event.type,
    data: event.data,
    metadata: event.metadata,
    recordedAt: event.recordedAt.toISOString(),
  };
}

/**
 * The leaf entry of `event` in the audit Merkle tree: the RFC 8785 canonical UTF-8 bytes of
 * {@link eventLeafDocument}. Its leaf hash is `leafHash(eventLeafEntry(event))` = SHA-256(0x00 ‖ entry).
 */
export function eventLeafEntry(event: RecordedEvent): Buffer {
  return canonicalBytes(eventLeafDocument(event));
}
