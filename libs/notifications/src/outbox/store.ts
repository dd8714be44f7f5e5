import type { NotificationChannel, NotificationKind } from '../kinds';

export type Awaitable<T> = T | Promise<T>;

/**
 * - `PENDING`: to be sent (at `nextAttemptAt`).
 * - `ACCEPTED`: the transport took it; `onAccepted` (recording `CustomerNotified`) has not succeeded yet.
 * - `RECORDED`: done.
 * - `STUCK`: a stage failed `maxAttempts` times; waits for `retry(id)`.
 * - `PURGED`: its payload was erased (crypto-shredding) before it was sent or recorded.
 */
export const OUTBOX_STATUSES = ['PENDING', 'ACCEPTED', 'RECORDED', 'STUCK', 'PURGED'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** `send`: the transport did not accept; `record`: the transport accepted, `onAccepted` failed. */
export type OutboxStage = 'send' | 'record';

/** A notice rendered and sealed, ready to store (what `NotificationOutbox.prepare` makes). */
export interface PreparedNotice {
  readonly id: string;
  readonly contractId: string;
  readonly kind: NotificationKind;
  readonly channel: NotificationChannel;
  readonly causationId: string;
  /** Which PayloadProtector sealed `payload`. */
  readonly protectorId: string;
  readonly payload: Uint8Array;
}

/** Everything but the payload: safe to show staff (no personal data), e.g. in `stuckProcesses`. */
export interface OutboxNoticeStatus {
  readonly id: string;
  readonly contractId: string;
  readonly kind: NotificationKind;
  readonly channel: NotificationChannel;
  readonly causationId: string;
  readonly status: OutboxStatus;
  /** Failed send attempts so far (reset by `retry`). */
  readonly attempts: number;
  /** Failed `onAccepted` calls so far (reset by `retry`). */
  readonly recordAttempts: number;
  readonly nextAttemptAt: Date | null;
  readonly enqueuedAt: Date;
  readonly sentAt: Date | null;
  readonly messageId: string | null;
  readonly transport: string | null;
  readonly response: string | null;
  readonly recordedAt: Date | null;
  /** Recipient addresses are masked out of errors before they are stored. */
  readonly lastError: string | null;
  readonly lastErrorAt: Date | null;
  readonly stuckAt: Date | null;
  readonly stuckStage: OutboxStage | null;
  readonly purgedAt: Date | null;
}

export interface OutboxRow extends OutboxNoticeStatus {
  readonly protectorId: string;
  readonly payload: Uint8Array | null;
}

export interface AcceptedReceipt {
  readonly messageId: string;
  readonly transport: string;
  readonly response: string | null;
  readonly sentAt: Date;
}

export interface FailureUpdate {
  readonly stage: OutboxStage;
  readonly error: string;
  readonly at: Date;
  /** The stage's failure count including this one. */
  readonly attempts: number;
  /** When to try again; null: the notice is now `STUCK`. */
  readonly nextAttemptAt: Date | null;
}

export interface PurgeReport {
  /** Rows whose payload was erased. */
  readonly purged: number;
  /** Of those, the ids that had not been sent or recorded yet (now `PURGED`: they never will be). */
  readonly unfinished: readonly string[];
}

/**
 * Durable storage of the outbox. Every state change of a claimed row names the claim token, so a
 * dispatcher whose lease ran out (another took the row over) changes nothing.
 *
 * Methods may answer synchronously: the SQLite store does, so a caller sharing its better-sqlite3
 * connection can `insert` inside its own transaction (saga state + notice commit together).
 */
export interface OutboxStore {
  /** Inserts unless a row with this id exists (then nothing changes); true when inserted. */
  insert(notice: PreparedNotice, now: Date): Awaitable<boolean>;
  /**
   * Leases up to `limit` due rows (`PENDING`/`ACCEPTED`, due at `now`, unclaimed or lease expired at `leaseNow`) to
   * `token`. `leaseNow` (default `now`) is the time the leases are measured on, when that is not the notices' clock.
   */
  claimDue(now: Date, limit: number, leaseUntil: Date, token: string, leaseNow?: Date): Awaitable<OutboxRow[]>;
  /** PENDING → ACCEPTED, keeping the claim (the same dispatcher records it next). */
  markAccepted(id: string, token: string, receipt: AcceptedReceipt): Awaitable<boolean>;
  /** ACCEPTED → RECORDED, releasing the claim. */
  markRecorded(id: string, token: string, at: Date): Awaitable<boolean>;
  /** Records a failed stage: back to its status with `nextAttemptAt`, or STUCK; releases the claim. */
  markFailed(id: string, token: string, failure: FailureUpdate): Awaitable<boolean>;
  /** Releases a claim without other change (e.g. on shutdown). */
  release(id: string, token: string): Awaitable<void>;
  get(id: string): Awaitable<OutboxRow | null>;
  listByContract(contractId: string): Awaitable<OutboxNoticeStatus[]>;
  listStuck(): Awaitable<OutboxNoticeStatus[]>;
  /** STUCK → the stage it stuck in, due now, its failure count reset; false when the row is not stuck. */
  retry(id: string, now: Date): Awaitable<boolean>;
  /** Erases the payloads (and stored errors) of a contract's rows; unsent ones become PURGED. */
  purgeContract(contractId: string, now: Date): Awaitable<PurgeReport>;
  /**
   * The earliest instant a row falls due, or null when nothing waits; counting leases unless `countLeases` is false
   * (leases measured on another clock than the notices').
   */
  nextDueAt(countLeases?: boolean): Awaitable<Date | null>;
  close(): Awaitable<void>;
}
