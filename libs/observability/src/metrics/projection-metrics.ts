import { Inject, Injectable, Logger } from '@nestjs/common';
import { Gauge, Registry } from 'prom-client';
import { METRICS_REGISTRY } from './registry';

/** Anything that can tell each projection's lag at scrape time; `ProjectionRegistry` of @pfw/read-models fits. */
export interface ProjectionLagSource {
  status(): Promise<ReadonlyArray<{ readonly name: string; readonly lag: bigint | number | null }>>;
}

/**
 * `pfw_projection_lag_events{projection}`: how far each read model is behind the event log. Set it from
 * read-model code (`setProjectionLag(name, lag)`), or register a source read at every scrape
 * (`addLagSource(registry)`, done by MetricsModule.forRoot({ projectionLagSource })); a source's values win
 * over pushed ones for the same projection.
 */
@Injectable()
export class ProjectionLagMetrics {
  private readonly logger = new Logger('Metrics');
  private readonly pushed = new Map<string, number>();
  private readonly sources: ProjectionLagSource[] = [];

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    const pushed = this.pushed;
    const sources = this.sources;
    const logger = this.logger;
    new Gauge({
      name: 'pfw_projection_lag_events',
      help: 'How far each projection is behind the head of the event log, in log positions (0 when caught up)',
      labelNames: ['projection'],
      registers: [registry],
      async collect() {
        this.reset();
        for (const [projection, lag] of pushed) this.set({ projection }, lag);
        for (const source of sources) {
          try {
            for (const { name, lag } of await source.status()) if (lag !== null) this.set({ projection: name }, Number(lag));
          } catch (err) {
            logger.warn(`projection lag unavailable: ${err instanceof Error ? err.message : String(err)}`);
          }
        }
      },
    });
  }

  /** Sets (or, with null, removes) the lag of one projection. */
  setProjectionLag(name: string, lag: bigint | number | null): void {
    if (lag === null) this.pushed.delete(name);
    else this.pushed.set(name, Number(lag));
  }

  addLagSource(source: ProjectionLagSource): void {
    if (!this.sources.includes(source)) this.sources.push(source);
  }
}
