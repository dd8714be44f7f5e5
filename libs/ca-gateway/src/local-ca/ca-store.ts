import type { Generated, Kysely, Selectable, Transaction } from 'kysely';
import type { CaOrderKind, CaResult, CrlReasonCode } from '../port';

/**
 * Durable state of the local CA, in the read-model database (SQLite on one host, PostgreSQL shared by every
 * process; tables of migration 0008, `../migrations/0008-local-ca.ts`), one Kysely code path.
 *
 * Every step that matters changes several records at once and must not be half-done after a crash — completing
 * an order, recording the certificate and queueing its result; or marking a serial revoked, storing the CRL that
 * lists it under the next CRL number and queueing the result — so one transaction does each. Uniqueness
 * constraints make the idempotency (one order per order id) and the CRL numbering (one CRL per number) hold
 * when several workers process orders and every api signs CRL refreshes: the loser of a race gets a
 * StaleStateError and decides again on fresh state.
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

export type NewCrl = CrlRow;

/** The CA's own record: its certificate and its sealed private key. */
export interface AuthorityRow {
  readonly name: string;
  readonly certificatePem: string;
  readonly sealedKey: Buffer;
  readonly createdAt: string;
}

interface Tables {
  ca_authority: { name: string; certificate_pem: string; sealed_key: Buffer; created_at: string };
  ca_orders: {
    seq: Generated<number | string>;
    tracking_id: string;
    order_id: string;
    kind: string;
    request_digest: string;
    request_json: string;
    state: string;
    result_json: string | null;
    submitted_at: string;
    completed_at: string | null;
    cancel_reason: string | null;
  };
  ca_certificates: {
    serial_number: string;
    tracking_id: string;
    order_id: string;
    fqdn: string;
    not_before: string;
    not_after: string;
    fingerprint_sha256: string;
    certificate_pem: string;
    issued_at: string;
    revoked_at: string | null;
    crl_reason: number | null;
    revocation_tracking_id: string | null;
  };
  ca_results: { seq: Generated<number | string>; tracking_id: string; acknowledged_at: string | null };
  ca_crls: { crl_number: number; this_update: string; next_update: string; der: Buffer };
}

type Db = Kysely<Tables> | Transaction<Tables>;

/** Thrown inside a completing transaction when the state it relied on changed under it (rolled back). */
export class StaleStateError extends Error {
  override readonly name = 'StaleStateError';
}

/** A unique constraint refused a row (PostgreSQL 23505, SQLite SQLITE_CONSTRAINT_*): another process got there first. */
function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

const toOrder = (r: Selectable<Tables['ca_orders']>): OrderRow => ({
  seq: Number(r.seq),
  trackingId: r.tracking_id,
  orderId: r.order_id,
  kind: r.kind as CaOrderKind,
  requestDigest: r.request_digest,
  requestJson: r.request_json,
  state: r.state as OrderState,
  resultJson: r.result_json,
  submittedAt: r.submitted_at,
  completedAt: r.completed_at,
});

const toCertificate = (r: Tables['ca_certificates']): CertificateRow => ({
  serialNumber: r.serial_number,
  trackingId: r.tracking_id,
  orderId: r.order_id,
  fqdn: r.fqdn,
  notBefore: r.not_before,
  notAfter: r.not_after,
  fingerprintSha256: r.fingerprint_sha256,
  certificatePem: r.certificate_pem,
  issuedAt: r.issued_at,
  revokedAt: r.revoked_at,
  crlReason: r.crl_reason === null ? null : (Number(r.crl_reason) as CrlReasonCode),
  revocationTrackingId: r.revocation_tracking_id,
});

export class CaStore {
  private readonly db: Kysely<Tables>;

  constructor(db: Kysely<any>) {
    this.db = db as Kysely<Tables>;
  }

  // ---------------------------------------------------------------- the authority

