import { randomBytes } from 'node:crypto';

/**
 * Small encoding helpers for the local CA: serial numbers, DER integers, host names and X.509 times.
 */

const HEX = /^[0-9A-F]+$/;

/**
 * A fresh serial number: 16 bytes from the CSPRNG with the top bit forced on, so the value is exactly
 * 128 bits wide (127 random bits, well above the Baseline Requirements' 64), always 32 hex digits, and
 * positive (DER adds the 0x00 sign byte, 17 content octets, within RFC 5280's 20).
 * Returned as `openssl x509 -serial` prints it: uppercase hex of the magnitude, no leading zero byte.
 */
export function randomSerialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = bytes[0]! | 0x80;
  return bytes.toString('hex').toUpperCase();
}

/**
 * Normalizes a serial number to the form `openssl x509 -serial` prints: uppercase hex without separators
 * (`:` or spaces) and without leading zero bytes (an odd number of digits gets one leading `0`).
 * Returns null for anything that is not a positive hexadecimal number.
 */
export function normalizeSerialNumber(input: string): string | null {
  let hex = input.replace(/[:\s]/g, '').toUpperCase();
  if (hex.length === 0 || !HEX.test(hex)) return null;
  if (hex.length % 2 === 1) hex = `0${hex}`;
  while (hex.length > 2 && hex.startsWith('00')) hex = hex.slice(2);
  if (hex === '00') return null;
  return hex;
}

/** The DER INTEGER content octets (hex, lowercase) of a normalized serial: a 00 byte when the top bit is set. */
export function serialNumberContentHex(serialNumber: string): string {
  const first = Number.parseInt(serialNumber.slice(0, 2), 16);
  return (first >= 0x80 ? `00${serialNumber}` : serialNumber).toLowerCase();
}

/** DER encoding of a non-negative INTEGER (used for the cRLNumber extension). */
export function derInteger(value: bigint): Uint8Array {
  if (value < 0n) throw new RangeError('derInteger: negative values are not supported');
  let hex = value.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  let content = Buffer.from(hex, 'hex');
  if (content[0]! >= 0x80) content = Buffer.concat([Buffer.from([0]), content]);
  if (content.length > 127) throw new RangeError('derInteger: value too large');
  return Uint8Array.from([0x02, content.length, ...content]);
}

/**
 * Whether `fqdn` is a host name a publicly-trusted TLS certificate may carry as a dNSName: lowercase
 * LDH labels (A-labels for IDNs), 1–63 characters each, at least two labels, at most 253 characters, no
 * trailing dot, no wildcard, not an IP address, top-level label not all digits.
 */
export function isValidServerFqdn(fqdn: string): boolean {
  if (fqdn.length === 0 || fqdn.length > 253) return false;
  const labels = fqdn.split('.');
  if (labels.length < 2) return false;
  const label = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
  if (!labels.every((l) => label.test(l))) return false;
  return !/^[0-9]+$/.test(labels[labels.length - 1]!);
}

/**
 * X.509 validity has whole seconds. Truncates both bounds to seconds without making the certificate live
 * longer than asked or end later than asked: notBefore goes down to its second, and notAfter goes down
 * to its second, one more second down when its fraction is smaller than notBefore's.
 */
export function toWholeSeconds(notBefore: Date, notAfter: Date): { notBefore: Date; notAfter: Date } {
  const nb = notBefore.getTime();
  const na = notAfter.getTime();
  const nbFloor = Math.floor(nb / 1000) * 1000;
  let naFloor = Math.floor(na / 1000) * 1000;
  if (na - naFloor < nb - nbFloor) naFloor -= 1000;
  return { notBefore: new Date(nbFloor), notAfter: new Date(naFloor) };
}

/** Truncates an instant to its second (what a UTCTime / GeneralizedTime in a CRL keeps). */
export function floorToSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

/**
 * The longest subscriber certificate lifetime (notAfter − notBefore + 1 s, in days) the CA/Browser Forum
 * Baseline Requirements §6.3.2 allow for a certificate issued at `issuedAt`.
 */
export function baselineMaxLifetimeDays(issuedAt: Date): number {
  const t = issuedAt.getTime();
  if (t < Date.UTC(2026, 2, 15)) return 398;
  if (t < Date.UTC(2027, 2, 15)) return 200;
  if (t < Date.UTC(2029, 2, 15)) return 100;
  return 47;
}
