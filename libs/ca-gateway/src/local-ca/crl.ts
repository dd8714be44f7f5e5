import * as x509 from '@peculiar/x509';
import type { CaMaterial } from './ca-material';
import type { NewCrl, RevokedEntry } from './ca-store';
import { derInteger, floorToSecond, serialNumberContentHex } from './encoding';

const CRL_NUMBER_OID = '2.5.29.20';

/** Signs CRL number `crlNumber` listing `entries`, issued at `at` (whole seconds) and valid for `validityMs`. */
export async function signCrl(ca: CaMaterial, crlNumber: number, at: Date, entries: readonly RevokedEntry[], validityMs: number): Promise<NewCrl> {
  const thisUpdate = floorToSecond(at);
  const nextUpdate = new Date(thisUpdate.getTime() + validityMs);
  const crl = await x509.X509CrlGenerator.create({
    issuer: ca.certificate.subjectName,
    thisUpdate,
    nextUpdate,
    signingAlgorithm: ca.signingAlgorithm,
    signingKey: ca.privateKey,
    extensions: [new x509.AuthorityKeyIdentifierExtension(ca.keyIdentifierHex), new x509.Extension(CRL_NUMBER_OID, false, derInteger(BigInt(crlNumber)))],
    entries: entries.map((entry) => ({
      serialNumber: serialNumberContentHex(entry.serialNumber),
      revocationDate: entry.revokedAt,
      // The BRs (§7.2.2) want no reasonCode entry extension for unspecified (0).
      reason: entry.crlReason === 0 ? undefined : entry.crlReason,
    })),
  });
  return { crlNumber, thisUpdate, nextUpdate, der: Buffer.from(crl.rawData) };
}
