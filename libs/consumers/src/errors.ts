import type { RecordedEvent } from '@pfw/event-store';

/**
 * The stored checkpoint is not where this consumer left it: a rebuild swapped, or another reader of the same
 * checkpoint committed first. The batch rolled back; the consumer re-reads the checkpoint and goes on.
 */
export class CheckpointMovedError extends Error {
  override readonly name = 'CheckpointMovedError';
  constructor(
    readonly consumer: string,
    readonly expected: bigint | null,
  ) {
    super(`checkpoint of ${consumer} moved away from ${expected ?? 'start'}; re-reading it`);
  }
}

/** The event a consumer stopped at: shown in its failure, so an operator sees which event to look at. */
export type FailedEvent = Pick<RecordedEvent, 'id' | 'type' | 'streamId' | 'position'>;

/** Handling one event threw: the batch rolled back, the consumer stops at that event (state `failed`) and retries. */
export class EventHandlingError extends Error {
  override readonly name: string = 'EventHandlingError';
  constructor(
    readonly consumer: string,
    readonly event: FailedEvent,
    message: string,
    override readonly cause?: unknown,
  ) {
    super(message);
  }
}

/**
 * Thrown by a handler's `prepare` when this process must not run the consumer now and should let another
 * process run it (a projection whose live tables were built by a newer version): the consumer gives its
 * admission back, reports state `standby` with this message, and asks again later. Not a failure.
 */
export class ConsumerStandbyError extends Error {
  override readonly name: string = 'ConsumerStandbyError';
}
