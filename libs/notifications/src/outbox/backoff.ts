export interface RetryPolicy {
  /** Delay after the first failure. */
  readonly initialDelayMs: number;
  /** Growth per failure (2 = exponential doubling). */
  readonly factor: number;
  /** Cap of a single delay. */
  readonly maxDelayMs: number;
  /** After this many failures of a stage the notice is `STUCK` until `retry(id)`. */
  readonly maxAttempts: number;
}

/** 30 s, 1 min, 2 min, … capped at 1 h; stuck after the 10th failure (about 3 h 30 min after the first try). */
export const DEFAULT_RETRY_POLICY: RetryPolicy = Object.freeze({
  initialDelayMs: 30_000,
  factor: 2,
  maxDelayMs: 60 * 60 * 1000,
  maxAttempts: 10,
});

export function retryPolicy(overrides: Partial<RetryPolicy> = {}): RetryPolicy {
  const p = { ...DEFAULT_RETRY_POLICY, ...overrides };
  if (!(p.initialDelayMs >= 0) || !(p.factor >= 1) || !(p.maxDelayMs >= p.initialDelayMs) || !(Number.isInteger(p.maxAttempts) && p.maxAttempts >= 1)) {
    throw new RangeError('retry policy: need initialDelayMs ≥ 0, factor ≥ 1, maxDelayMs ≥ initialDelayMs, maxAttempts ≥ 1');
  }
  return p;
}

/** The wait after the `failures`-th failure (1-based): min(initial × factor^(failures−1), max). */
export function backoffDelay(policy: RetryPolicy, failures: number): number {
  const raw = policy.initialDelayMs * Math.pow(policy.factor, Math.max(0, failures - 1));
  return Math.min(policy.maxDelayMs, Math.round(raw));
}
