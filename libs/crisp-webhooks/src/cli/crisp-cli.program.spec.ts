import 'reflect-metadata';
import { PassThrough } from 'node:stream';
import { runCrispCli } from './crisp-cli.program';
import type { CrispCliRun } from './crisp-cli.context';

/** Runs the CLI in this process on streams it can read back; none of these cases reaches a database. */
async function cli(...args: string[]) {
  const streams = { out: new PassThrough(), err: new PassThrough() };
  const text = { out: '', err: '' };
  streams.out.on('data', (chunk: Buffer) => (text.out += chunk.toString()));
  streams.err.on('data', (chunk: Buffer) => (text.err += chunk.toString()));
  const run: CrispCliRun = {
    out: streams.out as unknown as NodeJS.WriteStream,
    err: streams.err as unknown as NodeJS.WriteStream,
    cwd: '/nonexistent',
    now: () => 0,
    exitCode: 0,
  };
  const code = await runCrispCli(['node', 'crisp-webhooks', ...args], run);
  return { code, ...text };
}

describe('runCrispCli', () => {
  it('prints its help and version, exit code 0', async () => {
    const help = await cli('--help');
    expect(help.code).toBe(0);
    expect(help.out).toMatch(/^Usage: crisp-webhooks \[options\] \[command\]/);
    for (const command of ['send', 'events', 'show', 'replay', 'prune', 'erase'])
      expect(help.out).toContain(`  ${command} `);
    expect((await cli('replay', '--help')).out).toMatch(/--unhandled[\s\S]*--dry-run[\s\S]*--all[\s\S]*--handlers/);
    expect(await cli('--version')).toEqual({ code: 0, out: expect.stringMatching(/^\d+\.\d+\.\d+/), err: '' });
  });

  it.each([
    [['events', '--bogus'], /^error: unknown option '--bogus'/],
    [['send', 'message:send'], /^error: required option '--url <hook url>' not specified/],
    [['send', 'message:send', '--url', 'nowhere?key=secret-key'], /^error: --url must be the hook URL/],
    [['replay'], /^error: Give event ids or a filter/],
    [['replay', '--all', '--handlers', 'A.b', '--status', 'dead'], /^error: Give handlers or all, not both\./],
    [['erase'], /^error: Give --session <session_id> or --email <address>/],
    [['events'], /^error: No DataSource file at \/nonexistent\/ormconfig\.ts/],
  ])('refuses %j with a usage error, exit code 2, and no stack trace nor secret', async (args, message) => {
    const result = await cli(...args);
    expect(result).toMatchObject({ code: 2, out: '' });
    expect(result.err).toMatch(message);
    expect(result.err).not.toMatch(/\n\s+at |secret-key/);
  });
});
