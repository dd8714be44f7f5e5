import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Clock } from '@pfw/domain';

/** The domain's port (where every command's "now" comes from); this lib holds its implementations. */
export type { Clock };

/** A clock that only moves when told to (`advanceClock`). */
export interface SettableClock extends Clock {
  set(to: Date): void;
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
 * CLOCK=simulated: a test clock, as billing systems offer. It starts at the real time on first start,
 * stands still, and moves only when told to (`advanceClock`). Its instant is kept in a file under DATA_DIR,
 * so a restart resumes where the clock stood.
 */
export class SimulatedClock implements SettableClock {
  private current: Date;

  constructor(
    private readonly file: string,
    realNow: () => Date = () => new Date(),
  ) {
    this.current = SimulatedClock.read(file) ?? realNow();
    this.persist();
  }

  private static read(file: string): Date | null {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      return null;
    }
    const parsed = JSON.parse(text) as { now?: unknown };
    const at = typeof parsed.now === 'string' ? new Date(parsed.now) : null;
    if (!at || Number.isNaN(at.getTime())) throw new Error(`${file}: not a simulated clock file`);
    return at;
  }

  now(): Date {
    return new Date(this.current.getTime());
  }

  /** Moves the clock forward to `to` (never backwards: time that passed stays passed). */
  set(to: Date): void {
    if (to.getTime() < this.current.getTime()) {
      throw new RangeError(`the simulated clock stands at ${this.current.toISOString()}; it cannot go back to ${to.toISOString()}`);
    }
    this.current = new Date(to.getTime());
    this.persist();
  }

  private persist(): void {
    mkdirSync(dirname(this.file), { recursive: true });
    const tmp = `${this.file}.tmp`;
    writeFileSync(tmp, `${JSON.stringify({ now: this.current.toISOString() })}\n`);
    renameSync(tmp, this.file);
  }
}
