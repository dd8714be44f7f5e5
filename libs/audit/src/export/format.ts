import type { AuditLeafDocument } from '../canonical/event-leaf';
import type { SignedTreeHead } from '../merkle/tree-head';

/**
 * The audit export: JSON lines (UTF-8, one JSON object per line, `\n`-separated), in this order:
 *
 * 1. one `header`;
 * 2. every signed tree head, by tree size, each with the consistency proof from the previous head;
 * 3. every event of the global log in order, one per leaf index 0, 1, 2, …: the event as stored, the leaf
 *    hash the audit log recorded for that index, and the inclusion proof against the final tree head;
 * 4. one `end` (its counts make a truncated file detectable).
 *
 * Everything recomputes from the file alone: leaf = SHA-256(0x00 ‖ JCS(event)), the tree per RFC 9162, the
 * signatures with the header's public key. No key other than that public key, no service.
 */
export const AUDIT_EXPORT_FORMAT = 'pfw-audit-log';
export const AUDIT_EXPORT_VERSION = 1;

export const AUDIT_LEAF_DEFINITION =
  'leaf hash = SHA-256(0x00 || UTF-8 RFC 8785 (JCS) canonical JSON of the record\'s "event" object ' +
  '{id, streamId, revision, position (decimal string), type, data, metadata, recordedAt (ISO 8601)}); ' +
  'leaf index i = the i-th event of the global log (0-based, by position)';
export const AUDIT_NODE_DEFINITION = 'node hash = SHA-256(0x01 || left || right); Merkle tree, inclusion and consistency proofs per RFC 9162 section 2.1';
export const AUDIT_TREE_HEAD_SIGNATURE =
  'Ed25519 (RFC 8032) over the 50-byte RFC 6962 TreeHeadSignature: uint8 version = 0, uint8 signature_type = 1, ' +
  'uint64 timestamp (ms since the Unix epoch), uint64 tree_size, 32-byte root hash; big-endian. ' +
  'Hashes, signatures and the raw 32-byte public key are standard base64';

export interface AuditExportHeader {
  readonly kind: 'header';
  readonly format: typeof AUDIT_EXPORT_FORMAT;
  readonly version: typeof AUDIT_EXPORT_VERSION;
  readonly hashAlgorithm: 'SHA-256';
  readonly leaf: string;
  readonly node: string;
  readonly treeHeadSignature: string;
  /** The log's public key (base64, raw 32 bytes); null for a log that never signed. */
  readonly publicKey: string | null;
  /** How many `treeHead` lines follow. */
  readonly treeHeads: number;
  /** Size of the final (largest) signed tree head: the events with a lower leaf index carry inclusion proofs. */
  readonly signedTreeSize: number;
  /** Leaves the audit log had recorded at export time (≥ signedTreeSize). */
  readonly auditTreeSize: number;
  readonly exportedAt: string | null;
}

export interface AuditExportTreeHead {
  readonly kind: 'treeHead';
  /** 0-based, in file order. */
  readonly index: number;
  readonly treeHead: SignedTreeHead;
  /** PROOF(previous.treeSize, D[treeHead.treeSize]); null for the first head and after an empty one. */
  readonly consistency: { readonly fromTreeSize: number; readonly proof: readonly string[] | null } | null;
}

export interface AuditExportEvent {
  readonly kind: 'event';
  readonly leafIndex: number;
  /** The position and event id the audit log recorded for this leaf (null if it has no such leaf). */
  readonly position: string | null;
  readonly eventId: string | null;
  /** The leaf hash the audit log recorded (base64), null if it has none yet. */
  readonly leafHash: string | null;
  /**
   * The log's event at this leaf index, exactly as stored (data and metadata verbatim, encrypted fields
   * stay encrypted), null if the log has fewer events than the audit log recorded.
   */
  readonly event: AuditLeafDocument | null;
  /** Stored data or metadata text that is not JSON (then `event.data` / `event.metadata` is null). */
  readonly unparsable?: { readonly data?: string; readonly metadata?: string };
  /** PATH(leafIndex, D[signedTreeSize]) (base64), null beyond the final signed tree head. */
  readonly inclusionProof: readonly string[] | null;
}

export interface AuditExportEnd {
  readonly kind: 'end';
  readonly events: number;
  readonly treeHeads: number;
}

export type AuditExportRecord = AuditExportHeader | AuditExportTreeHead | AuditExportEvent | AuditExportEnd;

/** The stored JSON texts of an event document, so the export writes them byte for byte. */
const storedTexts = new WeakMap<object, { readonly data: string; readonly metadata: string }>();

/** Remembers that `doc.data` / `doc.metadata` were parsed from these stored texts (see {@link serializeAuditRecord}). */
export function attachStoredTexts(doc: AuditLeafDocument, texts: { data: string; metadata: string }): void {
  storedTexts.set(doc, texts);
}

/** A stored JSON text can go into a line as is unless it would break the line. */
const fitsOnOneLine = (text: string) => !/[\r\n]/.test(text);

/**
 * One export line (without the newline). Event data and metadata are written as the stored JSON text itself
 * when it is known (so the file holds the stored bytes), otherwise as JSON.stringify writes them.
 */
export function serializeAuditRecord(record: AuditExportRecord): string {
  if (record.kind !== 'event' || record.event === null || record.unparsable) return JSON.stringify(record);
  const texts = storedTexts.get(record.event);
  if (!texts || !fitsOnOneLine(texts.data) || !fitsOnOneLine(texts.metadata)) return JSON.stringify(record);
  const j = JSON.stringify;
  const e = record.event;
  const event =
    `{"id":${j(e.id)},"streamId":${j(e.streamId)},"revision":${j(e.revision)},"position":${j(e.position)},` +
    `"type":${j(e.type)},"data":${texts.data},"metadata":${texts.metadata},"recordedAt":${j(e.recordedAt)}}`;
  return (
    `{"kind":"event","leafIndex":${j(record.leafIndex)},"position":${j(record.position)},"eventId":${j(record.eventId)},` +
    `"leafHash":${j(record.leafHash)},"event":${event},"inclusionProof":${j(record.inclusionProof)}}`
  );
}
