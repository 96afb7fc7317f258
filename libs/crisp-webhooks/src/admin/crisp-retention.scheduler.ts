import {
  type BeforeApplicationShutdown,
  Inject,
  Injectable,
  Logger,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import type { DataSource } from 'typeorm';
import {
  CRISP_WEBHOOKS_CONFIG,
  CRISP_WEBHOOKS_DATA_SOURCE,
  CRISP_WEBHOOKS_MODULE_OPTIONS,
} from '../crisp-webhooks.constants';
import { RETENTION_APPLIED, RETENTION_FAILED } from '../crisp-webhooks.messages';
import type { CrispWebhooksConfig, CrispWebhooksModuleOptions } from '../interfaces';
import { type CrispRetentionRun, CrispWebhookRetention } from './crisp-webhook-retention';

/** The first try comes this soon after start (or `every`, when shorter): an app redeployed often still prunes. */
const FIRST_RUN_MS = 60_000;

/**
 * Applies the `retention` options on a timer of its own, on every instance; the advisory lock taken by
 * `CrispWebhookRetention.applyPolicy` makes all but one skip each round. A plain timer rather than
 * `@nestjs/schedule`: retention is an option of this module, so it must not depend on the host importing
 * `ScheduleModule.forRoot()` (without which a `@Interval` silently never fires), and a fixed interval
 * needs no cron expression. Nothing of it runs on the hook's path.
 * @internal
 */
@Injectable()
export class CrispRetentionScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger('CrispWebhooks');
  private readonly stopping = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<unknown> | undefined;
  private failing = false;

  constructor(
    @Inject(CRISP_WEBHOOKS_DATA_SOURCE) private readonly dataSource: DataSource,
    @Inject(CRISP_WEBHOOKS_CONFIG) private readonly config: CrispWebhooksConfig,
    @Inject(CRISP_WEBHOOKS_MODULE_OPTIONS) private readonly options: CrispWebhooksModuleOptions,
  ) {}

  onApplicationBootstrap(): void {
    const policy = this.config.retention;
    if (policy) this.schedule(Math.min(FIRST_RUN_MS, policy.everyMs));
  }

  /** Stops the timer, and a round under way after its current batch. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping.abort();
    clearTimeout(this.timer);
    await this.running;
  }

  /** Applies the policy once now, unless another instance is doing it; `undefined` then, or when retention is off. */
  async runOnce(): Promise<CrispRetentionRun | undefined> {
    const policy = this.config.retention;
    if (!policy) return undefined;
    const started = Date.now();
    try {
      // The options were checked at start-up (into `config`); `apply` reads them the same way.
      const run = await new CrispWebhookRetention(this.dataSource, policy.batchSize).apply(
        this.options.retention || {},
        this.stopping.signal,
      );
      this.failing = false;
      if (run && run.deleted + run.payloadsDropped > 0) {
        this.logger.log(RETENTION_APPLIED(run.deleted, run.payloadsDropped, Date.now() - started));
      }
      return run;
    } catch (error) {
      if (!this.failing) this.logger.warn(RETENTION_FAILED(String((error as Error)?.message ?? error)));
      this.failing = true;
      return undefined;
    }
  }

  private schedule(ms: number): void {
    this.timer = setTimeout(() => {
      this.running = this.runOnce().finally(() => {
        this.running = undefined;
        if (!this.stopping.signal.aborted) this.schedule(this.config.retention!.everyMs);
      });
    }, ms);
    // A pending round never keeps the process alive.
    this.timer.unref();
  }
}
