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

/**
 * The stream has no event. An expected answer, not a fault — every command on the `service` stream of an
 * installation that never suspended or revised its terms gets it — so it carries no stack trace: capturing
 * one was about half the cost of such a read (bench, issue 9).
 */
export class StreamNotFoundError extends Error {
  override readonly name = 'StreamNotFoundError';
  readonly streamId: string;
  constructor(streamId: string) {
    const limit = Error.stackTraceLimit;
    Error.stackTraceLimit = 0;
    try {
      super(`stream ${streamId} not found`);
    } finally {
      Error.stackTraceLimit = limit;
    }
    this.streamId = streamId;
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
