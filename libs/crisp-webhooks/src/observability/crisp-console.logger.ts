import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { crispLogFields } from './crisp-log-fields';

/**
 * Nest's `ConsoleLogger` (text or `json: true`, every option the same) whose lines written inside an
 * `@OnCrispEvent` handler run carry `crispEventId`, `crispHandler` and `crispAttempt` in their structured
 * params: a handler's own `new Logger(...)` lines say which stored event they were about, with no id passed
 * by hand. Lines written elsewhere are unchanged. Give it to the app:
 * `NestFactory.create(AppModule, { logger: new CrispConsoleLogger({ json: true }) })`.
 *
 * @publicApi
 */
export class CrispConsoleLogger extends ConsoleLogger {
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
