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

/**
 * A personal field cannot be read although it should be: its contract's data key is missing (lost,
 * not destroyed), cannot be unwrapped (another master key), or the ciphertext does not authenticate
 * (tampered with, moved). A shredded field is NOT this error: it reads as null. Readers surface it as a
 * failure state with this message (a projection's `failed`, a saga step's error), never as a crash.
 */
export class PersonalDataUnavailableError extends Error {
  override readonly name = 'PersonalDataUnavailableError';
  readonly reason: 'KEY_MISSING' | 'KEY_UNREADABLE' | 'UNREADABLE' | 'MALFORMED';
  readonly contractId: string | null;
  readonly eventId: string | null;
  readonly eventType: string | null;
  readonly path: string | null;

  constructor(f: {
    readonly reason: PersonalDataUnavailableError['reason'];
    readonly contractId: string | null;
    readonly detail: string;
    readonly eventId?: string | null;
    readonly eventType?: string | null;
    readonly path?: string | null;
  }) {
    const where = f.eventType ? ` in ${f.eventType}${f.eventId ? ` (${f.eventId})` : ''}${f.path ? ` at data.${f.path}` : ''}` : '';
    super(`personal data of contract ${f.contractId ?? '(unknown)'} is unavailable${where}: ${f.reason}: ${f.detail}`);
    this.reason = f.reason;
    this.contractId = f.contractId;
    this.eventId = f.eventId ?? null;
    this.eventType = f.eventType ?? null;
    this.path = f.path ?? null;
  }
}
