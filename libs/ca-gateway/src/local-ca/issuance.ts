import { createPublicKey } from 'node:crypto';
import * as x509 from '@peculiar/x509';
import type { CaError, CertificateSubject } from '../port';
import type { CaMaterial } from './ca-material';
import { baselineMaxLifetimeDays, isValidServerFqdn, randomSerialNumber, toWholeSeconds } from './encoding';

const DAY_MS = 24 * 60 * 60 * 1000;
/** CA/Browser Forum organization-validated TLS policy: the subject carries the applicant's organization. */
const CABF_OV_POLICY_OID = '2.23.140.1.2.2';

/** An issuance request as stored with its order (JSON-safe: dates as ISO strings, null when invalid). */
export interface StoredIssuanceRequest {
  readonly orderId: string;
  readonly csrPem: string;
  readonly fqdn: string;
  readonly subject: CertificateSubject;
  readonly notBefore: string | null;
  readonly notAfter: string | null;
}

export type IssuanceDecision =
  | { readonly ok: true; readonly certificate: x509.X509Certificate; readonly serialNumber: string; readonly fqdn: string }
  | { readonly ok: false; readonly error: CaError };

export interface IssuancePolicy {
  /** Longest lifetime signed, in days; default: the Baseline Requirements' schedule on `now`'s date. */
  readonly maxLifetimeDays?: number;
  readonly now: Date;
  /** `<PUBLIC_BASE_URL>/ca/crl` and `<PUBLIC_BASE_URL>/ca/certificate`, named in every certificate. */
  readonly crlDistributionUrl: string;
  readonly caIssuersUrl: string;
}

/** Decides an issuance order: a certificate signed by `ca`, or the reason it is refused (a `Rejected` result). */
export async function decideIssuance(request: StoredIssuanceRequest, ca: CaMaterial, policy: IssuancePolicy): Promise<IssuanceDecision> {
  const reject = (code: string, message: string): IssuanceDecision => ({ ok: false, error: { code, message } });

  const fqdn = request.fqdn.trim().toLowerCase();
  if (!isValidServerFqdn(fqdn)) return reject('INVALID_FQDN', `not a valid server host name: ${JSON.stringify(request.fqdn)}`);

  const subjectProblem = checkSubject(request.subject);
  if (subjectProblem) return reject('INVALID_SUBJECT', subjectProblem);

  if (!request.notBefore || !request.notAfter) return reject('INVALID_VALIDITY', 'notBefore and notAfter must be valid instants');
  const validity = toWholeSeconds(new Date(request.notBefore), new Date(request.notAfter));
  const lifetimeMs = validity.notAfter.getTime() - validity.notBefore.getTime() + 1000;
  if (lifetimeMs <= 1000) return reject('INVALID_VALIDITY', 'notAfter must be after notBefore');
  const maxLifetimeDays = policy.maxLifetimeDays ?? baselineMaxLifetimeDays(policy.now);
  if (lifetimeMs > maxLifetimeDays * DAY_MS) {
    return reject('INVALID_VALIDITY', `lifetime exceeds ${maxLifetimeDays} days`);
  }

  let csr: x509.Pkcs10CertificateRequest;
  try {
    csr = new x509.Pkcs10CertificateRequest(request.csrPem);
  } catch (error) {
    return reject('INVALID_CSR', `the CSR cannot be parsed: ${(error as Error).message}`);
  }
  const key = describeSubscriberKey(csr.publicKey.rawData);
  if (!key.ok) return reject('UNSUPPORTED_KEY', key.message);
  let signatureValid: boolean;
  try {
    signatureValid = await csr.verify();
  } catch (error) {
    return reject('CSR_SIGNATURE_INVALID', `the CSR's signature cannot be checked: ${(error as Error).message}`);
  }
  if (!signatureValid) return reject('CSR_SIGNATURE_INVALID', "the CSR's self-signature does not verify");

  const serialNumber = randomSerialNumber();
  const usages = x509.KeyUsageFlags.digitalSignature | (key.rsa ? x509.KeyUsageFlags.keyEncipherment : 0);
  const certificate = await x509.X509CertificateGenerator.create({
    serialNumber,
    subject: subjectName(request.subject, fqdn),
    issuer: ca.certificate.subjectName,
    notBefore: validity.notBefore,
    notAfter: validity.notAfter,
    publicKey: csr.publicKey,
    signingKey: ca.privateKey,
    signingAlgorithm: ca.signingAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(usages, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth], false),
      new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: fqdn }], false),
      await x509.SubjectKeyIdentifierExtension.create(csr.publicKey),
      new x509.AuthorityKeyIdentifierExtension(ca.keyIdentifierHex),
      new x509.CertificatePolicyExtension([CABF_OV_POLICY_OID]),
      new x509.CRLDistributionPointsExtension([policy.crlDistributionUrl]),
      new x509.AuthorityInfoAccessExtension({ caIssuers: policy.caIssuersUrl }),
    ],
  });
  return { ok: true, certificate, serialNumber, fqdn };
}

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Upper bounds of RFC 5280 Appendix A (in characters). */
function checkSubject(subject: CertificateSubject): string | null {
  const fields: [string, string, number][] = [
    ['organization', subject.organization, 64],
    ['locality', subject.locality, 128],
    ['stateOrProvince', subject.stateOrProvince, 128],
  ];
  for (const [name, value, max] of fields) {
    if (value.trim() === '') return `subject ${name} is empty`;
    if ([...value].length > max) return `subject ${name} is longer than ${max} characters`;
    if (CONTROL.test(value)) return `subject ${name} contains control characters`;
  }
  if (subject.country !== 'JP') return `subject country must be JP, got ${JSON.stringify(subject.country)}`;
  return null;
}

