/**
 * A housekeeping job run at start and then every `everyMs` of real time, one run at a time (a run still going
 * when the next is due is not doubled). The timer is unref'd, so it never keeps a process alive by itself;
 * `stop()` waits for a run in progress.
 */
export class PeriodicJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly everyMs: number,
    private readonly run: () => Promise<unknown>,
    private readonly onError: (err: unknown) => void,
  ) {}

  start(): void {
    const tick = () => {
      if (this.running) return;
      this.running = this.run()
        .catch(this.onError)
        .finally(() => {
          this.running = null;
        });
    };
    tick();
    this.timer = setInterval(tick, this.everyMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }
}
