import { createParamDecorator, type ExecutionContext } from '@nestjs/common';

/**
 * The incoming request, as a custom parameter so that the module's own pipes read and validate the
 * body. A host's global `ValidationPipe` skips custom parameters, so it never sees Crisp's payloads.
 */
export const CrispHookRequest = createParamDecorator((_: unknown, context: ExecutionContext) =>
  context.switchToHttp().getRequest(),
);
