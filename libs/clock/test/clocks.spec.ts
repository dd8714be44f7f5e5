import { mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createReadModelDb, migrateReadModels, type ReadModelDb } from '@pfw/read-models';
import { createClock, importLegacyClockFile, isSettableClock, SimulatedClock, SqlSimulatedClockStore, SystemClock, type SimulatedClockStore, CLOCK_MIGRATIONS } from '@pfw/clock';

describe('clocks', () => {
  let dir: string;
  let db: ReadModelDb;
  let store: SimulatedClockStore;
  const opened: SimulatedClock[] = [];
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'pfw-clock-'));
    db = createReadModelDb({ readModelUrl: null, dataDir: dir });
    await migrateReadModels(db, CLOCK_MIGRATIONS);
    store = new SqlSimulatedClockStore(db);
  });
  afterEach(async () => {
    for (const clock of opened.splice(0)) clock.close();
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  });
  const open = async (realNow: string, followMs = 0) => {
    const clock = await SimulatedClock.open(store, { realNow: () => new Date(realNow), followMs });
    opened.push(clock);
    return clock;
  };

  it('the system clock reads real time', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
    expect(now).toBeLessThanOrEqual(Date.now());
  });

  it('the simulated clock starts at real time, stands still, and moves only when set; the database keeps its instant', async () => {
    const clock = await open('2026-11-26T00:00:00Z');
    expect(clock.now().toISOString()).toBe('2026-11-26T00:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-11-26T00:00:00.000Z');
    await clock.set(new Date('2026-12-26T00:00:00Z'));
    expect(clock.now().toISOString()).toBe('2026-12-26T00:00:00.000Z');
    expect((await store.read())?.toISOString()).toBe('2026-12-26T00:00:00.000Z');
  });

  it('the simulated clock resumes where it stood after a restart', async () => {
    await (await open('2026-11-26T00:00:00Z')).set(new Date('2027-01-01T00:00:00Z'));
    const restarted = await open('2030-01-01T00:00:00Z');
    expect(restarted.now().toISOString()).toBe('2027-01-01T00:00:00.000Z');
  });

  it('two processes sharing the database read one time: an advance on one is followed by the other', async () => {
    const a = await open('2026-11-26T00:00:00Z', 10);
    const b = await open('2026-11-27T00:00:00Z', 10);
    expect(b.now().toISOString()).toBe('2026-11-26T00:00:00.000Z');
    await a.set(new Date('2026-12-01T00:00:00Z'));
    const deadline = Date.now() + 5_000;
    while (b.now().getTime() !== new Date('2026-12-01T00:00:00Z').getTime() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    expect(b.now().toISOString()).toBe('2026-12-01T00:00:00.000Z');
  });

  it('the stored instant never goes back, even when a process that lags behind sets an earlier one', async () => {
    const a = await open('2026-11-26T00:00:00Z');
    const b = await open('2026-11-26T00:00:00Z');
    await a.set(new Date('2026-12-10T00:00:00Z'));
    // b has not read a's advance yet: its own earlier move leaves the shared instant where a put it, and b catches up.
    await b.set(new Date('2026-12-01T00:00:00Z'));
    expect((await store.read())?.toISOString()).toBe('2026-12-10T00:00:00.000Z');
    expect(b.now().toISOString()).toBe('2026-12-10T00:00:00.000Z');
  });

  it('the simulated clock never goes back in a process', async () => {
    const clock = await open('2026-11-26T00:00:00Z');
    expect(() => clock.set(new Date('2026-11-25T00:00:00Z'))).toThrow(/cannot go back/);
    expect(clock.now().toISOString()).toBe('2026-11-26T00:00:00.000Z');
  });

  it('a single host upgraded: the instant of its DATA_DIR/simulated-clock.json moves into the database once and the file goes', async () => {
    writeFileSync(join(dir, 'simulated-clock.json'), `${JSON.stringify({ now: '2027-02-03T04:05:06.000Z' })}\n`);
    const clock = await createClock({ clock: 'simulated', dataDir: dir }, db);
    opened.push(clock as SimulatedClock);
    expect(clock.now().toISOString()).toBe('2027-02-03T04:05:06.000Z');
    expect(existsSync(join(dir, 'simulated-clock.json'))).toBe(false);
    expect(await importLegacyClockFile(join(dir, 'simulated-clock.json'), store)).toBeNull();
  });

  it('only the simulated clock can be set (advanceClock refuses the system clock)', async () => {
    expect(isSettableClock(new SimulatedClock(new Date()))).toBe(true);
    expect(isSettableClock(await createClock({ clock: 'system', dataDir: dir }, db))).toBe(false);
  });
});
