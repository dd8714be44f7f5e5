import { ROLES, type EventEnvelope } from '@pfw/domain';
import { instant, nullable, object, oneOf, string, integer, type Codec } from './codec';

/**
 * Stored metadata: the envelope (DOMAIN.md "Audit") plus the payload's schema version and the format its
 * personal fields are stored in (field-encryption.ts). Field names are the envelope's, so auditors reading raw
 * metadata see the same words as the code.
 */
export interface StoredMetadata extends EventEnvelope {
  readonly schemaVersion: number;
  readonly personalDataFormat: number;
}

export const METADATA_CODEC: Codec<StoredMetadata> = object<StoredMetadata>({
  schemaVersion: integer,
  personalDataFormat: integer,
  eventId: string,
  actor: object({ id: string, role: oneOf(ROLES) }),
  correlationId: string,
  causationId: nullable(string),
  commandName: string,
  occurredAt: instant,
  termsVersion: nullable(string),
});
