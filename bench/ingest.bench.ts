/**
 * Ingest benchmark: the built example app against the baseline receiver of ../shared/bench, on the
 * same PostgreSQL, driven alternately by wrk, with an empty Nest controller (`empty-nest-app.ts`) as
 * the framework's floor, and the project once more with its Prometheus metrics on (scraped every
 * second while measured), for their overhead. Prints a markdown report (and writes it with --out FILE).
 *
 *   npm run bench                 # A/B rounds at 50 connections, then the other axes
 *   npm run bench -- --quick      # fewer, shorter rounds
 *   npm run bench -- --against DIR  # also a built checkout of another version: in the same c=50 rounds, then
 *                                   # both driven at once (c=25 each), which the machine's drift cannot favour
 *
 * To measure against an earlier commit, build it in a worktree first:
 *   git worktree add /tmp/reference <commit> && (cd /tmp/reference && npm ci && npm run build)
 *   npm run bench -- --against /tmp/reference
 */
import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { ModuleKind, ScriptTarget, transpileModule } from 'typescript';

const ROOT = join(__dirname, '..');
const SHARED_BENCH = join(ROOT, '..', 'shared', 'bench');
const SERVER_URL = process.env.DATABASE_URL || 'postgres://postgres@127.0.0.1:5432/test';
const BENCH_DB = 'crisp_bench';
/** The project with metrics on stores in its own database: neither instance claims the other's events. */
const METRICS_BENCH_DB = 'crisp_bench_metrics';
const REFERENCE_BENCH_DB = 'crisp_bench_reference';
const KEY = 'bench-key';
const quick = process.argv.includes('--quick');
const option = (name: string) =>
  process.argv.includes(name) ? process.argv[process.argv.indexOf(name) + 1] : undefined;
const out = option('--out');
/** A built checkout of another version of this repo, measured as `reference` in the same c=50 rounds. */
const against = option('--against');
const ROUNDS = quick ? 2 : 4;
const SECONDS = quick ? 5 : 10;

interface Target {
  readonly name: 'project' | 'project, metrics on' | 'reference' | 'baseline' | 'empty Nest';
  readonly port: number;
  /** The database it stores in. */
  readonly url: string;
  /** Where the target stores hooks; the empty Nest app stores nothing. */
  readonly table?: string;
  process?: ChildProcess;
}

interface Run {
  readonly target: Target['name'];
  readonly label: string;
  readonly rps: number;
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  readonly rssMb: number;
  readonly rows: number;
  readonly lagP50?: number;
  readonly lagP99?: number;
  readonly drainMs?: number;
}

const databaseUrlOf = (name: string) => {
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return url.toString();
};

async function sql<T = Record<string, unknown>>(url: string, text: string): Promise<T[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The empty Nest app, compiled like the project (run through ts-node, its RSS would be the compiler's). */
const EMPTY_NEST_APP = join(ROOT, 'dist', 'bench', 'empty-nest-app.js');

function buildEmptyNestApp(): void {
  const { outputText } = transpileModule(readFileSync(join(ROOT, 'bench', 'empty-nest-app.ts'), 'utf8'), {
    compilerOptions: {
      module: ModuleKind.CommonJS,
      target: ScriptTarget.ES2023,
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    },
  });
  mkdirSync(join(ROOT, 'dist', 'bench'), { recursive: true });
  writeFileSync(EMPTY_NEST_APP, outputText);
}

/**
 * The example app runs as `npm run start:prod` runs it, with the V8 heap flags of that command: its RSS is
 * mostly how far V8 lets the heap grow between collections, which those flags bound.
 */
function productionArgs(root: string): string[] {
  const scripts = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> })
    .scripts;
  const [node, ...args] = scripts['start:prod'].split(/\s+/);
  if (node !== 'node') throw new Error(`start:prod of ${root} should run node, not ${node}`);
  return args.map((arg) => (arg.endsWith('.js') ? join(root, arg) : arg));
}
const PRODUCTION_ARGS = productionArgs(ROOT);
const PROJECT_ENV = { CRISP_WEBHOOK_KEYS: KEY, NODE_ENV: 'production', CRISP_METRICS: 'false' };

