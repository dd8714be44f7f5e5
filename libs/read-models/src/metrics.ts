import { Gauge, Registry } from 'prom-client';
import type { ProjectionRegistry } from './registry';

const STATES = ['stopped', 'starting', 'rebuilding', 'catching-up', 'live', 'failed'] as const;

/**
 * Registers projection gauges on a prom-client registry, read at scrape time:
 * `pfw_projection_lag{projection}` (events it handles still to apply, counted up to 10 000), `pfw_projection_position{projection}`,
 * `pfw_projection_state{projection,state}` (1 for the current state).
 */
export function registerProjectionMetrics(projections: ProjectionRegistry, register: Registry): void {
  new Gauge({
    name: 'pfw_projection_lag',
    help: 'Events the projection handles that lie after its checkpoint (counted up to 10000; 0 when caught up)',
    labelNames: ['projection'],
    registers: [register],
    async collect() {
      this.reset();
      for (const status of await projections.status()) {
        if (status.lag !== null) this.set({ projection: status.name }, Number(status.lag));
      }
    },
  });
  new Gauge({
    name: 'pfw_projection_position',
    help: 'Last log position the projection committed',
    labelNames: ['projection'],
    registers: [register],
    collect() {
      this.reset();
      for (const name of projections.names()) {
        const position = projections.get(name).position;
        this.set({ projection: name }, position === null ? 0 : Number(position));
      }
    },
  });
  new Gauge({
    name: 'pfw_projection_state',
    help: 'Current state of each projection runner (1 = in that state)',
    labelNames: ['projection', 'state'],
    registers: [register],
    collect() {
      this.reset();
      for (const name of projections.names()) {
        const current = projections.get(name).status().state;
        for (const state of STATES) this.set({ projection: name, state }, state === current ? 1 : 0);
      }
    },
  });
}
