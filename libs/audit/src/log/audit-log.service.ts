import { CheckpointedConsumer, type ConsumerFailure, type ConsumerGate } from '@pfw/consumers';
import type { EventStore } from '@pfw/event-store';
import { nestLogger, type StructuredLogger } from '@pfw/logging';
import type { AuditSigningKey } from '../keys';
import type { SignedTreeHead } from '../merkle/tree-head';
import { AuditLogDatabase, type AuditLeaf } from './audit-log-database';
import { SystemClock, type Clock } from '@pfw/clock';
import { type AuditScheduler, systemAuditScheduler } from './scheduler';

/** The signed tree head as the API shows it (`auditCheckpoint`). */
export interface AuditCheckpoint {
  readonly treeSize: number;
  /** Standard base64 of the 32-byte root. */
  readonly rootHash: string;
  /** Standard base64 of the 64-byte Ed25519 signature over the RFC 6962 TreeHeadSignature bytes. */
  readonly signature: string;
  /** Standard base64 of the raw 32-byte Ed25519 public key. */
  readonly publicKey: string;
  /** The tree head's timestamp. */
  readonly signedAt: Date;
}

/** A leaf by global position (bigint), by event id (string), or by leaf index. */
export type AuditLeafRef = bigint | string | { readonly leafIndex: number };

export interface AuditInclusionProof {
  readonly leafIndex: number;
  readonly position: bigint;
  readonly eventId: string;
  /** Standard base64. */
  readonly leafHash: string;
  /** The signed head the proof leads to. */
  readonly treeHead: SignedTreeHead;
  /** RFC 9162 PATH(leafIndex, D[treeHead.treeSize]), sibling first, standard base64. */
  readonly proof: readonly string[];
}

export interface AuditConsistencyProof {
  readonly first: SignedTreeHead;
  readonly second: SignedTreeHead;
  /** RFC 9162 PROOF(first.treeSize, D[second.treeSize]), standard base64. */
  readonly proof: readonly string[];
}

/** A proof that cannot be given as asked (no such tree head, leaf outside the tree, …). */
export class AuditProofError extends Error {
  override readonly name = 'AuditProofError';
}

export interface AuditLogServiceOptions {
  readonly store: EventStore;
  /** `<DATA_DIR>/audit.sqlite`. */
  readonly file: string;
  readonly signingKey: AuditSigningKey;
  /** Sign a tree head this often when the tree grew. Default 60 000 ms; 0 turns the timer off. */
  readonly treeHeadIntervalMs?: number;
  /** Events per transaction while following. Default 500. */
  readonly batchSize?: number;
  readonly clock?: Clock;
  readonly scheduler?: AuditScheduler;
  readonly logger?: StructuredLogger;
  /** Whether this process may follow the log now (the lease `audit`; default: always). */
  readonly gate?: ConsumerGate;
}

export interface AuditLogStatus {
  readonly treeSize: number;
  /** Position of the last event in the tree. */
  readonly position: bigint | null;
  readonly latestTreeHead: SignedTreeHead | null;
  readonly following: boolean;
  /** The last error the follower met (it retries with backoff), null once it makes progress again. */
  readonly lastError: string | null;
}

const DEFAULT_INTERVAL_MS = 60_000;
const DEFAULT_BATCH_SIZE = 500;
const MIN_BACKOFF_MS = 100;
const MAX_BACKOFF_MS = 30_000;

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

export function toAuditCheckpoint(head: SignedTreeHead): AuditCheckpoint {
  return {
    treeSize: head.treeSize,
    rootHash: head.rootHash,
    signature: head.signature,
    publicKey: head.publicKey,
    signedAt: new Date(head.timestamp),
  };
}

/**
 * The audit log: follows the global event log into an RFC 9162 Merkle tree in audit.sqlite (tree index i ↔
 * the i-th event), signs tree heads on an interval and on demand, and answers inclusion and consistency
 * proofs.
 *
 * The follower is a {@link CheckpointedConsumer} named `audit` whose checkpoint is the `audit_checkpoint` row of
 * audit.sqlite: each batch's node hashes, leaf mapping and new checkpoint are one transaction, and events at or
 * before the checkpoint are skipped — after a crash it resumes exactly where the last commit left off, nothing
 * applied twice.
 * An event that cannot be hashed (not canonicalizable JSON) stops the follower at that event: it retries
 * with backoff and reports the error in {@link status}, but never skips a position.
 */
