import * as fs from 'node:fs';
import * as path from 'node:path';
import * as x509 from '@peculiar/x509';
import {
  CaOrderConflictError,
  CertificateIssuedResult,
  CertificateRevokedResult,
  IssuanceRejectedResult,
  IssuanceRequest,
  LocalCaOptions,
  LocalCertificateAuthority,
  RevocationRejectedResult,
} from '@pfw/ca-gateway';
import {
  caSystems,
  type CaSystems,
  crlNumberOf,
  drainFeed,
  makeCsr,
  makeTempDir,
  openssl,
  PUBLIC_BASE_URL,
  removeDir,
  resultFor,
  SUBJECT,
  tamperCsr,
} from './helpers';

const DAY = 24 * 60 * 60 * 1000;

function issuanceRequest(orderId: string, csrPem: string, fqdn: string, lifetimeDays = 90): IssuanceRequest {
  const notBefore = new Date();
  return {
    orderId,
    csrPem,
    fqdn,
    subject: SUBJECT,
    notBefore,
    notAfter: new Date(notBefore.getTime() + lifetimeDays * DAY - 1000),
  };
}

async function issue(ca: LocalCertificateAuthority, request: IssuanceRequest): Promise<CertificateIssuedResult> {
  const { trackingId } = await ca.submitIssuance(request);
  const result = await resultFor(ca, trackingId);
  if (result.kind !== 'Issued') throw new Error(`expected Issued, got ${JSON.stringify(result)}`);
  return result;
}

async function revoke(ca: LocalCertificateAuthority, orderId: string, serialNumber: string, crlReason: 0 | 1 | 3 | 4 | 5 | 9) {
  const { trackingId } = await ca.submitRevocation({ orderId, serialNumber, crlReason, note: 'test' });
  return resultFor(ca, trackingId);
}

/** Writes the CA certificate, a certificate and (optionally) the current CRL as PEM files for openssl. */
async function writeForOpenssl(dir: string, ca: LocalCertificateAuthority, certificatePem: string, name: string) {
  const caFile = path.join(dir, 'ca.pem');
  const certFile = path.join(dir, `${name}.pem`);
  const crlDerFile = path.join(dir, `${name}.crl.der`);
  const crlPemFile = path.join(dir, `${name}.crl.pem`);
  fs.writeFileSync(caFile, ca.caCertificatePem());
  fs.writeFileSync(certFile, certificatePem);
  fs.writeFileSync(crlDerFile, await ca.currentCrlDer());
  const converted = openssl(['crl', '-inform', 'DER', '-in', crlDerFile, '-out', crlPemFile]);
  expect(converted.status).toBe(0);
  return { caFile, certFile, crlDerFile, crlPemFile };
}

