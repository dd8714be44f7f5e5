import { HASH_SIZE } from '../merkle/hash';
import { MerkleTree } from '../merkle/tree';
import type { AuditLogDatabase } from '../log/audit-log-database';
import {
  AUDIT_EXPORT_FORMAT,
  AUDIT_EXPORT_VERSION,
  AUDIT_LEAF_DEFINITION,
  AUDIT_NODE_DEFINITION,
  AUDIT_TREE_HEAD_SIGNATURE,
  type AuditExportEvent,
  type AuditExportRecord,
} from './format';
import { storedEventDocument, type StoredEvent } from './stored-events';

export interface AuditLogRecordsInput {
  /** The audit log's tables in the read-model database: tree heads, recorded leaves and their mapping. */
  readonly audit: AuditLogDatabase;
  /** The global log as stored, in order. */
  readonly events: AsyncIterable<StoredEvent> | Iterable<StoredEvent>;
  readonly exportedAt?: Date | null;
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');
const PLACEHOLDER = Buffer.alloc(HASH_SIZE);

/** A proof, or null when the recorded tree cannot give one (a damaged audit database: the verifier says so). */
function tryProof(make: () => Buffer[]): string[] | null {
  try {
    return make().map(b64);
  } catch {
    return null;
  }
}

/**
 * The records of an audit export (see format.ts), built from the audit log's tables and the event log as they are
 * now: the export writes them as lines, `audit verify --live` verifies them directly. Nothing here checks
 * anything — the events are paired with the recorded leaves by index, and the verifier judges.
 *
 * Proofs come from an in-memory copy of the recorded leaf hashes (64 bytes per event).
 */
export async function* auditLogRecords(input: AuditLogRecordsInput): AsyncGenerator<AuditExportRecord> {
  const { audit } = input;
  // The tree size first, then the heads: a head signed in between covers leaves we did not read, so it is left out.
  const auditTreeSize = (await audit.checkpoint()).treeSize;
  const heads = (await audit.treeHeads()).filter((h) => h.treeSize <= auditTreeSize);
  const signedTreeSize = heads.length > 0 ? heads[heads.length - 1]!.treeSize : 0;
  const publicKey = await audit.publicKey();

  const recorded = new MerkleTree();
  for await (const row of audit.scanLeaves(auditTreeSize)) {
    if (row.leafIndex !== recorded.size) break; // a gap in a damaged file: no proofs beyond it
    recorded.append(row.leafHash.length === HASH_SIZE ? row.leafHash : PLACEHOLDER);
  }

  yield {
    kind: 'header',
    format: AUDIT_EXPORT_FORMAT,
    version: AUDIT_EXPORT_VERSION,
    hashAlgorithm: 'SHA-256',
    leaf: AUDIT_LEAF_DEFINITION,
    node: AUDIT_NODE_DEFINITION,
    treeHeadSignature: AUDIT_TREE_HEAD_SIGNATURE,
    publicKey: publicKey ?? heads[0]?.publicKey ?? null,
    treeHeads: heads.length,
    signedTreeSize,
    auditTreeSize,
    exportedAt: input.exportedAt ? input.exportedAt.toISOString() : null,
  };

  for (let k = 0; k < heads.length; k++) {
    const head = heads[k]!;
    const previous = k > 0 ? heads[k - 1]! : null;
    yield {
      kind: 'treeHead',
      index: k,
      treeHead: head,
      consistency:
        previous && previous.treeSize > 0
          ? {
              fromTreeSize: previous.treeSize,
              proof: tryProof(() => recorded.consistencyProof(previous.treeSize, head.treeSize)),
            }
          : null,
    };
  }

  const leaves = audit.scanLeaves(auditTreeSize)[Symbol.asyncIterator]();
  const events =
    Symbol.asyncIterator in input.events
      ? (input.events as AsyncIterable<StoredEvent>)[Symbol.asyncIterator]()
      : (input.events as Iterable<StoredEvent>)[Symbol.iterator]();
  let leaf = await leaves.next();
  let event = await events.next();
  let index = 0;
  try {
    while (!leaf.done || !event.done) {
      let stored = null;
      if (!leaf.done && leaf.value.leafIndex === index) {
        stored = leaf.value;
        leaf = await leaves.next();
      }
      if (index >= auditTreeSize && event.done) break;
      const doc = event.done ? null : storedEventDocument(event.value);
      const record: AuditExportEvent = {
        kind: 'event',
        leafIndex: index,
        position: stored?.position != null ? stored.position.toString() : null,
        eventId: stored?.eventId ?? null,
        leafHash: stored ? b64(stored.leafHash) : null,
        event: doc ? doc.event : null,
        ...(doc?.unparsable ? { unparsable: doc.unparsable } : {}),
        inclusionProof: index < signedTreeSize ? tryProof(() => recorded.inclusionProof(index, signedTreeSize)) : null,
      };
      yield record;
      index++;
      if (!event.done) event = await events.next();
    }
  } finally {
    await leaves.return?.(undefined);
    if (!event.done) await events.return?.();
  }
  yield { kind: 'end', events: index, treeHeads: heads.length };
}
