import { crispSignatureOf } from '../auth/crisp-signature';

/**
 * The headers Crisp sends with a Plugin Hook whose body is exactly `body`, signed with `secret`; for
 * tests of an endpoint that accepts signed hooks. Send the body as these same bytes.
 *
 * @example
 * ```ts
 * const text = JSON.stringify(crispEvent('message:send'));
 * await request(server)
 *   .post('/crisp/hooks')
 *   .set({ 'Content-Type': 'application/json', ...crispSignatureHeaders(PLUGIN_SECRET, text) })
 *   .send(text)
 *   .expect(200);
 * ```
 *
 * @publicApi
 */
export function crispSignatureHeaders(
  secret: string,
  body: string | Buffer,
  timestamp = String(Date.now()),
): { 'X-Crisp-Request-Timestamp': string; 'X-Crisp-Signature': string } {
  const signature = crispSignatureOf(secret, timestamp, Buffer.from(body));
  return { 'X-Crisp-Request-Timestamp': timestamp, 'X-Crisp-Signature': signature.toString('hex') };
}
