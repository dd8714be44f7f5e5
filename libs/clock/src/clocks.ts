import type { Clock } from '@pfw/domain';
import { PeriodicJob } from './periodic-job';

/** The domain's port (where every command's "now" comes from); this lib holds its implementations. */
export type { Clock };

/** A clock that only moves when told to (`advanceClock`). */
export interface SettableClock extends Clock {
  /**
   * Moves the clock to `to` at once in this process (a RangeError, thrown, for an instant in its past); the
   * promise settles once every process sharing the clock can see it.
   */
  set(to: Date): Promise<void>;
}

export function isSettableClock(clock: Clock): clock is SettableClock {
  return typeof (clock as Partial<SettableClock>).set === 'function';
}

export const CLOCK = Symbol.for('pfw.Clock');

/** Real time. */
export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

/**
 * Where a simulated clock's instant is kept so that every process of a deployment reads the same time
 * (the read-model database: `SqlSimulatedClockStore`).
 */
export interface SimulatedClockStore {
  /** The stored instant, or null before the clock's first start. */
  read(): Promise<Date | null>;
  /** Stores `at` unless a later instant is stored already; answers the instant stored now. */
  advance(at: Date): Promise<Date>;
}

export interface SimulatedClockOptions {
  /** Where the clock starts when the store holds no instant yet (default: real time). */
  readonly realNow?: () => Date;
  /** How often the stored instant is read again, to follow another process's `advanceClock` (default 250 ms). */
  readonly followMs?: number;
}

/**
 * CLOCK=simulated: a test clock, as billing systems offer. It starts at the real time on first start, stands
 * still, and moves only when told to (`advanceClock`). With a store its instant is kept there, so a restart
 * resumes where the clock stood and every process sharing the store follows the furthest instant any of them
 * set (read again every `followMs`); without one it lives in this process only (unit tests).
 */
export class SimulatedClock implements SettableClock {
  private current: Date;
  private saving: Promise<unknown> = Promise.resolve();
  private following: PeriodicJob | undefined;

  constructor(
    start: Date,
    private readonly store: SimulatedClockStore | null = null,
  ) {
    this.current = new Date(start.getTime());
  }

  /** The clock of `store`, started at real time when the store holds none yet, following the stored instant. */
  static async open(store: SimulatedClockStore, options: SimulatedClockOptions = {}): Promise<SimulatedClock> {
    const start = (await store.read()) ?? (await store.advance((options.realNow ?? (() => new Date()))()));
    const clock = new SimulatedClock(start, store);
    clock.follow(options.followMs ?? 250);
    return clock;
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  set(to: Date): Promise<void> {
    if (to.getTime() < this.current.getTime()) {
      throw new RangeError(`the simulated clock stands at ${this.current.toISOString()}; it cannot go back to ${to.toISOString()}`);
    }
    this.current = new Date(to.getTime());
    const store = this.store;
    if (!store) return Promise.resolve();
    const saved = this.saving.then(() => store.advance(to)).then((stored) => this.moveTo(stored));
    this.saving = saved.catch(() => undefined);
    return saved;
  }

  /** Stops following the store (the instant stays where it is). */
  close(): void {
    void this.following?.stop();
    this.following = undefined;
  }

  /** Nest calls this on shutdown. */
  onApplicationShutdown(): void {
    this.close();
  }

  private follow(intervalMs: number): void {
    const store = this.store;
    if (!store || intervalMs <= 0) return;
    this.following = new PeriodicJob(
      intervalMs,
      async () => {
        const stored = await store.read();
        if (stored) this.moveTo(stored);
      },
      // A failed read (the database restarting) leaves the clock where it stands until the next one.
      () => undefined,
    );
    this.following.start();
  }

  /** Time that passed stays passed: only a later instant moves the clock. */
  private moveTo(at: Date): void {
    if (at.getTime() > this.current.getTime()) this.current = new Date(at.getTime());
  }
}