export class AuditLogService {
  private readonly db: AuditLogDatabase;
  private readonly store: EventStore;
  private readonly key: AuditSigningKey;
  private readonly clock: Clock;
  private readonly scheduler: AuditScheduler;
  private readonly logger: StructuredLogger;
  private readonly intervalMs: number;
  private readonly lifetime = new AbortController();
  private readonly follower: CheckpointedConsumer;
  private cancelInterval: (() => void) | null = null;
  private catchUpChain: Promise<unknown> = Promise.resolve();
  private lastError: string | null = null;
  private closed = false;

  constructor(options: AuditLogServiceOptions) {
    this.store = options.store;
    this.key = options.signingKey;
    this.clock = options.clock ?? new SystemClock();
    this.scheduler = options.scheduler ?? systemAuditScheduler;
    this.logger = options.logger ?? nestLogger('AuditLog');
    this.intervalMs = options.treeHeadIntervalMs ?? DEFAULT_INTERVAL_MS;
    if (!Number.isSafeInteger(this.intervalMs) || this.intervalMs < 0) {
      throw new RangeError(`treeHeadIntervalMs must be a non-negative integer, got ${this.intervalMs}`);
    }
    this.follower = new CheckpointedConsumer({
      name: 'audit',
      store: this.store,
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      retry: { initialDelayMs: MIN_BACKOFF_MS, maxDelayMs: MAX_BACKOFF_MS },
      sleep: (ms, signal) => this.scheduler.sleep(ms, signal),
      gate: options.gate,
      handler: {
        readCheckpoint: async () => this.db.checkpoint().position,
        commit: async (events) => {
          this.db.appendEvents(events);
          this.lastError = null;
        },
      },
    });
    this.follower.events.on('failure', (failure: ConsumerFailure) => {
      this.lastError = failure.message;
      this.logger.error({ treeSize: this.db.treeSize, attempts: failure.attempts, retryInMs: failure.retryInMs }, `audit follower stopped at tree size ${this.db.treeSize}: ${failure.message}; retrying in ${failure.retryInMs} ms`);
    });
    this.db = new AuditLogDatabase(options.file);
    try {
      this.db.bindPublicKey(this.key);
    } catch (err) {
      this.db.close();
      throw err;
    }
  }

  /** Starts the follower and the tree-head timer (idempotent). */
  start(): void {
    this.assertOpen();
    if (this.follower.running) return;
    this.follower.start();
    if (this.intervalMs > 0) this.cancelInterval = this.scheduler.every(this.intervalMs, () => this.tick());
  }

  /** Stops following, then signs a last head if the tree grew since the latest one. */
  async stop(): Promise<void> {
    this.cancelInterval?.();
    this.cancelInterval = null;
    await this.follower.stop();
    if (!this.closed) this.signIfGrown('on stop');
  }

  /** {@link stop}, then closes audit.sqlite. The event store is the caller's to close. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.stop();
    this.lifetime.abort();
    await this.catchUpChain.catch(() => undefined);
    this.closed = true;
    this.db.close();
  }

  status(): AuditLogStatus {
    this.assertOpen();
    const checkpoint = this.db.checkpoint();
    return {
      treeSize: checkpoint.treeSize,
      position: checkpoint.position,
      latestTreeHead: this.db.latestTreeHead(),
      following: this.follower.running,
      lastError: this.lastError,
    };
  }

  /**
   * Brings the tree up to the event store's head (as of this call), outside the follower. Safe alongside it:
   * whoever applies an event first wins, the other skips it. Resolves to the tree size.
   */
  catchUp(): Promise<number> {
    this.assertOpen();
    const run = this.catchUpChain.then(() => this.follower.drain(this.lifetime.signal));
    this.catchUpChain = run.catch(() => undefined);
    return run.then(() => this.db.treeSize);
  }

  /**
   * `auditCheckpoint`: catches up with the event store, then returns a fresh signed tree head if the log
   * grew since the latest one, else the latest one.
   */
  async checkpoint(): Promise<AuditCheckpoint> {
    return toAuditCheckpoint(await this.signedTreeHead());
  }

