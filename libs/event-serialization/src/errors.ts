/** An event could not be written: its payload does not match its type's schema (a programming error). */
export class EventEncodingError extends Error {
  override readonly name = 'EventEncodingError';
  constructor(
    readonly eventType: string,
    readonly path: string,
    message: string,
  ) {
    super(`cannot encode ${eventType}${path ? ` at ${path}` : ''}: ${message}`);
  }
}

/** A stored event could not be read back (unknown type, newer schema version, malformed field). */
export class EventDecodingError extends Error {
  override readonly name = 'EventDecodingError';
  constructor(
    readonly eventType: string,
    readonly path: string,
    message: string,
    readonly eventId?: string,
  ) {
    super(`cannot decode ${eventType}${eventId ? ` (${eventId})` : ''}${path ? ` at ${path}` : ''}: ${message}`);
  }
}
