import type { ExpectedRevision } from './port';

/** The stream was not at the expected revision: another writer got there first. */
export class WrongExpectedRevisionError extends Error {
  override readonly name = 'WrongExpectedRevisionError';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** The stream's actual last revision, or `no_stream`. */
    readonly actual: number | 'no_stream',
  ) {
    super(`stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
  }
}

export class StreamNotFoundError extends Error {
  override readonly name = 'StreamNotFoundError';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} not found`);
  }
}

/** An event id was appended before at another place (other stream or revision): not an idempotent retry. */
export class DuplicateEventIdError extends Error {
  override readonly name = 'DuplicateEventIdError';
  constructor(readonly eventId: string, readonly streamId: string) {
    super(`event ${eventId} already exists elsewhere than stream ${streamId} at this revision`);
  }
}

/** The store cannot be reached (connection refused, server down). Callers may retry later. */
export class EventStoreUnavailableError extends Error {
  override readonly name = 'EventStoreUnavailableError';
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}
