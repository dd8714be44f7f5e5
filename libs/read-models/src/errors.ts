import { ConsumerStandbyError, EventHandlingError } from '@pfw/consumers';
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

/**
 * The live tables were built by a newer version of the projection than this build's (a rolling upgrade in
 * progress): this build never rebuilds them down to its older version.
 */
export class ProjectionSupersededError extends ConsumerStandbyError {
  override readonly name = 'ProjectionSupersededError';
  constructor(
    readonly projection: string,
    readonly liveVersion: number,
    readonly version: number,
  ) {
    super(`projection ${projection}: the live tables are version ${liveVersion}, newer than this build's ${version}; serving them read-only and leaving the projection to the newer build`);
  }
}

export class RebuildAbortedError extends Error {
  override readonly name = 'RebuildAbortedError';
  constructor(readonly projection: string) {
    super(`rebuild of projection ${projection} aborted; the live tables are unchanged`);
  }
}
