import { createClock, SIMULATED_CLOCK_FILE, type Clock } from '@pfw/clock';

export { SIMULATED_CLOCK_FILE };

/** A clock that only moves when told to (`advanceClock`). */
export interface SettableClock extends Clock {
  set(to: Date): void;
}

export function isSettableClock(clock: Clock): clock is SettableClock {
  return typeof (clock as Partial<SettableClock>).set === 'function';
}

/**
 * The clock the configuration names: the system clock, or (`CLOCK=simulated`) a simulated clock that starts
 * at the real time on first start and is kept in `<DATA_DIR>/simulated-clock.json`. Provide it as CLOCK.
 */
export function createAppClock(config: { readonly clock: 'system' | 'simulated'; readonly dataDir: string }): Clock {
  return createClock(config);
}
