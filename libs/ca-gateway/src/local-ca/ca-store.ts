import Database from 'better-sqlite3';
import type { CaOrderKind, CaResult, CrlReasonCode } from '../port';

/**
 * Durable state of the local CA, in one SQLite file next to the CA key (`<directory>/ca.sqlite`).
 *
 * Why SQLite (better-sqlite3) rather than JSON files: every step that matters changes several records at
 * once and must not be half-done after a crash — completing an order, recording the certificate and
 * queueing its result; or marking a serial revoked, storing the CRL that lists it under the next CRL
 * number and queueing the result. One transaction does each. Uniqueness constraints make the idempotency
 * (one order per order id) and the CRL numbering (one CRL per number) hold even when two processes share
 * the directory (an API replica serving the CRL and a worker processing orders). JSON files would need a
 * lock and a rewrite of ever-growing files to give the same guarantees.
 */

export type OrderState = 'PENDING' | 'COMPLETED' | 'CANCELLED';

export interface OrderRow {
  readonly seq: number;
  readonly trackingId: string;
  readonly orderId: string;
  readonly kind: CaOrderKind;
  readonly requestDigest: string;
  readonly requestJson: string;
  readonly state: OrderState;
  readonly resultJson: string | null;
  readonly submittedAt: string;
  readonly completedAt: string | null;
}

export interface CertificateRow {
  readonly serialNumber: string;
  readonly trackingId: string;
  readonly orderId: string;
  readonly fqdn: string;
  readonly notBefore: string;
  readonly notAfter: string;
  readonly fingerprintSha256: string;
  readonly certificatePem: string;
  readonly issuedAt: string;
  readonly revokedAt: string | null;
  readonly crlReason: CrlReasonCode | null;
  readonly revocationTrackingId: string | null;
}

export interface RevokedEntry {
  readonly serialNumber: string;
  readonly revokedAt: Date;
  readonly crlReason: CrlReasonCode;
}

export interface CrlRow {
  readonly crlNumber: number;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly der: Buffer;
}