describe('LocalCertificateAuthority', () => {
  let dir: string;
  let work: string;
  let ca: LocalCertificateAuthority;
  let systems: CaSystems;
  const shared = () => ({ db: systems.db, keys: systems.keys });

  beforeAll(async () => {
    expect(openssl(['version']).status).toBe(0);
  });

  beforeEach(async () => {
    dir = makeTempDir();
    work = makeTempDir();
    systems = await caSystems(dir);
    ca = await LocalCertificateAuthority.open({ ...shared(), publicBaseUrl: PUBLIC_BASE_URL });
  });

  afterEach(async () => {
    await ca.close();
    await systems.db.destroy();
    removeDir(dir);
    removeDir(work);
  });

  describe('issuance, checked with openssl', () => {
    it('signs an RSA-2048 CSR into a server certificate that `openssl verify` accepts, as the application asked', async () => {
      const request = issuanceRequest('order-rsa', await makeCsr('rsa2048', 'www.example.co.jp'), 'www.example.co.jp');
      const issued = await issue(ca, request);
      const { caFile, certFile } = await writeForOpenssl(work, ca, issued.certificatePem, 'rsa');

      const verify = openssl(['verify', '-purpose', 'sslserver', '-CAfile', caFile, certFile]);
      expect(verify.output.trim()).toBe(`${certFile}: OK`);
      expect(verify.status).toBe(0);

      // Serial: 128 bits, uppercase hex exactly as `openssl x509 -serial` prints it.
      expect(openssl(['x509', '-in', certFile, '-serial', '-noout']).stdout.trim()).toBe(`serial=${issued.serialNumber}`);
      expect(issued.serialNumber).toMatch(/^[89A-F][0-9A-F]{31}$/);

      // Lifetime: whole seconds of what was asked, never longer.
      const dates = openssl(['x509', '-in', certFile, '-noout', '-startdate', '-enddate']).stdout;
      const notBefore = new Date(/notBefore=(.*)/.exec(dates)![1]!);
      const notAfter = new Date(/notAfter=(.*)/.exec(dates)![1]!);
      expect(notBefore.getTime()).toBe(Math.floor(request.notBefore.getTime() / 1000) * 1000);
      expect(notAfter.getTime()).toBe(Math.floor(request.notAfter.getTime() / 1000) * 1000);
      expect(notAfter.getTime() - notBefore.getTime() + 1000).toBe(90 * DAY);
      expect(issued.notBefore).toEqual(notBefore);
      expect(issued.notAfter).toEqual(notAfter);

      const text = openssl(['x509', '-in', certFile, '-noout', '-text', '-nameopt', 'multiline,utf8,-esc_msb']).stdout;
      // The FQDN is the only SAN; the subject comes from the application, not from the CSR.
      expect(text).toMatch(/X509v3 Subject Alternative Name:\s*\n\s*DNS:www\.example\.co\.jp\s*\n/);
      expect(text).toMatch(/Subject:\s*\n\s*countryName\s+= JP\s*\n\s*stateOrProvinceName\s+= 東京都\s*\n\s*localityName\s+= 渋谷区\s*\n\s*organizationName\s+= セコム株式会社 "Test" & Co\.\s*\n\s*commonName\s+= www\.example\.co\.jp\s*\n/);
      expect(text).not.toContain('Whatever The Customer Typed');
      // Profile of a TLS server certificate.
      expect(text).toMatch(/X509v3 Basic Constraints: critical\s*\n\s*CA:FALSE/);
      expect(text).toMatch(/X509v3 Key Usage: critical\s*\n\s*Digital Signature, Key Encipherment\s*\n/);
      expect(text).toMatch(/X509v3 Extended Key Usage:\s*\n\s*TLS Web Server Authentication\s*\n/);
      expect(text).toMatch(/X509v3 Subject Key Identifier:/);
      expect(text).toMatch(/X509v3 CRL Distribution Points:\s*\n\s*Full Name:\s*\n\s*URI:https:\/\/pfw\.example\.jp\/ca\/crl\s*\n/);
      expect(text).toMatch(/Authority Information Access:\s*\n\s*CA Issuers - URI:https:\/\/pfw\.example\.jp\/ca\/certificate\s*\n/);
      const caSki = /X509v3 Subject Key Identifier:\s*\n\s*([0-9A-F:]+)/.exec(
        openssl(['x509', '-in', caFile, '-noout', '-text']).stdout,
      )![1];
      expect(text).toMatch(new RegExp(`X509v3 Authority Key Identifier:\\s*\\n\\s*(keyid:)?${caSki}\\s*\\n`));

      // Fingerprint, issuer and subject as the result reports them.
      const fingerprint = openssl(['x509', '-in', certFile, '-noout', '-fingerprint', '-sha256']).stdout;
      expect(issued.fingerprintSha256).toBe(/=(.*)/.exec(fingerprint)![1]!.trim().replace(/:/g, '').toLowerCase());
      expect(issued.issuer).toBe(new x509.X509Certificate(ca.caCertificatePem()).subject);
      expect(issued.subject).toContain('CN=www.example.co.jp');
      expect(issued.chainPem).toEqual([]);
      expect(issued.orderId).toBe('order-rsa');
    });

    it('signs an ECDSA P-256 CSR (digitalSignature only, no keyEncipherment)', async () => {
      const issued = await issue(ca, issuanceRequest('order-ec', await makeCsr('p256', 'shop.example.jp'), 'shop.example.jp'));
      const { caFile, certFile } = await writeForOpenssl(work, ca, issued.certificatePem, 'ec');
      const verify = openssl(['verify', '-purpose', 'sslserver', '-CAfile', caFile, certFile]);
      expect(verify.output.trim()).toBe(`${certFile}: OK`);
      const text = openssl(['x509', '-in', certFile, '-noout', '-text']).stdout;
      expect(text).toMatch(/Public Key Algorithm: id-ecPublicKey/);
      expect(text).toMatch(/X509v3 Key Usage: critical\s*\n\s*Digital Signature\s*\n/);
      expect(text).toMatch(/DNS:shop\.example\.jp/);
    });

    it('gives each certificate its own random serial', async () => {
      const csr = await makeCsr('p256', 'a.example.jp');
      const first = await issue(ca, issuanceRequest('order-a', csr, 'a.example.jp'));
      const second = await issue(ca, issuanceRequest('order-b', csr, 'a.example.jp'));
      expect(first.serialNumber).not.toBe(second.serialNumber);
      expect((await ca.certificates()).map((c) => c.serialNumber).sort()).toEqual([first.serialNumber, second.serialNumber].sort());
    });
  });

  describe('revocation, checked with openssl', () => {
    it('lists a revoked serial with its reason in a new CRL, and `openssl verify -crl_check` then refuses the certificate', async () => {
      const issued = await issue(ca, issuanceRequest('order-1', await makeCsr('rsa2048', 'www.example.co.jp'), 'www.example.co.jp'));
      const before = await writeForOpenssl(work, ca, issued.certificatePem, 'before');
      const numberBefore = crlNumberOf(await ca.currentCrlDer(), work);
      const okBefore = openssl(['verify', '-crl_check', '-CAfile', before.caFile, '-CRLfile', before.crlPemFile, before.certFile]);
      expect(okBefore.output.trim()).toBe(`${before.certFile}: OK`);

      const revoked = await revoke(ca, 'revoke-1', issued.serialNumber, 1);
      expect(revoked).toMatchObject({ kind: 'Revoked', serialNumber: issued.serialNumber, crlReason: 1, orderId: 'revoke-1' });

      const after = await writeForOpenssl(work, ca, issued.certificatePem, 'after');
      const crlText = openssl(['crl', '-inform', 'DER', '-in', after.crlDerFile, '-text', '-noout']).stdout;
      expect(crlText).toMatch(
        new RegExp(`Serial Number: ${issued.serialNumber}\\s*\\n\\s*Revocation Date: .*\\n\\s*CRL entry extensions:\\s*\\n\\s*X509v3 CRL Reason Code:\\s*\\n\\s*Key Compromise`),
      );
      expect(crlText).toMatch(/X509v3 Authority Key Identifier:/);
      expect(crlText).toMatch(/Next Update: /);
      expect(crlNumberOf(await ca.currentCrlDer(), work)).toBe(numberBefore + 1);
      // The CRL is signed by the CA.
      const crlVerify = openssl(['crl', '-in', after.crlPemFile, '-CAfile', after.caFile, '-noout']);
      expect(crlVerify.output).toContain('verify OK');

      const refused = openssl(['verify', '-crl_check', '-CAfile', after.caFile, '-CRLfile', after.crlPemFile, after.certFile]);
      expect(refused.status).not.toBe(0);
      expect(refused.output).toContain('certificate revoked');

      const revocationDate = /Revocation Date: (.*)/.exec(crlText)![1]!;
      expect(new Date(revocationDate)).toEqual((revoked as CertificateRevokedResult).revokedAt);
      expect((await ca.certificates())[0]).toMatchObject({ serialNumber: issued.serialNumber, crlReason: 1 });
    });

    it('writes the reason names of privilegeWithdrawn, superseded, cessationOfOperation, affiliationChanged, and no reason code for unspecified', async () => {
      const csr = await makeCsr('p256', 'r.example.jp');
      const expected: [0 | 3 | 4 | 5 | 9, string | null][] = [
        [9, 'Privilege Withdrawn'],
        [4, 'Superseded'],
        [5, 'Cessation Of Operation'],
        [3, 'Affiliation Changed'],
        [0, null],
      ];
      const serials: string[] = [];
      for (const [reason] of expected) {
        const issued = await issue(ca, issuanceRequest(`order-${reason}`, csr, 'r.example.jp'));
        serials.push(issued.serialNumber);
        expect(await revoke(ca, `revoke-${reason}`, issued.serialNumber, reason)).toMatchObject({ kind: 'Revoked', crlReason: reason });
      }
      const crlFile = path.join(work, 'crl.der');
      fs.writeFileSync(crlFile, await ca.currentCrlDer());
      const crlText = openssl(['crl', '-inform', 'DER', '-in', crlFile, '-text', '-noout']).stdout;
      const entries = crlText.split('Serial Number: ').slice(1);
      expected.forEach(([, name], i) => {
        const entry = entries.find((e) => e.startsWith(serials[i]!));
        expect(entry).toBeDefined();
        if (name) expect(entry).toContain(name);
        else expect(entry).not.toContain('CRL Reason Code');
      });
    });

    it('accepts a serial written with colons or lowercase', async () => {
      const issued = await issue(ca, issuanceRequest('order-1', await makeCsr('p256', 'c.example.jp'), 'c.example.jp'));
      const written = issued.serialNumber.toLowerCase().match(/../g)!.join(':');
      const result = await revoke(ca, 'revoke-1', written, 4);
      expect(result).toMatchObject({ kind: 'Revoked', serialNumber: issued.serialNumber });
    });
  });

  describe('idempotency on our order id', () => {
    it('answers the same order twice with the same tracking id and issues one certificate', async () => {
      const request = issuanceRequest('order-same', await makeCsr('p256', 'same.example.jp'), 'same.example.jp');
      const [first, second] = await Promise.all([ca.submitIssuance(request), ca.submitIssuance(request)]);
      expect(second.trackingId).toBe(first.trackingId);
      const result = await resultFor(ca, first.trackingId);
      const third = await ca.submitIssuance(request); // after the result, e.g. a saga retry after a crash
      expect(third).toEqual(first);
      await ca.processPendingOrders();

      expect((await ca.certificates())).toHaveLength(1);
      expect((await ca.certificates())[0]!.serialNumber).toBe((result as CertificateIssuedResult).serialNumber);
      const feed = await drainFeed(ca);
      expect(feed.map((r) => r.trackingId)).toEqual([first.trackingId]);
    });

    it('refuses the same order id with a different request', async () => {
      const request = issuanceRequest('order-x', await makeCsr('p256', 'x.example.jp'), 'x.example.jp');
      await ca.submitIssuance(request);
      await expect(ca.submitIssuance({ ...request, fqdn: 'y.example.jp' })).rejects.toBeInstanceOf(CaOrderConflictError);
      await expect(ca.submitRevocation({ orderId: 'order-x', serialNumber: '01', crlReason: 0 })).rejects.toBeInstanceOf(
        CaOrderConflictError,
      );
    });

    it('revokes once for the same revocation order; another order for a revoked serial is rejected', async () => {
      const issued = await issue(ca, issuanceRequest('order-1', await makeCsr('p256', 'z.example.jp'), 'z.example.jp'));
      const request = { orderId: 'revoke-1', serialNumber: issued.serialNumber, crlReason: 1 as const };
      const first = await ca.submitRevocation(request);
      const second = await ca.submitRevocation(request);
      expect(second.trackingId).toBe(first.trackingId);
      const revoked = await resultFor(ca, first.trackingId);
      const crlNumber = crlNumberOf(await ca.currentCrlDer(), work);
      expect((await ca.submitRevocation(request)).trackingId).toBe(first.trackingId);
      await ca.processPendingOrders();
      expect(crlNumberOf(await ca.currentCrlDer(), work)).toBe(crlNumber);
      expect((await ca.pollStatus([first.trackingId]))[0]).toMatchObject({ state: 'COMPLETED', result: revoked });

      const again = await ca.submitRevocation({ ...request, orderId: 'revoke-2' });
      const rejected = (await resultFor(ca, again.trackingId)) as RevocationRejectedResult;
      expect(rejected.kind).toBe('RevocationRejected');
      expect(rejected.error.code).toBe('ALREADY_REVOKED');
    });
  });

  describe('asynchronous answers', () => {
    it('answers the submission first and the result later; pollStatus tells pending, completed and unknown', async () => {
      await ca.close();
      ca = await LocalCertificateAuthority.open({ ...shared(), publicBaseUrl: PUBLIC_BASE_URL, processOrders: false });
      const { trackingId } = await ca.submitIssuance(issuanceRequest('order-p', await makeCsr('p256', 'p.example.jp'), 'p.example.jp'));
      expect(await ca.pollStatus([trackingId, 'lca-unknown'])).toEqual([
        { trackingId, orderId: 'order-p', kind: 'ISSUANCE', state: 'PENDING' },
        { trackingId: 'lca-unknown', state: 'UNKNOWN' },
      ]);
      expect(await drainFeed(ca)).toEqual([]);

      expect(await ca.processPendingOrders()).toBe(1);
      const [status] = await ca.pollStatus([trackingId]);
      expect(status).toMatchObject({ state: 'COMPLETED', result: { kind: 'Issued', trackingId, orderId: 'order-p' } });
    });

    it('keeps a result in the feed until it is acknowledged', async () => {
      const a = await issue(ca, issuanceRequest('order-a', await makeCsr('p256', 'a.example.jp'), 'a.example.jp'));
      const b = await issue(ca, issuanceRequest('order-b', await makeCsr('p256', 'b.example.jp'), 'b.example.jp'));
      expect((await drainFeed(ca)).map((r) => r.orderId)).toEqual(['order-a', 'order-b']);
      expect((await drainFeed(ca)).map((r) => r.orderId)).toEqual(['order-a', 'order-b']);
      await ca.acknowledge(a.trackingId);
      await ca.acknowledge(a.trackingId); // twice is harmless
      expect((await drainFeed(ca)).map((r) => r.trackingId)).toEqual([b.trackingId]);
    });

    it('ends a results() iteration when the CA closes', async () => {
      const iteration = (async () => {
        const seen = [];
        for await (const result of ca.results()) seen.push(result);
        return seen;
      })();
      await new Promise((resolve) => setTimeout(resolve, 50));
      await ca.close();
      await expect(iteration).resolves.toEqual([]);
    });
  });

  describe('refusals arrive as results', () => {
    async function rejection(request: IssuanceRequest) {
      const { trackingId } = await ca.submitIssuance(request);
      const result = await resultFor(ca, trackingId);
      expect(result.kind).toBe('Rejected');
      return (result as IssuanceRejectedResult).error.code;
    }

    it('rejects a CSR whose self-signature does not verify', async () => {
      const csr = tamperCsr(await makeCsr('rsa2048', 'www.example.co.jp'));
      expect(await rejection(issuanceRequest('o', csr, 'www.example.co.jp'))).toBe('CSR_SIGNATURE_INVALID');
      expect((await ca.certificates())).toEqual([]);
    });

    it('rejects keys the Baseline Requirements do not allow (RSA-1024, P-521) and unreadable CSRs', async () => {
      expect(await rejection(issuanceRequest('o1', await makeCsr('rsa1024', 'k.example.jp'), 'k.example.jp'))).toBe('UNSUPPORTED_KEY');
      expect(await rejection(issuanceRequest('o2', await makeCsr('p521', 'k.example.jp'), 'k.example.jp'))).toBe('UNSUPPORTED_KEY');
      expect(await rejection(issuanceRequest('o3', 'not a CSR', 'k.example.jp'))).toBe('INVALID_CSR');
    });

    it('rejects a bad FQDN, subject or validity', async () => {
      const csr = await makeCsr('p256', 'v.example.jp');
      expect(await rejection(issuanceRequest('o1', csr, '*.example.jp'))).toBe('INVALID_FQDN');
      expect(await rejection(issuanceRequest('o2', csr, '192.0.2.1'))).toBe('INVALID_FQDN');
      expect(await rejection(issuanceRequest('o3', csr, 'localhost'))).toBe('INVALID_FQDN');
      const base = issuanceRequest('o4', csr, 'v.example.jp');
      expect(await rejection({ ...base, subject: { ...SUBJECT, organization: 'x'.repeat(65) } })).toBe('INVALID_SUBJECT');
      expect(await rejection({ ...base, orderId: 'o5', subject: { ...SUBJECT, country: 'US' as 'JP' } })).toBe('INVALID_SUBJECT');
      expect(await rejection({ ...base, orderId: 'o6', notAfter: base.notBefore })).toBe('INVALID_VALIDITY');
      expect(await rejection({ ...base, orderId: 'o7', notAfter: new Date(Number.NaN) })).toBe('INVALID_VALIDITY');
      expect(await rejection(issuanceRequest('o8', csr, 'v.example.jp', 399))).toBe('INVALID_VALIDITY');
      expect((await ca.certificates())).toEqual([]);
    });

    it('rejects revoking an unknown serial or with a reason the BRs do not allow', async () => {
      const unknown = await ca.submitRevocation({ orderId: 'r1', serialNumber: 'ABCDEF', crlReason: 1 });
      expect(await resultFor(ca, unknown.trackingId)).toMatchObject({ kind: 'RevocationRejected', error: { code: 'UNKNOWN_SERIAL' } });
      const issued = await issue(ca, issuanceRequest('o1', await makeCsr('p256', 'q.example.jp'), 'q.example.jp'));
      const bad = await ca.submitRevocation({ orderId: 'r2', serialNumber: issued.serialNumber, crlReason: 2 as 1 });
      expect(await resultFor(ca, bad.trackingId)).toMatchObject({ kind: 'RevocationRejected', error: { code: 'INVALID_CRL_REASON' } });
      expect((await ca.certificates())[0]!.revokedAt).toBeNull();
    });
  });

  describe('lifetime cap', () => {
    it('follows the Baseline Requirements schedule on the CA clock by default, or a configured cap', async () => {
      const csr = await makeCsr('p256', 'l.example.jp');
      const at = (iso: string) => ({ now: () => new Date(iso) });
      const open = async (extra: Partial<LocalCaOptions>) => {
        await ca.close();
        ca = await LocalCertificateAuthority.open({ ...shared(), publicBaseUrl: PUBLIC_BASE_URL, ...extra });
      };
      const attempt = async (orderId: string, notBefore: string, lifetimeDays: number) => {
        const nb = new Date(notBefore);
        const { trackingId } = await ca.submitIssuance({
          orderId,
          csrPem: csr,
          fqdn: 'l.example.jp',
          subject: SUBJECT,
          notBefore: nb,
          notAfter: new Date(nb.getTime() + lifetimeDays * DAY - 1000),
        });
        return (await resultFor(ca, trackingId)).kind;
      };
      await open(at('2026-03-14T12:00:00Z'));
      expect(await attempt('a', '2026-03-14T12:00:00Z', 398)).toBe('Issued');
      await open(at('2026-03-15T12:00:00Z'));
      expect(await attempt('b', '2026-03-15T12:00:00Z', 201)).toBe('Rejected');
      expect(await attempt('c', '2026-03-15T12:00:00Z', 200)).toBe('Issued');
      await open(at('2029-03-15T00:00:00Z'));
      expect(await attempt('d', '2029-03-15T00:00:00Z', 48)).toBe('Rejected');
      expect(await attempt('e', '2029-03-15T00:00:00Z', 47)).toBe('Issued');
      await open({ ...at('2029-03-15T00:00:00Z'), maxLifetimeDays: 10 });
      expect(await attempt('f', '2029-03-15T00:00:00Z', 11)).toBe('Rejected');
    });
  });

  describe('cancellation', () => {
    it('cancels a pending order so it is never issued; too late once decided', async () => {
      await ca.close();
      ca = await LocalCertificateAuthority.open({ ...shared(), publicBaseUrl: PUBLIC_BASE_URL, processOrders: false });
      const csr = await makeCsr('p256', 'n.example.jp');
      const request = issuanceRequest('order-c', csr, 'n.example.jp');
      const pending = await ca.submitIssuance(request);
      expect(await ca.cancelOrder({ orderId: 'order-c', reason: 'unpaid before issuance' })).toEqual({
        orderId: 'order-c',
        trackingId: pending.trackingId,
        outcome: 'CANCELLED',
      });
      expect((await ca.cancelOrder({ orderId: 'order-c' })).outcome).toBe('CANCELLED');
      expect(await ca.processPendingOrders()).toBe(0);
      expect((await ca.certificates())).toEqual([]);
      expect((await ca.pollStatus([pending.trackingId]))[0]).toMatchObject({ state: 'CANCELLED' });
      // Submitting the cancelled order again does not revive it.
      expect((await ca.submitIssuance(request)).trackingId).toBe(pending.trackingId);
      expect(await ca.processPendingOrders()).toBe(0);

      const decided = await ca.submitIssuance(issuanceRequest('order-d', csr, 'n.example.jp'));
      await ca.processPendingOrders();
      expect(await ca.cancelOrder({ orderId: 'order-d' })).toEqual({
        orderId: 'order-d',
        trackingId: decided.trackingId,
        outcome: 'ALREADY_COMPLETED',
      });
      expect(await ca.cancelOrder({ orderId: 'never-sent' })).toEqual({ orderId: 'never-sent', trackingId: null, outcome: 'NOT_FOUND' });
    });
  });

  describe('restart on the same database', () => {
    it('keeps the CA key and certificate, issued and revoked serials, and a CRL number that keeps growing', async () => {
      // The key is in the database, sealed: no key file anywhere, no PKCS#8 in the clear.
      const stored = await systems.db.selectFrom('ca_authority' as never).selectAll().executeTakeFirstOrThrow() as { name: string; sealed_key: Buffer; certificate_pem: string };
      expect(stored.name).toBe('local');
      expect(Buffer.from(stored.sealed_key).includes(Buffer.from('PRIVATE KEY'))).toBe(false);
      expect([...systems.keys.keys.keys()]).toEqual(['ca:local']);
      expect(fs.readdirSync(dir).filter((f) => !f.startsWith('read-models.sqlite'))).toEqual([]);
      const keyBefore = Buffer.from(stored.sealed_key);
      const caPemBefore = ca.caCertificatePem();
      expect(stored.certificate_pem).toBe(caPemBefore);

      const csr = await makeCsr('rsa2048', 'www.example.co.jp');
      const first = await issue(ca, issuanceRequest('order-1', csr, 'www.example.co.jp'));
      const second = await issue(ca, issuanceRequest('order-2', csr, 'www.example.co.jp'));
      await revoke(ca, 'revoke-1', first.serialNumber, 1);
      const crlNumberBefore = crlNumberOf(await ca.currentCrlDer(), work);
      await ca.acknowledge(first.trackingId);
      await ca.close();

      ca = await LocalCertificateAuthority.open({ ...shared(), publicBaseUrl: PUBLIC_BASE_URL });
      const reread = await systems.db.selectFrom('ca_authority' as never).selectAll().executeTakeFirstOrThrow() as { sealed_key: Buffer };
      expect(Buffer.from(reread.sealed_key)).toEqual(keyBefore);
      expect(ca.caCertificatePem()).toBe(caPemBefore);
      expect((await ca.certificates()).map((c) => [c.serialNumber, c.crlReason])).toEqual([
        [first.serialNumber, 1],
        [second.serialNumber, null],
      ]);
      expect(crlNumberOf(await ca.currentCrlDer(), work)).toBe(crlNumberBefore);
      // Results not acknowledged before the restart are delivered again; acknowledged ones are not.
      expect((await drainFeed(ca)).map((r) => r.orderId)).toEqual(['order-2', 'revoke-1']);

      // The first CA's certificates still verify against the reloaded CA; a new revocation after the
      // restart gets the next CRL number and the CRL keeps the earlier revocation.
      const revoked = await revoke(ca, 'revoke-2', second.serialNumber, 5);
      expect(revoked.kind).toBe('Revoked');
      const crlDer = await ca.currentCrlDer();
      expect(crlNumberOf(crlDer, work)).toBe(crlNumberBefore + 1);
      const files = await writeForOpenssl(work, ca, first.certificatePem, 'first');
      const crlText = openssl(['crl', '-in', files.crlPemFile, '-text', '-noout']).stdout;
      expect(crlText).toContain(first.serialNumber);
      expect(crlText).toContain(second.serialNumber);
      expect(openssl(['verify', '-CAfile', files.caFile, files.certFile]).output.trim()).toBe(`${files.certFile}: OK`);
      expect(openssl(['verify', '-crl_check', '-CAfile', files.caFile, '-CRLfile', files.crlPemFile, files.certFile]).output).toContain(
        'certificate revoked',
      );
    });

    it('decides after a restart the orders a previous run left pending', async () => {
      await ca.close();
      const taker = await LocalCertificateAuthority.open({ ...shared(), publicBaseUrl: PUBLIC_BASE_URL, processOrders: false });
      const { trackingId } = await taker.submitIssuance(issuanceRequest('order-late', await makeCsr('p256', 'late.example.jp'), 'late.example.jp'));
      await taker.close();

      ca = await LocalCertificateAuthority.open({ ...shared(), publicBaseUrl: PUBLIC_BASE_URL });
      expect(await resultFor(ca, trackingId)).toMatchObject({ kind: 'Issued', orderId: 'order-late' });
    });
  });

  describe('CRL timing on the CA clock', () => {
    it('dates revocations and CRLs by the CA clock and signs a fresh CRL once the current one is old', async () => {
      await ca.close();
      await systems.db.destroy();
      systems = await caSystems(path.join(dir, 'clock'));
      let now = new Date('2026-12-01T09:30:15.250Z');
      ca = await LocalCertificateAuthority.open({
        ...shared(),
        publicBaseUrl: PUBLIC_BASE_URL,
        now: () => now,
        crlRefreshMs: DAY,
        crlValidityMs: 7 * DAY,
      });
      const first = new x509.X509Crl(await ca.currentCrlDer());
      expect(first.thisUpdate).toEqual(new Date('2026-12-01T09:30:15Z'));
      expect(first.nextUpdate).toEqual(new Date('2026-12-08T09:30:15Z'));
      expect(await first.verify({ publicKey: new x509.X509Certificate(ca.caCertificatePem()) })).toBe(true);

      const issued = await issue(ca, {
        orderId: 'o',
        csrPem: await makeCsr('p256', 't.example.jp'),
        fqdn: 't.example.jp',
        subject: SUBJECT,
        notBefore: now,
        notAfter: new Date(now.getTime() + 30 * DAY),
      });
      now = new Date('2026-12-01T10:00:00.900Z');
      const revoked = (await revoke(ca, 'r', issued.serialNumber, 1)) as CertificateRevokedResult;
      expect(revoked.revokedAt).toEqual(new Date('2026-12-01T10:00:00Z'));
      const second = new x509.X509Crl(await ca.currentCrlDer());
      expect(second.thisUpdate).toEqual(new Date('2026-12-01T10:00:00Z'));
      expect(second.findRevoked(issued.serialNumber)?.reason).toBe(x509.X509CrlReason.keyCompromise);

      now = new Date('2026-12-01T20:00:00Z');
      expect(await ca.currentCrlDer()).toEqual(Buffer.from(second.rawData)); // still fresh
      now = new Date('2026-12-02T10:00:01Z');
      const third = new x509.X509Crl(await ca.currentCrlDer());
      expect(third.thisUpdate).toEqual(new Date('2026-12-02T10:00:01Z'));
      expect(third.findRevoked(issued.serialNumber)).not.toBeNull();
      expect(crlNumberOf(Buffer.from(third.rawData), work)).toBe(crlNumberOf(Buffer.from(second.rawData), work) + 1);
    });
  });
});
