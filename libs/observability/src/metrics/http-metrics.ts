import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Counter, Histogram, Registry } from 'prom-client';
import { METRICS_REGISTRY } from './registry';
import { methodLabel, normalizePath, RoutePatterns } from './route-patterns';

/** Latency buckets in seconds: from fast reads to mutations waiting for read-your-writes (bounded at 5 s). */
export const HTTP_DURATION_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The status label of a request whose client went away before the response was complete (nginx's 499). */
export const CLIENT_CLOSED_STATUS = '499';

/**
 * `pfw_http_requests_total{method,route,status}` and `pfw_http_request_duration_seconds{method,route,status}`.
 * `route` is the matched route pattern (`/documents/:id`), never the raw path: Express's `req.route` when the
 * router matched one, else the known pattern the path belongs to (requests a middleware answered, such as a
 * 401, and `app.use` mounts such as /graphql), else `unmatched`.
 */
@Injectable()
export class HttpMetrics {
  readonly routes = new RoutePatterns();
  private readonly requests: Counter<'method' | 'route' | 'status'>;
  private readonly duration: Histogram<'method' | 'route' | 'status'>;

  constructor(@Inject(METRICS_REGISTRY) registry: Registry) {
    this.requests = new Counter({
      name: 'pfw_http_requests_total',
      help: 'HTTP requests served, by method, matched route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      registers: [registry],
    });
    this.duration = new Histogram({
      name: 'pfw_http_request_duration_seconds',
      help: 'HTTP request latency in seconds (until the response was sent), by method, matched route pattern and status code',
      labelNames: ['method', 'route', 'status'],
      buckets: HTTP_DURATION_BUCKETS,
      registers: [registry],
    });
  }

  record(method: string | undefined, route: string, status: string, seconds: number): void {
    const labels = { method: methodLabel(method), route, status };
    this.requests.inc(labels);
    this.duration.observe(labels, seconds);
  }

  /**
   * The route label of a finished request. `req.route` is trusted only when it is a known route: Nest mounts
   * middleware as Express routes too (`/{*path}`), so a request a middleware answered, or one no route
   * matched, is left with the middleware's catch-all there.
   */
  routeOf(req: RoutedRequest): string {
    const matched = req.route?.path;
    if (typeof matched === 'string') {
      const pattern = normalizePath(`${req.baseUrl ?? ''}/${matched}`);
      if (this.routes.has(pattern)) return pattern;
    }
    const path = (req.originalUrl ?? req.url ?? '').split(/[?#]/, 1)[0]!;
    return this.routes.match(path);
  }
}

type RoutedRequest = IncomingMessage & { route?: { path?: unknown }; baseUrl?: string; originalUrl?: string };

/** Times every request from its arrival at this middleware until the response is sent (or the client leaves). */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware<RoutedRequest, ServerResponse> {
  constructor(private readonly metrics: HttpMetrics) {}

  use(req: RoutedRequest, res: ServerResponse, next: (error?: unknown) => void): void {
    const started = process.hrtime.bigint();
    let recorded = false;
    const record = () => {
      if (recorded) return;
      recorded = true;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const status = res.writableFinished ? String(res.statusCode) : CLIENT_CLOSED_STATUS;
      this.metrics.record(req.method, this.metrics.routeOf(req), status, seconds);
    };
    res.once('finish', record);
    res.once('close', record);
    next();
  }
}
