import { createHmac } from 'node:crypto';

/** The headers of a signed Crisp Plugin Hook. */
export const CRISP_SIGNATURE_HEADER = 'x-crisp-signature';
export const CRISP_TIMESTAMP_HEADER = 'x-crisp-request-timestamp';

const SIGNATURE_HEX = /^[0-9a-f]{64}$/i;
/** From 10^11 up a timestamp is read as milliseconds: 10^11 seconds is the year 5138, 10^11 ms is 1973. */
const SMALLEST_MS_TIMESTAMP = 1e11;

/**
 * Crisp's Plugin Hook signature: HMAC-SHA256, keyed with the plugin's signing secret, of
 * `"[" + timestamp + ";" + body + "]"`, over the body's exact bytes. The timestamp header is taken
 * verbatim (Node decodes header bytes as latin1, so this restores them).
 */
export function crispSignatureOf(secret: string, timestamp: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(`[${timestamp};`, 'latin1').update(body).update(']').digest();
}

/** The 32 bytes an `X-Crisp-Signature` header spells in hex, either case; `null` for anything else. */
export function signatureBytesOf(header: unknown): Buffer | null {
  return typeof header === 'string' && SIGNATURE_HEX.test(header) ? Buffer.from(header, 'hex') : null;
}

/** How far, in seconds, a timestamp header is from `now` (either way); `null` when it is not a timestamp. */
export function timestampDistanceSeconds(header: string, now: number): number | null {
  if (!/^\d{1,16}$/.test(header)) return null;
  const value = Number(header);
  const ms = value >= SMALLEST_MS_TIMESTAMP ? value : value * 1000;
  return Math.abs(now - ms) / 1000;
}
