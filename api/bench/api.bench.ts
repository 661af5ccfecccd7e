/**
 * `npm run bench:api`: the API server (local predictor) in a child process, loaded by autocannon
 * from this one. Prints req/s and latency for /predict and /predict/batch (100 rows) at 50
 * connections, beside a bare node:http server as the floor of what this machine can do.
 * `--soak`: 60 s of /predict at 100 connections; 0 errors and RSS growth < 30 MB to pass.
 * Options: --duration <s> (default 10), --connections <n> (default 50), --rounds <n> (default 3).
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { DEFAULT_MODEL_DIR } from '../src/config';
import { generateCustomers } from '@telco-churn/core/synthetic';
import { loadArtifact } from '@telco-churn/core/artifact';
import { stageCosts } from './stages';

const ROOT = path.resolve(__dirname, '..', '..');
const SERVER = path.join(ROOT, 'api', 'src', 'server.ts');
const REFERENCE = path.join(__dirname, 'bare-server.ts');
const TARGET_RPS = 5500;
const SOAK_SECONDS = 60;
const SOAK_CONNECTIONS = 100;
const MAX_RSS_GROWTH_MB = 30;

function arg(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

interface Child {
  url: string;
  process: ChildProcess;
  logFile: string;
  stop(): Promise<void>;
}

/** Starts a server script with tsx; its log lines go to a file, as a log collector would take them. */
async function start(script: string, env: Record<string, string> = {}): Promise<Child> {
  const port = await freePort();
  const logFile = path.join(os.tmpdir(), `bench-${path.basename(script, '.ts')}-${process.pid}.log`);
  const out = fs.openSync(logFile, 'w');
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: ROOT,
    env: { ...process.env, PORT: String(port), PREDICTOR: 'local', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', out, 'inherit'],
  });
  fs.closeSync(out);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${script} exited with ${child.exitCode}`);
    try {
      const reply = await fetch(`${url}/health`);
      if (reply.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${script} did not answer /health within 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    url,
    process: child,
    logFile,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** Least-squares slope of evenly spaced samples, per sample interval. */
function slopePerSecond(samples: number[]): number {
  const n = samples.length;
  if (n < 2) return 0;
  const meanX = (n - 1) / 2;
  const meanY = samples.reduce((a, b) => a + b, 0) / n;
  let num = 0;
  let den = 0;
  samples.forEach((y, x) => {
    num += (x - meanX) * (y - meanY);
    den += (x - meanX) ** 2;
  });
  return num / den;
}

/** Resident memory of a process in MB, from /proc (Linux). */
function rssMb(pid: number): number {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
  return kb / 1024;
}

const CLOCK_TICKS = Number(execFileSync('getconf', ['CLK_TCK']).toString().trim()) || 100;

/** CPU seconds (user + system) a process has used so far, from /proc (Linux). */
function cpuSeconds(pid: number): number {
  // The fields after the command name (which may hold spaces); utime and stime are 14th and 15th.
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

interface Result extends autocannon.Result {
  /** Server CPU time per answered request (least over the rounds): steadier than req/s on a shared machine. */
  cpuMicros: number;
}

async function run(
  server: Child,
  requests: autocannon.Request[],
  connections: number,
  duration: number,
): Promise<Result> {
  const pid = server.process.pid as number;
  const before = cpuSeconds(pid);
  // A loaded machine can take seconds per 100-row batch; autocannon's 10 s default would count those as errors.
  const result = await autocannon({
    url: server.url,
    connections,
    duration,
    pipelining: 1,
    requests,
    timeout: 60,
  });
  const used = cpuSeconds(pid) - before;
  return { ...result, cpuMicros: (used * 1e6) / Math.max(1, result.requests.total) };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

function postRequests(pathname: string, bodies: string[]): autocannon.Request[] {
  return bodies.map((body) => ({ method: 'POST', path: pathname, headers: JSON_HEADERS, body }));
}

interface Row {
  name: string;
  result: Result;
}

function print(rows: Row[]): void {
  const header = ['run', 'req/s', 'p50 ms', 'p99 ms', 'errors', 'non-2xx', 'requests', 'server CPU µs/req'];
  const lines = rows.map(({ name, result }) => [
    name,
    result.requests.average.toFixed(0),
    result.latency.p50.toFixed(1),
    result.latency.p99.toFixed(1),
    String(result.errors + result.timeouts),
    String(result.non2xx),
    String(result.requests.total),
    result.cpuMicros.toFixed(0),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const format = (cells: string[]) =>
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join('  ');
  console.log(format(header));
  for (const line of lines) console.log(format(line));
}

async function main(): Promise<void> {
  const soak = process.argv.includes('--soak');
  const duration = arg('duration', 10);
  const connections = arg('connections', 50);
  // Varied customers, so explanations and the model walk different paths as in real traffic.
  const customers = generateCustomers(1000, 2026).map((r) => r.customer);
  const singles = customers.slice(0, 200).map((c) => JSON.stringify(c));
  const batches = Array.from({ length: 10 }, (_, i) =>
    JSON.stringify({ customers: customers.slice(i * 100, (i + 1) * 100) }),
  );
  console.log(`node ${process.version}, ${os.cpus().length} cores (${os.cpus()[0]?.model.trim()})`);

  const api = await start(SERVER);
  try {
    // Warm-up: JIT and caches, not measured.
    await run(api, postRequests('/predict', singles), connections, 3);
    if (soak) {
      // V8 sizes its heap to the allocation rate of the load it sees: warm up at the soak's own
      // concurrency so that sizing is not counted as growth; a leak keeps growing after it.
      await run(api, postRequests('/predict', singles), SOAK_CONNECTIONS, 10);
      const pid = api.process.pid as number;
      const before = rssMb(pid);
      const samples: number[] = [];
      const timer = setInterval(() => samples.push(rssMb(pid)), 1000);
      console.log(
        `soak: /predict for ${SOAK_SECONDS} s at ${SOAK_CONNECTIONS} connections, RSS sampled every second`,
      );
      const result = await run(api, postRequests('/predict', singles), SOAK_CONNECTIONS, SOAK_SECONDS);
      clearInterval(timer);
      const after = rssMb(pid);
      const growth = after - before;
      print([{ name: `/predict soak ${SOAK_SECONDS}s x${SOAK_CONNECTIONS}`, result }]);
      console.log(
        `RSS: ${before.toFixed(1)} MB before, ${after.toFixed(1)} MB after, min ${Math.min(...samples).toFixed(1)}, ` +
          `max ${Math.max(...samples).toFixed(1)} MB; growth ${growth.toFixed(1)} MB (limit ${MAX_RSS_GROWTH_MB} MB); ` +
          `trend ${(slopePerSecond(samples) * 60).toFixed(1)} MB/min (least squares over the samples)`,
      );
      const errors = result.errors + result.timeouts + result.non2xx;
      const ok = errors === 0 && growth < MAX_RSS_GROWTH_MB;
      console.log(ok ? 'soak: PASS' : `soak: FAIL (${errors} errors, ${growth.toFixed(1)} MB growth)`);
      if (!ok) process.exitCode = 1;
      return;
    }
    const rounds = arg('rounds', 3);
    const bare = await start(REFERENCE);
    const scenarios: { name: string; server: Child; requests: autocannon.Request[] }[] = [
      { name: '/predict', server: api, requests: postRequests('/predict', singles) },
      { name: '/predict/batch (100 rows)', server: api, requests: postRequests('/predict/batch', batches) },
      { name: 'GET /health', server: api, requests: [{ method: 'GET', path: '/health' }] },
      { name: 'reference: bare node:http POST', server: bare, requests: postRequests('/predict', singles) },
    ];
    // Alternating rounds, best of each: other programs on a shared machine only ever slow a run down.
    const best = new Map<string, Result>();
    const history = new Map<string, number[]>();
    try {
      for (let round = 1; round <= rounds; round++) {
        for (const { name, server, requests } of scenarios) {
          const result = await run(server, requests, connections, duration);
          history.set(name, [...(history.get(name) ?? []), result.requests.average]);
          const prior = best.get(name);
          const leastCpu = Math.min(result.cpuMicros, prior?.cpuMicros ?? Infinity);
          if (!prior || result.requests.average > prior.requests.average) best.set(name, result);
          (best.get(name) as Result).cpuMicros = leastCpu;
        }
      }
    } finally {
      await bare.stop();
    }
    await api.stop();
    const lines = fs.readFileSync(api.logFile, 'utf8').split('\n').length - 1;
    console.log(
      `${connections} connections, ${duration} s per run, best of ${rounds} alternating rounds, local predictor, ` +
        `${lines} log lines written`,
    );
    const rows: Row[] = scenarios.map(({ name }) => ({ name, result: best.get(name) as Result }));
    print(rows);
    for (const { name } of scenarios) {
      console.log(
        `  ${name}: req/s by round ${(history.get(name) ?? []).map((r) => r.toFixed(0)).join(', ')}`,
      );
    }
    const { requests, cpuMicros } = rows[0].result;
    const rps = requests.average;
    console.log(
      `/predict: ${rps.toFixed(0)} req/s against a target of ${TARGET_RPS} (${rps >= TARGET_RPS ? 'met' : 'NOT met'}); ` +
        `${cpuMicros.toFixed(0)} µs of server CPU per request = ${(1e6 / cpuMicros).toFixed(0)} req/s if the server had a core to itself`,
    );
    console.log(
      '\nIn-process CPU cost of each /predict step (µs, best of 3 rounds over 1,000 distinct customers):',
    );
    const stages = stageCosts(
      await loadArtifact(DEFAULT_MODEL_DIR),
      customers,
      customers.map((c) => JSON.stringify(c)),
    );
    for (const { name, micros } of stages) console.log(`  ${micros.toFixed(1).padStart(7)}  ${name}`);
    console.log(
      `load average now: ${os
        .loadavg()
        .map((l) => l.toFixed(2))
        .join(' ')} (the load generator shares the machine)`,
    );
  } finally {
    await api.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
