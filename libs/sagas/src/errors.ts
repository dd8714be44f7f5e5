/**
 * `advanceClock` while the clock is the system clock. The GraphQL layer maps it to
 * `extensions.code = "CLOCK_NOT_SIMULATED"` (API.md "Errors").
 */
export class ClockNotSimulatedError extends Error {
  override readonly name = 'ClockNotSimulatedError';
  readonly code = 'CLOCK_NOT_SIMULATED' as const;
  constructor() {
    super('the clock only moves by itself: advanceClock needs CLOCK=simulated');
  }
}

/** A saga step that a person must look at (retrying by itself cannot help): it goes straight to `stuck`. */
export class NeedsAttentionError extends Error {
  override readonly name = 'NeedsAttentionError';
}
