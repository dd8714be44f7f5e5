import { Controller, Get, Inject, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Registry } from 'prom-client';
import { HTTP_ROUTE_ROLES, Roles } from '@pfw/auth';
import { METRICS_REGISTRY } from './registry';

/** GET /metrics — Prometheus text exposition; every staff role may read it (the auth library's route table). */
@Controller('metrics')
export class MetricsController {
  constructor(@Inject(METRICS_REGISTRY) private readonly registry: Registry) {}

  @Get()
  @Roles(...HTTP_ROUTE_ROLES['GET /metrics'])
  async scrape(@Res({ passthrough: true }) res: Response): Promise<string> {
    const body = await this.registry.metrics();
    res.setHeader('Content-Type', this.registry.contentType);
    res.setHeader('Cache-Control', 'no-store');
    return body;
  }
}
