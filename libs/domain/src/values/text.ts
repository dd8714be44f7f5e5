import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';

/**
 * How long, how many and how large what people type in may be: the one table the GraphQL inputs validate with
 * (class-validator, before anything runs), the domain's parsers enforce (for every other caller) and the
 * schema's field descriptions state. Lengths are in characters after trimming, counts in items.
 */
export const INPUT_LIMITS = {
  /** An id we or staff give: contract, invoice, document, clientMutationId. */
  identifier: 100,
  /** A reference another party gives: the CA's order id and reference, a bank reference, a stuck process. */
  reference: 200,
  /** A name: an organization, a person, a city, a street. */
  name: 200,
  /** Free text: a note, a reason, the CA's error. */
  text: 2000,
  /** Where a notice goes: an e-mail address or a postal address on one line. */
  recipient: 500,
  postalCode: 10,
  prefecture: 20,
  email: 254,
  phone: 30,
  corporateNumber: 20,
  fqdn: 253,
  /** A PEM (CSR or certificate). */
  pem: 20_000,
  /** A certificate's subject or issuer. */
  distinguishedName: 1000,
  /** A document kind (an upper-case token). */
  documentKind: 64,
  stickerSerial: 64,
  termsVersion: 32,
  /** Documents named in one request. */
  documentsPerRequest: 50,
  /** Document kinds asked for in one request. */
  documentKindsPerRequest: 20,
  /** The largest payment one record may carry, in yen. */
  paymentJpy: 1_000_000_000,
  /** The longest plan an application may name, in months (the fee schedule says which are on offer). */
  planMonths: 120,
  /** An uploaded document's size in bytes: 10 MB (API.md), counted as 10 × 1024 × 1024. */
  documentBytes: 10 * 1024 * 1024,
} as const;

/**
 * A document kind as the requirement table names them (`APPLICATION_FORM`, `CERTIFICATE_OF_REGISTERED_MATTERS`):
 * an upper-case token of letters, digits and underscores, starting with a letter, at most `documentKind` long.
 */
export const DOCUMENT_KIND_PATTERN = new RegExp(`^[A-Z][A-Z0-9_]{0,${INPUT_LIMITS.documentKind - 1}}$`);

/** A required text: trimmed, not empty, at most `max` characters. */
export function text(input: unknown, field: string, what: string, max: number = INPUT_LIMITS.text): Result<string, InvalidInput> {
  if (typeof input !== 'string' || input.trim() === '') return fail(new InvalidInput(field, `${what} is required`));
  const s = input.trim();
  if (s.length > max) return fail(new InvalidInput(field, `${what} is longer than ${max} characters`));
  return ok(s);
}

/** An optional text: null when absent or blank, else as `text`. */
export function optionalText(input: unknown, field: string, max: number = INPUT_LIMITS.text): Result<string | null, InvalidInput> {
  if (input == null || (typeof input === 'string' && input.trim() === '')) return ok(null);
  return text(input, field, 'the text', max);
}

/** A required name typed by a person: NFC-normalized (the same name compares equal however it was typed), then as `text`. */
export function requiredText(input: unknown, field: string, what: string, max: number = INPUT_LIMITS.name): Result<string, InvalidInput> {
  return text(typeof input === 'string' ? input.normalize('NFC') : input, field, what, max);
}
