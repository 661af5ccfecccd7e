import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { parseCsv, toCsv } from '@telco-churn/core/csv';
import { parseTelcoCsv } from '@telco-churn/core/telco-csv';
import { DEFAULT_CATALOGUE } from '@telco-churn/core/retention/catalogue';
import { createRetentionEngine } from '@telco-churn/core/retention/engine';
import { generateCustomers, toTelcoCsv } from '@telco-churn/core/synthetic';
import { DEFAULT_MODEL_DIR } from '../../config';
import { predictProba } from '@telco-churn/xgboost-runtime';
import { loadArtifact } from '@telco-churn/core/artifact';
import { main } from '../campaign-main';

jest.setTimeout(60_000);

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const stdout = new PassThrough();
  const stderr = Object.assign(new PassThrough(), { isTTY: false });
  let out = '';
  let err = '';
  stdout.on('data', (d) => (out += d));
  stderr.on('data', (d) => (err += d));
  const code = await main(argv, { stdout, stderr });
  return { code, out, err };
}

const rows = generateCustomers(600, 17);
let dir: string;
let file: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'campaign-'));
  const lines = toTelcoCsv(rows).split('\n');
  // A bad row on line 4 (3 fields), and one with an unknown contract on line 7.
  lines.splice(3, 0, 'BAD-1,Female,0');
  lines[6] = lines[6].replace(/Month-to-month|One year|Two year/, 'Forever');
  file = path.join(dir, 'customers.csv');
  writeFileSync(file, lines.join('\n'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const table = (out: string) => {
  const [header, ...records] = parseCsv(out).map((r) => r.fields);
  return records.map((f) => Object.fromEntries(header.map((h, i) => [h, f[i]])));
};

describe('npm run campaign', () => {
  it('writes every valid customer in input order with its best offer, rank and group, and reports bad rows', async () => {
    const { code, out, err } = await run([
      '--customers',
      file,
      '--budget',
      '3000',
      '--capacity',
      '80',
      '--seed',
      '5',
    ]);
    expect(code).toBe(1);
    expect(err).toMatch(/^campaign: line 4, \(row\): the row has 3 fields but the header has 21$/m);
    expect(err).toMatch(/^campaign: line 7 \(.+\), contract: contract must be one of/m);
    expect(err).toMatch(
      /599 customers scored, 2 rows skipped; selected \d+ \(treatment \d+, holdout \d+, seed 5\)/,
    );
    const result = table(out);
    expect(result).toHaveLength(599);
    const lines = result.map((r) => Number(r.line));
    expect(lines).toEqual([...lines].sort((a, b) => a - b));
    expect(new Set(result.map((r) => Number(r.rank))).size).toBe(599);
    const selected = result.filter((r) => r.group !== 'none');
    expect(selected.length).toBeLessThanOrEqual(80);
    expect(selected.reduce((s, r) => s + Math.round(Number(r.cost) * 100), 0)).toBeLessThanOrEqual(300_000);
    for (const r of selected) expect(Number(r.expected_net_value)).toBeGreaterThan(0);
  });

  it('writes for every customer the probability, value at risk and best offer /retention gives it', async () => {
    // /retention's answer is the straightforward path (every offer and pair built, scored and
    // ranked); the CLI's search prunes, and encodes changed customers in place.
    const { out } = await run(['--customers', file, '--seed', '1']);
    const result = table(out);
    const artifact = await loadArtifact(DEFAULT_MODEL_DIR);
    const engine = createRetentionEngine(DEFAULT_CATALOGUE, artifact.encoder);
    const byId = new Map(rows.map((r) => [r.customerId, r.customer]));
    let paying = 0;
    for (const r of result) {
      const full = await engine.answer(byId.get(r.customerID)!, (x, n) =>
        predictProba(artifact.booster, x, n),
      );
      const top = full.offers.find((o) => o.id === full.best_offer);
      expect([
        r.customerID,
        r.churn_probability,
        r.value_at_risk,
        r.best_offer,
        r.expected_net_value,
        r.cost,
      ]).toEqual([
        r.customerID,
        String(full.churn_probability),
        full.value_at_risk.toFixed(2),
        full.best_offer ?? '',
        (top?.expected_net_value ?? 0).toFixed(2),
        (top?.cost ?? 0).toFixed(2),
      ]);
      if (top) paying++;
    }
    expect(result).toHaveLength(599);
    expect(paying).toBeGreaterThan(50);
  });

  it('writes each valid row with the line and customerID the Telco reader gives it, however the file is laid out', async () => {
    // The second pass takes only the id of the records that gave a customer in the first: hold
    // it to a full read with awkward ids (quoted with a line break, blank, padded), bad rows
    // between good ones, and the API's field names in another column order.
    const some = generateCustomers(300, 23);
    const fields = Object.keys(some[0].customer) as (keyof (typeof some)[0]['customer'])[];
    const records: (string | number)[][] = [[...fields.reverse(), 'customer_id']];
    some.forEach((r, i) => {
      const id = i % 7 === 0 ? `ID\n${i}` : i % 11 === 0 ? '' : ` ${r.customerId} `;
      records.push([...fields.map((f) => r.customer[f]), id]);
      if (i % 13 === 0) records.push(['not', 'a', 'customer']);
      if (i % 17 === 0)
        records.push([...fields.map((f) => (f === 'tenure' ? -1 : r.customer[f])), `bad-${i}`]);
    });
    const text = toCsv(records);
    const awkward = path.join(dir, 'awkward.csv');
    writeFileSync(awkward, text);
    const { code, out } = await run(['--customers', awkward, '--seed', '3']);
    expect(code).toBe(1);
    const expected = parseTelcoCsv(text).rows.map((r) => [String(r.line), r.customerId ?? '']);
    expect(expected.length).toBe(300);
    expect(table(out).map((r) => [r.line, r.customerID])).toEqual(expected);
  });

  it('names every bad row and stops with exit 2, writing nothing, when no row is valid', async () => {
    const [header] = toTelcoCsv(rows.slice(0, 1)).split('\n');
    const bad = path.join(dir, 'only-bad.csv');
    writeFileSync(bad, [header, 'X1,Female,0', 'X2,Male,1,2', ',,,'].join('\n'));
    const { code, out, err } = await run(['--customers', bad]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toMatch(/line 2\b.*3 fields/);
    expect(err).toMatch(/line 3\b.*4 fields/);
    expect(err).toMatch(/line 4\b.*4 fields/);
    expect(err).toMatch(/no valid rows/);
  });

  it('draws the same holdout for the same seed', async () => {
    const args = ['--customers', file, '--capacity', '100', '--holdout', '0.2'];
    const first = await run([...args, '--seed', '9']);
    const again = await run([...args, '--seed', '9']);
    expect(again.out).toBe(first.out);
    const held = table(first.out).filter((r) => r.group === 'holdout').length;
    const selected = table(first.out).filter((r) => r.group !== 'none').length;
    expect(held).toBe(Math.round(0.2 * selected));
  });

  it('stops with the entry named when the economics file is not valid', async () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, JSON.stringify({ economics: { margin_rate: 3 }, offers: [{ id: 'x' }] }));
    const { code, out, err } = await run(['--customers', file, '--economics', bad]);
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(`campaign: ${bad}: economics.margin_rate must be ≤ 1`);
    expect(err).toContain(`campaign: ${bad}: offers[0].label is required`);
  });

  it('uses the economics file: a longer horizon raises every value at risk', async () => {
    const longer = path.join(dir, 'longer.json');
    writeFileSync(longer, JSON.stringify({ economics: { horizon_months: 24 } }));
    const base = table((await run(['--customers', file, '--seed', '1'])).out);
    const doubled = table((await run(['--customers', file, '--seed', '1', '--economics', longer])).out);
    expect(Number(doubled[0].value_at_risk)).toBeCloseTo(2 * Number(base[0].value_at_risk), 1);
  });

  it('refuses a holdout over one half, naming the flag', async () => {
    const { code, err } = await run(['--customers', file, '--holdout', '0.7']);
    expect(code).toBe(2);
    expect(err).toMatch(/^campaign: --holdout must be a number from 0 to 0.5, got "0.7"/);
  });
});
