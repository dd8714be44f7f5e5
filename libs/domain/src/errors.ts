/**
 * Typed domain errors. Every refusal of the command side is one of these four, so the API layer maps them
 * to `extensions.code` without guessing (API.md "Errors"): RULE_VIOLATION, BAD_USER_INPUT, NOT_FOUND,
 * CONCURRENCY_CONFLICT.
 */

/** An article of the terms of service, e.g. "Art. 14" (DOMAIN.md cites every rule this way). */
export type Article = `Art. ${number}`;

export type DomainErrorCode = 'RULE_VIOLATION' | 'BAD_USER_INPUT' | 'NOT_FOUND' | 'CONCURRENCY_CONFLICT';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
}

/** A rule of the terms forbids the command in the current state. Nothing is written. */
export class RuleViolation extends DomainError {
  override readonly name = 'RuleViolation';
  readonly code = 'RULE_VIOLATION' as const;
  constructor(
    readonly article: Article,
    message: string,
  ) {
    super(`${article}: ${message}`);
  }
}

/** An input value is malformed. `field` is the input path, e.g. `applicant.address.postalCode`. */
export class InvalidInput extends DomainError {
  override readonly name = 'InvalidInput';
  readonly code = 'BAD_USER_INPUT' as const;
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(`${field}: ${message}`);
  }
}

/** The thing the command is about does not exist (e.g. a contract stream with no events). */
export class NotFound extends DomainError {
  override readonly name = 'NotFound';
  readonly code = 'NOT_FOUND' as const;
  constructor(
    readonly entity: string,
    readonly id: string,
  ) {
    super(`${entity} ${id} not found`);
  }
}

/** Another writer changed the stream between load and append; the caller may retry. */
export class ConcurrencyConflict extends DomainError {
  override readonly name = 'ConcurrencyConflict';
  readonly code = 'CONCURRENCY_CONFLICT' as const;
  constructor(
    readonly streamId: string,
    readonly expectedRevision: string | number,
    readonly actualRevision: string | number,
  ) {
    super(`stream ${streamId} changed concurrently (expected ${expectedRevision}, found ${actualRevision})`);
  }
}
