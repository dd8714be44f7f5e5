import type { EventStore, LogFilter } from '@pfw/event-store';

export interface PositionWaitersOptions {
  readonly store: EventStore;
  /** The events the consumer handles (none given: every event). */
  readonly filter?: LogFilter;
  /**
   * Where the consumer's checkpoint is stored, for waits that another process's commits decide (an api replica
   * that runs no projection, a gated consumer): read every `everyMs` (default 200) while anyone waits.
   */
  readonly stored?: StoredPosition;
}

export interface StoredPosition {
  /** The committed position as the shared store says (null before the first event). */
  read(): Promise<bigint | null>;
  readonly everyMs?: number;
}

interface Waiter {
  readonly target: bigint;
  /**
   * Once known: the last event up to the target that the consumer handles — the position it must reach.
   * The log up to a visible target never changes, so it is looked up once, not at every commit.
   */
  needed: bigint | null;
  checking: boolean;
  again: boolean;
  done: boolean;
  finish(reached: boolean): void;
}

/**
 * The one "has this consumer reached position P" service, for read-your-writes and live feeds alike:
 * `waitForPosition(p)` resolves true as soon as the consumer reflects every event up to `p` — it committed a
 * position ≥ p, or none of the events between its position and `p` is one it handles — or false after the
 * timeout or when the signal aborts. It never rejects: a consumer that failed may still recover within the
 * timeout, and a caller that needs more than a boolean asks the consumer's status.
 *
 * Woken by {@link positionKnown} (each commit in this process) and, when the consumer's checkpoint is stored
 * where other processes commit it ({@link PositionWaitersOptions.stored}), by reading it while anyone waits —
 * so a process that runs no consumer still sees every commit. Positions are only compared, never computed with.
 */
export class PositionWaiters {
  private readonly waiters = new Set<Waiter>();
  private current: bigint | null = null;
  private pollTimer: NodeJS.Timeout | null = null;
  private polling: Promise<void> | null = null;
  private closed = false;

  constructor(private readonly options: PositionWaitersOptions) {}

  /** The committed position: the stored one when it is stored elsewhere (read now), else the last one known here. */
  async position(): Promise<bigint | null> {
    await this.readStored();
    return this.current;
  }

  /** Ends every pending wait with false and stops reading the stored position. */
  close(): void {
    this.closed = true;
    if (this.pollTimer) clearTimeout(this.pollTimer);
    this.pollTimer = null;
    for (const waiter of [...this.waiters]) waiter.finish(false);
  }

  /** Waits currently pending (for tests and metrics). */
  get pending(): number {
    return this.waiters.size;
  }

  /**
   * True once the consumer reflects the log up to `position`; false after `timeoutMs` (Infinity: no limit), when
   * `signal` aborts or on close.
   */
  waitForPosition(position: bigint, timeoutMs: number, signal?: AbortSignal): Promise<boolean> {
    if (this.reached(position)) return Promise.resolve(true);
    if (signal?.aborted || this.closed) return Promise.resolve(false);
    return new Promise<boolean>((resolve) => {
      const waiter: Waiter = {
        target: position,
        needed: null,
        checking: false,
        again: false,
        done: false,
        finish: (reached) => {
          if (waiter.done) return;
          waiter.done = true;
          if (timer) clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.waiters.delete(waiter);
          resolve(reached);
        },
      };
      const timer = Number.isFinite(timeoutMs) ? setTimeout(() => waiter.finish(false), timeoutMs) : null;
      const onAbort = () => waiter.finish(false);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      void this.recheck(waiter);
      this.schedulePoll(0);
    });
  }

  /** The consumer's position changed (a commit, a re-read checkpoint): finishes the waits it decides. */
  positionKnown(position: bigint | null): void {
    this.current = position;
    for (const waiter of this.waiters) {
      if (this.reached(waiter.target) || (waiter.needed !== null && this.reached(waiter.needed))) waiter.finish(true);
      else if (waiter.needed === null) void this.recheck(waiter);
    }
  }

  /** A stored position read from the shared store: it only ever moves the known position forward. */
  private observeStored(position: bigint | null): void {
    if (position === null || (this.current !== null && position <= this.current)) return;
    this.positionKnown(position);
  }

  private schedulePoll(delay: number): void {
    if (!this.options.stored || this.closed || this.pollTimer || this.waiters.size === 0) return;
    this.pollTimer = setTimeout(() => {
      this.pollTimer = null;
      void this.readStored().finally(() => this.schedulePoll(this.options.stored?.everyMs ?? 200));
    }, delay);
    this.pollTimer.unref();
  }

  private readStored(): Promise<void> {
    const stored = this.options.stored;
    if (!stored) return Promise.resolve();
    this.polling ??= stored
      .read()
      .then((position) => this.observeStored(position))
      // The store did not answer: the next read asks again; waiters keep waiting (or time out, or are aborted).
      .catch(() => undefined)
      .finally(() => {
        this.polling = null;
      });
    return this.polling;
  }

  private reached(target: bigint): boolean {
    return this.current !== null && this.current >= target;
  }

  /**
   * Decides a waiter from the log: reached when no event the consumer handles lies between its position and
   * the target, i.e. once it reached the last such event up to the target. The head is read first: once it is
   * at or past the target, every event up to the target is visible and will never change, so that last
   * handled event is read once; the commits then only compare positions (one read per waiter, not one per
   * waiter per commit).
   */
  private async recheck(waiter: Waiter): Promise<void> {
    if (waiter.checking) {
      waiter.again = true;
      return;
    }
    waiter.checking = true;
    try {
      do {
        waiter.again = false;
        if (waiter.done) return;
        if (this.reached(waiter.target)) return waiter.finish(true);
        const head = await this.options.store.headPosition();
        // Not visible yet: the next commit asks again.
        if (head === null || head < waiter.target) continue;
        const last = await this.lastHandledUpTo(waiter.target);
        if (waiter.done) return;
        if (last === null || this.reached(waiter.target) || this.reached(last)) return waiter.finish(true);
        waiter.needed = last;
      } while (waiter.again);
    } catch {
      // The store did not answer: the next commit, or the timeout, decides.
    } finally {
      waiter.checking = false;
    }
  }

  /** Position of the last event at or before `position` that the consumer handles, or null when none is. */
  private async lastHandledUpTo(position: bigint): Promise<bigint | null> {
    const events = this.options.store.readAll({ fromPosition: position, direction: 'backwards', maxCount: 1, filter: this.options.filter });
    for await (const event of events) return event.position;
    return null;
  }
}