/**
 * The subject DN: C, ST, L, O from the application and CN = FQDN (left out when longer than the 64
 * characters CN allows; the FQDN is in the SAN either way). C is a PrintableString as RFC 5280 requires,
 * the others UTF8String (Japanese organization names); values are passed as typed objects so no DN-string
 * escaping applies to them.
 */
function subjectName(subject: CertificateSubject, fqdn: string): x509.Name {
  const rdns: x509.JsonNameParams = [
    { C: [{ printableString: 'JP' }] },
    { ST: [{ utf8String: subject.stateOrProvince }] },
    { L: [{ utf8String: subject.locality }] },
    { O: [{ utf8String: subject.organization }] },
  ];
  if (fqdn.length <= 64) rdns.push({ CN: [{ utf8String: fqdn }] });
  return new x509.Name(rdns);
}

/** Subscriber keys the Baseline Requirements (§6.1.5) allow: RSA ≥ 2048 bits (multiple of 8), ECDSA P-256 or P-384. */
function describeSubscriberKey(spki: ArrayBuffer): { ok: true; rsa: boolean } | { ok: false; message: string } {
  let key;
  try {
    key = createPublicKey({ key: Buffer.from(spki), format: 'der', type: 'spki' });
  } catch (error) {
    return { ok: false, message: `the CSR's public key cannot be read: ${(error as Error).message}` };
  }
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'rsa') {
    const bits = details.modulusLength ?? 0;
    if (bits < 2048 || bits % 8 !== 0) return { ok: false, message: `RSA key of ${bits} bits (at least 2048, a multiple of 8)` };
    return { ok: true, rsa: true };
  }
  if (key.asymmetricKeyType === 'ec') {
    if (details.namedCurve === 'prime256v1' || details.namedCurve === 'secp384r1') return { ok: true, rsa: false };
    return { ok: false, message: `ECDSA curve ${String(details.namedCurve)} (P-256 or P-384)` };
  }
  return { ok: false, message: `key type ${String(key.asymmetricKeyType)} (RSA or ECDSA)` };
}
