import { createHash, createPublicKey, verify as verifySignature, webcrypto } from 'node:crypto';
import { Pkcs10CertificateRequest, SubjectAlternativeNameExtension } from '@peculiar/x509';
import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';
import type { Fqdn } from './fqdn';

export type KeyAlgorithm = 'RSA' | 'ECDSA' | 'OTHER';

/**
 * What the decider needs to know about a CSR. Parsing and signature checking are asynchronous (WebCrypto),
 * so a handler calls `parseCsr` first and hands these facts to the synchronous decider.
 */
export interface CsrFacts {
  /** The CSR, PEM, as received (it goes to the CA). */
  readonly pem: string;
  /** SHA-256 of the DER encoding, lowercase hex. */
  readonly sha256: string;
  /** SHA-256 of the DER SubjectPublicKeyInfo, lowercase hex (tells a re-key from a re-signed request). */
  readonly publicKeySha256: string;
  readonly commonName: string | null;
  /** dNSName entries of the subjectAltName extension request, lower-cased. */
  readonly subjectAltNames: readonly string[];
  readonly keyAlgorithm: KeyAlgorithm;
  /** The algorithm name as WebCrypto reports it (RSASSA-PKCS1-v1_5, RSA-PSS, ECDSA, Ed25519 …). */
  readonly keyAlgorithmName: string;
  /** RSA modulus length in bits. */
  readonly keySize: number | null;
  /** ECDSA named curve (P-256, P-384, …). */
  readonly namedCurve: string | null;
}

const RSA_NAMES = new Set(['RSASSA-PKCS1-v1_5', 'RSA-PSS', 'RSA-OAEP', 'RSAES-PKCS1-v1_5']);

/** Parses a PEM (or base64 DER) PKCS #10 request and verifies its self-signature. */
export async function parseCsr(pem: unknown, field = 'csrPem'): Promise<Result<CsrFacts, InvalidInput>> {
  if (typeof pem !== 'string' || pem.trim() === '') return fail(new InvalidInput(field, 'a certificate signing request (PEM) is required'));
  let csr: Pkcs10CertificateRequest;
  try {
    csr = new Pkcs10CertificateRequest(pem.trim());
  } catch {
    return fail(new InvalidInput(field, 'is not a PKCS #10 certificate signing request in PEM form'));
  }
  let algorithm: { name?: string; modulusLength?: number; namedCurve?: string };
  try {
    algorithm = csr.publicKey.algorithm as typeof algorithm;
  } catch {
    return fail(new InvalidInput(field, 'uses a public key algorithm that is not supported (use RSA ≥ 2048 bits or ECDSA P-256/P-384)'));
  }
  let valid = false;
  try {
    valid = verifySelfSignature(csr) ?? (await csr.verify(webcrypto as unknown as Parameters<Pkcs10CertificateRequest['verify']>[0]));
  } catch {
    valid = false;
  }
  if (!valid) return fail(new InvalidInput(field, 'the self-signature does not verify: the request was altered or not signed by its key'));

  const cn = csr.subjectName.getField('CN');
  const sanExt = csr.getExtension('2.5.29.17');
  const sans = sanExt instanceof SubjectAlternativeNameExtension ? sanExt.names.items.filter((n) => n.type === 'dns').map((n) => n.value.toLowerCase()) : [];
  const name = algorithm.name ?? 'unknown';
  const keyAlgorithm: KeyAlgorithm = RSA_NAMES.has(name) ? 'RSA' : name === 'ECDSA' ? 'ECDSA' : 'OTHER';
  return ok({
    pem: csr.toString('pem'),
    sha256: createHash('sha256').update(Buffer.from(csr.rawData)).digest('hex'),
    publicKeySha256: createHash('sha256').update(Buffer.from(csr.publicKey.rawData)).digest('hex'),
    commonName: cn.length > 0 ? cn[0] : null,
    subjectAltNames: sans,
    keyAlgorithm,
    keyAlgorithmName: name,
    keySize: keyAlgorithm === 'RSA' ? (algorithm.modulusLength ?? null) : null,
    namedCurve: keyAlgorithm === 'ECDSA' ? (algorithm.namedCurve ?? null) : null,
  });
}

const NODE_HASHES: Readonly<Record<string, string>> = { 'SHA-256': 'sha256', 'SHA-384': 'sha384', 'SHA-512': 'sha512' };

