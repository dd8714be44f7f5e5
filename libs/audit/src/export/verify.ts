import { canonicalBytes } from '../canonical/canonical-json';
import { HASH_SIZE, leafHash } from '../merkle/hash';
import { MerkleTree } from '../merkle/tree';
import { assertTreeHead, publicKeyFromRaw, rawPublicKey, type SignedTreeHead } from '../merkle/tree-head';
import { assertConsistency, assertInclusion } from '../merkle/verify';
import {
  AUDIT_EXPORT_FORMAT,
  AUDIT_EXPORT_VERSION,
  type AuditExportEvent,
  type AuditExportHeader,
  type AuditExportRecord,
  type AuditExportTreeHead,
} from './format';

export interface AuditVerifyOptions {
  /**
   * The log's public key as the auditor knows it (base64 of the raw 32 bytes), obtained out of band. Without
   * it the key named in the export is used — which shows the heads are consistent with one key, not whose key.
   */
  readonly publicKey?: string;
  /** Called with the number of events checked so far (every 256 events, and at the end). */
  readonly onProgress?: (events: number) => void;
}

/** The first thing that does not match. */
export interface AuditMismatch {
  /** Global position of the event concerned (as the audit log recorded it), when one is. */
  readonly position: string | null;
  readonly leafIndex: number | null;
  readonly message: string;
}

export interface AuditVerifyResult {
  readonly ok: boolean;
  /** One line: the summary, or the first mismatch. */
  readonly message: string;
  readonly mismatch: AuditMismatch | null;
  /** Event records read. */
  readonly events: number;
  /** Events covered by the final signed tree head (each checked against it). */
  readonly signedEvents: number;
  /** Events the audit log recorded after the final signed head (checked against the recorded leaf hashes only). */
  readonly unsignedEvents: number;
  /** Events the audit log had not recorded yet (hashed, nothing to compare with). */
  readonly unloggedEvents: number;
  readonly treeHeads: number;
  readonly latestTreeHead: SignedTreeHead | null;
  readonly publicKey: string | null;
}

/** Raised inside the verifier to stop at the first mismatch. */
class Mismatch extends Error {
  constructor(
    readonly position: string | null,
    readonly leafIndex: number | null,
    message: string,
  ) {
    super(message);
  }
}

const ZERO = Buffer.alloc(HASH_SIZE);
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

function hash32(value: unknown): Buffer | null {
  if (typeof value !== 'string' || !BASE64.test(value)) return null;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === HASH_SIZE ? bytes : null;
}

