/**
 * Lets timers, I/O and other requests run. better-sqlite3 (and the SQLite event store) answer synchronously,
 * so a catch-up or a rebuild would otherwise run as one long chain of microtasks and starve the process —
 * HTTP requests and read queries included — until it ends. Called between batches.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
