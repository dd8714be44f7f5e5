import { createPrivateKey, createPublicKey, KeyObject, randomBytes, webcrypto } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as x509 from '@peculiar/x509';
import { randomSerialNumber } from './encoding';

/**
 * The local CA's key and self-signed certificate: created on first start, loaded afterwards.
 *
 * Key choice for a generated CA: ECDSA P-256 with SHA-256. It is allowed by the Baseline Requirements
 * (§6.1.5), verified by every current TLS stack and by OpenSSL, generated in milliseconds (tests and
 * demos create many CAs; RSA-2048 generation takes noticeably longer), and gives small certificates and
 * CRLs. The CA's key type is independent of the subscriber's: it signs RSA and ECDSA CSRs alike. A CA
 * loaded from configured files may be ECDSA (P-256, P-384) or RSA (2048 or more).
 */

export type CaSigningAlgorithm =
  | { readonly name: 'ECDSA'; readonly hash: 'SHA-256' | 'SHA-384' }
  | { readonly name: 'RSASSA-PKCS1-v1_5'; readonly hash: 'SHA-256' };

export interface CaMaterial {
  readonly certificate: x509.X509Certificate;
  readonly certificatePem: string;
  /** Non-extractable signing key. */
  readonly privateKey: webcrypto.CryptoKey;
  readonly signingAlgorithm: CaSigningAlgorithm;
  /** The CA certificate's subjectKeyIdentifier (hex): every authorityKeyIdentifier we write carries it. */
  readonly keyIdentifierHex: string;
  readonly keyPath: string;
  readonly certificatePath: string;
}

export interface CaMaterialOptions {
  /** Where a generated CA keeps `ca.key.pem` and `ca.cert.pem` (both 0600: DATA_DIR is the service user's alone; the certificate is served at GET /ca/certificate). */
  readonly directory: string;
  /** An existing CA: both files must exist (PKCS#8, SEC1 or PKCS#1 PEM key, unencrypted). */
  readonly keyPath?: string;
  readonly certificatePath?: string;
  /** Subject DN of a generated CA certificate. */
  readonly subject: string;
  readonly validityDays: number;
  readonly now: () => Date;
}

export const CA_KEY_FILE = 'ca.key.pem';
export const CA_CERTIFICATE_FILE = 'ca.cert.pem';

const subtle = webcrypto.subtle;

export async function loadOrCreateCaMaterial(options: CaMaterialOptions): Promise<CaMaterial> {
  const configured = options.keyPath !== undefined || options.certificatePath !== undefined;
  if (configured && (options.keyPath === undefined || options.certificatePath === undefined)) {
    throw new Error('Local CA: configure both the CA key path and the CA certificate path, or neither');
  }
  const keyPath = options.keyPath ?? path.join(options.directory, CA_KEY_FILE);
  const certificatePath = options.certificatePath ?? path.join(options.directory, CA_CERTIFICATE_FILE);

  if (configured) {
    for (const file of [keyPath, certificatePath]) {
      if (!fs.existsSync(file)) throw new Error(`Local CA: configured file ${file} does not exist`);
    }
  } else {
    fs.mkdirSync(options.directory, { recursive: true, mode: 0o700 });
    if (!fs.existsSync(keyPath)) await createKeyFile(keyPath);
  }

  const keyObject = createPrivateKey(fs.readFileSync(keyPath));
  const { signingAlgorithm, importAlgorithm } = algorithmsFor(keyObject);
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'der' });
  const privateKey = await subtle.importKey('pkcs8', pkcs8, importAlgorithm, false, ['sign']);
  const spki = createPublicKey(keyObject).export({ type: 'spki', format: 'der' });

  if (!configured && !fs.existsSync(certificatePath)) {
    // Only the key is needed to (re)create the self-signed certificate, so a crash between the two
    // files is repaired here.
    const publicKey = await subtle.importKey('spki', spki, importAlgorithm, true, ['verify']);
    const certificate = await createSelfSigned(options, privateKey, publicKey, signingAlgorithm);
    writeFileExclusive(certificatePath, certificate.toString('pem') + '\n', 0o600);
  }

  const certificatePem = fs.readFileSync(certificatePath, 'utf8');
  const certificate = new x509.X509Certificate(certificatePem);
  if (!Buffer.from(certificate.publicKey.rawData).equals(spki)) {
    throw new Error(`Local CA: the certificate ${certificatePath} does not belong to the key ${keyPath}`);
  }
  const basicConstraints = certificate.getExtension(x509.BasicConstraintsExtension);
  if (!basicConstraints?.ca) {
    throw new Error(`Local CA: the certificate ${certificatePath} is not a CA certificate (basicConstraints CA:TRUE)`);
  }
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  const keyIdentifierHex =
    ski?.keyId ?? Buffer.from(await certificate.publicKey.getKeyIdentifier()).toString('hex');

  return {
    certificate,
    certificatePem: certificate.toString('pem') + '\n',
    privateKey,
    signingAlgorithm,
    keyIdentifierHex,
    keyPath,
    certificatePath,
  };
}

