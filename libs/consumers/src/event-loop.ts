import { setTimeout as delay } from 'node:timers/promises';

/**
 * Lets timers, I/O and other requests run. better-sqlite3 (and the SQLite event store) answer synchronously,
 * so a catch-up or a rebuild would otherwise run as one long chain of microtasks and starve the process —
 * HTTP requests and read queries included — until it ends. Called between batches; also tells "the
 * subscription has nothing ready": whatever it had is delivered by the next turn.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** Serializes async work: one at a time, in call order. */
export class Mutex {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(work: () => Promise<T>): Promise<T> {
    const next = this.tail.then(work);
    this.tail = next.catch(() => undefined);
    return next;
  }
}

/** Resolves after `ms` milliseconds, or as soon as `signal` aborts (a backoff that stop or retry cuts short). */
export function abortableSleep(ms: number, signal: AbortSignal): Promise<void> {
  return delay(ms, undefined, { signal }).catch(() => undefined);
}
