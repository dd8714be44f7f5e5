import type { Actor } from './actor';

/**
 * The metadata every stored event carries (DOMAIN.md "Audit"). The deciders produce bare domain events;
 * command handlers wrap each one in an envelope, and the event serializer writes both.
 */
export interface EventEnvelope {
  /** UUID of the stored event (handlers derive it from the clientMutationId, so a retry writes nothing new). */
  readonly eventId: string;
  readonly actor: Actor;
  /** The same for every event caused, directly or through sagas, by one request. */
  readonly correlationId: string;
  /** The event (or command/request id) that caused this one; null for a first cause. */
  readonly causationId: string | null;
  /** The command that produced the event, e.g. `PassScreening`. */
  readonly commandName: string;
  /** When the command was decided (from the Clock, not the store's clock). */
  readonly occurredAt: Date;
  /** The terms version in force when the event occurred (Art. 13). */
  readonly termsVersion: string | null;
}

/** A domain event as the deciders see it: a type name and its payload. */
export interface DomainEvent<T extends string = string, D = unknown> {
  readonly type: T;
  readonly data: D;
}