  /** Like {@link checkpoint}, as the stored SignedTreeHead. */
  async signedTreeHead(): Promise<SignedTreeHead> {
    await this.catchUp();
    this.assertOpen();
    return this.db.signTreeHeadIfGrown(this.key, this.clock.now().getTime()).head;
  }

  /** Every stored signed tree head, by tree size. */
  treeHeads(): SignedTreeHead[] {
    this.assertOpen();
    return this.db.treeHeads();
  }

  latestTreeHead(): SignedTreeHead | null {
    this.assertOpen();
    return this.db.latestTreeHead();
  }

  /** The leaf hash (base64) of an event, catching up first if the event is not in the tree yet; null if unknown. */
  async leafHash(ref: AuditLeafRef): Promise<string | null> {
    const leaf = await this.resolveLeaf(ref);
    return leaf ? b64(leaf.leafHash) : null;
  }

  /**
   * The inclusion proof of an event against the stored head of `treeSize` leaves, or by default against the
   * latest head (signing a fresh one when the latest does not cover the event yet). Null for an unknown event.
   */
  async inclusionProof(ref: AuditLeafRef, treeSize?: number): Promise<AuditInclusionProof | null> {
    const leaf = await this.resolveLeaf(ref);
    if (!leaf) return null;
    let head: SignedTreeHead | null;
    if (treeSize === undefined) {
      head = this.db.latestTreeHead();
      if (!head || head.treeSize <= leaf.leafIndex) head = await this.signedTreeHead();
    } else {
      head = this.db.treeHeadOfSize(treeSize);
      if (!head) throw new AuditProofError(`no signed tree head of size ${treeSize}`);
      if (leaf.leafIndex >= head.treeSize) {
        throw new AuditProofError(`leaf ${leaf.leafIndex} is not in the tree of size ${head.treeSize}`);
      }
    }
    const proof = this.db.tree.inclusionProof(leaf.leafIndex, head.treeSize).map(b64);
    return {
      leafIndex: leaf.leafIndex,
      position: leaf.position,
      eventId: leaf.eventId,
      leafHash: b64(leaf.leafHash),
      treeHead: head,
      proof,
    };
  }

  /**
   * The consistency proof between two stored heads (by tree size; the second defaults to the latest head):
   * the tree of the second extends the tree of the first.
   */
  async consistencyProof(firstSize: number, secondSize?: number): Promise<AuditConsistencyProof> {
    this.assertOpen();
    const first = this.db.treeHeadOfSize(firstSize);
    if (!first) throw new AuditProofError(`no signed tree head of size ${firstSize}`);
    const second = secondSize === undefined ? this.db.latestTreeHead() : this.db.treeHeadOfSize(secondSize);
    if (!second) throw new AuditProofError(`no signed tree head of size ${String(secondSize)}`);
    if (first.treeSize === 0) throw new AuditProofError('a consistency proof needs a non-empty first tree');
    if (first.treeSize > second.treeSize) {
      throw new AuditProofError(`the first tree (${first.treeSize}) is larger than the second (${second.treeSize})`);
    }
    return { first, second, proof: this.db.tree.consistencyProof(first.treeSize, second.treeSize).map(b64) };
  }

  private async resolveLeaf(ref: AuditLeafRef): Promise<AuditLeaf | null> {
    this.assertOpen();
    const find = (): AuditLeaf | null =>
      typeof ref === 'bigint'
        ? this.db.leafByPosition(ref)
        : typeof ref === 'string'
          ? this.db.leafByEventId(ref)
          : this.db.leafAt(ref.leafIndex);
    const found = find();
    if (found) return found;
    await this.catchUp();
    return find();
  }

  /** The interval: sign when the tree grew. */
  private tick(): void {
    if (this.closed) return;
    this.signIfGrown('on the interval');
  }

  private signIfGrown(when: string): void {
    try {
      // Only when the tree grew: an empty log gets its first head on demand (checkpoint()), not on a timer.
      if ((this.db.latestTreeHead()?.treeSize ?? 0) >= this.db.treeSize) return;
      const { head, fresh } = this.db.signTreeHeadIfGrown(this.key, this.clock.now().getTime());
      if (fresh) this.logger.info({ treeSize: head.treeSize }, `signed tree head of size ${head.treeSize} ${when}`);
    } catch (err) {
      this.logger.error({}, `could not sign a tree head ${when}: ${(err as Error).message}`);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the audit log is closed');
  }
}
