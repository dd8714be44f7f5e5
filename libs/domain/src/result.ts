import type { DomainError } from './errors';

/**
 * Deciders and value parsers return results instead of throwing, so a refusal is an ordinary value that a
 * test can assert on and a handler can map, and nothing is half-done.
 */
export type Result<T, E = DomainError> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: E };

export const ok = <T>(value: T): Result<T, never> => ({ ok: true, value });
export const fail = <E>(error: E): Result<never, E> => ({ ok: false, error });

/** What a decider answers: the events to append (possibly none), or the refusal. */
export type Decision<Ev> = { readonly ok: true; readonly events: readonly Ev[] } | { readonly ok: false; readonly error: DomainError };

export const accept = <Ev>(...events: Ev[]): Decision<Ev> => ({ ok: true, events });
export const refuse = (error: DomainError): Decision<never> => ({ ok: false, error });

/** Unwraps a result or throws its error (for callers that prefer exceptions, e.g. configuration loading). */
export function unwrap<T>(r: Result<T, Error>): T {
  if (!r.ok) throw r.error;
  return r.value;
}
