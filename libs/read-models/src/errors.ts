import { EventHandlingError } from '@pfw/consumers';
import type { RecordedEvent } from '@pfw/event-store';

/** A projection's apply threw: the batch rolled back, the projection stops (state `failed`) and retries. */
export class ProjectionApplyError extends EventHandlingError {
  override readonly name = 'ProjectionApplyError';
  constructor(
    readonly projection: string,
    override readonly event: Pick<RecordedEvent, 'id' | 'type' | 'streamId' | 'revision' | 'position'>,
    override readonly cause: unknown,
  ) {
    super(
      projection,
      event,
      `projection ${projection} failed to apply ${event.type} ${event.id} ` +
        `(stream ${event.streamId} revision ${event.revision}, position ${event.position}): ` +
        (cause instanceof Error ? cause.message : String(cause)),
      cause,
    );
  }
}

export class RebuildInProgressError extends Error {
  override readonly name = 'RebuildInProgressError';
  constructor(readonly projection: string) {
    super(`projection ${projection} is already being rebuilt in this process`);
  }
}

export class RebuildAbortedError extends Error {
  override readonly name = 'RebuildAbortedError';
  constructor(readonly projection: string) {
    super(`rebuild of projection ${projection} aborted; the live tables are unchanged`);
  }
}
