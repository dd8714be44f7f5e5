import { collectDefaultMetrics, Registry } from 'prom-client';

/** Injection token of the prom-client Registry GET /metrics serves (MetricsModule). */
export const METRICS_REGISTRY = Symbol.for('pfw.MetricsRegistry');

/**
 * A registry of our own rather than prom-client's global one, so that two applications in one process (tests)
 * never share or double-register metrics. With `defaultMetrics` (the default), prom-client's process metrics
 * (CPU, memory, event loop lag, GC, handles) are collected on it.
 */
export function createMetricsRegistry(options: { readonly defaultMetrics?: boolean } = {}): Registry {
  const registry = new Registry();
  if (options.defaultMetrics ?? true) collectDefaultMetrics({ register: registry });
  return registry;
}