/**
 * The self-signature checked by Node's own (synchronous) crypto for the algorithms CAs accept — ECDSA and
 * RSASSA-PKCS1-v1_5 with SHA-2 — over the exact signed bytes: about a third of the WebCrypto path's time
 * (issue 9). Anything else (RSA-PSS, Ed25519 …) answers null and goes through WebCrypto as before.
 */
function verifySelfSignature(csr: Pkcs10CertificateRequest): boolean | null {
  const algorithm = csr.signatureAlgorithm as { name?: string; hash?: { name?: string } };
  const hash = NODE_HASHES[algorithm.hash?.name ?? ''];
  if (!hash || (algorithm.name !== 'ECDSA' && algorithm.name !== 'RSASSA-PKCS1-v1_5')) return null;
  const key = createPublicKey({ key: Buffer.from(csr.publicKey.rawData), format: 'der', type: 'spki' });
  // X.509 carries ECDSA signatures DER-encoded, which is Node's default dsaEncoding.
  return verifySignature(hash, signedPart(Buffer.from(csr.rawData)), key, Buffer.from(csr.signature));
}

/**
 * The DER bytes the signature covers: the first element (certificationRequestInfo) of the outer SEQUENCE,
 * exactly as received. @peculiar/x509 keeps them behind a private getter; the request already parsed, so the
 * two headers read here are well-formed.
 */
function signedPart(der: Buffer): Buffer {
  const header = (at: number): { start: number; end: number } => {
    const first = der[at + 1]!;
    if (first < 0x80) return { start: at + 2, end: at + 2 + first };
    const count = first & 0x7f;
    let length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + der[at + 2 + i]!;
    return { start: at + 2 + count, end: at + 2 + count + length };
  };
  const outer = header(0);
  const inner = header(outer.start);
  if (der[0] !== 0x30 || der[outer.start] !== 0x30 || inner.end > outer.end) throw new Error('not a DER SEQUENCE');
  return der.subarray(outer.start, inner.end);
}

export const ALLOWED_CURVES = ['P-256', 'P-384'] as const;
export const MIN_RSA_BITS = 2048;

/** The key check: RSA ≥ 2048 bits, or ECDSA on P-256/P-384, as the Baseline Requirements §6.1.5 allow. */
export function checkCsrKey(facts: CsrFacts, field = 'csrPem'): Result<CsrFacts, InvalidInput> {
  if (facts.keyAlgorithm === 'RSA') {
    if (facts.keySize === null || facts.keySize < MIN_RSA_BITS) {
      return fail(new InvalidInput(field, `the RSA key has ${facts.keySize ?? 'an unknown number of'} bits; at least ${MIN_RSA_BITS} are required`));
    }
  } else if (facts.keyAlgorithm === 'ECDSA') {
    if (!ALLOWED_CURVES.includes(facts.namedCurve as (typeof ALLOWED_CURVES)[number])) {
      return fail(new InvalidInput(field, `the ECDSA curve ${facts.namedCurve ?? 'unknown'} is not allowed; use P-256 or P-384`));
    }
  } else {
    return fail(new InvalidInput(field, `the key algorithm ${facts.keyAlgorithmName} is not allowed; use RSA (≥ ${MIN_RSA_BITS} bits) or ECDSA (P-256, P-384)`));
  }
  if (!/^[0-9a-f]{64}$/.test(facts.sha256) || !/^[0-9a-f]{64}$/.test(facts.publicKeySha256)) {
    return fail(new InvalidInput(field, 'the request digests are not SHA-256 hex strings'));
  }
  return ok(facts);
}

/** The host names a request asks for: its CN and DNS subjectAltNames, lower case, without trailing dots. */
export function csrHostNames(facts: CsrFacts): string[] {
  const names = [facts.commonName, ...facts.subjectAltNames].filter((n): n is string => !!n).map((n) => n.toLowerCase().replace(/\.$/, ''));
  return [...new Set(names)];
}

/**
 * All synchronous checks on parsed facts: an acceptable key and the web server's name as the CN or one of
 * the DNS SANs. Other subject attributes are ignored: the certificate's organization comes from the
 * application (API.md).
 */
export function checkCsrFacts(facts: CsrFacts, fqdn: Fqdn, field = 'csrPem'): Result<CsrFacts, InvalidInput> {
  const key = checkCsrKey(facts, field);
  if (!key.ok) return key;
  const names = csrHostNames(facts);
  if (!names.includes(fqdn)) {
    return fail(new InvalidInput(field, `neither the CN nor a DNS subjectAltName of the request is ${fqdn} (found: ${names.join(', ') || 'none'})`));
  }
  return ok(facts);
}
