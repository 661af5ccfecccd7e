/**
 * The monitoring loop end to end, as an operator runs it: the API server as a process with a
 * temporary prediction log and a shadow challenger, predictions from a shifted population,
 * outcomes posted for some, the server stopped, then `npm run monitor` as a process.
 */
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DEFAULT_MODEL_DIR } from '../config';
import { generateCustomers } from '@telco-churn/core/synthetic';
import type { MonitorReport } from '@telco-churn/core/monitoring/report';

const ROOT = path.resolve(__dirname, '..', '..', '..');
let dir: string;
let server: ChildProcess | undefined;
let url = '';

/** A genuinely different model: the shipped booster cut to its first 50 trees, with its own version. */
function writeChallenger(to: string): void {
  mkdirSync(to, { recursive: true });
  const model = JSON.parse(readFileSync(path.join(DEFAULT_MODEL_DIR, 'xgboost-model'), 'utf8'));
  const gbtree = model.learner.gradient_booster.model;
  gbtree.trees = gbtree.trees.slice(0, 50);
  gbtree.tree_info = gbtree.tree_info.slice(0, 50);
  gbtree.gbtree_model_param.num_trees = '50';
  model.learner.attributes = { best_iteration: '49', best_ntree_limit: '50' };
  writeFileSync(path.join(to, 'xgboost-model'), JSON.stringify(model));
  const params = JSON.parse(readFileSync(path.join(DEFAULT_MODEL_DIR, 'model_params.json'), 'utf8'));
  writeFileSync(
    path.join(to, 'model_params.json'),
    JSON.stringify({ ...params, model_version: 'challenger-50-trees', threshold: 0.4 }),
  );
  copyFileSync(
    path.join(DEFAULT_MODEL_DIR, 'reference_profile.json'),
    path.join(to, 'reference_profile.json'),
  );
}

async function startServer(env: Record<string, string>): Promise<void> {
  server = spawn(process.execPath, ['--import', 'tsx', 'api/src/server.ts'], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', PREDICTOR: 'local', LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  url = await new Promise<string>((resolve, reject) => {
    let seen = '';
    server!.stdout!.on('data', (chunk: Buffer) => {
      seen += chunk.toString();
      const listening = seen.split('\n').find((l) => l.includes('"listening"'));
      if (listening) resolve(JSON.parse(listening).url.replace('localhost', '127.0.0.1'));
    });
    server!.on('exit', (code) => reject(new Error(`the server exited (${code}): ${seen}`)));
  });
}

async function stopServer(): Promise<void> {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server!.once('exit', r));
  server.kill('SIGTERM');
  await exited;
}

