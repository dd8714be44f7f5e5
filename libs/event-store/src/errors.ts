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
 * one was about half the cost of such a read (bench/).
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
  override readonly name: string = 'EventStoreUnavailableError';
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}

/**
 * The operation did not finish in time (the server's deadline, or the adapter's own for `ping` and the head
 * read). For an append the outcome is unknown: retry it with the same event ids and an exact revision.
 */
export class EventStoreDeadlineExceededError extends EventStoreUnavailableError {
  override readonly name = 'EventStoreDeadlineExceededError';
}

/**
 * The node that answered is not the cluster's leader and no leader took the write within the adapter's
 * retries (an election under way, or the cluster lost its quorum). Callers may retry later.
 */
export class NotLeaderError extends EventStoreUnavailableError {
  override readonly name = 'NotLeaderError';
  constructor(
    message: string,
    /** Where the node said the leader is, when it said. */
    readonly leader: { readonly host: string; readonly port: number } | undefined,
    cause?: unknown,
  ) {
    super(message, cause);
  }
}

/** The stream was deleted for good (tombstoned): it can be neither read nor written again. */
export class StreamDeletedError extends Error {
  override readonly name = 'StreamDeletedError';
  constructor(readonly streamId: string) {
    super(`stream ${streamId} is deleted`);
  }
}

/** One append carried more bytes than the server accepts in one write (EventStoreDB: 1 MiB by default). */
export class MaxAppendSizeExceededError extends Error {
  override readonly name = 'MaxAppendSizeExceededError';
  constructor(
    readonly streamId: string,
    /** The server's limit in bytes, when it said. */
    readonly maxAppendSize: number | undefined,
  ) {
    super(`append to stream ${streamId} exceeds the server's maximum append size${maxAppendSize ? ` of ${maxAppendSize} bytes` : ''}`);
  }
}

/** The store refused the credentials, or they do not allow the operation. Not retryable: fix the configuration. */
export class EventStoreAccessDeniedError extends Error {
  override readonly name = 'EventStoreAccessDeniedError';
  constructor(message: string, cause?: unknown) {
    super(message, { cause });
  }
}

/** The store's configuration is unusable (an invalid or unsafe connection string). The message holds no secret. */
export class EventStoreConfigError extends Error {
  override readonly name = 'EventStoreConfigError';
}
