import { createCipheriv, createDecipheriv, createPrivateKey, createPublicKey, KeyObject, randomBytes, webcrypto } from 'node:crypto';
import * as fs from 'node:fs';
import * as x509 from '@peculiar/x509';
import type { AuthorityRow, CaStore } from './ca-store';
import { randomSerialNumber } from './encoding';

/**
 * The local CA's key and self-signed certificate: created on first start, loaded afterwards.
 *
 * Key choice for a generated CA: ECDSA P-256 with SHA-256. It is allowed by the Baseline Requirements
 * (§6.1.5), verified by every current TLS stack and by OpenSSL, generated in milliseconds (tests and
 * demos create many CAs; RSA-2048 generation takes noticeably longer), and gives small certificates and
 * CRLs. The CA's key type is independent of the subscriber's: it signs RSA and ECDSA CSRs alike. A CA
 * loaded from configured files may be ECDSA (P-256, P-384) or RSA (2048 or more).
 *
 * A generated CA lives in the database (`ca_authority`): its certificate, and its private key (PKCS#8) sealed
 * with AES-256-GCM under a data key of the key store — which wraps it with the master key — so every process
 * of a deployment signs with the same CA and no key file sits in one process's DATA_DIR.
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
}

/** Where the sealing key of the CA's private key lives (the personal-data key store, SqlDataKeyStore). */
export interface CaKeyStore {
  keyForWrite(id: string): Promise<Uint8Array | null>;
  keyForRead(id: string): Promise<{ readonly state: 'active'; readonly key: Uint8Array } | { readonly state: 'destroyed' | 'missing' }>;
}

export interface StoredCaOptions {
  /** The CA's name in `ca_authority` and (as `ca:<name>`) its data key's id in the key store. */
  readonly name: string;
  /** Subject DN of a generated CA certificate. */
  readonly subject: string;
  readonly validityDays: number;
  readonly now: () => Date;
}

/** A CA the store does not hold yet, made from existing material (an earlier version's files). */
export interface ExistingCa {
  readonly keyPem: string;
  readonly certificatePem: string;
}

const subtle = webcrypto.subtle;
const NONCE = 12;
const TAG = 16;
const SEAL_LABEL = 'pfw/ca-key/v1';

export const caDataKeyId = (name: string) => `ca:${name}`;

/** An existing CA from configured files: both must exist (PKCS#8, SEC1 or PKCS#1 PEM key, unencrypted). */
export async function loadConfiguredCaMaterial(keyPath: string | undefined, certificatePath: string | undefined): Promise<CaMaterial> {
  if (keyPath === undefined || certificatePath === undefined) {
    throw new Error('Local CA: configure both the CA key path and the CA certificate path, or neither');
  }
  for (const file of [keyPath, certificatePath]) {
    if (!fs.existsSync(file)) throw new Error(`Local CA: configured file ${file} does not exist`);
  }
  return materialFrom(createPrivateKey(fs.readFileSync(keyPath)), fs.readFileSync(certificatePath, 'utf8'), `${certificatePath} / ${keyPath}`);
}

/**
 * The CA the store holds under `options.name`; on first start (`existing` absent) a new key and self-signed
 * certificate, stored sealed. When several processes start at once, the first stored CA wins and the others
 * load it.
 */
export async function loadOrCreateStoredCaMaterial(store: CaStore, keys: CaKeyStore, options: StoredCaOptions, existing?: ExistingCa): Promise<CaMaterial> {
  let row = await store.authority(options.name);
  if (!row) {
    const dataKey = await keys.keyForWrite(caDataKeyId(options.name));
    if (!dataKey) throw new Error(`Local CA: the key store's key ${caDataKeyId(options.name)} was destroyed`);
    const { pkcs8, certificatePem } = existing
      ? { pkcs8: createPrivateKey(existing.keyPem).export({ type: 'pkcs8', format: 'der' }), certificatePem: existing.certificatePem }
      : await generate(options);
    row = await store.insertAuthority({
      name: options.name,
      certificatePem,
      sealedKey: seal(Buffer.from(dataKey), pkcs8, options.name),
      createdAt: options.now().toISOString(),
    });
  }
  return unsealMaterial(row, keys);
}