function algorithmsFor(key: KeyObject): {
  signingAlgorithm: CaSigningAlgorithm;
  importAlgorithm: webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams;
} {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') {
    if (details.namedCurve === 'prime256v1') {
      return {
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
        importAlgorithm: { name: 'ECDSA', namedCurve: 'P-256' },
      };
    }
    if (details.namedCurve === 'secp384r1') {
      return {
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' },
        importAlgorithm: { name: 'ECDSA', namedCurve: 'P-384' },
      };
    }
    throw new Error(`Local CA: unsupported CA key curve ${String(details.namedCurve)} (use P-256 or P-384)`);
  }
  if (key.asymmetricKeyType === 'rsa') {
    if ((details.modulusLength ?? 0) < 2048) throw new Error('Local CA: an RSA CA key must have at least 2048 bits');
    return {
      signingAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
      importAlgorithm: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' },
    };
  }
  throw new Error(`Local CA: unsupported CA key type ${String(key.asymmetricKeyType)} (use ECDSA or RSA)`);
}

async function createKeyFile(keyPath: string): Promise<void> {
  const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const pkcs8 = await subtle.exportKey('pkcs8', pair.privateKey);
  const pem = x509.PemConverter.encode(pkcs8, 'PRIVATE KEY');
  writeFileExclusive(keyPath, pem.endsWith('\n') ? pem : pem + '\n', 0o600);
}

async function createSelfSigned(
  options: CaMaterialOptions,
  privateKey: webcrypto.CryptoKey,
  publicKey: webcrypto.CryptoKey,
  signingAlgorithm: CaSigningAlgorithm,
): Promise<x509.X509Certificate> {
  const now = options.now();
  const notBefore = new Date(Math.floor(now.getTime() / 1000) * 1000 - 60 * 60 * 1000);
  const notAfter = new Date(notBefore.getTime() + options.validityDays * 24 * 60 * 60 * 1000);
  return x509.X509CertificateGenerator.create({
    serialNumber: randomSerialNumber(),
    subject: options.subject,
    issuer: options.subject,
    notBefore,
    notAfter,
    publicKey,
    signingKey: privateKey,
    signingAlgorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, 0, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature,
        true,
      ),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
    ],
  });
}

/**
 * Writes a file that must appear whole or not at all, and only once: written and fsynced under a
 * temporary name, then hard-linked to its final name (which fails if another process got there first;
 * the caller then reads theirs), and the directory fsynced.
 */
function writeFileExclusive(file: string, content: string, mode: number): void {
  const dir = path.dirname(file);
  const tmp = path.join(dir, `.${path.basename(file)}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', mode);
  try {
    fs.fchmodSync(fd, mode); // whatever the umask
    fs.writeSync(fd, content);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    fs.linkSync(tmp, file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  } finally {
    fs.unlinkSync(tmp);
  }
  fsyncDirectory(dir);
}

function fsyncDirectory(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms cannot fsync a directory; the file itself was fsynced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}
