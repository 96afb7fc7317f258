import { type ChildProcess, spawn } from 'node:child_process';
import { type AddressInfo, createServer, type Server } from 'node:net';
import { join } from 'node:path';

const ROOT = join(__dirname, '..', '..');

/** `count` distinct ports free on this machine now, so parallel test runs never collide on a fixed one. */
export async function freePorts(count: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from(
      { length: count },
      () =>
        new Promise<Server>((resolve, reject) => {
          const server = createServer().once('error', reject);
          server.listen(0, '127.0.0.1', () => resolve(server));
        }),
    ),
  );
  const ports = servers.map((server) => (server.address() as AddressInfo).port);
  await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
  return ports;
}

/** An app running in its own process, which a test can kill like a crash would. */
export interface ChildApp {
  readonly url: string;
  /** Everything the process printed so far, stdout and stderr. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
}

/**
 * Runs `script` (TypeScript compiled on the fly, without a type check) in a child process on `port`
 * and resolves once its output holds `ready`.
 */
function startProcess(script: string, env: Record<string, string>, port: number, ready: string, url: string) {
  const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise<ChildApp>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child app did not start:\n${output}`)), 60_000);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stdout?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (!output.includes(ready)) return;
      clearTimeout(timer);
      resolve({
        url,
        output: () => output,
        async kill(signal = 'SIGKILL') {
          child.kill(signal);
          await exited;
        },
      });
    });
    child.once('exit', (code) => reject(new Error(`child app exited (${code}) before it listened:\n${output}`)));
  });
}

/** Starts `test/fixtures/durable-app` in a child process and resolves once it listens. */
export const startChildApp = (env: Record<string, string>, port: number): Promise<ChildApp> =>
  startProcess(
    'test/fixtures/durable-app/main.ts',
    env,
    port,
    'READY',
    `http://127.0.0.1:${port}/crisp/hooks?key=durable-app-key`,
  );

/** Starts the example app (`src/main.ts`) as `npm start` would, and resolves once its banner is printed. */
export const startExampleChildApp = (env: Record<string, string>, port: number): Promise<ChildApp> =>
  startProcess('src/main.ts', env, port, 'Health on', `http://127.0.0.1:${port}`);
