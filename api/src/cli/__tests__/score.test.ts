import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { FEATURE_NAMES, SCALED_FEATURES } from '@telco-churn/core/features';
import { generateCustomers, toTelcoCsv } from '@telco-churn/core/synthetic';
import { FIXTURES, expected, fixtureBytes } from '@telco-churn/xgboost-runtime/__tests__/fixtures';
import { main } from '../score-main';

async function run(
  argv: string[],
  stdin = '',
  tty = false,
): Promise<{ code: number; out: string; err: string }> {
  const streams = {
    stdin: new PassThrough(),
    stdout: new PassThrough(),
    stderr: Object.assign(new PassThrough(), { isTTY: tty }),
  };
  let out = '';
  let err = '';
  streams.stdout.on('data', (d) => (out += d));
  streams.stderr.on('data', (d) => (err += d));
  streams.stdin.end(stdin);
  const code = await main(argv, streams);
  return { code, out, err };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'score-'));
  const missing = expected('missing');
  const csv = missing.x.map((row) => row.map((v) => (v === null ? '' : String(v))).join(',')).join('\n');
  writeFileSync(path.join(dir, 'missing.csv'), `${csv}\n`);
  writeFileSync(path.join(dir, 'missing-model'), fixtureBytes('missing', 'bin'));
  const modelDir = path.join(dir, 'artifact');
  mkdirSync(modelDir);
  writeFileSync(path.join(modelDir, 'xgboost-model'), fixtureBytes('telco46', 'json'));
  writeFileSync(
    path.join(modelDir, 'model_params.json'),
    JSON.stringify({
      feature_names: FEATURE_NAMES,
      scaler: { features: SCALED_FEATURES, means: [32, 65, 2280, 60, 2], stds: [24, 30, 2260, 30, 1.8] },
      threshold: 0.4,
    }),
  );
  writeFileSync(path.join(dir, 'customers.csv'), toTelcoCsv(generateCustomers(40, 7)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run score -- --model --features', () => {
  it('prints one probability per line as the SageMaker container does, missing values included', async () => {
    const { code, out, err } = await run([
      '--model',
      path.join(dir, 'missing-model'),
      '--features',
      path.join(dir, 'missing.csv'),
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.split('\n');
    expect(lines).toHaveLength(expected('missing').nRows + 1);
    expect(lines[0]).toBe('0.41182592511177063');
    expect(lines.at(-1)).toBe('');
    expect(lines.slice(0, -1).map(Number)).toEqual(expected('missing').proba);
  });

  it('reads the features from stdin with -', async () => {
    const { code, out } = await run(
      ['--model', path.join(dir, 'missing-model'), '--features', '-'],
      '1,2,3,4,5,6,7\n',
    );
    expect(code).toBe(0);
    expect(out).toMatch(/^0\.\d+\n$/);
  });

  it('reads a model.tar.gz', async () => {
    const small = expected('small');
    const csv = small.x
      .slice(0, 2)
      .map((r) => r.join(','))
      .join('\n');
    const { out } = await run(['--model', path.join(FIXTURES, 'small.model.tar.gz'), '--features', '-'], csv);
    expect(out.trim().split('\n').map(Number)).toEqual(small.proba.slice(0, 2));
  });

  it('names each line with the wrong number of columns and prints no probabilities', async () => {
    const { code, out, err } = await run(
      ['--model', path.join(dir, 'missing-model'), '--features', '-'],
      '1,2,3,4,5,6,7\n1,2,3\n\n1,2,3,4,5,6,7,8\n',
    );
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain('line 2 has 3 values; the model takes 7 features');
    expect(err).toContain('line 3 is empty; the model takes 7 features');
    expect(err).toContain('line 4 has 8 values; the model takes 7 features');
  });

  it('names the line and column of a value that is not a number', async () => {
    const { code, err } = await run(
      ['--model', path.join(dir, 'missing-model'), '--features', '-'],
      '1,2,3,x4,5,6,7\n',
    );
    expect(code).toBe(2);
    expect(err).toContain('line 1, column 4: "x4" is not a number');
  });

  it('says what is wrong with a model file', async () => {
    writeFileSync(path.join(dir, 'broken'), 'binfxx');
    const { code, err } = await run(['--model', path.join(dir, 'broken'), '--features', '-'], '1\n');
    expect(code).toBe(2);
    expect(err).toMatch(/^score: .*broken: truncated legacy binary model/);
  });
});

describe('npm run score -- --model-dir --customers', () => {
  it('writes one CSV line per customer with probability, decision and top factors', async () => {
    const { code, out, err } = await run([
      '--model-dir',
      path.join(dir, 'artifact'),
      '--customers',
      path.join(dir, 'customers.csv'),
    ]);
    expect(err).toBe('');
    expect(code).toBe(0);
    const lines = out.trim().split('\n');
    expect(lines[0]).toBe('line,customerID,churn_probability,will_churn,factor_1,factor_2,factor_3');
    expect(lines).toHaveLength(41);
    const [line, id, p, decision, factor] = lines[1].split(',');
    expect(line).toBe('2');
    expect(id).toMatch(/^\d{4}-[A-Z]{5}$/);
    expect(Number(p)).toBeGreaterThan(0);
    expect(decision).toBe(Number(p) >= 0.4 ? 'Yes' : 'No');
    expect(factor).toMatch(/^[a-zA-Z]+=.+ \([+-]\d+\.\d{3}\)$/);
  });

  it('reports invalid rows with line and field, scores the rest and exits 1', async () => {
    const csv = toTelcoCsv(generateCustomers(5, 8)).replace(
      /\n([^\n]*?),(Month-to-month|One year|Two year),/,
      '\n$1,Weekly,',
    );
    const { code, out, err } = await run(
      ['--model-dir', path.join(dir, 'artifact'), '--customers', '-', '--top', '1'],
      csv,
    );
    expect(code).toBe(1);
    expect(err).toMatch(/^score: line 2 \(\d{4}-[A-Z]{5}\), contract: /);
    expect(err).toContain('4 rows scored, 1 rows skipped');
    expect(out.trim().split('\n')).toHaveLength(5);
  });

  it('draws a progress bar on a terminal for a large file, and none when stderr is not a terminal', async () => {
    const csv = toTelcoCsv(generateCustomers(2100, 9));
    const onTty = await run(['--model-dir', path.join(dir, 'artifact'), '--customers', '-'], csv, true);
    expect(onTty.code).toBe(0);
    expect(onTty.err).toContain('] 23% 500/2100 rows');
    expect(onTty.err.endsWith('] 100% 2100/2100 rows\n')).toBe(true);
    const piped = await run(['--model-dir', path.join(dir, 'artifact'), '--customers', '-'], csv);
    expect(piped.err).toBe('');
    expect(piped.out).toBe(onTty.out);
  });

  it('says when model_params.json is missing', async () => {
    const { code, err } = await run(['--model-dir', dir, '--customers', '-'], '');
    expect(code).toBe(2);
    expect(err).toMatch(/^score: /);
  });
});

it('shows the usage when the options do not make a mode', async () => {
  const { code, err } = await run(['--features', '-']);
  expect(code).toBe(2);
  expect(err).toContain('give either --model and --features, or --model-dir and --customers');
  expect(err).toContain('Usage:');
});
