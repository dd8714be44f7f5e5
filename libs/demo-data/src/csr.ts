import { webcrypto } from 'node:crypto';
import { Pkcs10CertificateRequestGenerator, SubjectAlternativeNameExtension } from '@peculiar/x509';

/** A real PKCS #10 request for `fqdn` (a fresh ECDSA P-256 key; CN and SAN), as a customer's server makes it. */
export async function makeCsrPem(fqdn: string): Promise<string> {
  const alg = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = (await webcrypto.subtle.generateKey(alg, true, ['sign', 'verify'])) as webcrypto.CryptoKeyPair;
  const csr = await Pkcs10CertificateRequestGenerator.create(
    {
      name: `CN=${fqdn}, C=JP`,
      keys,
      signingAlgorithm: alg,
      extensions: [new SubjectAlternativeNameExtension([{ type: 'dns', value: fqdn }])],
    },
    webcrypto as unknown as Parameters<typeof Pkcs10CertificateRequestGenerator.create>[1],
  );
  return csr.toString('pem');
}
