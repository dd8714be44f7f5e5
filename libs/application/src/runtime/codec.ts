import type { DomainEvent, EventEnvelope } from '@pfw/domain';
import type { EventData, RecordedEvent } from '@pfw/event-store';

/**
 * The one serializer's port (libs/event-serialization implements it): the only code that reads or writes an
 * event's stored JSON. Async, because field-level encryption needs a key lookup.
 */
export interface EventCodec {
  /** `streamId`: where the event goes (personal fields are encrypted with that contract's key). */
  encode(event: DomainEvent, envelope: EventEnvelope, streamId?: string): Promise<Omit<EventData, 'id'>>;
  decode(recorded: RecordedEvent): Promise<{ event: DomainEvent; envelope: EventEnvelope }>;
}
