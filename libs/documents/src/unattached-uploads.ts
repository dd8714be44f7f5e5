import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { deterministicId, ExecuteUploadCommand } from '@pfw/application';
import { CLOCK, PeriodicJob, type Clock } from '@pfw/clock';
import { HOUR_MS } from '@pfw/domain';
import { DocumentStore, type UnattachedDestruction } from './document-store';

export const UNATTACHED_UPLOADS = Symbol.for('pfw.UnattachedUploads');

export interface UnattachedUploadsOptions {
  /** DOCUMENT_ATTACH_HOURS: an upload not attached within this many hours is destroyed. */
  readonly attachWithinHours: number;
  /** How often to look (default hourly); also once at start. */
  readonly everyMs?: number;
}

/** Who destroys: the housekeeping, not a person. */
const RETENTION_ACTOR = { id: 'documents:retention', role: 'SYSTEM' } as const;
/**
 * How far back a run looks for destructions whose record is missing (a process stopped between destroying and
 * recording): every run records what it destroyed, so a day covers any restart.
 */
const RECORD_LOOKBACK_MS = 24 * HOUR_MS;

/**
 * Art. 4: personal documents uploaded but never attached to an application are destroyed once
 * `attachWithinHours` have passed. Each destruction is recorded in the event log (`UnattachedUploadDestroyed` on
 * the upload's own stream: id, kind and digest, no personal data), so the audit log holds it; the store destroys
 * first — a destroyed upload can no longer be attached, so the record never tells of a file an application kept —
 * and a run also records any destruction a stopped process left unrecorded.
 */
@Injectable()
export class UnattachedUploadsRetention implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Documents');
  private readonly job: PeriodicJob;

  constructor(
    private readonly store: DocumentStore,
    private readonly commands: CommandBus,
    @Inject(UNATTACHED_UPLOADS) private readonly options: UnattachedUploadsOptions,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {
    this.job = new PeriodicJob(options.everyMs ?? HOUR_MS, () => this.run(), (err) =>
      this.logger.warn(`could not destroy unattached uploads: ${err instanceof Error ? err.message : String(err)}`),
    );
  }

  /** Destroys what is due and records every destruction not recorded yet; answers how many were destroyed now. */
  async run(): Promise<number> {
    const now = this.clock.now();
    const cutoff = new Date(now.getTime() - this.options.attachWithinHours * HOUR_MS);
    const destroyed = await this.store.destroyUnattached(cutoff);
    if (destroyed.length > 0) {
      this.logger.warn(
        `destroyed ${destroyed.length} upload(s) not attached to an application within ${this.options.attachWithinHours} h (Art. 4): ` +
          destroyed.map((d) => `${d.id} ${d.kind} sha256:${d.sha256}`).join(', '),
      );
    }
    for (const d of await this.store.destroyedUnattached(new Date(now.getTime() - RECORD_LOOKBACK_MS))) await this.record(d);
    return destroyed.length;
  }

  /** The destruction as an event; the same upload again writes nothing (its id decides the event's). */
  private async record(d: UnattachedDestruction): Promise<void> {
    const key = `unattached-upload-destroyed:${d.id}`;
    await this.commands.execute(
      new ExecuteUploadCommand(
        {
          type: 'RecordUnattachedUploadDestroyed',
          document: { id: d.id, kind: d.kind, sha256: d.sha256 },
          uploadedAt: d.uploadedAt,
          destroyedAt: d.destroyedAt,
          attachWithinHours: this.options.attachWithinHours,
        },
        { actor: RETENTION_ACTOR, correlationId: deterministicId(key), causationId: null, idempotencyKey: key },
      ),
    );
  }

  onApplicationBootstrap(): void {
    this.job.start();
  }

  onApplicationShutdown(): Promise<void> {
    return this.job.stop();
  }
}
