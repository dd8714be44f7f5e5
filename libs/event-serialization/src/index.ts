/**
 * @pfw/event-serialization — the ONE serializer for events: encode (domain event + envelope → stored
 * JSON) and decode (recorded event → domain event + envelope) per event type and schema version, with
 * upcasters for old versions. Nothing else reads or writes raw event JSON.
 */
export * from './errors';
export * from './codec';
export * from './json';
export * from './envelope';
export * from './schemas';
export * from './upcasters';
export * from './serializer';
export * from './personal-fields';
export * from './field-encryption';
export * from './serialization.module';
