import type { RecordedEvent } from '@pfw/event-store';

/**
 * What a consumer does with the log, and where its checkpoint lives. The checkpoint is stored next to the
 * consumer's effects (a projection's tables, a saga's states and deadlines, the audit tree) so that one
 * transaction moves both.
 */
export interface ConsumerHandler<Result = void> {
  /**
   * Runs once admitted, before each subscription: creating tables on a first start, rebuilding when the
   * code's version changed. May call `context.preparing()` to report a long preparation (state `preparing`).
   */
  prepare?(context: PrepareContext): Promise<void>;
  /**
   * Asked before the gate, and again every `standbyRetryMs` while waiting for it: a reason when this process
   * must not run the consumer now (another build's state, see ConsumerStandbyError), else null.
   */
  standby?(): Promise<string | null>;
  /** The stored checkpoint: the position of the last event handled, null before the first. */
  readCheckpoint(): Promise<bigint | null>;
  /**
   * ONE transaction: moves the stored checkpoint from `from` to the last event's position and handles
   * `events` (in log order) in it. When the stored checkpoint is no longer at `from` (a rebuild swapped, a
   * second reader committed first), it either throws {@link CheckpointMovedError} — the consumer re-reads the
   * checkpoint and goes on from there — or skips the events at or before the stored checkpoint. Either
   * way no event is handled twice. What it answers travels with the `committed` event.
   */
  commit(events: readonly RecordedEvent[], from: bigint | null): Promise<Result>;
}

export interface PrepareContext {
  /** Aborted by stop(). */
  readonly signal: AbortSignal;
  /** Reports a long preparation (a rebuild): the consumer's state becomes `preparing`. */
  preparing(): void;
}
