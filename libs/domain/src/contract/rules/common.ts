import { InvalidInput, RuleViolation, type Article } from '../../errors';
import { fail, ok, type Result } from '../../result';
import { parseJapanDate, toJapanDate, type JapanDate } from '../../time/japan-date';
import type { DomainPolicy } from '../../policy/domain-policy';
import type { ContractCommand } from '../commands';
import type { ContractEvent } from '../events';
import type { Contract } from '../state';
import type { ContractStatus, DocumentRef } from '../types';
import type { Decision } from '../../result';
import { INPUT_LIMITS, text } from '../../values/text';

export { optionalText, text } from '../../values/text';

/** A rule handler: one command against an existing contract. */
export type Rule<C extends ContractCommand> = (command: C, contract: Contract, policy: DomainPolicy) => Decision<ContractEvent>;

export const violation = (article: Article, message: string) => ({ ok: false as const, error: new RuleViolation(article, message) });
export const invalid = (field: string, message: string) => ({ ok: false as const, error: new InvalidInput(field, message) });

/** Refuses unless the contract is in one of `allowed`. */
export function requireStatus(
  c: Contract,
  allowed: readonly ContractStatus[],
  article: Article,
  what: string,
): { ok: false; error: RuleViolation } | null {
  if (allowed.includes(c.status)) return null;
  return violation(article, `${what} (the contract is ${c.status}; allowed only when ${allowed.join(' or ')})`);
}

export function isValidInstant(d: unknown): d is Date {
  return d instanceof Date && Number.isFinite(d.getTime());
}

export function instant(input: unknown, field: string): Result<Date, InvalidInput> {
  return isValidInstant(input) ? ok(input) : fail(new InvalidInput(field, 'must be a valid instant'));
}

/** A past-or-today Japan date (a fact being recorded cannot lie in the future). */
export function pastDate(input: unknown, field: string, at: Date): Result<JapanDate, InvalidInput> {
  const d = parseJapanDate(input, field);
  if (!d.ok) return d;
  if (d.value > toJapanDate(at)) return fail(new InvalidInput(field, `${d.value} is in the future (today is ${toJapanDate(at)} in Japan)`));
  return d;
}

export function documentRefs(input: unknown, field: string, { nonEmpty = false } = {}): Result<DocumentRef[], InvalidInput> {
  if (!Array.isArray(input)) return fail(new InvalidInput(field, 'must be a list of documents'));
  if (nonEmpty && input.length === 0) return fail(new InvalidInput(field, 'at least one document is required'));
  const out: DocumentRef[] = [];
  const ids = new Set<string>();
  for (let i = 0; i < input.length; i++) {
    const r = documentRef(input[i], `${field}.${i}`);
    if (!r.ok) return r;
    if (ids.has(r.value.id)) return fail(new InvalidInput(`${field}.${i}.id`, `document ${r.value.id} is listed twice`));
    ids.add(r.value.id);
    out.push(r.value);
  }
  return ok(out);
}

export function documentRef(input: unknown, field: string): Result<DocumentRef, InvalidInput> {
  const d = input as Partial<DocumentRef> | null;
  if (d == null || typeof d !== 'object') return fail(new InvalidInput(field, 'a document reference is required'));
  const id = text(d.id, `${field}.id`, 'the document id', INPUT_LIMITS.reference);
  if (!id.ok) return id;
  const kind = text(d.kind, `${field}.kind`, 'the document kind', INPUT_LIMITS.documentKind);
  if (!kind.ok) return kind;
  if (typeof d.sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(d.sha256)) return fail(new InvalidInput(`${field}.sha256`, 'must be a lowercase hex SHA-256 digest'));
  return ok({ id: id.value, kind: kind.value, sha256: d.sha256 });
}

/** Art. 6: no request goes to the CA while the service is suspended. */
export function refuseWhileSuspended(serviceSuspended: boolean, what: string) {
  if (typeof serviceSuspended !== 'boolean') return invalid('serviceSuspended', 'the service state must be given');
  return serviceSuspended ? violation('Art. 6', `the service is suspended: ${what} waits until it resumes`) : null;
}
