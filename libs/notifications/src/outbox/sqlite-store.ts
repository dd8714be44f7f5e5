import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type {
  AcceptedReceipt, FailureUpdate, OutboxNoticeStatus, OutboxRow, OutboxStage, OutboxStatus, OutboxStore, PreparedNotice, PurgeReport,
} from './store';
import type { NotificationChannel, NotificationKind } from '../kinds';

export type SqliteOutboxStoreOptions =
  /** Its own file, e.g. `<DATA_DIR>/notifications.sqlite` (WAL, synchronous FULL, secure_delete). */
  | { readonly file: string }
  /**
   * A connection the caller owns (the saga runtime's), so `insert` can join the caller's transaction.
   * The caller sets the pragmas; `close()` leaves the connection open.
   */
  | { readonly database: Database.Database };

export const NOTIFICATIONS_DB_FILE = 'notifications.sqlite';

const TABLE = 'notification_outbox';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ${TABLE} (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT NOT NULL UNIQUE,
  contract_id     TEXT NOT NULL,
  kind            TEXT NOT NULL,
  channel         TEXT NOT NULL,
  causation_id    TEXT NOT NULL,
  protector       TEXT NOT NULL,
  payload         BLOB,
  status          TEXT NOT NULL CHECK (status IN ('PENDING','ACCEPTED','RECORDED','STUCK','PURGED')),
  attempts        INTEGER NOT NULL DEFAULT 0,
  record_attempts INTEGER NOT NULL DEFAULT 0,
  next_attempt_at INTEGER,
  claim_token     TEXT,
  claimed_until   INTEGER,
  enqueued_at     INTEGER NOT NULL,
  sent_at         INTEGER,
  message_id      TEXT,
  transport       TEXT,
  response        TEXT,
  recorded_at     INTEGER,
  last_error      TEXT,
  last_error_at   INTEGER,
  stuck_at        INTEGER,
  stuck_stage     TEXT CHECK (stuck_stage IS NULL OR stuck_stage IN ('send','record')),
  purged_at       INTEGER
);
CREATE INDEX IF NOT EXISTS ${TABLE}_due ON ${TABLE} (status, next_attempt_at);
CREATE INDEX IF NOT EXISTS ${TABLE}_contract ON ${TABLE} (contract_id);
`;

interface RawRow {
  seq: number;
  id: string;
  contract_id: string;
  kind: string;
  channel: string;
  causation_id: string;
  protector: string;
  payload: Buffer | null;
  status: string;
  attempts: number;
  record_attempts: number;
  next_attempt_at: number | null;
  claim_token: string | null;
  claimed_until: number | null;
  enqueued_at: number;
  sent_at: number | null;
  message_id: string | null;
  transport: string | null;
  response: string | null;
  recorded_at: number | null;
  last_error: string | null;
  last_error_at: number | null;
  stuck_at: number | null;
  stuck_stage: string | null;
  purged_at: number | null;
}

const date = (ms: number | null): Date | null => (ms === null ? null : new Date(ms));

function status(r: RawRow): OutboxNoticeStatus {
  return {
    id: r.id,
    contractId: r.contract_id,
    kind: r.kind as NotificationKind,
    channel: r.channel as NotificationChannel,
    causationId: r.causation_id,
    status: r.status as OutboxStatus,
    attempts: r.attempts,
    recordAttempts: r.record_attempts,
    nextAttemptAt: date(r.next_attempt_at),
    enqueuedAt: new Date(r.enqueued_at),
    sentAt: date(r.sent_at),
    messageId: r.message_id,
    transport: r.transport,
    response: r.response,
    recordedAt: date(r.recorded_at),
    lastError: r.last_error,
    lastErrorAt: date(r.last_error_at),
    stuckAt: date(r.stuck_at),
    stuckStage: r.stuck_stage as OutboxStage | null,
    purgedAt: date(r.purged_at),
  };
}

function row(r: RawRow): OutboxRow {
  return { ...status(r), protectorId: r.protector, payload: r.payload === null ? null : new Uint8Array(r.payload) };
}

/**
 * The outbox in SQLite (better-sqlite3, synchronous). Every method is one statement or one IMMEDIATE
 * transaction, so several processes on the same file never claim the same row twice.
 */
export class SqliteOutboxStore implements OutboxStore {
  readonly db: Database.Database;
  readonly #owns: boolean;

  constructor(options: SqliteOutboxStoreOptions) {
    if ('file' in options) {
      fs.mkdirSync(path.dirname(path.resolve(options.file)), { recursive: true });
      this.db = new Database(options.file);
      this.db.pragma('journal_mode = WAL');
      this.db.pragma('synchronous = FULL');
      this.db.pragma('busy_timeout = 5000');
      // Erased payloads must not linger in free pages (personal data).
      this.db.pragma('secure_delete = ON');
      this.#owns = true;
    } else {
      this.db = options.database;
      this.#owns = false;
    }
    this.db.exec(SCHEMA);
  }

  /** Opens `<dataDir>/notifications.sqlite`. */
  static inDataDir(dataDir: string): SqliteOutboxStore {
    return new SqliteOutboxStore({ file: path.join(dataDir, NOTIFICATIONS_DB_FILE) });
  }

  insert(n: PreparedNotice, now: Date): boolean {
    const info = this.db
      .prepare(
        `INSERT INTO ${TABLE} (id, contract_id, kind, channel, causation_id, protector, payload, status, next_attempt_at, enqueued_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?) ON CONFLICT (id) DO NOTHING`,
      )
      .run(n.id, n.contractId, n.kind, n.channel, n.causationId, n.protectorId, Buffer.from(n.payload), now.getTime(), now.getTime());
    return info.changes === 1;
  }

  claimDue(now: Date, limit: number, leaseUntil: Date, token: string, leaseNow: Date = now): OutboxRow[] {
    const t = now.getTime();
    const claim = this.db.transaction((): RawRow[] => {
      const ids = this.db
        .prepare(
          `SELECT id FROM ${TABLE}
           WHERE status IN ('PENDING','ACCEPTED') AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until <= ?)
           ORDER BY next_attempt_at, seq LIMIT ?`,
        )
        .pluck()
        .all(t, leaseNow.getTime(), limit) as string[];
      const mark = this.db.prepare(`UPDATE ${TABLE} SET claim_token = ?, claimed_until = ? WHERE id = ?`);
      for (const id of ids) mark.run(token, leaseUntil.getTime(), id);
      return this.db.prepare(`SELECT * FROM ${TABLE} WHERE claim_token = ? ORDER BY next_attempt_at, seq`).all(token) as RawRow[];
    });
    return claim.immediate().map(row);
  }

  markAccepted(id: string, token: string, r: AcceptedReceipt): boolean {
    return (
      this.db
        .prepare(
          `UPDATE ${TABLE} SET status = 'ACCEPTED', sent_at = ?, message_id = ?, transport = ?, response = ?, next_attempt_at = ?
           WHERE id = ? AND claim_token = ? AND status = 'PENDING'`,
        )
        .run(r.sentAt.getTime(), r.messageId, r.transport, r.response, r.sentAt.getTime(), id, token).changes === 1
    );
  }

  markRecorded(id: string, token: string, at: Date): boolean {
    return (
      this.db
        .prepare(
          `UPDATE ${TABLE} SET status = 'RECORDED', recorded_at = ?, next_attempt_at = NULL, claim_token = NULL, claimed_until = NULL
           WHERE id = ? AND claim_token = ? AND status = 'ACCEPTED'`,
        )
        .run(at.getTime(), id, token).changes === 1
    );
  }

  markFailed(id: string, token: string, f: FailureUpdate): boolean {
    const from = f.stage === 'send' ? 'PENDING' : 'ACCEPTED';
    const counter = f.stage === 'send' ? 'attempts' : 'record_attempts';
    const stuck = f.nextAttemptAt === null;
    return (
      this.db
        .prepare(
          `UPDATE ${TABLE} SET ${counter} = ?, last_error = ?, last_error_at = ?,
             status = ?, next_attempt_at = ?, stuck_at = ?, stuck_stage = ?, claim_token = NULL, claimed_until = NULL
           WHERE id = ? AND claim_token = ? AND status = ?`,
        )
        .run(
          f.attempts,
          f.error,
          f.at.getTime(),
          stuck ? 'STUCK' : from,
          stuck ? null : f.nextAttemptAt!.getTime(),
          stuck ? f.at.getTime() : null,
          stuck ? f.stage : null,
          id,
          token,
          from,
        ).changes === 1
    );
  }

  release(id: string, token: string): void {
    this.db.prepare(`UPDATE ${TABLE} SET claim_token = NULL, claimed_until = NULL WHERE id = ? AND claim_token = ?`).run(id, token);
  }

  get(id: string): OutboxRow | null {
    const r = this.db.prepare(`SELECT * FROM ${TABLE} WHERE id = ?`).get(id) as RawRow | undefined;
    return r ? row(r) : null;
  }

  listByContract(contractId: string): OutboxNoticeStatus[] {
    return (this.db.prepare(`SELECT * FROM ${TABLE} WHERE contract_id = ? ORDER BY seq`).all(contractId) as RawRow[]).map(status);
  }

  listStuck(): OutboxNoticeStatus[] {
    return (this.db.prepare(`SELECT * FROM ${TABLE} WHERE status = 'STUCK' ORDER BY stuck_at, seq`).all() as RawRow[]).map(status);
  }

  retry(id: string, now: Date): boolean {
    return (
      this.db
        .prepare(
          `UPDATE ${TABLE} SET
             status = CASE stuck_stage WHEN 'record' THEN 'ACCEPTED' ELSE 'PENDING' END,
             attempts = CASE stuck_stage WHEN 'record' THEN attempts ELSE 0 END,
             record_attempts = CASE stuck_stage WHEN 'record' THEN 0 ELSE record_attempts END,
             next_attempt_at = ?, stuck_at = NULL, stuck_stage = NULL, claim_token = NULL, claimed_until = NULL
           WHERE id = ? AND status = 'STUCK'`,
        )
        .run(now.getTime(), id).changes === 1
    );
  }

  purgeContract(contractId: string, now: Date): PurgeReport {
    const purge = this.db.transaction((): PurgeReport => {
      const unfinished = this.db
        .prepare(`SELECT id FROM ${TABLE} WHERE contract_id = ? AND status IN ('PENDING','ACCEPTED','STUCK') ORDER BY seq`)
        .pluck()
        .all(contractId) as string[];
      const info = this.db
        .prepare(
          `UPDATE ${TABLE} SET payload = NULL, last_error = NULL, response = NULL, purged_at = ?,
             status = CASE WHEN status IN ('PENDING','ACCEPTED','STUCK') THEN 'PURGED' ELSE status END,
             next_attempt_at = NULL, claim_token = NULL, claimed_until = NULL
           WHERE contract_id = ? AND (payload IS NOT NULL OR last_error IS NOT NULL OR response IS NOT NULL)`,
        )
        .run(now.getTime(), contractId);
      return { purged: info.changes, unfinished };
    });
    const report = purge.immediate();
    // Push the erased pages out of the WAL too (secure_delete already zeroes freed pages in the file).
    if (this.#owns) this.db.pragma('wal_checkpoint(TRUNCATE)');
    return report;
  }

  nextDueAt(countLeases = true): Date | null {
    const due = countLeases ? 'CASE WHEN claimed_until IS NOT NULL AND claimed_until > next_attempt_at THEN claimed_until ELSE next_attempt_at END' : 'next_attempt_at';
    const ms = this.db
      .prepare(`SELECT MIN(${due}) FROM ${TABLE} WHERE status IN ('PENDING','ACCEPTED')`)
      .pluck()
      .get() as number | null;
    return ms === null || ms === undefined ? null : new Date(ms);
  }

  close(): void {
    if (this.#owns && this.db.open) this.db.close();
  }
}
