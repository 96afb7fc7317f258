import { registerAs } from '@nestjs/config';
import type { CrispWebhooksModuleOptions } from '@app/crisp-webhooks';
import { randomBytes } from 'node:crypto';

/** Keys from `CRISP_WEBHOOK_KEYS` (comma-separated); without any, one is generated for this run. */
export const crispConfig = registerAs('crisp', (): CrispWebhooksModuleOptions & { generatedKey?: string } => {
  const keys = (process.env.CRISP_WEBHOOK_KEYS ?? '')
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);
  if (keys.length > 0) return { keys };
  const generatedKey = randomBytes(24).toString('base64url');
  return { keys: [generatedKey], generatedKey };
});