function proofOf(value: unknown): Buffer[] | null {
  if (!Array.isArray(value)) return null;
  const out: Buffer[] = [];
  for (const p of value) {
    const h = hash32(p);
    if (!h) return null;
    out.push(h);
  }
  return out;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

interface PendingDiff {
  readonly leafIndex: number;
  readonly position: string | null;
  readonly detail: string;
}

/**
 * Verifies an audit export — the lines of a file, or the records `auditLogRecords` builds from a live data
 * directory — with nothing but the records themselves:
 *
 * - every signed tree head's Ed25519 signature (against the pinned key, or the header's), and the consistency
 *   proof between consecutive heads;
 * - every event's leaf hash, recomputed from the event as stored; the tree rebuilt from those leaves, and its
 *   root at each signed head's size compared with the signed root;
 * - every event's inclusion proof against the final head; the counts in the header and the end line.
 *
 * The recomputed tree against the signed roots decides. To name the FIRST event that differs, the recomputed
 * leaves are compared with the leaf hashes the audit log recorded, which are trusted only as far as they
 * themselves rebuild the signed roots. Stops at the first mismatch.
 */
export async function verifyAuditLog(
  input: AsyncIterable<string | AuditExportRecord> | Iterable<string | AuditExportRecord>,
  options: AuditVerifyOptions = {},
): Promise<AuditVerifyResult> {
  const v = new Verifier(options);
  try {
    let line = 0;
    for await (const item of input) {
      line++;
      let record: unknown = item;
      if (typeof item === 'string') {
        if (item.trim() === '') continue;
        try {
          record = JSON.parse(item);
        } catch {
          throw new Mismatch(null, null, `line ${line} is not valid JSON`);
        }
      }
      v.record(record, line);
    }
    v.finish();
  } catch (err) {
    if (err instanceof Mismatch) return v.result({ position: err.position, leafIndex: err.leafIndex, message: err.message });
    throw err;
  }
  return v.result(null);
}

class Verifier {
  private header: AuditExportHeader | null = null;
  private key: string | null = null;
  private readonly heads: { head: SignedTreeHead; root: Buffer }[] = [];
  /** Distinct signed sizes, ascending, with every head of that size. */
  private boundaries: { size: number; heads: { head: SignedTreeHead; root: Buffer }[] }[] = [];
  private nextBoundary = 0;
  private lastMatchingSize = 0;
  private firstPositionAfterMatch: string | null = null;
  private phase: 'header' | 'heads' | 'events' | 'end' = 'header';
  private readonly rebuilt = new MerkleTree();
  private readonly recorded = new MerkleTree();
  private firstDiff: PendingDiff | null = null;
  private deferred: Mismatch | null = null;
  private events = 0;
  private unlogged = 0;
  private signedTreeSize = 0;
  private auditTreeSize = 0;

  constructor(private readonly options: AuditVerifyOptions) {
    if (options.publicKey !== undefined) {
      try {
        this.key = rawPublicKey(publicKeyFromRaw(options.publicKey)).toString('base64');
      } catch (err) {
        throw new Error(`the pinned public key is not a base64 raw Ed25519 key: ${(err as Error).message}`);
      }
    }
  }

  record(record: unknown, line: number): void {
    if (!isRecord(record) || typeof record.kind !== 'string') {
      throw new Mismatch(null, null, `line ${line} is not an audit export record`);
    }
    switch (record.kind) {
      case 'header':
        return this.onHeader(record as unknown as AuditExportHeader, line);
      case 'treeHead':
        return this.onTreeHead(record as unknown as AuditExportTreeHead, line);
      case 'event':
        return this.onEvent(record as unknown as AuditExportEvent, line);
      case 'end':
        return this.onEnd(record, line);
      default:
        throw new Mismatch(null, null, `line ${line}: unknown record kind ${JSON.stringify(record.kind)}`);
    }
  }

  private onHeader(h: AuditExportHeader, line: number): void {
    if (this.phase !== 'header') throw new Mismatch(null, null, `line ${line}: a second header`);
    if (h.format !== AUDIT_EXPORT_FORMAT || h.version !== AUDIT_EXPORT_VERSION) {
      throw new Mismatch(null, null, `line ${line}: not a ${AUDIT_EXPORT_FORMAT} version ${AUDIT_EXPORT_VERSION} export`);
    }
    if (h.hashAlgorithm !== 'SHA-256') throw new Mismatch(null, null, `line ${line}: unsupported hash algorithm`);
    if (h.publicKey !== null && typeof h.publicKey !== 'string') {
      throw new Mismatch(null, null, `line ${line}: the header's public key is not base64`);
    }
    if (this.key !== null && h.publicKey !== null && h.publicKey !== this.key) {
      throw new Mismatch(null, null, `the export names public key ${h.publicKey}, not the pinned key ${this.key}`);
    }
    this.key ??= h.publicKey;
    this.header = h;
    this.auditTreeSize = Number.isSafeInteger(h.auditTreeSize) ? h.auditTreeSize : 0;
    this.phase = 'heads';
  }

  private onTreeHead(r: AuditExportTreeHead, line: number): void {
    if (this.phase !== 'heads') throw new Mismatch(null, null, `line ${line}: a tree head outside the tree-head section`);
    const k = this.heads.length;
    if (r.index !== k) throw new Mismatch(null, null, `line ${line}: expected tree head #${k}, found #${String(r.index)}`);
    const head = r.treeHead;
    if (!isRecord(head)) throw new Mismatch(null, null, `line ${line}: tree head #${k} is malformed`);
    const label = `signed tree head #${k} (size ${String(head.treeSize)})`;
    if (this.key === null) {
      throw new Mismatch(null, null, `${label}: the export names no public key to check it with`);
    }
    try {
      assertTreeHead(head, this.key);
    } catch (err) {
      throw new Mismatch(null, null, `invalid ${label}: ${(err as Error).message}`);
    }
    const root = Buffer.from(head.rootHash, 'base64');
    const previous = this.heads[k - 1];
    if (previous && head.treeSize < previous.head.treeSize) {
      throw new Mismatch(null, null, `${label} is smaller than the one before it (${previous.head.treeSize})`);
    }
    if (previous && previous.head.treeSize > 0) {
      const c = r.consistency;
      const proof = c && c.fromTreeSize === previous.head.treeSize ? proofOf(c.proof) : null;
      if (!proof) {
        this.defer(null, null, `${label} has no valid consistency proof from size ${previous.head.treeSize}`);
      } else {
        try {
          assertConsistency(previous.head.treeSize, head.treeSize, proof, previous.root, root);
        } catch (err) {
          this.defer(
            null,
            null,
            `the consistency proof between the signed tree heads of sizes ${previous.head.treeSize} and ${head.treeSize} does not verify: ${(err as Error).message}`,
          );
        }
      }
    }
    this.heads.push({ head, root });
  }

  /** Moves from the head section to the events: fixes the final head and the sizes to check. */
  private startEvents(line: number): void {
    if (this.phase === 'header') throw new Mismatch(null, null, `line ${line}: the export has no header`);
    if (this.phase !== 'heads') return;
    this.phase = 'events';
    const h = this.header!;
    if (h.treeHeads !== this.heads.length) {
      throw new Mismatch(null, null, `the header announces ${String(h.treeHeads)} tree heads, the export has ${this.heads.length}`);
    }
    this.signedTreeSize = this.heads.length > 0 ? this.heads[this.heads.length - 1]!.head.treeSize : 0;
    if (h.signedTreeSize !== this.signedTreeSize) {
      throw new Mismatch(null, null, `the header announces a signed tree size of ${String(h.signedTreeSize)}, the final tree head has ${this.signedTreeSize}`);
    }
    const bySize = new Map<number, { head: SignedTreeHead; root: Buffer }[]>();
    for (const entry of this.heads) bySize.set(entry.head.treeSize, [...(bySize.get(entry.head.treeSize) ?? []), entry]);
    this.boundaries = [...bySize.entries()].sort((a, b) => a[0] - b[0]).map(([size, heads]) => ({ size, heads }));
    this.checkBoundaries();
  }

  private onEvent(r: AuditExportEvent, line: number): void {
    this.startEvents(line);
    if (this.phase !== 'events') throw new Mismatch(null, null, `line ${line}: an event after the end line`);
    const i = this.events;
    const event = isRecord(r.event) ? r.event : null;
    const recordedPosition = typeof r.position === 'string' ? r.position : null;
    const eventPosition = event && typeof event.position === 'string' ? event.position : null;
    const position = recordedPosition ?? eventPosition;
    if (r.leafIndex !== i) {
      throw new Mismatch(
        position,
        i,
        `mismatch at leaf ${i}: the export has no record for it (line ${line} holds leaf ${String(r.leafIndex)}${position ? ` at position ${position}` : ''})`,
      );
    }
    if (i === this.lastMatchingSize) this.firstPositionAfterMatch = position;

    // The leaf as the event is now.
    let leaf: Buffer | null = null;
    let problem: string | null = null;
    if (!event) problem = 'the event is missing from the log';
    else if (r.unparsable) problem = `its stored ${Object.keys(r.unparsable).join(' and ')} is not valid JSON`;
    else {
      try {
        leaf = leafHash(canonicalBytes(event));
      } catch (err) {
        problem = `the event cannot be canonicalized: ${(err as Error).message}`;
      }
    }
    this.rebuilt.append(leaf ?? ZERO);

    // The leaf as the audit log recorded it.
    const recordedLeaf = hash32(r.leafHash);
    const logged = i < this.auditTreeSize;
    if (recordedLeaf && this.recorded.size === i) this.recorded.append(recordedLeaf);
    if (!logged) this.unlogged++;

    let detail = '';
    if (problem) detail = ` (${problem})`;
    else if (event && recordedPosition !== null && eventPosition !== recordedPosition) {
      detail = ` (the log's event at this leaf is now the one at position ${String(eventPosition)}, id ${String(event.id)}; the audit log recorded event ${String(r.eventId)} at position ${recordedPosition})`;
    } else if (event && r.eventId !== null && event.id !== r.eventId) {
      detail = ` (the event at this position now has id ${String(event.id)}; the audit log recorded ${String(r.eventId)})`;
    }

    const differs = logged ? problem !== null || !recordedLeaf || !recordedLeaf.equals(leaf!) : problem !== null;
    if (differs && !this.firstDiff) {
      this.firstDiff = {
        leafIndex: i,
        position,
        detail: detail || (logged && !recordedLeaf ? ' (the audit log has no leaf hash recorded for it)' : ''),
      };
    } else if (!differs && detail) {
      this.defer(position, i, `mismatch at position ${String(position)} (leaf ${i}): the audit log's mapping differs${detail}`);
    }

    if (i < this.signedTreeSize) {
      const proof = proofOf(r.inclusionProof);
      if (!proof) {
        this.defer(position, i, `leaf ${i} (position ${String(position)}) has no valid inclusion proof`);
      } else if (leaf) {
        try {
          assertInclusion(i, this.signedTreeSize, leaf, proof, this.heads[this.heads.length - 1]!.root);
        } catch (err) {
          this.defer(
            position,
            i,
            `the inclusion proof of leaf ${i} (position ${String(position)}) does not verify against the signed tree head of size ${this.signedTreeSize}: ${(err as Error).message}`,
          );
        }
      }
    }

    this.events++;
    if (this.events % 256 === 0) this.options.onProgress?.(this.events);
    this.checkBoundaries();
  }

  /** Compares the rebuilt tree with every signed head whose size it has reached. */
  private checkBoundaries(): void {
    while (this.nextBoundary < this.boundaries.length && this.boundaries[this.nextBoundary]!.size <= this.rebuilt.size) {
      const { size, heads } = this.boundaries[this.nextBoundary]!;
      const root = this.rebuilt.root(size);
      const matches = heads.every((h) => h.root.equals(root));
      const diff = this.firstDiff && this.firstDiff.leafIndex < size ? this.firstDiff : null;
      if (matches) {
        if (diff) {
          throw new Mismatch(
            diff.position,
            diff.leafIndex,
            `mismatch at position ${String(diff.position)} (leaf ${diff.leafIndex}): the audit log's recorded leaf hash differs from the event${diff.detail}, ` +
              `yet the event matches the signed tree head of size ${size} (the audit log's own records were altered)`,
          );
        }
        this.lastMatchingSize = size;
        this.nextBoundary++;
        continue;
      }
      if (diff) {
        const recordedMatches = this.recorded.size >= size && heads.every((h) => h.root.equals(this.recorded.root(size)));
        throw new Mismatch(
          diff.position,
          diff.leafIndex,
          `mismatch at position ${String(diff.position)} (leaf ${diff.leafIndex}): leaf hash differs from the signed tree head of size ${size}${diff.detail}` +
            (recordedMatches ? '' : "; the audit log's recorded hashes do not match that head either"),
        );
      }
      const from = this.lastMatchingSize;
      throw new Mismatch(
        this.firstPositionAfterMatch,
        from,
        `mismatch at or after position ${String(this.firstPositionAfterMatch)} (leaf ${from}): events ${from}..${size - 1} do not rebuild the signed tree head of size ${size}` +
          (from > 0 ? ` (the signed tree head of size ${from} matches)` : '') +
          "; the audit log's recorded hashes were altered consistently with them, so the exact event cannot be named",
      );
    }
  }

  private onEnd(r: Record<string, unknown>, line: number): void {
    this.startEvents(line);
    if (this.phase === 'end') throw new Mismatch(null, null, `line ${line}: a second end line`);
    this.phase = 'end';
    if (r.events !== this.events || r.treeHeads !== this.heads.length) {
      throw new Mismatch(
        null,
        null,
        `the end line counts ${String(r.events)} events and ${String(r.treeHeads)} tree heads, the export has ${this.events} and ${this.heads.length}`,
      );
    }
  }

  finish(): void {
    if (this.phase !== 'end') {
      throw new Mismatch(null, null, this.phase === 'header' ? 'the export is empty' : 'the export ends without its end line (truncated?)');
    }
    if (this.nextBoundary < this.boundaries.length) {
      const { size } = this.boundaries[this.nextBoundary]!;
      throw new Mismatch(
        null,
        this.events,
        `mismatch at leaf ${this.events}: the log ends after ${this.events} events, but a signed tree head covers ${size}`,
      );
    }
    if (this.firstDiff) {
      const d = this.firstDiff;
      throw new Mismatch(
        d.position,
        d.leafIndex,
        `mismatch at position ${String(d.position)} (leaf ${d.leafIndex}): leaf hash differs from the audit log's recorded leaf hash${d.detail} ` +
          '(the event is not yet covered by a signed tree head)',
      );
    }
    if (this.deferred) throw this.deferred;
    if (this.events > 0 && this.heads.length === 0) {
      throw new Mismatch(null, null, `no signed tree head covers the log's ${this.events} events: nothing to verify them against`);
    }
    this.options.onProgress?.(this.events);
  }

  private defer(position: string | null, leafIndex: number | null, message: string): void {
    this.deferred ??= new Mismatch(position, leafIndex, message);
  }

  result(mismatch: AuditMismatch | null): AuditVerifyResult {
    const latest = this.heads.length > 0 ? this.heads[this.heads.length - 1]!.head : null;
    const signedEvents = Math.min(this.events, this.signedTreeSize);
    const unsignedEvents = Math.max(0, Math.min(this.events, this.auditTreeSize) - this.signedTreeSize);
    let message: string;
    if (mismatch) message = mismatch.message;
    else {
      message =
        `audit log verified: ${this.events} events, ${this.heads.length} signed tree heads` +
        (latest
          ? `, the latest of size ${latest.treeSize} (root ${latest.rootHash}, signed ${new Date(latest.timestamp).toISOString()}); public key ${latest.publicKey}`
          : '');
      if (unsignedEvents > 0) message += `; ${unsignedEvents} newer events match the audit log but no signed tree head covers them yet`;
      if (this.unlogged > 0) message += `; ${this.unlogged} newest events are not in the audit log yet`;
    }
    return {
      ok: mismatch === null,
      message,
      mismatch,
      events: this.events,
      signedEvents,
      unsignedEvents,
      unloggedEvents: this.unlogged,
      treeHeads: this.heads.length,
      latestTreeHead: latest,
      publicKey: this.key,
    };
  }
}