  async authority(name: string): Promise<AuthorityRow | undefined> {
    const row = await this.db.selectFrom('ca_authority').selectAll().where('name', '=', name).executeTakeFirst();
    return row && { name: row.name, certificatePem: row.certificate_pem, sealedKey: Buffer.from(row.sealed_key), createdAt: row.created_at };
  }

  /** Stores the authority unless one of that name exists; answers the stored one either way (the first writer wins). */
  async insertAuthority(row: AuthorityRow): Promise<AuthorityRow> {
    await this.db
      .insertInto('ca_authority')
      .values({ name: row.name, certificate_pem: row.certificatePem, sealed_key: row.sealedKey, created_at: row.createdAt })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return (await this.authority(row.name))!;
  }

  // ---------------------------------------------------------------- orders

  /** Inserts the order unless one with this order id exists; returns the stored order either way. */
  async insertOrder(order: { trackingId: string; orderId: string; kind: CaOrderKind; requestDigest: string; requestJson: string; submittedAt: string }): Promise<OrderRow> {
    await this.db
      .insertInto('ca_orders')
      .values({
        tracking_id: order.trackingId,
        order_id: order.orderId,
        kind: order.kind,
        request_digest: order.requestDigest,
        request_json: order.requestJson,
        state: 'PENDING',
        submitted_at: order.submittedAt,
      })
      .onConflict((oc) => oc.column('order_id').doNothing())
      .execute();
    return (await this.orderByOrderId(order.orderId))!;
  }

  async orderByOrderId(orderId: string): Promise<OrderRow | undefined> {
    const row = await this.db.selectFrom('ca_orders').selectAll().where('order_id', '=', orderId).executeTakeFirst();
    return row && toOrder(row);
  }

  async orderByTrackingId(trackingId: string): Promise<OrderRow | undefined> {
    const row = await this.db.selectFrom('ca_orders').selectAll().where('tracking_id', '=', trackingId).executeTakeFirst();
    return row && toOrder(row);
  }

  /** The oldest pending order after `afterSeq`. */
  async nextPendingOrder(afterSeq: number): Promise<OrderRow | undefined> {
    const row = await this.db
      .selectFrom('ca_orders')
      .selectAll()
      .where('state', '=', 'PENDING')
      .where('seq', '>', afterSeq)
      .orderBy('seq')
      .limit(1)
      .executeTakeFirst();
    return row && toOrder(row);
  }

  /** Cancels a pending order; false when it was not pending any more. */
  cancelPending(orderId: string, reason: string | null, at: string): Promise<boolean> {
    return leavePending(this.db, ['order_id', orderId], { state: 'CANCELLED', completed_at: at, cancel_reason: reason });
  }

  /**
   * Completes an issuance order: result, certificate (when issued) and the result's place in the feed, in one
   * transaction. False (nothing written) when the order is no longer pending (cancelled, or completed by
   * another process).
   */
  completeIssuance(trackingId: string, resultJson: string, at: string, certificate: CertificateRow | null): Promise<boolean> {
    return this.db.transaction().execute(async (trx) => {
      if (!(await completeOrder(trx, trackingId, resultJson, at))) return false;
      if (certificate) {
        await trx
          .insertInto('ca_certificates')
          .values({
            serial_number: certificate.serialNumber,
            tracking_id: certificate.trackingId,
            order_id: certificate.orderId,
            fqdn: certificate.fqdn,
            not_before: certificate.notBefore,
            not_after: certificate.notAfter,
            fingerprint_sha256: certificate.fingerprintSha256,
            certificate_pem: certificate.certificatePem,
            issued_at: certificate.issuedAt,
          })
          .execute();
      }
      await trx.insertInto('ca_results').values({ tracking_id: trackingId }).execute();
      return true;
    });
  }

