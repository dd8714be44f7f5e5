import { PeriodicJob } from '@pfw/clock';

describe('PeriodicJob', () => {
  it('runs once at start, and stop waits for the run in progress', async () => {
    let release!: () => void;
    const runs: string[] = [];
    const job = new PeriodicJob(3_600_000, async () => {
      runs.push('started');
      await new Promise<void>((r) => (release = r));
      runs.push('finished');
    }, () => undefined);
    job.start();
    expect(runs).toEqual(['started']);
    const stopped = job.stop().then(() => runs.push('stopped'));
    release();
    await stopped;
    expect(runs).toEqual(['started', 'finished', 'stopped']);
  });

  it('reports a failing run instead of throwing', async () => {
    const errors: unknown[] = [];
    const job = new PeriodicJob(3_600_000, async () => { throw new Error('disk full'); }, (err) => errors.push(err));
    job.start();
    await job.stop();
    expect(errors).toEqual([new Error('disk full')]);
  });
});