const COMMANDS: Record<Target['name'], { args: string[]; env: NodeJS.ProcessEnv; cwd?: string }> = {
  baseline: {
    args: [join(SHARED_BENCH, 'baseline-server.js')],
    env: { KEY, NODE_PATH: join(ROOT, 'node_modules') },
  },
  project: { args: PRODUCTION_ARGS, env: PROJECT_ENV },
  // The other version as its own `start:prod` runs it, heap flags included.
  reference: { args: against ? productionArgs(against) : [], env: PROJECT_ENV, cwd: against },
  'project, metrics on': { args: PRODUCTION_ARGS, env: { ...PROJECT_ENV, CRISP_METRICS: 'true' } },
  'empty Nest': {
    args: [EMPTY_NEST_APP],
    env: { NODE_ENV: 'production' },
  },
};

function start(target: Target): Promise<void> {
  const { args, env, cwd = ROOT } = COMMANDS[target.name];
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, ...env, PORT: String(target.port), DATABASE_URL: target.url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  target.process = child;
  return new Promise((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/listening|Receiving Crisp hooks/.test(output)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`${target.name} exited (${code}):\n${output}`)));
  });
}

const commitOf = (dir: string) => {
  try {
    return execFileSync('git', ['-C', dir, 'rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).trim();
  } catch {
    return 'not a git checkout';
  }
};

const rssMb = (pid: number) => {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : 0;
};

const toMs = (value: string) => {
  const match = /([\d.]+)(us|ms|s)/.exec(value);
  if (!match) return NaN;
  const n = Number(match[1]);
  return match[2] === 'us' ? n / 1000 : match[2] === 's' ? n * 1000 : n;
};

async function wrk(target: Target, connections: number, seconds: number, payloadBytes?: number) {
  const script = join(ROOT, 'bench', 'wrk-payload.lua');
  const threads = Math.min(2, connections);
  const args = [`-t${threads}`, `-c${connections}`, `-d${seconds}s`, '--latency', '-s', script];
  args.push(`http://127.0.0.1:${target.port}/crisp/hooks?key=${KEY}`);
  let peak = 0;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(target.process!.pid!))), 200);
  // Prometheus usually scrapes every 15 s or more; once a second is the pessimistic case.
  const scraper =
    target.name === 'project, metrics on'
      ? setInterval(() => void fetch(`http://127.0.0.1:${target.port}/metrics`).then((r) => r.text()), 1000)
      : undefined;
  const output = await new Promise<string>((resolve, reject) => {
    const child = spawn('wrk', args, { env: { ...process.env, PAYLOAD_BYTES: String(payloadBytes ?? 0) } });
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    child.once('exit', (code) => (code === 0 ? resolve(text) : reject(new Error(`wrk failed:\n${text}`))));
  });
  clearInterval(sampler);
  clearInterval(scraper);
  const line = (pattern: RegExp) => pattern.exec(output)?.[1] ?? '';
  return {
    rps: Number(line(/Requests\/sec:\s+([\d.]+)/)),
    p50: toMs(line(/\s50%\s+(\S+)/)),
    p99: toMs(line(/\s99%\s+(\S+)/)),
    errors: Number(line(/Non-2xx or 3xx responses:\s+(\d+)/) || 0) + Number(line(/Socket errors:.*timeout (\d+)/) || 0),
    rssMb: peak,
  };
}

