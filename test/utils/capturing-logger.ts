import type { LoggerService } from '@nestjs/common';
import { inspect } from 'node:util';

/**
 * Keeps every log line at every level, as a host's log shipper would receive them, and prints none:
 * a passing test is quiet, and a test that expects a failure asserts on the line instead.
 */
export class CapturingLogger implements LoggerService {
  readonly lines: string[] = [];
  private keep = (...args: unknown[]) => {
    this.lines.push(args.map((arg) => (typeof arg === 'string' ? arg : inspect(arg, { depth: 5 }))).join(' '));
  };
  log = this.keep;
  error = this.keep;
  warn = this.keep;
  debug = this.keep;
  verbose = this.keep;
  fatal = this.keep;

  /** The lines that hold every one of `parts`. */
  matching(...parts: string[]): string[] {
    return this.lines.filter((line) => parts.every((part) => line.includes(part)));
  }
}
