import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService } from '@nestjs/terminus';
import { CrispWebhooksHealthIndicator } from 'nestjs-crisp-webhooks';

/**
 * `GET /health` (readiness: the database answers and the inbox is within its bounds; `503` when the
 * database does not answer) and `GET /health/live` (liveness: the process answers).
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly crisp: CrispWebhooksHealthIndicator,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.crisp.isHealthy()]);
  }

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([]);
  }
}
