import type { Kysely } from 'kysely';
import { CheckpointedConsumer, type ConsumerFailure, type ConsumerGate } from '@pfw/consumers';
import type { EventStore } from '@pfw/event-store';
import { nestLogger, type StructuredLogger } from '@pfw/logging';
import type { AuditSigningKey } from '../keys';
import { verifyTreeHead, type SignedTreeHead } from '../merkle/tree-head';
import { AuditKeyMismatchError, AuditLogDatabase, type AuditLeaf } from './audit-log-database';
import { readLegacyAuditFile, removeLegacyAuditFile } from './legacy-audit-file';
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
  /** The read-model database (this lib's migration 0010 holds the tree, the checkpoint and the signed heads). */
  readonly db: Kysely<any>;
  readonly signingKey: AuditSigningKey;
  /**
   * An earlier version's own `<DATA_DIR>/audit.sqlite`: its signed heads are moved into the shared table once
   * (so heads handed out earlier stay provable), then the file is deleted.
   */
  readonly legacyFile?: string;
  /** Sign a tree head this often when the tree grew (only while this process follows the log). Default 60 000 ms; 0 turns the timer off. */
  readonly treeHeadIntervalMs?: number;
  /** Events per transaction while following. Default 500. */
  readonly batchSize?: number;
  /**
   * How long a catch-up in a process that does not follow the log itself (it does not hold the lease) waits
   * for the follower's stored checkpoint to reach the log's head before it appends what is missing itself.
   * Default 0: at once.
   */
  readonly catchUpWaitMs?: number;
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
 * The audit log: follows the global event log into an RFC 9162 Merkle tree in the read-model database (tree
 * index i ↔ the i-th event), signs tree heads on an interval and on demand, and answers inclusion and
 * consistency proofs — the same on every process sharing that database.
 *
 * The follower is a {@link CheckpointedConsumer} named `audit` (one process at a time: the lease `audit`) whose
 * checkpoint is the `audit_checkpoint` row: each batch's leaves, nodes and new checkpoint are one transaction,
 * and events at or before the checkpoint are skipped — after a crash it resumes exactly where the last commit
 * left off, nothing applied twice. Proofs come from an in-memory copy of the tree, loaded at open and
 * extended as the stored checkpoint moves. Only the follower signs on the interval; any process signs on
 * demand (`auditCheckpoint`), serialized with every writer, so the table holds one head per tree size.
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
  private readonly catchUpWaitMs: number;
  private readonly lifetime = new AbortController();
  private readonly follower: CheckpointedConsumer;
  private cancelInterval: (() => void) | null = null;
  private catchUpChain: Promise<unknown> = Promise.resolve();
  private lastError: string | null = null;
  private closed = false;
  /** The tree's first load (see open). */
  private loading: Promise<unknown> = Promise.resolve();

  /**
   * Opens the audit log: binds the signing key to it (a different key than the log's is refused with
   * {@link AuditKeyMismatchError}), moves a legacy file's heads in, and starts loading the tree into memory.
   * The load runs in the background — a million leaves take seconds, and the start should not wait for them;
   * whatever needs the tree (a proof, a signature, a batch) loads what is missing first, after it.
   */
  static async open(options: AuditLogServiceOptions): Promise<AuditLogService> {
    const service = new AuditLogService(options);
    await service.db.bindPublicKey(service.key);
    if (options.legacyFile) await service.importLegacyHeads(options.legacyFile);
    service.loading = service.db.refresh().catch((err: unknown) => {
      service.logger.error({}, `could not load the audit tree (it is loaded again when needed): ${(err as Error).message}`);
    });
    return service;
  }

  private constructor(options: AuditLogServiceOptions) {
    this.store = options.store;
    this.key = options.signingKey;
    this.clock = options.clock ?? new SystemClock();
    this.scheduler = options.scheduler ?? systemAuditScheduler;
    this.logger = options.logger ?? nestLogger('AuditLog');
    this.intervalMs = options.treeHeadIntervalMs ?? DEFAULT_INTERVAL_MS;
    this.catchUpWaitMs = options.catchUpWaitMs ?? 0;
    if (!Number.isSafeInteger(this.intervalMs) || this.intervalMs < 0) {
      throw new RangeError(`treeHeadIntervalMs must be a non-negative integer, got ${this.intervalMs}`);
    }
    this.db = new AuditLogDatabase(options.db);
    this.follower = new CheckpointedConsumer({
      name: 'audit',
      store: this.store,
      batchSize: options.batchSize ?? DEFAULT_BATCH_SIZE,
      retry: { initialDelayMs: MIN_BACKOFF_MS, maxDelayMs: MAX_BACKOFF_MS },
      sleep: (ms, signal) => this.scheduler.sleep(ms, signal),
      gate: options.gate,
      // Another process's commits, for the catch-up's wait (see catchUpWaitMs).
      stored: { read: async () => (await this.db.checkpoint()).position },
      handler: {
        readCheckpoint: async () => (await this.db.checkpoint()).position,
        commit: async (events) => {
          await this.db.appendEvents(events);
          this.lastError = null;
        },
      },
    });
    this.follower.events.on('failure', (failure: ConsumerFailure) => {
      this.lastError = failure.message;
      this.logger.error({ treeSize: this.db.treeSize, attempts: failure.attempts, retryInMs: failure.retryInMs }, `audit follower stopped at tree size ${this.db.treeSize}: ${failure.message}; retrying in ${failure.retryInMs} ms`);
    });
  }

  /** Starts the follower and the tree-head timer (idempotent). */
  start(): void {
    this.assertOpen();
    if (this.follower.running) return;
    this.follower.start();
    if (this.intervalMs > 0) this.cancelInterval = this.scheduler.every(this.intervalMs, () => this.tick());
  }

  /** Stops following, then — if this process was the one following — signs a last head if the tree grew since the latest one. */
  async stop(): Promise<void> {
    const wasFollowing = this.following();
    this.cancelInterval?.();
    this.cancelInterval = null;
    await this.follower.stop();
    if (!this.closed && wasFollowing) await this.signIfGrown('on stop');
  }

  /** {@link stop}; the event store and the database are the caller's to close. */
  async close(): Promise<void> {
    if (this.closed) return;
    await this.stop();
    this.lifetime.abort();
    await this.catchUpChain.catch(() => undefined);
    await this.loading;
    this.closed = true;
    this.follower.closeWaits();
  }

  async status(): Promise<AuditLogStatus> {
    this.assertOpen();
    const checkpoint = await this.db.checkpoint();
    return {
      treeSize: checkpoint.treeSize,
      position: checkpoint.position,
      latestTreeHead: await this.db.latestTreeHead(),
      following: this.follower.running,
      lastError: this.lastError,
    };
  }

  /**
   * Brings the tree up to the event store's head (as of this call) and loads it into memory. A process that
   * follows the log appends what is missing itself; another waits up to catchUpWaitMs for the follower's
   * stored checkpoint first. Safe alongside any follower: whoever applies an event first wins, the other
   * skips it. Resolves to the tree size.
   */
  catchUp(): Promise<number> {
    this.assertOpen();
    const run = this.catchUpChain.then(async () => {
      if (!this.following() && this.catchUpWaitMs > 0) {
        const head = await this.store.headPosition();
        if (head === null || (await this.follower.waitForPosition(head, this.catchUpWaitMs, this.lifetime.signal))) return;
      }
      await this.follower.drain(this.lifetime.signal);
    });
    this.catchUpChain = run.catch(() => undefined);
    return run.then(() => this.db.refresh());
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
    return (await this.db.signTreeHeadIfGrown(this.key, this.clock.now().getTime())).head;
  }

  /** Every stored signed tree head, by tree size. */
  treeHeads(): Promise<SignedTreeHead[]> {
    this.assertOpen();
    return this.db.treeHeads();
  }

  latestTreeHead(): Promise<SignedTreeHead | null> {
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
      head = await this.db.latestTreeHead();
      if (!head || head.treeSize <= leaf.leafIndex) head = await this.signedTreeHead();
    } else {
      head = await this.db.treeHeadOfSize(treeSize);
      if (!head) throw new AuditProofError(`no signed tree head of size ${treeSize}`);
      if (leaf.leafIndex >= head.treeSize) {
        throw new AuditProofError(`leaf ${leaf.leafIndex} is not in the tree of size ${head.treeSize}`);
      }
    }
    await this.covering(head.treeSize);
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
    const first = await this.db.treeHeadOfSize(firstSize);
    if (!first) throw new AuditProofError(`no signed tree head of size ${firstSize}`);
    const second = secondSize === undefined ? await this.db.latestTreeHead() : await this.db.treeHeadOfSize(secondSize);
    if (!second) throw new AuditProofError(`no signed tree head of size ${String(secondSize)}`);
    if (first.treeSize === 0) throw new AuditProofError('a consistency proof needs a non-empty first tree');
    if (first.treeSize > second.treeSize) {
      throw new AuditProofError(`the first tree (${first.treeSize}) is larger than the second (${second.treeSize})`);
    }
    await this.covering(second.treeSize);
    return { first, second, proof: this.db.tree.consistencyProof(first.treeSize, second.treeSize).map(b64) };
  }

  /** Whether this process follows the log now (its follower holds the lease and reads). */
  private following(): boolean {
    const { state } = this.follower.status();
    return state === 'catching-up' || state === 'live';
  }

  /** Loads the stored tree up to `treeSize` leaves (a head signed by another process), catching up if needed. */
  private async covering(treeSize: number): Promise<void> {
    if (this.db.treeSize >= treeSize) return;
    if ((await this.db.refresh()) >= treeSize) return;
    if ((await this.catchUp()) >= treeSize) return;
    throw new AuditProofError(`the audit tree has ${this.db.treeSize} leaves, not the ${treeSize} of the tree head`);
  }

  private async resolveLeaf(ref: AuditLeafRef): Promise<AuditLeaf | null> {
    this.assertOpen();
    const find = (): Promise<AuditLeaf | null> =>
      typeof ref === 'bigint'
        ? this.db.leafByPosition(ref)
        : typeof ref === 'string'
          ? this.db.leafByEventId(ref)
          : this.db.leafAt(ref.leafIndex);
    const found = await find();
    if (found) return found;
    await this.catchUp();
    return find();
  }

  /** Moves an earlier version's heads into the shared table (they must be the log's key's), then deletes its file. */
  private async importLegacyHeads(file: string): Promise<void> {
    const legacy = readLegacyAuditFile(file);
    if (!legacy) return;
    const configured = this.key.publicKeyRaw.toString('base64');
    if (legacy.publicKey !== null && legacy.publicKey !== configured) throw new AuditKeyMismatchError(file, legacy.publicKey, configured);
    const forged = legacy.heads.find((h) => !verifyTreeHead(h, this.key.publicKeyRaw));
    if (forged) throw new Error(`${file}: the tree head of size ${forged.treeSize} does not verify with the audit signing key; the file is kept for inspection`);
    const conflicting = await this.db.importTreeHeads(legacy.heads);
    for (const head of conflicting) {
      this.logger.error({ treeSize: head.treeSize }, `${file}: its tree head of size ${head.treeSize} has another root than the one stored; the stored head is kept`);
    }
    removeLegacyAuditFile(file);
    this.logger.info({ heads: legacy.heads.length }, `moved ${legacy.heads.length} signed tree heads of ${file} into the read-model database and deleted the file (the tree is rebuilt from the log)`);
  }

  /** The interval: sign when the tree grew, if this process follows the log. */
  private tick(): Promise<void> {
    if (this.closed || !this.following()) return Promise.resolve();
    return this.signIfGrown('on the interval');
  }

  private async signIfGrown(when: string): Promise<void> {
    try {
      // Only when the tree grew: an empty log gets its first head on demand (checkpoint()), not on a timer.
      const [latest, { treeSize }] = await Promise.all([this.db.latestTreeHead(), this.db.checkpoint()]);
      if ((latest?.treeSize ?? 0) >= treeSize) return;
      const { head, fresh } = await this.db.signTreeHeadIfGrown(this.key, this.clock.now().getTime());
      if (fresh) this.logger.info({ treeSize: head.treeSize }, `signed tree head of size ${head.treeSize} ${when}`);
    } catch (err) {
      this.logger.error({}, `could not sign a tree head ${when}: ${(err as Error).message}`);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new Error('the audit log is closed');
  }
}
