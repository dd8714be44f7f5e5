import * as fs from 'node:fs';
import * as path from 'node:path';
import { LocalCertificateAuthority } from '@pfw/ca-gateway';
import { openDatabase, makeCsr, makeTempDir, openssl, PUBLIC_BASE_URL, removeDir, resultFor, SUBJECT } from './helpers';
import type { ReadModelDb } from '@pfw/read-models';

const DAY = 24 * 60 * 60 * 1000;

/** A CA made with openssl, as an operator would bring an existing one. */
function opensslCa(dir: string, keyArgs: string[], name: string): { key: string; cert: string } {
  const key = path.join(dir, `${name}.key`);
  const cert = path.join(dir, `${name}.crt`);
  expect(openssl([...keyArgs, '-out', key]).status).toBe(0);
  const req = openssl([
    'req', '-x509', '-new', '-key', key, '-subj', `/CN=${name}/O=Example Existing CA/C=JP`, '-days', '30', '-sha256',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign', '-out', cert,
  ]);
  expect(req.status).toBe(0);
  return { key, cert };
}

describe('LocalCertificateAuthority with a CA loaded from configured paths', () => {
  let dir: string;
  let db: ReadModelDb;
  beforeEach(async () => {
    dir = makeTempDir();
    db = await openDatabase(dir);
  });
  afterEach(async () => {
    await db.destroy();
    removeDir(dir);
  });

  it.each([
    ['an RSA-2048 PKCS#8 key', ['genpkey', '-algorithm', 'RSA', '-pkeyopt', 'rsa_keygen_bits:2048'], 'sha256WithRSAEncryption'],
    ['an ECDSA P-256 SEC1 key', ['ecparam', '-name', 'prime256v1', '-genkey', '-noout'], 'ecdsa-with-SHA256'],
  ])('issues and revokes with %s, verified by openssl', async (_label, keyArgs, signatureAlgorithm) => {
    const existing = opensslCa(dir, keyArgs, 'Existing CA');
    const ca = await LocalCertificateAuthority.open({
      db,
      publicBaseUrl: `${PUBLIC_BASE_URL}/`,
      caKeyPath: existing.key,
      caCertificatePath: existing.cert,
    });
    try {
      // A configured CA's key stays in its file: the database holds only the CA's state.
      expect(await db.selectFrom('ca_authority' as never).selectAll().execute()).toEqual([]);
      expect(ca.caCertificatePem().trim()).toBe(fs.readFileSync(existing.cert, 'utf8').trim());
      const notBefore = new Date();
      const { trackingId } = await ca.submitIssuance({
        orderId: 'o1',
        csrPem: await makeCsr('rsa2048', 'www.example.jp'),
        fqdn: 'WWW.Example.JP',
        subject: SUBJECT,
        notBefore,
        notAfter: new Date(notBefore.getTime() + 30 * DAY),
      });
      const issued = await resultFor(ca, trackingId);
      if (issued.kind !== 'Issued') throw new Error(JSON.stringify(issued));
      const certFile = path.join(dir, 'cert.pem');
      fs.writeFileSync(certFile, issued.certificatePem);
      expect(openssl(['verify', '-CAfile', existing.cert, certFile]).output.trim()).toBe(`${certFile}: OK`);
      const text = openssl(['x509', '-in', certFile, '-noout', '-text']).stdout;
      expect(text).toContain(`Signature Algorithm: ${signatureAlgorithm}`);
      expect(text).toContain('DNS:www.example.jp');
      // A trailing slash on PUBLIC_BASE_URL does not double up.
      expect(text).toContain('URI:https://pfw.example.jp/ca/crl\n');

      const revocation = await ca.submitRevocation({ orderId: 'r1', serialNumber: issued.serialNumber, crlReason: 9 });
      expect((await resultFor(ca, revocation.trackingId)).kind).toBe('Revoked');
      const crlDer = path.join(dir, 'crl.der');
      const crlPem = path.join(dir, 'crl.pem');
      fs.writeFileSync(crlDer, await ca.currentCrlDer());
      expect(openssl(['crl', '-inform', 'DER', '-in', crlDer, '-out', crlPem]).status).toBe(0);
      expect(openssl(['crl', '-in', crlPem, '-CAfile', existing.cert, '-noout']).output).toContain('verify OK');
      expect(openssl(['crl', '-in', crlPem, '-noout', '-text']).stdout).toContain('Privilege Withdrawn');
      const refused = openssl(['verify', '-crl_check', '-CAfile', existing.cert, '-CRLfile', crlPem, certFile]);
      expect(refused.output).toContain('certificate revoked');
    } finally {
      await ca.close();
    }
  });

  it('refuses a certificate that does not belong to the key, or only one of the two paths', async () => {
    const a = opensslCa(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout'], 'A');
    const b = opensslCa(dir, ['ecparam', '-name', 'prime256v1', '-genkey', '-noout'], 'B');
    const base = { db, publicBaseUrl: PUBLIC_BASE_URL };
    await expect(LocalCertificateAuthority.open({ ...base, caKeyPath: a.key, caCertificatePath: b.cert })).rejects.toThrow(
      /does not belong to the key/,
    );
    await expect(LocalCertificateAuthority.open({ ...base, caKeyPath: a.key })).rejects.toThrow(/both/);
    await expect(
      LocalCertificateAuthority.open({ ...base, caKeyPath: path.join(dir, 'missing.key'), caCertificatePath: a.cert }),
    ).rejects.toThrow(/does not exist/);
    await expect(LocalCertificateAuthority.open({ ...base, publicBaseUrl: 'pfw.example.jp' })).rejects.toThrow(/PUBLIC_BASE_URL/);
  });
});
