import { abortableSleep } from '@pfw/consumers';

/**
 * Time as the audit log service uses it besides its Clock (which stamps tree heads), injectable so tests drive
 * it without waiting: the scheduler runs the tree-head interval and the follower's retry pauses.
 */
export interface AuditScheduler {
  /** Calls `fn` every `ms` milliseconds until the returned function is called (what `fn` returns is the caller's to await, if it likes). */
  every(ms: number, fn: () => Promise<void>): () => void;
  /** Resolves after `ms` milliseconds, or as soon as `signal` aborts. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** Real timers. The interval is unref'd: a pending tree head never keeps a process alive by itself. */
export const systemAuditScheduler: AuditScheduler = {
  every(ms, fn) {
    const timer = setInterval(() => void fn(), ms);
    timer.unref();
    return () => clearInterval(timer);
  },
  sleep: abortableSleep,
};