export interface NewCrl {
  readonly crlNumber: number;
  readonly thisUpdate: Date;
  readonly nextUpdate: Date;
  readonly der: Buffer;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS ca_orders (
  seq            INTEGER PRIMARY KEY AUTOINCREMENT,
  tracking_id    TEXT NOT NULL UNIQUE,
  order_id       TEXT NOT NULL UNIQUE,
  kind           TEXT NOT NULL CHECK (kind IN ('ISSUANCE', 'REVOCATION')),
  request_digest TEXT NOT NULL,
  request_json   TEXT NOT NULL,
  state          TEXT NOT NULL CHECK (state IN ('PENDING', 'COMPLETED', 'CANCELLED')),
  result_json    TEXT,
  submitted_at   TEXT NOT NULL,
  completed_at   TEXT,
  cancel_reason  TEXT
);
CREATE INDEX IF NOT EXISTS ca_orders_by_state ON ca_orders (state, seq);
CREATE TABLE IF NOT EXISTS ca_certificates (
  serial_number          TEXT PRIMARY KEY,
  tracking_id            TEXT NOT NULL UNIQUE REFERENCES ca_orders (tracking_id),
  order_id               TEXT NOT NULL,
  fqdn                   TEXT NOT NULL,
  not_before             TEXT NOT NULL,
  not_after              TEXT NOT NULL,
  fingerprint_sha256     TEXT NOT NULL,
  certificate_pem        TEXT NOT NULL,
  issued_at              TEXT NOT NULL,
  revoked_at             TEXT,
  crl_reason             INTEGER,
  revocation_tracking_id TEXT
);
CREATE TABLE IF NOT EXISTS ca_results (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  tracking_id     TEXT NOT NULL UNIQUE REFERENCES ca_orders (tracking_id),
  acknowledged_at TEXT
);
CREATE INDEX IF NOT EXISTS ca_results_unacknowledged ON ca_results (acknowledged_at, seq);
CREATE TABLE IF NOT EXISTS ca_crls (
  crl_number  INTEGER PRIMARY KEY,
  this_update TEXT NOT NULL,
  next_update TEXT NOT NULL,
  der         BLOB NOT NULL
);
`;

const ORDER_COLUMNS = `seq, tracking_id AS trackingId, order_id AS orderId, kind, request_digest AS requestDigest,
  request_json AS requestJson, state, result_json AS resultJson, submitted_at AS submittedAt,
  completed_at AS completedAt`;

const CERTIFICATE_COLUMNS = `serial_number AS serialNumber, tracking_id AS trackingId, order_id AS orderId, fqdn,
  not_before AS notBefore, not_after AS notAfter, fingerprint_sha256 AS fingerprintSha256,
  certificate_pem AS certificatePem, issued_at AS issuedAt, revoked_at AS revokedAt, crl_reason AS crlReason,
  revocation_tracking_id AS revocationTrackingId`;

/** Thrown inside a completing transaction when the state it relied on changed under it (rolled back). */
export class StaleStateError extends Error {
  override readonly name = 'StaleStateError';
}

export class CaStore {
  private readonly db: Database.Database;

  constructor(file: string) {
    this.db = new Database(file);
    this.db.pragma('journal_mode = WAL');
    // A CA must not lose a committed issuance or revocation on power loss.
    this.db.pragma('synchronous = FULL');
    this.db.pragma('busy_timeout = 5000');
    this.db.pragma('foreign_keys = ON');
    this.db.exec(SCHEMA);
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Inserts the order unless one with this order id exists; returns the stored order either way. */
  insertOrder(order: {
    trackingId: string;
    orderId: string;
    kind: CaOrderKind;
    requestDigest: string;
    requestJson: string;
    submittedAt: string;
  }): OrderRow {
    this.db
      .prepare(
        `INSERT INTO ca_orders (tracking_id, order_id, kind, request_digest, request_json, state, submitted_at)
         VALUES (@trackingId, @orderId, @kind, @requestDigest, @requestJson, 'PENDING', @submittedAt)
         ON CONFLICT (order_id) DO NOTHING`,
      )
      .run(order);
    return this.orderByOrderId(order.orderId)!;
  }

  orderByOrderId(orderId: string): OrderRow | undefined {
    return this.db.prepare(`SELECT ${ORDER_COLUMNS} FROM ca_orders WHERE order_id = ?`).get(orderId) as
      | OrderRow
      | undefined;
  }

  orderByTrackingId(trackingId: string): OrderRow | undefined {
    return this.db.prepare(`SELECT ${ORDER_COLUMNS} FROM ca_orders WHERE tracking_id = ?`).get(trackingId) as
      | OrderRow
      | undefined;
  }

  /** The oldest pending order after `afterSeq`. */
  nextPendingOrder(afterSeq: number): OrderRow | undefined {
    return this.db
      .prepare(`SELECT ${ORDER_COLUMNS} FROM ca_orders WHERE state = 'PENDING' AND seq > ? ORDER BY seq LIMIT 1`)
      .get(afterSeq) as OrderRow | undefined;
  }

  /** Cancels a pending order; false when it was not pending any more. */
  cancelPending(orderId: string, reason: string | null, at: string): boolean {
    const info = this.db
      .prepare(
        `UPDATE ca_orders SET state = 'CANCELLED', completed_at = ?, cancel_reason = ?
         WHERE order_id = ? AND state = 'PENDING'`,
      )
      .run(at, reason, orderId);
    return info.changes === 1;
  }

  /**
   * Completes an issuance order: result, certificate (when issued) and the result's place in the feed,
   * in one transaction. False (nothing written) when the order is no longer pending (cancelled, or
   * completed by another process).
   */
  completeIssuance(trackingId: string, resultJson: string, at: string, certificate: CertificateRow | null): boolean {
    return this.db.transaction((): boolean => {
      if (!this.completeOrder(trackingId, resultJson, at)) return false;
      if (certificate) {
        this.db
          .prepare(
            `INSERT INTO ca_certificates (serial_number, tracking_id, order_id, fqdn, not_before, not_after,
               fingerprint_sha256, certificate_pem, issued_at)
             VALUES (@serialNumber, @trackingId, @orderId, @fqdn, @notBefore, @notAfter, @fingerprintSha256,
               @certificatePem, @issuedAt)`,
          )
          .run(certificate);
      }
      this.db.prepare(`INSERT INTO ca_results (tracking_id) VALUES (?)`).run(trackingId);
      return true;
    })();
  }

  /**
   * Completes a revocation order. With `revocation`, also marks the serial revoked and stores the CRL
   * that lists it; throws StaleStateError (everything rolled back) when the serial was revoked meanwhile
   * or the CRL number was taken meanwhile, so the caller decides again on fresh state.
   */
  completeRevocation(
    trackingId: string,
    resultJson: string,
    at: string,
    revocation: { serialNumber: string; revokedAt: string; crlReason: CrlReasonCode; crl: NewCrl } | null,
  ): boolean {
    return this.db.transaction((): boolean => {
      if (!this.completeOrder(trackingId, resultJson, at)) return false;
      if (revocation) {
        const info = this.db
          .prepare(
            `UPDATE ca_certificates SET revoked_at = ?, crl_reason = ?, revocation_tracking_id = ?
             WHERE serial_number = ? AND revoked_at IS NULL`,
          )
          .run(revocation.revokedAt, revocation.crlReason, trackingId, revocation.serialNumber);
        if (info.changes !== 1) throw new StaleStateError(`serial ${revocation.serialNumber} changed meanwhile`);
        this.insertCrlOrThrowStale(revocation.crl);
      }
      this.db.prepare(`INSERT INTO ca_results (tracking_id) VALUES (?)`).run(trackingId);
      return true;
    })();
  }

  private completeOrder(trackingId: string, resultJson: string, at: string): boolean {
    const info = this.db
      .prepare(
        `UPDATE ca_orders SET state = 'COMPLETED', result_json = ?, completed_at = ?
         WHERE tracking_id = ? AND state = 'PENDING'`,
      )
      .run(resultJson, at, trackingId);
    return info.changes === 1;
  }

  certificateBySerial(serialNumber: string): CertificateRow | undefined {
    return this.db
      .prepare(`SELECT ${CERTIFICATE_COLUMNS} FROM ca_certificates WHERE serial_number = ?`)
      .get(serialNumber) as CertificateRow | undefined;
  }

  certificates(): CertificateRow[] {
    return this.db.prepare(`SELECT ${CERTIFICATE_COLUMNS} FROM ca_certificates ORDER BY issued_at, serial_number`).all() as CertificateRow[];
  }

  revokedEntries(): RevokedEntry[] {
    const rows = this.db
      .prepare(
        `SELECT serial_number AS serialNumber, revoked_at AS revokedAt, crl_reason AS crlReason
         FROM ca_certificates WHERE revoked_at IS NOT NULL ORDER BY revoked_at, serial_number`,
      )
      .all() as { serialNumber: string; revokedAt: string; crlReason: CrlReasonCode }[];
    return rows.map((r) => ({ serialNumber: r.serialNumber, revokedAt: new Date(r.revokedAt), crlReason: r.crlReason }));
  }

  latestCrl(): CrlRow | undefined {
    const row = this.db
      .prepare(
        `SELECT crl_number AS crlNumber, this_update AS thisUpdate, next_update AS nextUpdate, der
         FROM ca_crls ORDER BY crl_number DESC LIMIT 1`,
      )
      .get() as { crlNumber: number; thisUpdate: string; nextUpdate: string; der: Buffer } | undefined;
    if (!row) return undefined;
    return { crlNumber: row.crlNumber, thisUpdate: new Date(row.thisUpdate), nextUpdate: new Date(row.nextUpdate), der: row.der };
  }

  /** Stores a CRL that lists no new revocation (a refresh); StaleStateError if its number was taken. */
  insertCrl(crl: NewCrl): void {
    this.db.transaction(() => this.insertCrlOrThrowStale(crl))();
  }

  private insertCrlOrThrowStale(crl: NewCrl): void {
    const latest = this.db.prepare(`SELECT MAX(crl_number) AS n FROM ca_crls`).get() as { n: number | null };
    if (latest.n !== null && latest.n >= crl.crlNumber) {
      throw new StaleStateError(`CRL number ${crl.crlNumber} is already used`);
    }
    this.db
      .prepare(`INSERT INTO ca_crls (crl_number, this_update, next_update, der) VALUES (?, ?, ?, ?)`)
      .run(crl.crlNumber, crl.thisUpdate.toISOString(), crl.nextUpdate.toISOString(), crl.der);
  }

  /** Results not yet acknowledged with a feed position after `afterSeq`, oldest first. */
  unacknowledgedResults(afterSeq: number, limit: number): { seq: number; resultJson: string }[] {
    return this.db
      .prepare(
        `SELECT r.seq AS seq, o.result_json AS resultJson
         FROM ca_results r JOIN ca_orders o ON o.tracking_id = r.tracking_id
         WHERE r.acknowledged_at IS NULL AND r.seq > ? ORDER BY r.seq LIMIT ?`,
      )
      .all(afterSeq, limit) as { seq: number; resultJson: string }[];
  }

  acknowledge(trackingId: string, at: string): void {
    this.db
      .prepare(`UPDATE ca_results SET acknowledged_at = ? WHERE tracking_id = ? AND acknowledged_at IS NULL`)
      .run(at, trackingId);
  }
}

/** JSON form of a result as stored (dates as ISO strings) and back. */
export function resultToJson(result: CaResult): string {
  return JSON.stringify(result);
}

export function resultFromJson(json: string): CaResult {
  const raw = JSON.parse(json) as Record<string, unknown>;
  for (const key of ['completedAt', 'notBefore', 'notAfter', 'revokedAt']) {
    if (typeof raw[key] === 'string') raw[key] = new Date(raw[key] as string);
  }
  return raw as unknown as CaResult;
}