async function unsealMaterial(row: AuthorityRow, keys: CaKeyStore): Promise<CaMaterial> {
  const dataKey = await keys.keyForRead(caDataKeyId(row.name));
  if (dataKey.state !== 'active') throw new Error(`Local CA: the key store has no key ${caDataKeyId(row.name)} (${dataKey.state}): the CA's private key cannot be read`);
  const pkcs8 = open(Buffer.from(dataKey.key), row.sealedKey, row.name);
  return materialFrom(createPrivateKey({ key: pkcs8, format: 'der', type: 'pkcs8' }), row.certificatePem, `the stored CA ${row.name}`);
}

function seal(key: Buffer, plaintext: Buffer, name: string): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(`${SEAL_LABEL}\u0000${name}`, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([nonce, body, cipher.getAuthTag()]);
}

function open(key: Buffer, sealed: Buffer, name: string): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(0, NONCE));
  decipher.setAAD(Buffer.from(`${SEAL_LABEL}\u0000${name}`, 'utf8'));
  decipher.setAuthTag(sealed.subarray(sealed.length - TAG));
  return Buffer.concat([decipher.update(sealed.subarray(NONCE, sealed.length - TAG)), decipher.final()]);
}

async function generate(options: StoredCaOptions): Promise<{ pkcs8: Buffer; certificatePem: string }> {
  const pair = await subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, true, ['sign', 'verify']);
  const certificate = await createSelfSigned(options, pair.privateKey, pair.publicKey, { name: 'ECDSA', hash: 'SHA-256' });
  return { pkcs8: Buffer.from(await subtle.exportKey('pkcs8', pair.privateKey)), certificatePem: certificate.toString('pem') + '\n' };
}

async function materialFrom(keyObject: KeyObject, certificatePemText: string, what: string): Promise<CaMaterial> {
  const { signingAlgorithm, importAlgorithm } = algorithmsFor(keyObject);
  const pkcs8 = keyObject.export({ type: 'pkcs8', format: 'der' });
  const privateKey = await subtle.importKey('pkcs8', pkcs8, importAlgorithm, false, ['sign']);
  const spki = createPublicKey(keyObject).export({ type: 'spki', format: 'der' });
  const certificate = new x509.X509Certificate(certificatePemText);
  if (!Buffer.from(certificate.publicKey.rawData).equals(spki)) {
    throw new Error(`Local CA: the certificate does not belong to the key (${what})`);
  }
  const basicConstraints = certificate.getExtension(x509.BasicConstraintsExtension);
  if (!basicConstraints?.ca) {
    throw new Error(`Local CA: the certificate is not a CA certificate (basicConstraints CA:TRUE) (${what})`);
  }
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);
  const keyIdentifierHex = ski?.keyId ?? Buffer.from(await certificate.publicKey.getKeyIdentifier()).toString('hex');
  return { certificate, certificatePem: certificate.toString('pem') + '\n', privateKey, signingAlgorithm, keyIdentifierHex };
}

function algorithmsFor(key: KeyObject): {
  signingAlgorithm: CaSigningAlgorithm;
  importAlgorithm: webcrypto.EcKeyImportParams | webcrypto.RsaHashedImportParams;
} {
  const details = key.asymmetricKeyDetails ?? {};
  if (key.asymmetricKeyType === 'ec') {
    if (details.namedCurve === 'prime256v1') {
      return { signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' }, importAlgorithm: { name: 'ECDSA', namedCurve: 'P-256' } };
    }
    if (details.namedCurve === 'secp384r1') {
      return { signingAlgorithm: { name: 'ECDSA', hash: 'SHA-384' }, importAlgorithm: { name: 'ECDSA', namedCurve: 'P-384' } };
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

async function createSelfSigned(
  options: StoredCaOptions,
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
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign | x509.KeyUsageFlags.digitalSignature, true),
      await x509.SubjectKeyIdentifierExtension.create(publicKey),
    ],
  });
}
