import { ConsoleLogger, type ConsoleLoggerOptions, type LogLevel } from '@nestjs/common';
import { trackCrispHandlerRuns } from '../delivery/crisp-handler-run';
import { crispLogFields } from './crisp-log-fields';

/**
 * Nest's `ConsoleLogger` (text or `json: true`, every option the same) whose lines written inside an
 * `@OnCrispEvent` handler run carry `crispEventId`, `crispHandler` and `crispAttempt` in their structured
 * params: a handler's own `new Logger(...)` lines say which stored event they were about, with no id passed
 * by hand. Lines written elsewhere are unchanged. Give it to the app:
 * `NestFactory.create(AppModule, { logger: new CrispConsoleLogger({ json: true }) })`. Making one turns on
 * `trackCrispHandlerRuns()`, and its cost.
 *
 * @publicApi
 */
export class CrispConsoleLogger extends ConsoleLogger {
  /** Takes `ConsoleLogger`'s arguments: a context, options, or both. */
  constructor(context?: string, options?: ConsoleLoggerOptions);
  constructor(options?: ConsoleLoggerOptions);
  constructor(contextOrOptions?: string | ConsoleLoggerOptions, options?: ConsoleLoggerOptions) {
    // ConsoleLogger tells its forms apart at run time; its typed overloads take no union.
    super(contextOrOptions as string, options as ConsoleLoggerOptions);
    trackCrispHandlerRuns();
  }

  /**
   * Adds the running handler's fields to `params`, then prints as `ConsoleLogger` does: a subclass that overrides it
   * calls `super.printMessages()` to keep them.
   */
  protected override printMessages(
    messages: unknown[],
    context?: string,
    logLevel?: LogLevel,
    writeStreamType?: 'stdout' | 'stderr',
    errorStack?: unknown,
    params?: Record<string, unknown>,
  ): void {
    const run = crispLogFields();
    const tagged = 'crispEventId' in run ? { ...params, ...run } : params;
    super.printMessages(messages, context, logLevel, writeStreamType, errorStack, tagged);
  }
}
