import type { Decision, DomainEvent, EventEnvelope } from '@pfw/domain';
import type { EventData, RecordedEvent } from '@pfw/event-store';

/** A pure decider: the shape every aggregate of libs/domain has. */
export interface Decider<C, S, E extends DomainEvent> {
  readonly initialState: S;
  decide(command: C, state: S): Decision<E>;
  evolve(state: S, event: E): S;
  /**
   * Whether the executor may keep this state in its cache between commands (default: yes). A contract whose
   * personal data was crypto-shredded is not kept: nothing of it should outlive its key in memory either.
   */
  retain?(state: S): boolean;
}

/**
 * The one serializer's port (libs/event-serialization implements it): the only code that reads or writes an
 * event's stored JSON. Async, because field-level encryption needs a key lookup.
 */
export interface EventCodec {
  /** `streamId`: where the event goes (personal fields are encrypted with that contract's key, issue 8). */
  encode(event: DomainEvent, envelope: EventEnvelope, streamId?: string): Promise<Omit<EventData, 'id'>>;
  decode(recorded: RecordedEvent): Promise<{ event: DomainEvent; envelope: EventEnvelope }>;
}
