import type { EventEnvelope } from '@pfw/domain';
import type { AnyDomainEvent } from '@pfw/event-serialization';
import type { DeadlineSpec } from './deadlines';

export type { DeadlineSpec } from './deadlines';

/**
 * A saga is a pure reactor: `react(state, event) → { state, schedule, cancel }`. It never does I/O; what it
 * wants done becomes a durable deadline (an immediate action is a deadline due now) that the poller
 * dispatches later. State, new or cancelled deadlines and the saga's checkpoint commit in one transaction.
 */

/** JSON a saga may keep in its state or a deadline's payload. */
export type Json = null | boolean | number | string | readonly Json[] | { readonly [key: string]: Json };
export type JsonRecord = { readonly [key: string]: Json };

/** An event as a saga sees it: the domain event, its envelope, and where it sits in the log. */
export interface SagaEvent<E extends AnyDomainEvent = AnyDomainEvent> {
  readonly event: E;
  readonly envelope: EventEnvelope;
  readonly streamId: string;
  /**
   * The contract of a `contract-<id>` stream. For an event of the `service` stream (only a saga of scope
   * `service` sees those) it is `SERVICE_STREAM_ID`: such a reaction names the contract of each deadline.
   */
  readonly contractId: string;
  readonly position: bigint;
}

export interface Reaction<S> {
  readonly state: S;
  readonly schedule?: readonly DeadlineSpec[];
  /** Keys of this saga's deadlines for the event's contract to cancel (pending ones only). */
  readonly cancel?: readonly string[];
}

export interface SagaDefinition<S extends Json = Json> {
  /** `non-payment`, `issuance`, …: the checkpoint key, and the actor id `saga:<name>`. */
  readonly name: string;
  /** The event types it reacts to (others only move its checkpoint). */
  readonly handles: readonly string[];
  /**
   * `contract` (default): one state per contract, fed by the contract streams. `service`: ONE state for the
   * whole saga, fed by the contract streams and the `service` stream (Art. 6, 13) in log order, for a reaction
   * that reaches many contracts at once (a terms revision told to every running contract).
   */
  readonly scope?: 'contract' | 'service';
  readonly initialState: S;
  react(state: S, event: SagaEvent): Reaction<S>;
}

/** The deadline's id: readable and deterministic, so a replayed reaction finds its first deadline. */
export function deadlineId(saga: string, contractId: string, key: string): string {
  return `${saga}/${contractId}/${key}`;
}

/** Parses a deadline id back (for processes shown to staff). */
export function parseDeadlineId(id: string): { saga: string; contractId: string; key: string } | null {
  const first = id.indexOf('/');
  const second = first < 0 ? -1 : id.indexOf('/', first + 1);
  if (first <= 0 || second <= first + 1) return null;
  return { saga: id.slice(0, first), contractId: id.slice(first + 1, second), key: id.slice(second + 1) };
}

/** The idempotency key of the command a deadline sends: the same deadline run twice writes once. */
export function deadlineIdempotencyKey(id: string): string {
  return `saga:${id}`;
}



/** Small helpers for reactors. */
export function addMs(at: Date, ms: number): Date {
  return new Date(at.getTime() + ms);
}

export function without(list: readonly string[], remove: readonly string[]): string[] {
  return list.filter((k) => !remove.includes(k));
}

export function withKeys(list: readonly string[], add: readonly string[]): string[] {
  return [...list, ...add.filter((k) => !list.includes(k))];
}
