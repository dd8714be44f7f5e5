import { createHash, webcrypto } from 'node:crypto';
import { Pkcs10CertificateRequest, Pkcs10CertificateRequestGenerator, SubjectAlternativeNameExtension } from '@peculiar/x509';
import { checkCsrFacts, contractDecider, parseCsr, parseFqdn, type CsrFacts } from '@pfw/domain';
import { submitCommand } from './support/fixtures';

type Alg = { name: string; hash?: string; namedCurve?: string; modulusLength?: number; publicExponent?: Uint8Array };

const RSA = (bits: number): Alg => ({ name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: bits });
const EC = (curve: string): Alg => ({ name: 'ECDSA', namedCurve: curve, hash: curve === 'P-384' ? 'SHA-384' : 'SHA-256' });

/** A real PKCS #10 request, generated and signed with WebCrypto. */
async function makeCsr(alg: Alg, cn: string | null, sans: string[] = []): Promise<string> {
  const keys = (await webcrypto.subtle.generateKey(alg as webcrypto.RsaHashedKeyGenParams, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const csr = await Pkcs10CertificateRequestGenerator.create(
    {
      name: cn ? `CN=${cn}, O=Ignored Org, C=JP` : 'O=Only Org, C=JP',
      keys,
      signingAlgorithm: alg.name === 'Ed25519' ? { name: 'Ed25519' } : alg,
      extensions: sans.length > 0 ? [new SubjectAlternativeNameExtension(sans.map((value) => ({ type: 'dns' as const, value })))] : [],
    },
    webcrypto as unknown as Parameters<typeof Pkcs10CertificateRequestGenerator.create>[1],
  );
  return csr.toString('pem');
}

async function facts(pem: string): Promise<CsrFacts> {
  const r = await parseCsr(pem);
  if (!r.ok) throw new Error(r.error.message);
  return r.value;
}

const fqdn = (s: string) => {
  const r = parseFqdn(s);
  if (!r.ok) throw r.error;
  return r.value;
};

describe('CSR parsing with @peculiar/x509 (self-signature, key, names)', () => {
  let rsa2048: string;
  let p256: string;
  beforeAll(async () => {
    rsa2048 = await makeCsr(RSA(2048), 'www.example.co.jp', ['www.example.co.jp', 'example.co.jp']);
    p256 = await makeCsr(EC('P-256'), 'www.example.co.jp');
  });

  it('parses an RSA 2048 request: digest, CN, SANs, key size', async () => {
    const f = await facts(rsa2048);
    expect(f.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(f.publicKeySha256).toMatch(/^[0-9a-f]{64}$/);
    expect(f.commonName).toBe('www.example.co.jp');
    expect(f.subjectAltNames).toEqual(['www.example.co.jp', 'example.co.jp']);
    expect(f).toMatchObject({ keyAlgorithm: 'RSA', keySize: 2048, namedCurve: null });
    expect(checkCsrFacts(f, fqdn('www.example.co.jp')).ok).toBe(true);
    expect(checkCsrFacts(f, fqdn('example.co.jp')).ok).toBe(true);
  });

  it('accepts ECDSA P-256 and P-384', async () => {
    const f256 = await facts(p256);
    expect(f256).toMatchObject({ keyAlgorithm: 'ECDSA', namedCurve: 'P-256', keySize: null });
    expect(checkCsrFacts(f256, fqdn('www.example.co.jp')).ok).toBe(true);
    const f384 = await facts(await makeCsr(EC('P-384'), null, ['www.example.co.jp']));
    expect(f384.namedCurve).toBe('P-384');
    expect(f384.commonName).toBeNull();
    expect(checkCsrFacts(f384, fqdn('www.example.co.jp')).ok).toBe(true);
  });

  it('refuses RSA below 2048 bits, P-521 and Ed25519 keys', async () => {
    const small = checkCsrFacts(await facts(await makeCsr(RSA(1024), 'www.example.co.jp')), fqdn('www.example.co.jp'));
    expect(!small.ok && small.error.message).toMatch(/1024 bits; at least 2048/);
    const p521 = checkCsrFacts(await facts(await makeCsr({ name: 'ECDSA', namedCurve: 'P-521', hash: 'SHA-512' }, 'www.example.co.jp')), fqdn('www.example.co.jp'));
    expect(!p521.ok && p521.error.message).toMatch(/P-521 is not allowed/);
    const ed = checkCsrFacts(await facts(await makeCsr({ name: 'Ed25519' }, 'www.example.co.jp')), fqdn('www.example.co.jp'));
    expect(!ed.ok && ed.error.message).toMatch(/Ed25519 is not allowed/);
  });

  it('refuses a request whose CN and SANs do not name the web server', async () => {
    const r = checkCsrFacts(await facts(p256), fqdn('shop.example.co.jp'), 'csrPem');
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.error.field).toBe('csrPem');
      expect(r.error.message).toMatch(/neither the CN nor a DNS subjectAltName of the request is shop\.example\.co\.jp \(found: www\.example\.co\.jp\)/);
    }
  });

  it('refuses a request altered after signing (the self-signature no longer verifies)', async () => {
    const der = Buffer.from(p256.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
    const at = der.indexOf(Buffer.from('www.example'));
    der[at] = 'v'.charCodeAt(0);
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----`;
    const r = await parseCsr(tampered);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error.message).toMatch(/self-signature does not verify/);
  });

  it('checks the self-signature of each accepted algorithm — Node crypto for ECDSA/RSA PKCS #1, WebCrypto for RSA-PSS', async () => {
    const tamper = (pem: string) => {
      const der = Buffer.from(pem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
      der[der.indexOf(Buffer.from('www.example'))] = 'v'.charCodeAt(0);
      return `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString('base64')}\n-----END CERTIFICATE REQUEST-----`;
    };
    const pss = await makeCsr({ name: 'RSA-PSS', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048, saltLength: 32 } as Alg, 'www.example.co.jp');
    const p384 = await makeCsr(EC('P-384'), 'www.example.co.jp');
    for (const pem of [rsa2048, p256, p384, pss]) {
      expect((await parseCsr(pem)).ok).toBe(true);
      const r = await parseCsr(tamper(pem));
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.message).toMatch(/self-signature does not verify/);
    }
  });

  it('answers the same facts as @peculiar/x509 reads from the request, for every kind of key', async () => {
    /** The facts as @peculiar/x509 alone reads them (what parseCsr answered before issue 9). */
    const reference = async (pem: string) => {
      const csr = new Pkcs10CertificateRequest(pem);
      const algorithm = csr.publicKey.algorithm as { name: string; modulusLength?: number; namedCurve?: string };
      const san = csr.getExtension('2.5.29.17');
      return {
        pem: csr.toString('pem'),
        sha256: createHash('sha256').update(Buffer.from(csr.rawData)).digest('hex'),
        publicKeySha256: createHash('sha256').update(Buffer.from(csr.publicKey.rawData)).digest('hex'),
        commonName: csr.subjectName.getField('CN')[0] ?? null,
        subjectAltNames: san instanceof SubjectAlternativeNameExtension ? san.names.items.filter((n) => n.type === 'dns').map((n) => n.value.toLowerCase()) : [],
        keyAlgorithmName: algorithm.name,
        keySize: algorithm.modulusLength ?? null,
        namedCurve: algorithm.namedCurve ?? null,
        verifies: await csr.verify(webcrypto as unknown as Parameters<Pkcs10CertificateRequest['verify']>[0]),
      };
    };
    const requests = [
      rsa2048,
      p256,
      await makeCsr(RSA(3072), 'WWW.Example.co.jp', ['WWW.Example.co.jp', 'shop.example.co.jp']),
      await makeCsr({ ...RSA(2048), hash: 'SHA-384' }, null, ['www.example.co.jp']),
      await makeCsr(EC('P-384'), 'www.example.co.jp', ['www.example.co.jp']),
      await makeCsr({ ...EC('P-521'), hash: 'SHA-512' }, '例え.jp'),
      await makeCsr({ name: 'RSA-PSS', hash: 'SHA-256', publicExponent: new Uint8Array([1, 0, 1]), modulusLength: 2048, saltLength: 32 } as Alg, 'www.example.co.jp'),
      await makeCsr({ name: 'Ed25519' }, 'www.example.co.jp'),
    ];
    for (const pem of requests) {
      const want = await reference(pem);
      const got = await facts(`\n${pem.replace(/\n/g, '\r\n')}\n`);
      expect(want.verifies).toBe(true);
      expect({ ...got, keyAlgorithm: undefined }).toEqual({
        pem: want.pem,
        sha256: want.sha256,
        publicKeySha256: want.publicKeySha256,
        commonName: want.commonName,
        subjectAltNames: want.subjectAltNames,
        keyAlgorithm: undefined,
        keyAlgorithmName: want.keyAlgorithmName,
        keySize: got.keyAlgorithm === 'RSA' ? want.keySize : null,
        namedCurve: got.keyAlgorithm === 'ECDSA' ? want.namedCurve : null,
      });
    }
  });

  it('refuses what is not a CSR', async () => {
    for (const bad of ['', 'hello', '-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----']) {
      const r = await parseCsr(bad);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.field).toBe('csrPem');
    }
  });

  it('Art. 4: a real parsed CSR goes into SubmitApplication, and its digest into the event', async () => {
    const f = await facts(rsa2048);
    const d = contractDecider().decide(submitCommand({ csr: f }), contractDecider().initialState);
    expect(d.ok).toBe(true);
    if (d.ok && d.events[0].type === 'ApplicationSubmitted') {
      expect(d.events[0].data.csr).toEqual({ sha256: f.sha256, publicKeySha256: f.publicKeySha256, pem: f.pem, keyAlgorithm: 'RSA', keySize: 2048, namedCurve: null });
    }
    const wrongHost = contractDecider().decide(submitCommand({ csr: f, webServerFqdn: 'other.example.co.jp' }), contractDecider().initialState);
    expect(!wrongHost.ok && wrongHost.error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'csrPem' });
  });
});
