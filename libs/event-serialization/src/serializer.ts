import type { EventEnvelope } from '@pfw/domain';
import type { EventData, JsonObject, RecordedEvent } from '@pfw/event-store';
import { CodecError } from './codec';
import { METADATA_CODEC, type StoredMetadata } from './envelope';
import { EventDecodingError, EventEncodingError } from './errors';
// The newest personal-data format (one seal per event); older ones are read too.
import { PERSONAL_DATA_FORMAT } from './field-encryption';
import type { JsonLike } from './json';
import { CURRENT_SCHEMA_VERSIONS, EVENT_SCHEMAS, isKnownEventType, type AnyDomainEvent, type AnyEventType } from './schemas';
import { defaultUpcasters, type UpcasterRegistry } from './upcasters';

/**
 * A hook on the stored JSON of a payload, for what must happen to raw event JSON on its way to and from
 * the store (the crypto-shredding issue encrypts personal fields here). Both directions are async because
 * they may need a key lookup. Identity by default.
 */
export interface PayloadTransformer {
  /** After the payload was encoded to JSON, before it is stored. */
  protect(type: string, data: JsonObject, envelope: EventEnvelope, context?: PayloadContext): Promise<JsonObject>;
  /** After the stored payload was read, before upcasting and decoding. */
  unprotect(type: string, data: JsonObject, envelope: EventEnvelope, context?: PayloadContext): Promise<JsonObject>;
  /** Like `unprotect`, also naming the fields that read as null because they were crypto-shredded. */
  unprotectDetailed?(type: string, data: JsonObject, envelope: EventEnvelope, context?: PayloadContext): Promise<UnprotectedPayload>;
  /**
   * How `protect` stores personal fields, recorded in each event's `metadata.personalDataFormat` so that a reader
   * knows which format an event was written in (field-encryption.ts). Absent: 1, the fields as they are.
   */
  readonly personalDataFormat?: number;
}

/** Where the payload is stored: the field-encryption transformer picks the contract's key by the stream. */
export interface PayloadContext {
  readonly streamId?: string | null;
  /** The stored event's `metadata.personalDataFormat` (reading only; 1 for events written before it was recorded). */
  readonly personalDataFormat?: number;
}

export interface UnprotectedPayload {
  readonly data: JsonObject;
  /** Payload paths that decode to null because their contract's key was destroyed. */
  readonly shreddedFields: readonly string[];
}

export const IDENTITY_TRANSFORMER: PayloadTransformer = {
  protect: async (_type, data) => data,
  unprotect: async (_type, data) => data,
};

export interface EventSerializerOptions {
  readonly upcasters?: UpcasterRegistry;
  readonly transformer?: PayloadTransformer;
}

/** What `decode` answers: the domain event (current schema) and its envelope. */
export interface DecodedEvent {
  readonly event: AnyDomainEvent;
  readonly envelope: EventEnvelope;
  /** The schema version the event was stored with (before upcasting). */
  readonly storedSchemaVersion: number;
  /**
   * Personal fields (payload paths) that read as null because the contract's data key was destroyed
   * (crypto-shredding); empty otherwise.
   */
  readonly shreddedFields: readonly string[];
}

/**
 * THE serializer for events: the only code that writes or reads an event's stored JSON. `encode` gives the
 * event store's EventData minus the id (the envelope's eventId is the id); `decode` reads a recorded event
 * back, upcasting old schema versions. It implements the application layer's EventCodec port.
 */
export class EventSerializer {
  private readonly upcasters: UpcasterRegistry;
  private readonly transformer: PayloadTransformer;

  constructor(options: EventSerializerOptions = {}) {
    this.upcasters = options.upcasters ?? defaultUpcasters();
    this.transformer = options.transformer ?? IDENTITY_TRANSFORMER;
  }

  /** `streamId`: the stream the event goes to (personal fields are encrypted with that contract's key). */
  async encode(event: { readonly type: string; readonly data: unknown }, envelope: EventEnvelope, streamId?: string | null): Promise<Omit<EventData, 'id'>> {
    const type = event.type;
    if (!isKnownEventType(type)) throw new EventEncodingError(type, '', 'unknown event type');
    const schemaVersion = CURRENT_SCHEMA_VERSIONS[type];
    let data: JsonObject;
    let metadata: JsonObject;
    try {
      data = (EVENT_SCHEMAS[type] as { encode(v: unknown, p: string): unknown }).encode(event.data, 'data') as JsonObject;
      metadata = METADATA_CODEC.encode({ ...envelope, schemaVersion, personalDataFormat: this.transformer.personalDataFormat ?? 1 }, 'metadata') as JsonObject;
    } catch (err) {
      if (err instanceof CodecError) throw new EventEncodingError(type, err.path, err.message);
      throw err;
    }
    return { type, data: await this.transformer.protect(type, data, envelope, { streamId: streamId ?? null }), metadata };
  }

  async decode(recorded: Pick<RecordedEvent, 'id' | 'type' | 'data' | 'metadata'> & { readonly streamId?: string }): Promise<DecodedEvent> {
    const type = recorded.type;
    const fail = (path: string, message: string) => new EventDecodingError(type, path, message, recorded.id);
    if (!isKnownEventType(type)) throw fail('', 'unknown event type');
    let stored: StoredMetadata;
    try {
      // Events written before schema versions (or personal-data formats) were recorded are version 1 (format 1).
      const raw = recorded.metadata as Record<string, unknown>;
      stored = METADATA_CODEC.decode({ schemaVersion: 1, personalDataFormat: 1, ...raw }, 'metadata');
    } catch (err) {
      if (err instanceof CodecError) throw fail(err.path, err.message);
      throw err;
    }
    const { schemaVersion, personalDataFormat, ...envelope } = stored;
    const current = CURRENT_SCHEMA_VERSIONS[type as AnyEventType];
    if (schemaVersion > current) throw fail('metadata.schemaVersion', `v${schemaVersion} was written by a newer version of this code (this one reads up to v${current})`);
    if (schemaVersion < 1) throw fail('metadata.schemaVersion', `v${schemaVersion} does not exist`);
    if (personalDataFormat < 1 || personalDataFormat > PERSONAL_DATA_FORMAT) {
      throw fail('metadata.personalDataFormat', `format ${personalDataFormat} is not one this code reads (1 to ${PERSONAL_DATA_FORMAT})`);
    }
    const context: PayloadContext = { streamId: recorded.streamId ?? null, personalDataFormat };
    const unprotected: UnprotectedPayload = this.transformer.unprotectDetailed
      ? await this.transformer.unprotectDetailed(type, recorded.data, envelope, context)
      : { data: await this.transformer.unprotect(type, recorded.data, envelope, context), shreddedFields: [] };
    let json = unprotected.data;
    try {
      if (schemaVersion < current) json = this.upcasters.upcast(type, json as { [key: string]: JsonLike }, schemaVersion, current) as JsonObject;
    } catch (err) {
      throw fail('data', err instanceof Error ? err.message : String(err));
    }
    let data: unknown;
    try {
      data = (EVENT_SCHEMAS[type] as { decode(j: unknown, p: string): unknown }).decode(json, 'data');
    } catch (err) {
      if (err instanceof CodecError) throw fail(err.path, err.message);
      throw err;
    }
    return { event: { type, data } as AnyDomainEvent, envelope, storedSchemaVersion: schemaVersion, shreddedFields: unprotected.shreddedFields };
  }
}
