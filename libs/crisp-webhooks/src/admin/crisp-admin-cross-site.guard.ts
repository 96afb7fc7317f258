import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable } from '@nestjs/common';
import type { IncomingHttpHeaders } from 'node:http';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/**
 * Why an admin request that changes state (replay, erase) is refused as cross-site forgery, or `undefined`.
 * A request with an `Authorization` header is never forged (a browser adds none by itself), and one whose
 * credentials are the browser's own (a host guard reading its session cookie) is refused when the browser
 * says another site sent it (`Sec-Fetch-Site: cross-site`), or when it is a POST that a plain HTML form can
 * send (anything but JSON; a page of another site can only send JSON through a CORS preflight, which fails).
 * @internal
 */
export function crispAdminForgeryOf(method: string, headers: IncomingHttpHeaders): string | undefined {
  if (SAFE_METHODS.has(method.toUpperCase()) || headers.authorization !== undefined) return undefined;
  if (headers['sec-fetch-site'] === 'cross-site') {
    return 'Cross-site admin request refused: replay and erase only from the admin page or with Authorization.';
  }
  if (method.toUpperCase() === 'POST' && !JSON_MEDIA_TYPE.test(headers['content-type'] ?? '')) {
    return 'Admin POST requests are JSON: send Content-Type: application/json (and a JSON body, {} for none).';
  }
  return undefined;
}

/**
 * Refuses forged admin requests (see `crispAdminForgeryOf`) with `403`, before the routes run: behind the
 * host's own guard alone, the browser's session cookie would otherwise let any site's form replay events.
 * @internal
 */
@Injectable()
export class CrispAdminCrossSiteGuard implements CanActivate {
  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ method: string; headers: IncomingHttpHeaders }>();
    const forgery = crispAdminForgeryOf(request.method, request.headers);
    if (forgery) throw new ForbiddenException({ statusCode: 403, message: forgery });
    return true;
  }
}
