import {
  DynamicModule,
  Global,
  Injectable,
  MiddlewareConsumer,
  Module,
  NestModule,
  OnApplicationBootstrap,
  RequestMethod,
  type InjectionToken,
} from '@nestjs/common';
import { DiscoveryModule, DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { Registry } from 'prom-client';
import { CommandMetrics } from './command-metrics';
import { HttpMetrics, HttpMetricsMiddleware } from './http-metrics';
import { MetricsController } from './metrics.controller';
import { ProjectionLagMetrics, type ProjectionLagSource } from './projection-metrics';
import { createMetricsRegistry, METRICS_REGISTRY } from './registry';
import { discoverControllerRoutes } from './route-patterns';

export interface MetricsModuleOptions {
  /** prom-client's default process metrics (default true). */
  readonly defaultMetrics?: boolean;
  /**
   * Route patterns served outside Nest controllers (no `req.route`), labelled by pattern instead of
   * `unmatched` (default `['/graphql']`, Apollo's mount).
   */
  readonly extraRoutes?: readonly string[];
  /**
   * An injection token whose provider tells projection lags at scrape time (ProjectionLagSource), e.g.
   * `ProjectionRegistry` of @pfw/read-models: feeds `pfw_projection_lag_events`.
   */
  readonly projectionLagSource?: InjectionToken;
}

const LAG_SOURCE_BINDING = Symbol.for('pfw.metrics.lagSourceBinding');

/** Learns the application's route patterns once every controller is known. */
@Injectable()
class RouteDiscovery implements OnApplicationBootstrap {
  constructor(
    private readonly http: HttpMetrics,
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
  ) {}

  onApplicationBootstrap(): void {
    for (const pattern of discoverControllerRoutes(this.discovery, this.scanner)) this.http.routes.add(pattern);
  }
}

/**
 * Prometheus metrics: the registry (METRICS_REGISTRY, with default process metrics), HTTP request counts and
 * latencies by method, route pattern and status (a middleware on every route), CommandMetrics
 * (`pfw_command_outcomes_total`), ProjectionLagMetrics (`pfw_projection_lag_events`), and GET /metrics.
 *
 * Global on purpose: Nest mounts the middleware of global modules before the others', so requests the auth
 * middleware refuses (401) are counted too; and CommandMetrics is injectable everywhere. GET /metrics needs a
 * bearer token like every non-public route (the auth middleware) and any staff role (HTTP_ROUTE_ROLES).
 */
@Global()
@Module({})
export class MetricsModule implements NestModule {
  static forRoot(options: MetricsModuleOptions = {}): DynamicModule {
    const extraRoutes = options.extraRoutes ?? ['/graphql'];
    return {
      module: MetricsModule,
      imports: [DiscoveryModule],
      controllers: [MetricsController],
      providers: [
        { provide: METRICS_REGISTRY, useFactory: () => createMetricsRegistry({ defaultMetrics: options.defaultMetrics }) },
        {
          provide: HttpMetrics,
          inject: [METRICS_REGISTRY],
          useFactory: (registry: Registry) => {
            const metrics = new HttpMetrics(registry);
            for (const pattern of extraRoutes) metrics.routes.add(pattern);
            return metrics;
          },
        },
        HttpMetricsMiddleware,
        CommandMetrics,
        ProjectionLagMetrics,
        RouteDiscovery,
        ...(options.projectionLagSource === undefined
          ? []
          : [
              {
                provide: LAG_SOURCE_BINDING,
                inject: [ProjectionLagMetrics, options.projectionLagSource],
                useFactory: (lag: ProjectionLagMetrics, source: ProjectionLagSource) => {
                  lag.addLagSource(source);
                  return true;
                },
              },
            ]),
      ],
      exports: [METRICS_REGISTRY, HttpMetrics, CommandMetrics, ProjectionLagMetrics],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes({ path: '*', method: RequestMethod.ALL });
  }
}
