import { InvalidInput } from '../errors';
import { fail, ok, type Result } from '../result';
import { INPUT_LIMITS } from './text';
import { parseFqdn } from './fqdn';

export type EmailAddress = string & { readonly __brand: 'EmailAddress' };

const LOCAL_RE = /^[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*$/;

/**
 * An e-mail address as mail to a customer needs it: a dot-atom local part (RFC 5322, no quoted strings)
 * of at most 64 characters, `@`, and a host name (IDN converted to punycode). The domain is lower-cased.
 */
export function parseEmail(input: unknown, field = 'email'): Result<EmailAddress, InvalidInput> {
  if (typeof input !== 'string' || input.trim() === '') return fail(new InvalidInput(field, 'an e-mail address is required'));
  const s = input.trim();
  const at = s.lastIndexOf('@');
  if (at <= 0 || at === s.length - 1) return fail(new InvalidInput(field, `"${input}" is not an e-mail address (name@example.co.jp)`));
  const local = s.slice(0, at);
  if (local.length > 64) return fail(new InvalidInput(field, 'the part before @ is longer than 64 characters'));
  if (!LOCAL_RE.test(local)) return fail(new InvalidInput(field, `"${local}" is not a valid part before @`));
  const domain = parseFqdn(s.slice(at + 1), field);
  if (!domain.ok) return fail(new InvalidInput(field, `"${input}" has an invalid domain: ${domain.error.message.slice(field.length + 2)}`));
  const address = `${local}@${domain.value}`;
  if (address.length > INPUT_LIMITS.email) return fail(new InvalidInput(field, `the address is longer than ${INPUT_LIMITS.email} characters`));
  return ok(address as EmailAddress);
}
