import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createIdGenerator } from '../../prediction-log/prediction-id';
import { windowBound } from '../monitor';
import { parseOutcomesCsv } from '../outcomes';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'outcomes-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[]): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, ['--import', 'tsx', 'api/src/cli/outcomes.ts', ...args], {
      cwd: ROOT,
      encoding: 'utf8',
      stdio: 'pipe',
    });
    return { status: 0, stdout, stderr: '' };
  } catch (error) {
    const e = error as { status: number; stdout: string; stderr: string };
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

describe('npm run outcomes', () => {
  it('stores the good rows of a CSV in the log folder and names the bad ones by line (exit 1)', () => {
    const next = createIdGenerator();
    const [a, b] = [next(), next()];
    const today = new Date().toISOString().slice(0, 10);
    writeFileSync(
      path.join(dir, 'x.csv'),
      `Churned,prediction_id,observed_at\nyes,${a},${today}\n0,${b},\nmaybe,${a},\n`,
    );
    const { status, stdout, stderr } = run([
      '--file',
      path.join(dir, 'x.csv'),
      '--dir',
      path.join(dir, 'log'),
    ]);
    expect(status).toBe(1);
    expect(stdout).toMatch(/2 stored .* 1 refused/);
    expect(stderr).toMatch(/x\.csv:4, column churned: churned must be true or false/);
    const folder = path.join(dir, 'log', 'outcomes');
    const stored = readdirSync(folder).flatMap((f) =>
      readFileSync(path.join(folder, f), 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    );
    expect(stored.map((o) => [o.prediction_id, o.churned])).toEqual([
      [a, true],
      [b, false],
    ]);
    expect(stored[0].observed_at).toBe(`${today}T00:00:00.000Z`);
  });

  it('refuses a CSV without the required columns, storing nothing (exit 2)', () => {
    writeFileSync(path.join(dir, 'y.csv'), 'id,churn\n1,yes\n');
    const { status, stderr } = run(['--file', path.join(dir, 'y.csv'), '--dir', path.join(dir, 'log')]);
    expect(status).toBe(2);
    expect(stderr).toMatch(/the header has no prediction_id or churned column/);
  });
});

describe('parseOutcomesCsv', () => {
  it('reads true/false, yes/no and 1/0, with or without observed_at', () => {
    const { items, problems } = parseOutcomesCsv('prediction_id,churned\nA,TRUE\nB,no\nC,1\n', 'f.csv');
    expect(problems).toEqual([]);
    expect(items.map((i) => i.outcome.churned)).toEqual([true, false, true]);
    expect(items.map((i) => i.line)).toEqual([2, 3, 4]);
  });
});

describe('monitor window bounds', () => {
  it('takes a --to day as the whole day', () => {
    expect(windowBound('2026-12-06', 'from')).toBe('2026-12-06T00:00:00.000Z');
    expect(windowBound('2026-12-06', 'to')).toBe('2026-12-07T00:00:00.000Z');
    expect(windowBound('2026-12-06T12:00:00Z', 'to')).toBe('2026-12-06T12:00:00.000Z');
  });

  it('refuses what is not a date, naming the option', () => {
    expect(() => windowBound('yesterday', 'from')).toThrow(/--from must be a date/);
    expect(() => windowBound('2026-13-45', 'to')).toThrow(/--to must be a date/);
  });
});
