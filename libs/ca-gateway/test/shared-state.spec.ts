import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as x509 from '@peculiar/x509';
import { LocalCertificateAuthority, normalizeSerialNumber, type IssuanceRequest } from '@pfw/ca-gateway';
import { caSystems, makeCsr, makeTempDir, openssl, PUBLIC_BASE_URL, removeDir, resultFor, SUBJECT, type CaSystems } from './helpers';

const DAY = 24 * 60 * 60 * 1000;

function issuanceRequest(orderId: string, csrPem: string, fqdn: string): IssuanceRequest {
  const notBefore = new Date();
  return { orderId, csrPem, fqdn, subject: SUBJECT, notBefore, notAfter: new Date(notBefore.getTime() + 90 * DAY - 1000) };
}

/** The serials a CRL lists, as `openssl x509 -serial` prints them. */
const serialsOf = (crlDer: Buffer) => new x509.X509Crl(crlDer).entries.map((e) => normalizeSerialNumber(e.serialNumber));

/** The layout an earlier version kept under `<DATA_DIR>/ca/` (one host): key and certificate files and `ca.sqlite`. */
function writeLegacyCa(directory: string, issued: { serialNumber: string; fqdn: string } | null): string {
  fs.mkdirSync(directory, { recursive: true });
  const key = path.join(directory, 'ca.key.pem');
  const cert = path.join(directory, 'ca.cert.pem');
  expect(openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', key]).status).toBe(0);
  expect(
    openssl([
      'req', '-x509', '-new', '-key', key, '-subj', '/CN=Earlier Local CA/C=JP', '-days', '30', '-sha256',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', cert,
    ]).status,
  ).toBe(0);
  const db = new Database(path.join(directory, 'ca.sqlite'));
  db.exec(`
    CREATE TABLE ca_orders (seq INTEGER PRIMARY KEY AUTOINCREMENT, tracking_id TEXT NOT NULL UNIQUE, order_id TEXT NOT NULL UNIQUE,
      kind TEXT NOT NULL, request_digest TEXT NOT NULL, request_json TEXT NOT NULL, state TEXT NOT NULL, result_json TEXT,
      submitted_at TEXT NOT NULL, completed_at TEXT, cancel_reason TEXT);
    CREATE TABLE ca_certificates (serial_number TEXT PRIMARY KEY, tracking_id TEXT NOT NULL UNIQUE, order_id TEXT NOT NULL, fqdn TEXT NOT NULL,
      not_before TEXT NOT NULL, not_after TEXT NOT NULL, fingerprint_sha256 TEXT NOT NULL, certificate_pem TEXT NOT NULL, issued_at TEXT NOT NULL,
      revoked_at TEXT, crl_reason INTEGER, revocation_tracking_id TEXT);
    CREATE TABLE ca_results (seq INTEGER PRIMARY KEY AUTOINCREMENT, tracking_id TEXT NOT NULL UNIQUE, acknowledged_at TEXT);
    CREATE TABLE ca_crls (crl_number INTEGER PRIMARY KEY, this_update TEXT NOT NULL, next_update TEXT NOT NULL, der BLOB NOT NULL);
  `);
  if (issued) {
    const at = '2026-11-01T00:00:00.000Z';
    db.prepare(`INSERT INTO ca_orders (tracking_id, order_id, kind, request_digest, request_json, state, result_json, submitted_at, completed_at)
      VALUES ('lca-old', 'order-old', 'ISSUANCE', 'd', '{}', 'COMPLETED', '{"kind":"Issued"}', ?, ?)`).run(at, at);
    db.prepare(`INSERT INTO ca_certificates (serial_number, tracking_id, order_id, fqdn, not_before, not_after, fingerprint_sha256, certificate_pem,
      issued_at, revoked_at, crl_reason, revocation_tracking_id) VALUES (?, 'lca-old', 'order-old', ?, ?, ?, 'f', 'PEM', ?, ?, 1, 'lca-old-revoke')`).run(
      issued.serialNumber, issued.fqdn, at, '2027-01-01T00:00:00.000Z', at, '2026-11-02T00:00:00.000Z',
    );
    db.prepare(`INSERT INTO ca_results (tracking_id, acknowledged_at) VALUES ('lca-old', ?)`).run(at);
    db.prepare(`INSERT INTO ca_crls (crl_number, this_update, next_update, der) VALUES (4, ?, ?, ?)`).run(at, '2026-11-08T00:00:00.000Z', Buffer.from([0x30, 0x00]));
  }
  db.close();
  return fs.readFileSync(cert, 'utf8');
}

describe('the local CA in the shared database: every process is the same CA', () => {
  let dir: string;
  let systems: CaSystems;
  const opened: LocalCertificateAuthority[] = [];
  const open = async (extra: { processOrders?: boolean; legacyDirectory?: string } = {}) => {
    const ca = await LocalCertificateAuthority.open({ ...systems, publicBaseUrl: PUBLIC_BASE_URL, ...extra });
    opened.push(ca);
    return ca;
  };

  beforeEach(async () => {
    dir = makeTempDir();
    systems = await caSystems(dir);
  });
  afterEach(async () => {
    for (const ca of opened.splice(0)) await ca.close();
    await systems.db.destroy();
    removeDir(dir);
  });

  it('an api and a worker on one database: one CA certificate; the order the api took is decided by the worker; the api serves the CRL the worker signed', async () => {
    const [worker, api] = await Promise.all([open(), open({ processOrders: false })]);
    expect(api.caCertificatePem()).toBe(worker.caCertificatePem());
    expect(await api.currentCrlDer()).toEqual(await worker.currentCrlDer());

    const { trackingId } = await api.submitIssuance(issuanceRequest('order-1', await makeCsr('p256', 'www.example.jp'), 'www.example.jp'));
    const issued = await resultFor(api, trackingId);
    if (issued.kind !== 'Issued') throw new Error(JSON.stringify(issued));
    expect(await new x509.X509Certificate(issued.certificatePem).verify({ publicKey: new x509.X509Certificate(api.caCertificatePem()) })).toBe(true);

    const revocation = await api.submitRevocation({ orderId: 'revoke-1', serialNumber: issued.serialNumber, crlReason: 1 });
    expect((await resultFor(api, revocation.trackingId)).kind).toBe('Revoked');
    const crl = await api.currentCrlDer();
    expect(crl).toEqual(await worker.currentCrlDer());
    expect(serialsOf(crl)).toEqual([issued.serialNumber]);
    expect(await new x509.X509Crl(crl).verify({ publicKey: new x509.X509Certificate(api.caCertificatePem()) })).toBe(true);
  });

  it('two workers deciding the same orders: each order is issued once, each revocation listed once under one CRL number each', async () => {
    const [a, b] = await Promise.all([open(), open()]);
    const csr = await makeCsr('p256', 'race.example.jp');
    const accepted = await Promise.all([1, 2, 3, 4].map((i) => (i % 2 ? a : b).submitIssuance(issuanceRequest(`order-${i}`, csr, 'race.example.jp'))));
    const results = await Promise.all(accepted.map((x) => resultFor(a, x.trackingId)));
    expect(results.map((r) => r.kind)).toEqual(['Issued', 'Issued', 'Issued', 'Issued']);
    const certificates = await a.certificates();
    expect(certificates.map((c) => c.orderId).sort()).toEqual(['order-1', 'order-2', 'order-3', 'order-4']);
    const serials = results.map((r) => (r.kind === 'Issued' ? r.serialNumber : ''));
    expect(certificates.map((c) => c.serialNumber).sort()).toEqual([...serials].sort());

    const revoked = await Promise.all(serials.map((serialNumber, i) => (i % 2 ? a : b).submitRevocation({ orderId: `revoke-${i}`, serialNumber, crlReason: 4 })));
    expect((await Promise.all(revoked.map((x) => resultFor(b, x.trackingId)))).map((r) => r.kind)).toEqual(['Revoked', 'Revoked', 'Revoked', 'Revoked']);
    expect(serialsOf(await b.currentCrlDer()).sort()).toEqual([...serials].sort());
    const numbers = await systems.db.selectFrom('ca_crls' as never).select('crl_number' as never).execute();
    expect(numbers).toHaveLength(5); // the first CRL, then one per revocation
  });

  it('a single host upgraded: the CA of its DATA_DIR/ca moves into the database once (key sealed, certificates, CRL numbers), and the directory goes', async () => {
    const legacyDirectory = path.join(dir, 'ca');
    const certificatePem = writeLegacyCa(legacyDirectory, { serialNumber: '0A1B2C', fqdn: 'old.example.jp' });
    const ca = await open({ legacyDirectory });
    expect(new x509.X509Certificate(ca.caCertificatePem()).equal(new x509.X509Certificate(certificatePem))).toBe(true);
    expect(fs.existsSync(legacyDirectory)).toBe(false);
    expect((await ca.certificates()).map((c) => [c.serialNumber, c.fqdn, c.crlReason])).toEqual([['0A1B2C', 'old.example.jp', 1]]);
    // The CRL numbering goes on from the earlier version's, and the earlier revocation stays listed.
    const { trackingId } = await ca.submitIssuance(issuanceRequest('order-new', await makeCsr('p256', 'new.example.jp'), 'new.example.jp'));
    const issued = await resultFor(ca, trackingId);
    if (issued.kind !== 'Issued') throw new Error(JSON.stringify(issued));
    const revocation = await ca.submitRevocation({ orderId: 'revoke-new', serialNumber: issued.serialNumber, crlReason: 0 });
    expect((await resultFor(ca, revocation.trackingId)).kind).toBe('Revoked');
    const crlFile = path.join(dir, 'crl.der');
    fs.writeFileSync(crlFile, await ca.currentCrlDer());
    expect(/X509v3 CRL Number:\s*\n\s*(\d+)/.exec(openssl(['crl', '-inform', 'DER', '-in', crlFile, '-text', '-noout']).stdout)?.[1]).toBe('6');
    expect(serialsOf(await ca.currentCrlDer()).sort()).toEqual(['0A1B2C', issued.serialNumber].sort());

    // A second process (another DATA_DIR) opens the same CA from the database.
    expect((await open({ processOrders: false })).caCertificatePem()).toBe(ca.caCertificatePem());
  });

  it("an upgraded api replica's own CA, which issued nothing, is dropped; one that issued certificates stops the start", async () => {
    const first = await open();
    const replica = path.join(dir, 'replica-ca');
    writeLegacyCa(replica, null);
    expect((await open({ legacyDirectory: replica })).caCertificatePem()).toBe(first.caCertificatePem());
    expect(fs.existsSync(replica)).toBe(false);

    const issuer = path.join(dir, 'issuer-ca');
    writeLegacyCa(issuer, { serialNumber: '0D0E0F', fqdn: 'elsewhere.example.jp' });
    await expect(open({ legacyDirectory: issuer })).rejects.toThrow(/issued 1 certificate\(s\), but the database holds another CA/);
    expect(fs.existsSync(issuer)).toBe(true);
  });
});
