import { isCrispKeyParameter, redactCrispUrl } from '../auth/redact-crisp-url';
import { CRISP_SIGNATURE_HEADER } from '../auth/crisp-signature';

/** A request as pino's standard serializer writes it: the fields `crispRequestSerializer` changes. @publicApi */
export interface CrispSerializedRequest {
  /** The request's URL, query string included. */
  url?: string;
  /** The parsed query. */
  query?: Record<string, unknown>;
  /** The request headers, names in lower case. */
  headers?: Record<string, unknown>;
  /** The serializer's other fields (`method`, `id`, `remoteAddress`...), passed through unchanged. */
  [field: string]: unknown;
}

const REDACTED = 'REDACTED';

/**
 * A `req` serializer for request loggers such as `pino-http` (`nestjs-pino`): the hook key travels in
 * the URL, so `url` goes through `redactCrispUrl`, a parsed `query.key` is replaced, and so is the
 * plugin signature header. Everything else is kept. pino-http hands it the request it already
 * serialized; the original request is not changed.
 *
 * @example
 * LoggerModule.forRoot({ pinoHttp: { serializers: { req: crispRequestSerializer } } })
 * @publicApi
 */
export function crispRequestSerializer<T extends CrispSerializedRequest>(request: T): T {
  const serialized = { ...request };
  // pino-std-serializers keeps the raw request on a non-enumerable getter; keep it reachable.
  if ('raw' in request) Object.defineProperty(serialized, 'raw', { value: request.raw, enumerable: false });
  if (typeof request.url === 'string') serialized.url = redactCrispUrl(request.url);
  if (request.query && typeof request.query === 'object') {
    serialized.query = Object.fromEntries(
      Object.entries(request.query).map(([name, value]) => [name, isCrispKeyParameter(name) ? REDACTED : value]),
    );
  }
  if (request.headers && typeof request.headers === 'object' && CRISP_SIGNATURE_HEADER in request.headers) {
    serialized.headers = { ...request.headers, [CRISP_SIGNATURE_HEADER]: REDACTED };
  }
  return serialized;
}
