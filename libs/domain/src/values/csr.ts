import { createHash, createPublicKey, verify as verifySignature, webcrypto, type KeyObject } from 'node:crypto';
import { CertificationRequest } from '@peculiar/asn1-csr';
import { AsnConvert } from '@peculiar/asn1-schema';
import { Extensions, id_ce_subjectAltName, Name, SubjectAlternativeName } from '@peculiar/asn1-x509';
import { PemConverter, PemData, Pkcs10CertificateRequest } from '@peculiar/x509';
import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';
import type { Fqdn } from './fqdn';

export type KeyAlgorithm = 'RSA' | 'ECDSA' | 'OTHER';

/**
 * What the decider needs to know about a CSR. Parsing and signature checking may be asynchronous (WebCrypto
 * for the rarer algorithms), so a handler calls `parseCsr` first and hands these facts to the synchronous decider.
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

/** Node's key types as the WebCrypto algorithm names the facts have always carried. */
const KEY_NAMES: Readonly<Record<string, string>> = {
  rsa: 'RSASSA-PKCS1-v1_5', 'rsa-pss': 'RSA-PSS', ec: 'ECDSA', ed25519: 'Ed25519', ed448: 'Ed448', x25519: 'X25519', x448: 'X448', dsa: 'DSA',
};
const CURVE_NAMES: Readonly<Record<string, string>> = { prime256v1: 'P-256', secp384r1: 'P-384', secp521r1: 'P-521', secp256k1: 'K-256' };
/** Signature algorithms checked with Node's synchronous crypto (OID → digest); X.509 carries ECDSA signatures DER-encoded, Node's default. */
const NODE_SIGNATURES: Readonly<Record<string, string>> = {
  '1.2.840.10045.4.1': 'sha1', '1.2.840.10045.4.3.2': 'sha256', '1.2.840.10045.4.3.3': 'sha384', '1.2.840.10045.4.3.4': 'sha512',
  '1.2.840.113549.1.1.5': 'sha1', '1.2.840.113549.1.1.11': 'sha256', '1.2.840.113549.1.1.12': 'sha384', '1.2.840.113549.1.1.13': 'sha512',
};
const EXTENSION_REQUEST = '1.2.840.113549.1.9.14';
const COMMON_NAME = '2.5.4.3';

/**
 * Parses a PEM (or base64/hex DER) PKCS #10 request and verifies its self-signature.
 *
 * One ASN.1 parse with @peculiar/asn1-csr (the schema @peculiar/x509 itself parses with), the key's facts and
 * the signature from Node's own crypto, synchronously, for the algorithms CAs accept (ECDSA, RSASSA-PKCS1-v1_5);
 * anything else (RSA-PSS, Ed25519 …) is verified through @peculiar/x509 and WebCrypto. @peculiar/x509 alone
 * took ~2.7 ms per P-256 request here, parsing the request several times over; the facts are the same
 * (libs/domain/test/csr.spec.ts compares them with @peculiar/x509's for every kind of key).
 */
export async function parseCsr(pem: unknown, field = 'csrPem'): Promise<Result<CsrFacts, InvalidInput>> {
  if (typeof pem !== 'string' || pem.trim() === '') return fail(new InvalidInput(field, 'a certificate signing request (PEM) is required'));
  let der: Buffer;
  let request: CertificationRequest;
  try {
    der = Buffer.from(PemData.toArrayBuffer(pem.trim()));
    request = AsnConvert.parse(der, CertificationRequest);
  } catch {
    return fail(new InvalidInput(field, 'is not a PKCS #10 certificate signing request in PEM form'));
  }
  const info = request.certificationRequestInfo;
  let spki: Buffer;
  let key: KeyObject;
  try {
    spki = Buffer.from(AsnConvert.serialize(info.subjectPKInfo));
    key = createPublicKey({ key: spki, format: 'der', type: 'spki' });
  } catch {
    return fail(new InvalidInput(field, 'uses a public key algorithm that is not supported (use RSA ≥ 2048 bits or ECDSA P-256/P-384)'));
  }
  let valid = false;
  try {
    const digest = NODE_SIGNATURES[request.signatureAlgorithm.algorithm];
    valid = digest
      ? verifySignature(digest, signedBytes(request), key, Buffer.from(request.signature))
      : await new Pkcs10CertificateRequest(der).verify(webcrypto as unknown as Parameters<Pkcs10CertificateRequest['verify']>[0]);
  } catch {
    valid = false;
  }
  if (!valid) return fail(new InvalidInput(field, 'the self-signature does not verify: the request was altered or not signed by its key'));

  const type = key.asymmetricKeyType ?? 'unknown';
  const details = key.asymmetricKeyDetails ?? {};
  const name = KEY_NAMES[type] ?? type;
  const keyAlgorithm: KeyAlgorithm = type === 'rsa' || type === 'rsa-pss' ? 'RSA' : type === 'ec' ? 'ECDSA' : 'OTHER';
  return ok({
    pem: PemConverter.encode(der, 'CERTIFICATE REQUEST'),
    sha256: createHash('sha256').update(der).digest('hex'),
    publicKeySha256: createHash('sha256').update(spki).digest('hex'),
    commonName: commonName(info.subject),
    subjectAltNames: dnsNames(info.attributes),
    keyAlgorithm,
    keyAlgorithmName: name,
    keySize: keyAlgorithm === 'RSA' ? (details.modulusLength ?? null) : null,
    namedCurve: keyAlgorithm === 'ECDSA' && details.namedCurve ? (CURVE_NAMES[details.namedCurve] ?? details.namedCurve) : null,
  });
}

/** What the signature covers: certificationRequestInfo exactly as received (asn1-schema keeps it; a re-encoding could differ). */
function signedBytes(request: CertificationRequest): Buffer {
  if (!request.certificationRequestInfoRaw) throw new Error('the parsed request kept no certificationRequestInfo bytes');
  return Buffer.from(request.certificationRequestInfoRaw);
}

function commonName(subject: Name): string | null {
  for (const rdn of subject) for (const atv of rdn) if (atv.type === COMMON_NAME) return atv.value.toString();
  return null;
}

/** The dNSName entries of the first subjectAltName in the request's extensionRequest attributes, lower-cased. */
function dnsNames(attributes: readonly { type: string; values: ArrayBuffer[] }[]): string[] {
  for (const attribute of attributes) {
    if (attribute.type !== EXTENSION_REQUEST) continue;
    for (const value of attribute.values) {
      for (const extension of AsnConvert.parse(value, Extensions)) {
        if (extension.extnID !== id_ce_subjectAltName) continue;
        const names = AsnConvert.parse(extension.extnValue, SubjectAlternativeName);
        return names.filter((n) => n.dNSName !== undefined).map((n) => n.dNSName!.toLowerCase());
      }
    }
  }
  return [];
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
