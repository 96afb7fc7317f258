import { CrispWebhooksConfigurationError } from 'nestjs-crisp-webhooks';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { crispAdminOptions, crispConfig } from './crisp.config';

/** The options the example app hands to the module under `env`. */
function configWith(env: Record<string, string>) {
  const saved = { ...process.env };
  for (const name of [
    'CRISP_WEBHOOK_KEYS',
    'CRISP_WEBSITE_KEYS',
    'CRISP_PLUGIN_SECRET',
    'CRISP_WEBSITES',
    'CRISP_METRICS',
    'DATABASE_URL',
  ]) {
    delete process.env[name];
  }
  // A generated key is kept only beside an embedded database on disk: none here unless a test asks.
  Object.assign(process.env, { PGLITE_DATA_DIR: 'memory://' }, env);
  try {
    return crispConfig();
  } finally {
    process.env = saved;
  }
}

describe('crispConfig (example app)', () => {
  it('reads every variable, comma-separated, several keys per website', () => {
    expect(
      configWith({
        CRISP_WEBHOOK_KEYS: 'k1, k2',
        CRISP_WEBSITE_KEYS: 'w1:a, w2:b,w1:c:with-colon',
        CRISP_PLUGIN_SECRET: 's1,s2',
        CRISP_WEBSITES: 'w1,w2,w3',
      }),
    ).toEqual({
      keys: ['k1', 'k2'],
      websiteKeys: { w1: ['a', 'c:with-colon'], w2: ['b'] },
      pluginSecret: ['s1', 's2'],
      websites: ['w1', 'w2', 'w3'],
      metrics: true,
    });
    expect(configWith({ CRISP_WEBHOOK_KEYS: 'k1', CRISP_METRICS: 'false' }).metrics).toBe(false);
  });

  it('generates a URL key when none is configured, even with a plugin secret', () => {
    const config = configWith({ CRISP_PLUGIN_SECRET: 's1' });
    expect(config.keys).toEqual([config.generated?.key]);
    expect(config.generated).toEqual({ key: expect.stringMatching(/^[\w-]{32}$/), file: null });
    expect(config).toMatchObject({ pluginSecret: ['s1'], websites: undefined });
  });

  it('keeps a generated key beside the embedded database, readable by its owner only, and reads it back', () => {
    const dir = mkdtempSync(join(tmpdir(), 'crisp-key-'));
    try {
      const first = configWith({ PGLITE_DATA_DIR: join(dir, 'pglite') });
      const file = join(dir, 'crisp-webhook-key');
      expect(first.generated?.file).toBe(file);
      expect(readFileSync(file, 'utf8')).toBe(`${first.generated?.key}\n`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(configWith({ PGLITE_DATA_DIR: join(dir, 'pglite') }).keys).toEqual([first.generated?.key]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('generates no key when website keys are configured', () => {
    expect(configWith({ CRISP_WEBSITE_KEYS: 'w1:a' })).not.toHaveProperty('generated');
  });

  it.each(['w1', ':a', 'w1:', 'w1:a,only-a-key-9f8e'])(
    'refuses CRISP_WEBSITE_KEYS=%s without showing a key',
    (value) => {
      const load = () => configWith({ CRISP_WEBSITE_KEYS: value });
      expect(load).toThrow(CrispWebhooksConfigurationError);
      expect(load).toThrow(/is not website_id:key/);
      expect(load).not.toThrow(/only-a-key|:a/);
    },
  );
});

describe('crispAdminOptions (example app)', () => {
  it('turns the admin API on with CRISP_ADMIN_TOKEN, several comma-separated, and leaves it off without', () => {
    expect(crispAdminOptions({ CRISP_ADMIN_TOKEN: ' first-token-0123456789, next-token-0123456789 ' })).toEqual({
      token: ['first-token-0123456789', 'next-token-0123456789'],
    });
    expect(crispAdminOptions({})).toBeUndefined();
    expect(crispAdminOptions({ CRISP_ADMIN_TOKEN: ' , ' })).toBeUndefined();
  });
});
