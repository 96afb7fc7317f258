import { createHash } from 'node:crypto';

/**
 * The `fingerprint` a reply is sent with: the same for every run of one handler on one event with one key,
 * so a retried run can ask Crisp whether the message already arrived. 48 bits, the size of Crisp's own
 * fingerprints (and a safe JavaScript integer); fingerprints only have to be unique within a conversation.
 * @internal
 */
export function crispReplyFingerprint(eventId: string, handler: string, key: string): number {
  const digest = createHash('sha256')
    .update(JSON.stringify([eventId, handler, key]))
    .digest();
  return digest.readUIntBE(0, 6) || 1;
}