async function measure(target: Target, label: string, connections: number, seconds: number, payloadBytes?: number) {
  // Every round starts from empty tables, so no hook of an earlier round can be answered as a duplicate, and
  // from a checkpoint, so no round pays for writing out the pages the round before it dirtied.
  const project = target.table === 'crisp_webhook_events';
  const tables = project ? '"crisp_webhook_events", "crisp_messages"' : `"${target.table}"`;
  if (target.table) await sql(target.url, `TRUNCATE ${tables}`);
  await sql(target.url, 'CHECKPOINT').catch((error: Error) => {
    throw new Error(`CHECKPOINT failed (${error.message}): bench as a superuser or a role granted pg_checkpoint`);
  });
  const result = await wrk(target, connections, seconds, payloadBytes);
  const stopped = Date.now();
  let drain: Partial<Run> = {};
  if (project) {
    for (;;) {
      const [{ count }] = await sql<{ count: string }>(
        target.url,
        `SELECT count(*) FROM "crisp_webhook_events" WHERE "status" IN ('received', 'failed')`,
      );
      if (Number(count) === 0 || Date.now() - stopped > 60_000) break;
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const [lag] = await sql<{ p50: number; p99: number }>(
      target.url,
      `SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM "processed_at" - "received_at") * 1000) AS "p50",
              percentile_cont(0.99) WITHIN GROUP (ORDER BY extract(epoch FROM "processed_at" - "received_at") * 1000) AS "p99"
       FROM "crisp_webhook_events"`,
    );
    drain = { lagP50: lag.p50, lagP99: lag.p99, drainMs: Date.now() - stopped };
  }
  const [{ count }] = target.table
    ? await sql<{ count: string }>(target.url, `SELECT count(*) FROM "${target.table}"`)
    : [{ count: '0' }];
  return { target: target.name, label, ...result, rows: Number(count), ...drain } satisfies Run;
}

/** The middle value; of an even count, the mean of the two middle ones (the rounds come in swapped pairs). */
const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
const f = (value: number | undefined, digits = 1) => (value === undefined ? '' : value.toFixed(digits));

function table(runs: Run[]): string {
  const rows = runs.map(
    (r) =>
      `| ${r.label} | ${r.target} | ${f(r.rps, 0)} | ${f(r.p50, 2)} | ${f(r.p99, 2)} | ${r.errors} | ${f(r.rssMb, 0)} | ${r.rows} | ${f(r.lagP50)} | ${f(r.lagP99)} | ${r.drainMs ?? ''} |`,
  );
  return [
    '| run | target | req/s | p50 ms | p99 ms | non-2xx | peak RSS MB | rows stored | lag p50 ms | lag p99 ms | drain ms |',
    '| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}

async function main(): Promise<void> {
  if (!existsSync(join(ROOT, 'dist', 'src', 'main.js'))) throw new Error('Build first: npm run build');
  try {
    execFileSync('sh', ['-c', 'command -v wrk'], { stdio: 'ignore' });
  } catch {
    throw new Error('wrk is not installed: apt-get install -y wrk');
  }
  if (against && !existsSync(join(against, 'dist', 'src', 'main.js')))
    throw new Error(`--against ${against}: no dist/src/main.js there; run npm ci && npm run build in it first`);
  for (const name of [BENCH_DB, METRICS_BENCH_DB, ...(against ? [REFERENCE_BENCH_DB] : [])]) {
    await sql(SERVER_URL, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await sql(SERVER_URL, `CREATE DATABASE "${name}"`);
  }
  const url = databaseUrlOf(BENCH_DB);
  const project: Target = { name: 'project', port: 4200, url, table: 'crisp_webhook_events' };
  const metered: Target = {
    name: 'project, metrics on',
    port: 4400,
    url: databaseUrlOf(METRICS_BENCH_DB),
    table: 'crisp_webhook_events',
  };
  const baseline: Target = { name: 'baseline', port: 4100, url, table: 'baseline_events' };
  const floor: Target = { name: 'empty Nest', port: 4300, url };
  const reference: Target | undefined = against
    ? { name: 'reference', port: 4500, url: databaseUrlOf(REFERENCE_BENCH_DB), table: 'crisp_webhook_events' }
    : undefined;
  const targets = [project, metered, ...(reference ? [reference] : []), baseline, floor];
  buildEmptyNestApp();
  for (const target of targets) await start(target);
  try {
    for (const target of targets) await measure(target, 'warm-up', 50, 3);
    const runs: Run[] = [];
    for (let round = 1; round <= ROUNDS; round++) {
      // The project swaps places each round with its metered twin, and with the reference: whichever runs second
      // meets PostgreSQL still busy with the first one's rows (checkpoints, autovacuum), which a fixed order would
      // always charge to it.
      const order = round % 2 === 1 ? targets : [...(reference ? [reference] : []), metered, project, baseline, floor];
      for (const target of order) runs.push(await measure(target, `c=50 round ${round}`, 50, SECONDS));
    }
    const of = (name: Target['name']) => runs.filter((r) => r.target === name);
    /** The median over rounds of `name`'s figure over `over`'s in the same round. */
    const roundRatio = (list: Run[], name: Target['name'], over: Target['name'], metric: 'rps' | 'p99' = 'rps') => {
      const theirs = list.filter((r) => r.target === over);
      return median(list.filter((r) => r.target === name).map((run, i) => run[metric] / theirs[i][metric]));
    };
    const ratioTo = (name: Target['name'], metric: 'rps' | 'p99') => roundRatio(runs, name, 'baseline', metric);
    const ratio = ratioTo('project', 'rps');
    const p99Ratio = ratioTo('project', 'p99');
    const floorRatio = ratioTo('empty Nest', 'rps');
    const floorP99Ratio = ratioTo('empty Nest', 'p99');
    const metricsRatio = ratioTo('project, metrics on', 'rps');
    // Rounds one after the other meet a machine whose speed drifts between them, here by more than a few per cent;
    // two targets driven at once (c=25 each) share whatever the machine gives, so their ratio is the steadier one.
    const atOnce = new Map<Target['name'], Run[]>();
    for (const other of [metered, ...(reference ? [reference] : [])]) {
      const pair: Run[] = [];
      for (let round = 1; round <= ROUNDS; round++) {
        const label = `at once with ${other.name}, c=25 each, round ${round}`;
        pair.push(...(await Promise.all([other, project].map((target) => measure(target, label, 25, SECONDS)))));
      }
      atOnce.set(other.name, pair);
    }
    const metricsOverhead = roundRatio(runs, 'project, metrics on', 'project');
    const metricsAtOnce = roundRatio(atOnce.get('project, metrics on')!, 'project, metrics on', 'project');
    const referenceLine = reference
      ? `Reference (${against}, ${commitOf(against!)}): ${ratioTo('reference', 'rps').toFixed(2)}x the baseline's req/s in the same rounds, against ${ratio.toFixed(2)}x for the project; project/reference req/s ${roundRatio(runs, 'project', 'reference').toFixed(3)} in those rounds, ${roundRatio(atOnce.get('reference')!, 'project', 'reference').toFixed(3)} driven at once (medians of the rounds' ratios); reference peak RSS ${Math.max(...of('reference').map((r) => r.rssMb)).toFixed(0)} MB at c=50.`
      : undefined;
    const axes: Run[] = [];
    for (const [label, connections, bytes] of [
      ['10 KB, c=50', 50, 10_000],
      ['100 KB, c=50', 50, 100_000],
      ['c=1', 1, undefined],
      ['c=200', 200, undefined],
    ] as const) {
      for (const target of [project, baseline]) axes.push(await measure(target, label, connections, SECONDS, bytes));
    }
    const peakRss = (list: Run[]) => Math.max(...list.filter((r) => r.target === 'project').map((r) => r.rssMb));
    const report = [
      `Measured ${new Date().toISOString()} on ${cpus().length} cores, wrk on the same machine.`,
      '',
      `**Ingest ratio (median of ${ROUNDS} alternating rounds, c=50): ${ratio.toFixed(2)}x the baseline's req/s; p99 ratio ${p99Ratio.toFixed(2)}x; project peak RSS ${peakRss(runs).toFixed(0)} MB (${peakRss(axes).toFixed(0)} MB over the other axes).**`,
      '',
      `Framework floor: an empty Nest controller (no validation, no database) reaches ${floorRatio.toFixed(2)}x the baseline's req/s with a p99 ratio of ${floorP99Ratio.toFixed(2)}x in the same rounds.`,
      '',
      `Metrics: with Prometheus metrics on (scraped every second), the project reaches ${metricsRatio.toFixed(2)}x the baseline's req/s against ${ratio.toFixed(2)}x with them off in the same rounds: ${((metricsOverhead - 1) * 100).toFixed(1)} % req/s (median of the rounds' on/off ratios); driven at once, ${((metricsAtOnce - 1) * 100).toFixed(1)} %.`,
      '',
      ...(referenceLine ? [referenceLine, ''] : []),
      table([...runs, ...[...atOnce.values()].flat()]),
      '',
      '### Other axes (one round each)',
      '',
      table(axes),
    ].join('\n');
    process.stdout.write(`${report}\n`);
    // An existing file (docs/benchmarks.md) gets the report between its markers; a new one is the report alone.
    if (out)
      writeFileSync(
        out,
        existsSync(out)
          ? readFileSync(out, 'utf8').replace(
              /<!-- bench:start -->[\s\S]*<!-- bench:end -->/,
              `<!-- bench:start -->\n${report}\n<!-- bench:end -->`,
            )
          : `${report}\n`,
      );
  } finally {
    for (const target of targets) target.process?.kill('SIGTERM');
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack}\n`);
  process.exit(1);
});
