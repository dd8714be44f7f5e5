import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { PeriodicJob } from '@pfw/clock';
import { DAY_MS, HOUR_MS } from '@pfw/domain';
import { IdempotencyService } from './idempotency.service';

export interface IdempotencyRetentionOptions {
  /** How long a clientMutationId's first answer is kept (IDEMPOTENCY_RETENTION_DAYS, default 30). */
  readonly retentionDays: number;
  /** How often old answers are purged (default hourly); also once at start. */
  readonly everyMs?: number;
  /** Wall clock (default real time). */
  readonly now?: () => Date;
}

export const IDEMPOTENCY_RETENTION = Symbol.for('pfw.IdempotencyRetention');


/**
 * Purges completed clientMutationId records older than the retention, at start and then periodically, so the
 * store does not grow forever. A retry after the retention runs the mutation again (its events' ids come
 * from the key, so an append already made is still found and not written twice).
 */
@Injectable()
export class IdempotencyRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Idempotency');
  private readonly job: PeriodicJob;

  constructor(
    private readonly service: IdempotencyService,
    @Inject(IDEMPOTENCY_RETENTION) private readonly options: IdempotencyRetentionOptions,
  ) {
    this.job = new PeriodicJob(
      options.everyMs ?? HOUR_MS,
      async () => {
        const n = await this.purge();
        if (n > 0) this.logger.log(`purged ${n} idempotency record(s) older than ${options.retentionDays} days`);
      },
      (err) => this.logger.warn(`could not purge idempotency records: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  /** Deletes the completed records older than the retention; how many. */
  async purge(): Promise<number> {
    const now = (this.options.now ?? (() => new Date()))();
    return this.service.purgeCompletedBefore(new Date(now.getTime() - this.options.retentionDays * DAY_MS));
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}
