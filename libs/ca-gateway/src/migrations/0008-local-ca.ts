import { Kysely } from 'kysely';
import { columnType, dialectOf } from '@pfw/sql';

/**
 * The built-in local CA's state (`src/local-ca/ca-store.ts`), in the database every process shares, so every
 * api serves the same CA certificate and the same CRL whichever worker issued or revoked:
 *
 * - `ca_authority`: the CA's certificate and its private key (PKCS#8), sealed (AES-256-GCM) under a data key of
 *   the key store (`personal_data_keys`, id `ca:<name>`), itself wrapped by the master key;
 * - `ca_orders`: every order taken, idempotent on our order id; `ca_results`: the answers not yet taken in;
 * - `ca_certificates`: what it issued, with revocations; `ca_crls`: every CRL it signed, by CRL number.
 */
export const localCaTables = {
  async up(db: Kysely<any>): Promise<void> {
    const postgres = dialectOf(db) === 'postgres';
    const binary = postgres ? 'bytea' : 'blob';
    const serial = (c: any) => (postgres ? c.primaryKey() : c.primaryKey().autoIncrement());
    await db.schema
      .createTable('ca_authority')
      .addColumn('name', columnType.text, (c) => c.primaryKey())
      .addColumn('certificate_pem', columnType.text, (c) => c.notNull())
      .addColumn('sealed_key', binary, (c) => c.notNull())
      .addColumn('created_at', columnType.timestamp, (c) => c.notNull())
      .execute();
    await db.schema
      .createTable('ca_orders')
      .addColumn('seq', postgres ? 'bigserial' : 'integer', serial)
      .addColumn('tracking_id', columnType.text, (c) => c.notNull().unique())
      .addColumn('order_id', columnType.text, (c) => c.notNull().unique())
      .addColumn('kind', columnType.text, (c) => c.notNull())
      .addColumn('request_digest', columnType.text, (c) => c.notNull())
      .addColumn('request_json', columnType.text, (c) => c.notNull())
      .addColumn('state', columnType.text, (c) => c.notNull())
      .addColumn('result_json', columnType.text)
      .addColumn('submitted_at', columnType.timestamp, (c) => c.notNull())
      .addColumn('completed_at', columnType.timestamp)
      .addColumn('cancel_reason', columnType.text)
      .execute();
    await db.schema.createIndex('ca_orders_by_state').on('ca_orders').columns(['state', 'seq']).execute();
    await db.schema
      .createTable('ca_certificates')
      .addColumn('serial_number', columnType.text, (c) => c.primaryKey())
      .addColumn('tracking_id', columnType.text, (c) => c.notNull().unique().references('ca_orders.tracking_id'))
      .addColumn('order_id', columnType.text, (c) => c.notNull())
      .addColumn('fqdn', columnType.text, (c) => c.notNull())
      .addColumn('not_before', columnType.timestamp, (c) => c.notNull())
      .addColumn('not_after', columnType.timestamp, (c) => c.notNull())
      .addColumn('fingerprint_sha256', columnType.text, (c) => c.notNull())
      .addColumn('certificate_pem', columnType.text, (c) => c.notNull())
      .addColumn('issued_at', columnType.timestamp, (c) => c.notNull())
      .addColumn('revoked_at', columnType.timestamp)
      .addColumn('crl_reason', columnType.integer)
      .addColumn('revocation_tracking_id', columnType.text)
      .execute();
    await db.schema
      .createTable('ca_results')
      .addColumn('seq', postgres ? 'bigserial' : 'integer', serial)
      .addColumn('tracking_id', columnType.text, (c) => c.notNull().unique().references('ca_orders.tracking_id'))
      .addColumn('acknowledged_at', columnType.timestamp)
      .execute();
    await db.schema.createIndex('ca_results_unacknowledged').on('ca_results').columns(['acknowledged_at', 'seq']).execute();
    await db.schema
      .createTable('ca_crls')
      .addColumn('crl_number', columnType.integer, (c) => c.primaryKey())
      .addColumn('this_update', columnType.timestamp, (c) => c.notNull())
      .addColumn('next_update', columnType.timestamp, (c) => c.notNull())
      .addColumn('der', binary, (c) => c.notNull())
      .execute();
  },
  async down(db: Kysely<any>): Promise<void> {
    for (const table of ['ca_crls', 'ca_results', 'ca_certificates', 'ca_orders', 'ca_authority']) await db.schema.dropTable(table).ifExists().execute();
  },
};