  /**
   * Completes a revocation order. With `revocation`, also marks the serial revoked and stores the CRL that
   * lists it; throws StaleStateError (everything rolled back) when the serial was revoked meanwhile or the CRL
   * number was taken meanwhile, so the caller decides again on fresh state.
   */
  async completeRevocation(
    trackingId: string,
    resultJson: string,
    at: string,
    revocation: { serialNumber: string; revokedAt: string; crlReason: CrlReasonCode; crl: NewCrl } | null,
  ): Promise<boolean> {
    try {
      return await this.db.transaction().execute(async (trx) => {
        if (!(await completeOrder(trx, trackingId, resultJson, at))) return false;
        if (revocation) {
          const updated = await trx
            .updateTable('ca_certificates')
            .set({ revoked_at: revocation.revokedAt, crl_reason: revocation.crlReason, revocation_tracking_id: trackingId })
            .where('serial_number', '=', revocation.serialNumber)
            .where('revoked_at', 'is', null)
            .executeTakeFirst();
          if (Number(updated.numUpdatedRows) !== 1) throw new StaleStateError(`serial ${revocation.serialNumber} changed meanwhile`);
          await insertCrlOrThrowStale(trx, revocation.crl);
        }
        await trx.insertInto('ca_results').values({ tracking_id: trackingId }).execute();
        return true;
      });
    } catch (error) {
      throw isUniqueViolation(error) ? new StaleStateError('the CRL number was taken meanwhile', { cause: error }) : error;
    }
  }

  // ---------------------------------------------------------------- certificates and CRLs

  async certificateBySerial(serialNumber: string): Promise<CertificateRow | undefined> {
    const row = await this.db.selectFrom('ca_certificates').selectAll().where('serial_number', '=', serialNumber).executeTakeFirst();
    return row && toCertificate(row);
  }

  async certificates(): Promise<CertificateRow[]> {
    const rows = await this.db.selectFrom('ca_certificates').selectAll().orderBy('issued_at').orderBy('serial_number').execute();
    return rows.map(toCertificate);
  }

  async revokedEntries(): Promise<RevokedEntry[]> {
    const rows = await this.db
      .selectFrom('ca_certificates')
      .select(['serial_number', 'revoked_at', 'crl_reason'])
      .where('revoked_at', 'is not', null)
      .orderBy('revoked_at')
      .orderBy('serial_number')
      .execute();
    return rows.map((r) => ({ serialNumber: r.serial_number, revokedAt: new Date(r.revoked_at!), crlReason: Number(r.crl_reason) as CrlReasonCode }));
  }

  async latestCrl(): Promise<CrlRow | undefined> {
    const row = await this.db.selectFrom('ca_crls').selectAll().orderBy('crl_number', 'desc').limit(1).executeTakeFirst();
    return row && { crlNumber: Number(row.crl_number), thisUpdate: new Date(row.this_update), nextUpdate: new Date(row.next_update), der: Buffer.from(row.der) };
  }

  /** Stores a CRL that lists no new revocation (a refresh); StaleStateError if its number was taken. */
  async insertCrl(crl: NewCrl): Promise<void> {
    try {
      await this.db.transaction().execute((trx) => insertCrlOrThrowStale(trx, crl));
    } catch (error) {
      throw isUniqueViolation(error) ? new StaleStateError(`CRL number ${crl.crlNumber} is already used`, { cause: error }) : error;
    }
  }

  // ---------------------------------------------------------------- the result feed

  /** Results not yet acknowledged with a feed position after `afterSeq`, oldest first. */
  async unacknowledgedResults(afterSeq: number, limit: number): Promise<{ seq: number; resultJson: string }[]> {
    const rows = await this.db
      .selectFrom('ca_results as r')
      .innerJoin('ca_orders as o', 'o.tracking_id', 'r.tracking_id')
      .select(['r.seq as seq', 'o.result_json as resultJson'])
      .where('r.acknowledged_at', 'is', null)
      .where('r.seq', '>', afterSeq)
      .orderBy('r.seq')
      .limit(limit)
      .execute();
    return rows.map((r) => ({ seq: Number(r.seq), resultJson: r.resultJson! }));
  }

