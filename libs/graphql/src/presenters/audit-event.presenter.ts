import { eventLeafEntry, leafHash } from '@pfw/audit';
import type { EventSerializer } from '@pfw/event-serialization';
import type { RecordedEvent } from '@pfw/event-store';
import type { AuditEvent } from '../schema/audit.types';

/** An event of the log as auditors read it: the envelope decoded, the payload as JSON, its RFC 6962 leaf hash. */
export async function presentAuditEvent(serializer: EventSerializer, r: RecordedEvent): Promise<AuditEvent> {
  const { event, envelope } = await serializer.decode(r);
  return {
    id: r.id,
    streamId: r.streamId,
    revision: r.revision,
    position: r.position.toString(),
    type: r.type,
    schemaVersion: typeof r.metadata.schemaVersion === 'number' ? r.metadata.schemaVersion : 1,
    occurredAt: envelope.occurredAt,
    recordedAt: r.recordedAt,
    actor: envelope.actor,
    commandName: envelope.commandName,
    correlationId: envelope.correlationId,
    causationId: envelope.causationId,
    termsVersion: envelope.termsVersion,
    data: JSON.parse(JSON.stringify(event.data, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))),
    leafHash: leafHash(eventLeafEntry(r)).toString('base64'),
  };
}
