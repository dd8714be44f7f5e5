import { Controller, Get, Headers, Inject } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { bearerToken, Role, TOKEN_VERIFIER, type TokenVerifier } from '@pfw/auth';
import { EventStoreHealthIndicator } from '@pfw/event-store';
import { ReadModelsHealthIndicator } from '@pfw/read-models';

/**
 * GET /health — public liveness and readiness: 200 when every dependency answers, 503 otherwise. Without a
 * token it answers states only (up/down, positions, lag): a failure's message can name contracts, events and
 * key errors. An admin's bearer token adds those details; any other token, valid or not, gets the public view.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly eventStore: EventStoreHealthIndicator,
    private readonly readModels: ReadModelsHealthIndicator,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  @Get()
  @HealthCheck()
  async check(@Headers('authorization') authorization?: string) {
    const details = await this.isAdmin(authorization);
    return this.health.check([() => this.eventStore.check('eventStore', { details }), () => this.readModels.check('readModels', { details })]);
  }

  private async isAdmin(authorization: string | undefined): Promise<boolean> {
    if (!authorization) return false;
    try {
      return (await this.verifier.verify(bearerToken(authorization))).roles.includes(Role.ADMIN);
    } catch {
      // An invalid token, or the identity provider's keys unreachable: the health check itself still answers.
      return false;
    }
  }
}