const post = async (route: string, body: unknown) => {
  const res = await fetch(`${url}${route}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  return { status: res.status, json: await res.json() };
};

/** sklearn's AUC for the same labels and scores: a computation independent of ours. */
function sklearnAuc(y: number[], p: number[]): number {
  const script =
    'import json,sys\nfrom sklearn.metrics import roc_auc_score\nd=json.load(sys.stdin)\nprint(roc_auc_score(d["y"], d["p"]))';
  return Number(
    execFileSync('/usr/bin/python3', ['-c', script], { input: JSON.stringify({ y, p }) }).toString(),
  );
}

describe('monitoring end to end', () => {
  let report: MonitorReport;
  let monitorExit: number;
  const truth: { y: number[]; p: number[]; challenger: number[] } = { y: [], p: [], challenger: [] };
  let accepted = 0;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'monitoring-e2e-'));
    writeChallenger(path.join(dir, 'challenger'));
    await startServer({
      PREDICTION_LOG_DIR: path.join(dir, 'log'),
      PREDICTION_LOG_FLUSH_MS: '50',
      CHALLENGER_MODEL_DIR: path.join(dir, 'challenger'),
    });
    // A shifted population: 9 in 10 customers on month-to-month contracts (about 55 % in training).
    const population = generateCustomers(2000, 1313).map((row, i) => ({
      ...row,
      customer: {
        ...row.customer,
        contract: i % 10 === 0 ? row.customer.contract : ('Month-to-month' as const),
      },
    }));
    const answers: { id: string; p: number; churn: boolean }[] = [];
    for (let at = 0; at < population.length; at += 1000) {
      const slice = population.slice(at, at + 1000);
      const { status, json } = await post('/predict/batch', { customers: slice.map((r) => r.customer) });
      expect(status).toBe(200);
      json.results.forEach(
        (r: { prediction: { prediction_id: string; churn_probability: number } }, i: number) =>
          answers.push({
            id: r.prediction.prediction_id,
            p: r.prediction.churn_probability,
            churn: slice[i].churn,
          }),
      );
    }
    const single = await post('/predict', population[0].customer);
    expect(single.json.prediction_id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    // Outcomes for every other prediction: the synthetic customers' own labels.
    const observed = answers.filter((_, i) => i % 2 === 0);
    const outcomes = observed.map((a) => ({ prediction_id: a.id, churned: a.churn }));
    const res = await post('/outcomes', {
      outcomes: [...outcomes, { prediction_id: 'nonsense', churned: true }],
    });
    expect(res.status).toBe(202);
    accepted = res.json.accepted;
    truth.y = observed.map((a) => (a.churn ? 1 : 0));
    truth.p = observed.map((a) => a.p);
    await stopServer();

    const out = path.join(dir, 'report');
    try {
      execFileSync(
        process.execPath,
        [
          '--import',
          'tsx',
          'api/src/cli/monitor.ts',
          '--predictions',
          path.join(dir, 'log', 'predictions'),
          '--outcomes',
          path.join(dir, 'log', 'outcomes'),
          '--out',
          out,
        ],
        { cwd: ROOT, stdio: 'pipe' },
      );
      monitorExit = 0;
    } catch (error) {
      monitorExit = (error as { status: number }).status;
    }
    report = JSON.parse(readFileSync(path.join(out, 'monitor.json'), 'utf8'));
  }, 180_000);

  afterAll(async () => {
    await stopServer();
    rmSync(dir, { recursive: true, force: true });
  });

  it('logs every prediction and stores every valid outcome', () => {
    expect(accepted).toBe(1000);
    expect(report.window.predictions).toBe(2001);
    expect(report.window.outcomes).toBe(1000);
    expect(report.skipped).toMatchObject({ torn_lines: 0, bad_lines: 0, unmatched_outcomes: 0 });
  });

  it('flags the shifted field and exits 3 for the alert', () => {
    expect(report.fields.contract.psi).toBeGreaterThanOrEqual(0.2);
    expect(report.alerts).toContainEqual(expect.objectContaining({ kind: 'drift', subject: 'contract' }));
    expect(monitorExit).toBe(3);
  });

  it('leaves a field that did not move unflagged', () => {
    expect(report.fields.gender.psi).toBeLessThan(0.2);
    expect(report.alerts.map((a) => a.subject)).not.toContain('gender');
  });

  it('reports the realised AUC that sklearn computes on the same predictions and outcomes', () => {
    expect(report.realised?.matched).toBe(1000);
    expect(report.realised?.auc).toBeCloseTo(sklearnAuc(truth.y, truth.p), 10);
  });

  it('compares the shadow challenger with the champion on the same outcomes', () => {
    expect(report.model_versions).toEqual({ [report.model_version]: 2001 });
    expect(report.challenger).toMatchObject({
      model_version: 'challenger-50-trees',
      scored: 2001,
      matched: 1000,
    });
    expect(report.challenger?.champion.auc).toBeCloseTo(report.realised!.auc!, 12);
    expect(report.challenger?.challenger.auc).not.toBe(report.challenger?.champion.auc);
  });

  it('keeps the customers’ numbers out of the log: numeric fields are bins', () => {
    const day = readFileSync(
      path.join(dir, 'log', 'predictions', `${report.window.from!.slice(0, 10)}.jsonl`),
      'utf8',
    );
    const first = JSON.parse(day.split('\n')[0]);
    for (const name of ['tenure', 'monthlyCharges', 'totalCharges'])
      expect(first.fields[name]).toMatch(/^[[(]/);
    expect(Object.keys(first.fields)).toHaveLength(19);
  });
});
