import type { EventStore } from '@pfw/event-store';
import type { ReadModelDb } from './db';
import type { Projection } from './projection';
import type { RebuildProgress, RebuildResult } from './rebuild';
import { ProjectionRunner, type ProjectionRunnerTuning, type ProjectionStatus } from './runner';

export interface ProjectionStatusWithLag extends ProjectionStatus {
  /** head − checkpoint in log positions (0 when nothing it handles is pending); null if it could not be read. */
  readonly lag: bigint | null;
}

export interface ProjectionRegistryOptions extends ProjectionRunnerTuning {
  readonly db: ReadModelDb;
  readonly store: EventStore;
}

/** Every projection of the process, each with its runner. */
export class ProjectionRegistry {
  private readonly runners = new Map<string, ProjectionRunner>();

  constructor(
    private readonly options: ProjectionRegistryOptions,
    projections: readonly Projection[] = [],
  ) {
    for (const projection of projections) this.register(projection);
  }

  register(projection: Projection): ProjectionRunner {
    if (this.runners.has(projection.name)) throw new Error(`projection ${projection.name} is registered twice`);
    const runner = new ProjectionRunner({ ...this.options, projection });
    this.runners.set(projection.name, runner);
    return runner;
  }

  get(name: string): ProjectionRunner {
    const runner = this.runners.get(name);
    if (!runner) throw new Error(`unknown projection ${name} (known: ${[...this.runners.keys()].join(', ') || 'none'})`);
    return runner;
  }

  names(): string[] {
    return [...this.runners.keys()];
  }

  startAll(): void {
    for (const runner of this.runners.values()) runner.start();
  }

  async stopAll(): Promise<void> {
    await Promise.all([...this.runners.values()].map((r) => r.stop()));
  }

  /**
   * Resolves true once every named projection (default: all) reflects the log up to `position`, or false when
   * `timeoutMs` runs out (Infinity: never) or `signal` aborts first. Read-your-writes answers anyway, with the
   * position; a live feed ends.
   */
  async waitForPosition(position: bigint, timeoutMs: number, names?: readonly string[], signal?: AbortSignal): Promise<boolean> {
    const runners = names ? names.map((n) => this.get(n)) : [...this.runners.values()];
    const results = await Promise.all(runners.map((r) => r.waitForPosition(position, timeoutMs, signal)));
    return results.every(Boolean);
  }

  /** A projection's checkpoint as stored now, whichever process committed it. */
  committedPosition(name: string): Promise<bigint | null> {
    return this.get(name).committedPosition();
  }

  /** Ends every pending wait with false (shutdown). */
  closeWaits(): void {
    for (const runner of this.runners.values()) runner.closeWaits();
  }

  async status(): Promise<ProjectionStatusWithLag[]> {
    return Promise.all(
      [...this.runners.values()].map(async (runner) => ({
        ...runner.status(),
        lag: await runner.lag().catch(() => null),
      })),
    );
  }

  rebuild(name: string, onProgress?: RebuildProgress): Promise<RebuildResult> {
    return this.get(name).rebuild(onProgress);
  }
}
