import type { RecordedEvent } from '@pfw/event-store';

/** A projection's apply threw: the batch rolled back, the projection stops (state `failed`) and retries. */
export class ProjectionApplyError extends Error {
  override readonly name = 'ProjectionApplyError';
  constructor(
    readonly projection: string,
    readonly event: Pick<RecordedEvent, 'id' | 'type' | 'streamId' | 'revision' | 'position'>,
    override readonly cause: unknown,
  ) {
    super(
      `projection ${projection} failed to apply ${event.type} ${event.id} ` +
        `(stream ${event.streamId} revision ${event.revision}, position ${event.position}): ` +
        (cause instanceof Error ? cause.message : String(cause)),
    );
  }
}

/**
 * The stored checkpoint is not where this runner left it: a rebuild swapped tables in, or another process runs
 * the same projection. The batch rolled back; the runner re-reads the checkpoint and goes on from there.
 */
export class CheckpointMovedError extends Error {
  override readonly name = 'CheckpointMovedError';
  constructor(
    readonly projection: string,
    readonly expected: bigint | null,
  ) {
    super(`checkpoint of projection ${projection} moved away from ${expected ?? 'start'}; re-reading it`);
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
