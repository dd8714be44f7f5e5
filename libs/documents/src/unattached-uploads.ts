import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CLOCK, PeriodicJob, type Clock } from '@pfw/clock';
import { HOUR_MS } from '@pfw/domain';
import { DocumentStore } from './document-store';

export const UNATTACHED_UPLOADS = Symbol.for('pfw.UnattachedUploads');

export interface UnattachedUploadsOptions {
  /** DOCUMENT_ATTACH_HOURS: an upload not attached within this many hours is destroyed. */
  readonly attachWithinHours: number;
  /** How often to look (default hourly); also once at start. */
  readonly everyMs?: number;
}

/**
 * Art. 4: personal documents uploaded but never attached to an application are destroyed once
 * `attachWithinHours` have passed. Each destruction is logged (ids, kinds and digests: no personal data).
 */
@Injectable()
export class UnattachedUploadsRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Documents');
  private readonly job: PeriodicJob;

  constructor(
    private readonly store: DocumentStore,
    @Inject(UNATTACHED_UPLOADS) private readonly options: UnattachedUploadsOptions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.job = new PeriodicJob(options.everyMs ?? HOUR_MS, () => this.run(), (err) =>
      this.logger.warn(`could not destroy unattached uploads: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  async run(): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - this.options.attachWithinHours * HOUR_MS);
    const destroyed = await this.store.destroyUnattached(cutoff);
    if (destroyed.length > 0) {
      this.logger.warn(
        `destroyed ${destroyed.length} upload(s) not attached to an application within ${this.options.attachWithinHours} h (Art. 4): ` +
          destroyed.map((d) => `${d.id} ${d.kind} sha256:${d.sha256}`).join(', '),
      );
    }
    return destroyed.length;
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}
