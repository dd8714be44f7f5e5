import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isSettableClock, SimulatedClock, SystemClock } from '@pfw/clock';

describe('clocks', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'pfw-clock-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('the system clock reads real time', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('the simulated clock starts at real time, stands still, and moves only when set', () => {
    const file = join(dir, 'clock.json');
    const clock = new SimulatedClock(file, () => new Date('2026-11-26T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-11-26T00:00:00.000Z');
    clock.set(new Date('2026-12-26T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-12-26T00:00:00.000Z');
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ now: '2026-12-26T00:00:00.000Z' });
  });

  it('the simulated clock resumes where it stood after a restart', () => {
    const file = join(dir, 'clock.json');
    new SimulatedClock(file, () => new Date('2026-11-26T00:00:00Z')).set(new Date('2027-01-01T00:00:00Z'));
    const restarted = new SimulatedClock(file, () => new Date('2030-01-01T00:00:00Z'));
    expect(restarted.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('the simulated clock never goes back', () => {
    const clock = new SimulatedClock(join(dir, 'clock.json'), () => new Date('2026-11-26T00:00:00Z'));
    expect(() => clock.set(new Date('2026-11-25T00:00:00Z'))).toThrow(/cannot go back/);
    expect(clock.now().toISOString()).toBe('2026-11-26T00:00:00.000Z');
  });

  it('only the simulated clock can be set (advanceClock refuses the system clock)', () => {
    expect(isSettableClock(new SimulatedClock(join(dir, 'clock.json')))).toBe(true);
    expect(isSettableClock(new SystemClock())).toBe(false);
  });
});
