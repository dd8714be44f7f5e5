import { domainToASCII } from 'node:url';
import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';
import { INPUT_LIMITS } from './text';

/** A fully qualified host name in its ASCII (punycode) form, lower case, without a trailing dot. */
export type Fqdn = string & { readonly __brand: 'Fqdn' };

const LABEL_RE = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;

/**
 * Validates a web server host name: RFC 1123 labels (letters, digits, inner hyphens, 1–63 characters),
 * at least two labels, at most 253 characters, a top-level label that is not all digits (so an IP
 * address is refused). Internationalized names are converted to punycode (`例え.jp` → `xn--r8jz45g.jp`).
 * Wildcards are refused: a certificate here names exactly one web server (Art. 1, Art. 4(6)).
 */
export function parseFqdn(input: unknown, field = 'webServerFqdn'): Result<Fqdn, InvalidInput> {
  if (typeof input !== 'string' || input.trim() === '') return fail(new InvalidInput(field, 'a host name such as www.example.co.jp is required'));
  let name = input.trim();
  if (name.endsWith('.')) name = name.slice(0, -1);
  if (name.includes('*')) return fail(new InvalidInput(field, `"${input}" is a wildcard; name exactly one web server`));
  if (/[\s/:@?#]/.test(name)) return fail(new InvalidInput(field, `"${input}" is not a host name (no scheme, port, path or spaces)`));
  // eslint-disable-next-line no-control-regex
  const ascii = /^[\x00-\x7f]*$/.test(name) ? name.toLowerCase() : domainToASCII(name.normalize('NFC'));
  if (ascii === '') return fail(new InvalidInput(field, `"${input}" is not a valid internationalized domain name`));
  if (ascii.length > INPUT_LIMITS.fqdn) return fail(new InvalidInput(field, `host name is ${ascii.length} characters long; at most ${INPUT_LIMITS.fqdn} are allowed`));
  const labels = ascii.split('.');
  if (labels.length < 2) return fail(new InvalidInput(field, `"${input}" needs at least one dot (e.g. www.example.co.jp)`));
  for (const label of labels) {
    if (label === '') return fail(new InvalidInput(field, `"${input}" has an empty label (two dots in a row)`));
    if (label.length > 63) return fail(new InvalidInput(field, `label "${label}" is ${label.length} characters long; at most 63 are allowed`));
    if (!LABEL_RE.test(label)) {
      return fail(new InvalidInput(field, `label "${label}" may contain only letters, digits and inner hyphens (RFC 1123)`));
    }
    if (label.startsWith('xn--') && domainToASCII(label) === '') {
      return fail(new InvalidInput(field, `label "${label}" is not valid punycode`));
    }
  }
  if (/^[0-9]+$/.test(labels[labels.length - 1])) return fail(new InvalidInput(field, `"${input}" is an IP address, not a host name`));
  return ok(ascii as Fqdn);
}
