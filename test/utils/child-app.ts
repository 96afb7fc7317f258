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
  /** What it printed so far, stdout and stderr. */
  output(): string;
  kill(signal?: NodeJS.Signals): Promise<void>;
  /** Settles when the process has exited, whatever made it. */
  readonly exited: Promise<void>;
}

/** Which app a child runs: `test/fixtures/durable-app` unless told. */
export interface ChildAppScript {
  /** Its entry file, from the project root. */
  readonly script: string;
  /** What it prints once it listens. */
  readonly ready: string;
  /** The hook key it accepts. */
  readonly key: string;
}

const DURABLE_APP: ChildAppScript = {
  script: 'test/fixtures/durable-app/main.ts',
  ready: 'READY',
  key: 'durable-app-key',
};

/**
 * Starts an app (`test/fixtures/durable-app` by default) in a child process (TypeScript compiled on the
 * fly, without a type check) and resolves once it listens.
 */
export function startChildApp(
  env: Record<string, string>,
  port: number,
  { script, ready, key }: ChildAppScript = DURABLE_APP,
): Promise<ChildApp> {
  const child: ChildProcess = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', script], {
    cwd: ROOT,
    env: { ...process.env, ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`child app did not start:\n${output}`)), 60_000);
    let started = false;
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      if (started || !output.includes(ready)) return;
      started = true;
      clearTimeout(timer);
      resolve({
        url: `http://127.0.0.1:${port}/crisp/hooks?key=${key}`,
        output: () => output,
        exited,
        async kill(signal = 'SIGKILL') {
          child.kill(signal);
          await exited;
        },
      });
    };
    child.stderr?.on('data', read);
    child.stdout?.on('data', read);
    child.once('exit', (code) => reject(new Error(`child app exited (${code}) before it listened:\n${output}`)));
  });
}

/** Starts the example app (`src/main.ts`) as `npm start` would, and resolves once its banner is printed. */
export const startExampleChildApp = (env: Record<string, string>, port: number): Promise<ChildApp> =>
  startChildApp(env, port, { script: 'src/main.ts', ready: 'Health on', key: env.CRISP_WEBHOOK_KEYS ?? '' });

/** The lines of `output` that are JSON objects, as `ConsoleLogger({ json: true })` writes one per line. */
export const jsonLogLines = (output: string) =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map(
      (line) =>
        JSON.parse(line) as { level: string; message: string; context?: string; params?: Record<string, unknown> },
    );

/** An app kept running by a supervisor that starts it again each time it dies, as systemd or Kubernetes do. */
export interface SupervisedApp {
  /**
   * The URL of the app once it listens (the next start's when it is down). Rejects past `withinMs`, or once
   * the app died before listening too many times in a row, with what those starts printed.
   */
  up(withinMs?: number): Promise<string>;
  /** How many times it died without being told to stop, before it listened too. */
  deaths(): number;
  /** What each start printed, the current one last. */
  outputs(): string[];
  /** Stops supervising, and the app with SIGTERM. */
  stop(): Promise<void>;
}

/**
 * Starts in a row that die before listening, past which the supervisor gives up: a poison event can kill
 * a few starts that early, an app that cannot start at all (a bad port, a syntax error) kills every one.
 */
const MAX_FAILED_STARTS = 10;

export function superviseChildApp(env: Record<string, string>, port: number): SupervisedApp {
  let stopping = false;
  let deaths = 0;
  let failedStarts = 0;
  let gaveUp: Error | undefined;
  const outputs: string[] = [];
  let starting: Promise<ChildApp | undefined> = Promise.resolve(undefined);
  let running: ChildApp | undefined;
  const loop = (async () => {
    while (!stopping) {
      starting = startChildApp(env, port).catch((error: Error) => {
        outputs.push(error.message);
        return undefined;
      });
      const app = await starting;
      if (app) {
        failedStarts = 0;
        running = app;
        await app.exited;
        running = undefined;
        outputs.push(app.output());
      } else if (++failedStarts >= MAX_FAILED_STARTS) {
        gaveUp = new Error(`The app died before listening ${failedStarts} times in a row:\n${outputs.at(-1)}`);
        return;
      }
      if (!stopping) deaths++;
    }
  })();
  return {
    async up(withinMs = 60_000) {
      const deadline = Date.now() + withinMs;
      while (!running) {
        if (gaveUp) throw gaveUp;
        if (Date.now() > deadline) {
          throw new Error(`The app was not up within ${withinMs} ms; its starts printed:\n${outputs.join('\n')}`);
        }
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      return running.url;
    },
    deaths: () => deaths,
    outputs: () => (running ? [...outputs, running.output()] : [...outputs]),
    async stop() {
      stopping = true;
      await (await starting)?.kill('SIGTERM');
      await loop;
    },
  };
}
