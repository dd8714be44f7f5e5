import { readAllCheckpoints } from './checkpoints';
import type { ReadModelDb } from './db';
import type { ProjectionRegistry } from './registry';

export interface CheckpointWatchOptions {
  /** How often the stored checkpoints are read while someone waits (default 200 ms). */
  readonly pollMs?: number;
}

interface Waiter {
  readonly projection: string;
  readonly position: bigint;
  readonly resolve: () => void;
  readonly reject: (err: unknown) => void;
}

/** Why a waitFor ended without the projection reaching its position. */
export class CheckpointWatchClosedError extends Error {
  constructor(message = 'checkpoint watch closed') {
    super(message);
    this.name = 'CheckpointWatchClosedError';
  }
}

/**
 * "The projection has committed up to position P", as the read-model database says — so it holds whichever
 * process ran the projection. The stored checkpoints are read every `pollMs` while anyone waits (one query
 * for all waiters), and a commit of a runner in this process wakes its waiters at once. Live feeds use it to
 * show a read model only after the projection committed the event they report; a process that runs no
 * projection (an api replica) still sees every commit through the database.
 */
export class CheckpointWatch {
  private readonly waiters = new Set<Waiter>();
  private readonly known = new Map<string, bigint>();
  private readonly pollMs: number;
  private timer: NodeJS.Timeout | null = null;
  private polling = false;
  private closed = false;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly db: ReadModelDb,
    registry: ProjectionRegistry | null,
    options: CheckpointWatchOptions = {},
  ) {
    this.pollMs = options.pollMs ?? 200;
    for (const name of registry?.names() ?? []) {
      const onCommitted = (position: bigint) => this.observe(name, position);
      const events = registry!.get(name).events;
      events.on('committed', onCommitted);
      this.unsubscribe.push(() => events.off('committed', onCommitted));
    }
  }

  /** Waiters pending (for tests and metrics). */
  get pending(): number {
    return this.waiters.size;
  }

  /**
   * Resolves once the stored checkpoint of `projection` is at or past `position`; rejects with the signal's
   * reason when it aborts, or CheckpointWatchClosedError on close.
   */
  waitFor(projection: string, position: bigint, signal?: AbortSignal): Promise<void> {
    if (this.closed) return Promise.reject(new CheckpointWatchClosedError());
    if (signal?.aborted) return Promise.reject(signal.reason);
    const seen = this.known.get(projection);
    if (seen !== undefined && seen >= position) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const onAbort = () => {
        this.waiters.delete(waiter);
        reject(signal!.reason);
      };
      const waiter: Waiter = {
        projection,
        position,
        resolve: () => {
          signal?.removeEventListener('abort', onAbort);
          resolve();
        },
        reject: (err) => {
          signal?.removeEventListener('abort', onAbort);
          reject(err);
        },
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      this.schedule(0);
    });
  }

  /** The stored checkpoint of `projection` now (null before its first event or when unknown). */
  async current(projection: string): Promise<bigint | null> {
    await this.poll();
    return this.known.get(projection) ?? null;
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    for (const off of this.unsubscribe.splice(0)) off();
    for (const waiter of [...this.waiters]) {
      this.waiters.delete(waiter);
      waiter.reject(new CheckpointWatchClosedError());
    }
  }

  private observe(projection: string, position: bigint): void {
    const seen = this.known.get(projection);
    if (seen === undefined || position > seen) this.known.set(projection, position);
    const now = this.known.get(projection)!;
    for (const waiter of [...this.waiters]) {
      if (waiter.projection === projection && now >= waiter.position) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  private schedule(delay: number): void {
    if (this.closed || this.timer || this.waiters.size === 0) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.poll().finally(() => this.schedule(this.pollMs));
    }, delay);
  }

  private async poll(): Promise<void> {
    if (this.polling) return;
    this.polling = true;
    try {
      for (const checkpoint of await readAllCheckpoints(this.db)) {
        if (checkpoint.position !== null) this.observe(checkpoint.projection, checkpoint.position);
      }
    } catch {
      // The database did not answer: the next poll asks again; waiters keep waiting (or are aborted).
    } finally {
      this.polling = false;
    }
  }
}
