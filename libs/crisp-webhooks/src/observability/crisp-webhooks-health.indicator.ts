import { Inject, Injectable } from '@nestjs/common';
import { createRequire } from 'node:module';
import { CRISP_WEBHOOKS_CONFIG } from '../crisp-webhooks.constants';
import { NO_TERMINUS } from '../crisp-webhooks.messages';
import { CrispWebhooksConfigurationError } from '../errors';
import type { CrispWebhooksConfig } from '../interfaces';
import { crispHealthProblems } from './crisp-health-problems';
import { CrispWebhooksMonitor } from './crisp-webhooks.monitor';

type Terminus = typeof import('@nestjs/terminus');
type Session = ReturnType<InstanceType<Terminus['HealthIndicatorService']>['check']>;

/**
 * What `CrispWebhooksHealthIndicator.isHealthy()` gives `HealthCheckService.check()`: terminus's
 * `HealthIndicatorResult`, written out so that this module's types do not need `@nestjs/terminus`.
 * @publicApi
 */
export type CrispHealthIndicatorResult<Key extends string = string> = Record<
  Key,
  { status: 'up' | 'degraded' | 'down'; [detail: string]: unknown }
>;

function loadTerminus(): Terminus {
  try {
    return createRequire(__filename)('@nestjs/terminus') as Terminus;
  } catch (error) {
    throw new CrispWebhooksConfigurationError(NO_TERMINUS((error as Error).message));
  }
}

/**
 * A `@nestjs/terminus` health indicator for the module, injected by this class: its database answers
 * within `health.timeoutMs` (else `down`), and the backlog, the oldest unfinished event, the dead
 * events and each website's silence stay within the `health` bounds (else `degraded`, or `down` with
 * `exceeded: 'down'`). Needs the optional `@nestjs/terminus`, loaded on the first check.
 *
 * @example
 * @Get('health') @HealthCheck()
 * check() { return this.health.check([() => this.crisp.isHealthy()]); }
 * @publicApi
 */
export abstract class CrispWebhooksHealthIndicator {
  /** Checks the module's database and bounds; `key` names the entry in terminus's answer. */
  abstract isHealthy<Key extends string = 'crisp_webhooks'>(key?: Key): Promise<CrispHealthIndicatorResult<Key>>;
}

/** What the module provides as `CrispWebhooksHealthIndicator`. @internal */
@Injectable()
export class CrispWebhooksHealthCheck extends CrispWebhooksHealthIndicator {
  private service: { check(key: string): Session } | undefined;

  constructor(
    private readonly monitor: CrispWebhooksMonitor,
    @Inject(CRISP_WEBHOOKS_CONFIG) private readonly config: CrispWebhooksConfig,
  ) {
    super();
  }

  async isHealthy<Key extends string = 'crisp_webhooks'>(
    key: Key = 'crisp_webhooks' as Key,
  ): Promise<CrispHealthIndicatorResult<Key>> {
    this.service ??= new (loadTerminus().HealthIndicatorService)();
    const indicator = this.service.check(key);
    const { health } = this.config.observability;
    const result = (details: Record<string, unknown>, status: 'up' | 'degraded' | 'down') =>
      (status === 'up'
        ? indicator.up(details)
        : status === 'degraded'
          ? indicator.degraded(details)
          : indicator.down(details)) as unknown as CrispHealthIndicatorResult<Key>;
    let snapshot;
    try {
      await this.monitor.ping(health.timeoutMs);
      snapshot = await this.monitor.snapshot(health.cacheSeconds * 1000, health.timeoutMs);
    } catch (error) {
      return result({ database: 'down', message: (error as Error).message }, 'down');
    }
    const { problems, silent } = crispHealthProblems(snapshot, health, this.config.authentication.websites, Date.now());
    const details = {
      database: 'up',
      backlog: { due: snapshot.due, failed: snapshot.failed, dead: snapshot.dead },
      oldest_unfinished_age_seconds: snapshot.oldestUnfinishedAgeSeconds,
      silent_websites: silent,
      ...(problems.length > 0 && { message: problems.join('; ') }),
    };
    return result(details, problems.length === 0 ? 'up' : health.exceeded);
  }
}
