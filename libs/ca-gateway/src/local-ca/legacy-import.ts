import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CaOrderKind, CrlReasonCode } from '../port';
import type { ExistingCa } from './ca-material';
import type { CaStore, CertificateRow, OrderState } from './ca-store';

/** What a single host's earlier version kept under `<DATA_DIR>/ca/`: the key, the certificate and `ca.sqlite`. */
const KEY_FILE = 'ca.key.pem';
const CERTIFICATE_FILE = 'ca.cert.pem';
const STATE_FILE = 'ca.sqlite';

export interface LegacyCa {
  readonly directory: string;
  readonly ca: ExistingCa;
  /** Certificates the earlier version issued (a CA that issued none can be dropped without loss). */
  readonly issued: number;
}

/** The CA an earlier version kept in `directory`, or null when there is none. */
export function findLegacyCa(directory: string): LegacyCa | null {
  const keyFile = path.join(directory, KEY_FILE);
  const certificateFile = path.join(directory, CERTIFICATE_FILE);
  if (!fs.existsSync(keyFile) || !fs.existsSync(certificateFile)) return null;
  return {
    directory,
    ca: { keyPem: fs.readFileSync(keyFile, 'utf8'), certificatePem: fs.readFileSync(certificateFile, 'utf8') },
    issued: withState(directory, (db) => (db.prepare('SELECT count(*) AS n FROM ca_certificates').get() as { n: number }).n) ?? 0,
  };
}

/** Copies the orders, certificates, results and CRLs of the earlier version's `ca.sqlite` into the store. */
export async function importLegacyState(legacy: LegacyCa, store: CaStore): Promise<void> {
  const rows = withState(legacy.directory, (db) => ({
    orders: (
      db
        .prepare(
          `SELECT tracking_id, order_id, kind, request_digest, request_json, state, result_json, submitted_at, completed_at, cancel_reason
           FROM ca_orders ORDER BY seq`,
        )
        .all() as Record<string, string | null>[]
    ).map((r) => ({
      trackingId: r.tracking_id!, orderId: r.order_id!, kind: r.kind as CaOrderKind, requestDigest: r.request_digest!, requestJson: r.request_json!,
      state: r.state as OrderState, resultJson: r.result_json, submittedAt: r.submitted_at!, completedAt: r.completed_at, cancelReason: r.cancel_reason,
    })),
    certificates: (db.prepare('SELECT * FROM ca_certificates ORDER BY issued_at, serial_number').all() as Record<string, string | number | null>[]).map(
      (r): CertificateRow => ({
        serialNumber: String(r.serial_number), trackingId: String(r.tracking_id), orderId: String(r.order_id), fqdn: String(r.fqdn),
        notBefore: String(r.not_before), notAfter: String(r.not_after), fingerprintSha256: String(r.fingerprint_sha256),
        certificatePem: String(r.certificate_pem), issuedAt: String(r.issued_at), revokedAt: r.revoked_at === null ? null : String(r.revoked_at),
        crlReason: r.crl_reason === null ? null : (Number(r.crl_reason) as CrlReasonCode),
        revocationTrackingId: r.revocation_tracking_id === null ? null : String(r.revocation_tracking_id),
      }),
    ),
    results: (db.prepare('SELECT tracking_id, acknowledged_at FROM ca_results ORDER BY seq').all() as { tracking_id: string; acknowledged_at: string | null }[]).map(
      (r) => ({ trackingId: r.tracking_id, acknowledgedAt: r.acknowledged_at }),
    ),
    crls: (db.prepare('SELECT crl_number, this_update, next_update, der FROM ca_crls ORDER BY crl_number').all() as { crl_number: number; this_update: string; next_update: string; der: Buffer }[]).map(
      (r) => ({ crlNumber: r.crl_number, thisUpdate: new Date(r.this_update), nextUpdate: new Date(r.next_update), der: r.der }),
    ),
  }));
  if (rows) await store.importRows(rows);
}

/** Removes the earlier version's directory (its key is now sealed in the database, or was never used). */
export function removeLegacyCa(legacy: LegacyCa): void {
  fs.rmSync(legacy.directory, { recursive: true, force: true });
}

function withState<T>(directory: string, read: (db: Database.Database) => T): T | null {
  const file = path.join(directory, STATE_FILE);
  if (!fs.existsSync(file)) return null;
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}