  async acknowledge(trackingId: string, at: string): Promise<void> {
    await this.db.updateTable('ca_results').set({ acknowledged_at: at }).where('tracking_id', '=', trackingId).where('acknowledged_at', 'is', null).execute();
  }

  // ---------------------------------------------------------------- moving a single host's earlier state in

  /** Copies rows kept elsewhere (an earlier version's file) in, in their order; rows already here are left as they are. */
  async importRows(rows: {
    orders: readonly (Omit<OrderRow, 'seq'> & { cancelReason: string | null })[];
    certificates: readonly CertificateRow[];
    results: readonly { trackingId: string; acknowledgedAt: string | null }[];
    crls: readonly CrlRow[];
  }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      for (const o of rows.orders) {
        await trx
          .insertInto('ca_orders')
          .values({
            tracking_id: o.trackingId, order_id: o.orderId, kind: o.kind, request_digest: o.requestDigest, request_json: o.requestJson, state: o.state,
            result_json: o.resultJson, submitted_at: o.submittedAt, completed_at: o.completedAt, cancel_reason: o.cancelReason,
          })
          .onConflict((oc) => oc.column('order_id').doNothing())
          .execute();
      }
      for (const c of rows.certificates) {
        await trx
          .insertInto('ca_certificates')
          .values({
            serial_number: c.serialNumber, tracking_id: c.trackingId, order_id: c.orderId, fqdn: c.fqdn, not_before: c.notBefore, not_after: c.notAfter,
            fingerprint_sha256: c.fingerprintSha256, certificate_pem: c.certificatePem, issued_at: c.issuedAt, revoked_at: c.revokedAt,
            crl_reason: c.crlReason, revocation_tracking_id: c.revocationTrackingId,
          })
          .onConflict((oc) => oc.column('serial_number').doNothing())
          .execute();
      }
      for (const r of rows.results) {
        await trx.insertInto('ca_results').values({ tracking_id: r.trackingId, acknowledged_at: r.acknowledgedAt }).onConflict((oc) => oc.column('tracking_id').doNothing()).execute();
      }
      for (const crl of rows.crls) {
        await trx
          .insertInto('ca_crls')
          .values({ crl_number: crl.crlNumber, this_update: crl.thisUpdate.toISOString(), next_update: crl.nextUpdate.toISOString(), der: crl.der })
          .onConflict((oc) => oc.column('crl_number').doNothing())
          .execute();
      }
    });
  }
}

function completeOrder(trx: Db, trackingId: string, resultJson: string, at: string): Promise<boolean> {
  return leavePending(trx, ['tracking_id', trackingId], { state: 'COMPLETED', result_json: resultJson, completed_at: at });
}

/** Moves an order out of PENDING; false when it was not pending any more (another process decided it). */
async function leavePending(
  db: Db,
  [column, value]: ['order_id' | 'tracking_id', string],
  set: { state: OrderState; completed_at: string; result_json?: string; cancel_reason?: string | null },
): Promise<boolean> {
  const result = await db.updateTable('ca_orders').set(set).where(column, '=', value).where('state', '=', 'PENDING').executeTakeFirst();
  return Number(result.numUpdatedRows) === 1;
}

async function insertCrlOrThrowStale(trx: Db, crl: NewCrl): Promise<void> {
  const latest = await trx.selectFrom('ca_crls').select((eb) => eb.fn.max('crl_number').as('n')).executeTakeFirst();
  const n = latest?.n === null || latest?.n === undefined ? null : Number(latest.n);
  if (n !== null && n >= crl.crlNumber) throw new StaleStateError(`CRL number ${crl.crlNumber} is already used`);
  await trx
    .insertInto('ca_crls')
    .values({ crl_number: crl.crlNumber, this_update: crl.thisUpdate.toISOString(), next_update: crl.nextUpdate.toISOString(), der: crl.der })
    .execute();
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
