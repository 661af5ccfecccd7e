import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { toCsv } from '@telco-churn/core/csv';
import { generateCustomers, toTelcoCsv } from '@telco-churn/core/synthetic';
import { parseTelcoCsv } from '@telco-churn/core/telco-csv';
import { loadArtifact } from '@telco-churn/core/artifact';
import { topFactors } from '@telco-churn/core/factors';
import { explain, predictProba } from '@telco-churn/xgboost-runtime';
import { main } from '../score-main';

jest.setTimeout(120_000);

const MODEL_DIR = path.resolve(__dirname, '../../../model-artifact');

async function run(
  argv: string[],
  stdin: string | Buffer = '',
): Promise<{ code: number; out: string; err: string }> {
  const streams = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough() };
  let out = '';
  let err = '';
  streams.stdout.on('data', (d) => (out += d));
  streams.stderr.on('data', (d) => (err += d));
  streams.stdin.end(stdin);
  const code = await main(['--model-dir', MODEL_DIR, ...argv], streams);
  return { code, out, err };
}

/**
 * What `npm run score` wrote before it streamed: the whole file parsed at once, every error on
 * stderr first, then the scored rows. The oracle for byte-identical output.
 */
async function inMemoryReference(text: string, k = 3): Promise<{ code: number; out: string; err: string }> {
  const artifact = await loadArtifact(MODEL_DIR);
  const parsed = parseTelcoCsv(text);
  let err = parsed.errors
    .map(
      (e) => `score: line ${e.line}${e.customerId ? ` (${e.customerId})` : ''}, ${e.field}: ${e.message}\n`,
    )
    .join('');
  if (parsed.rows.length === 0) return { code: 2, out: '', err: `${err}score: no valid rows to score\n` };
  const hasId = parsed.header.some((h) => h.toLowerCase() === 'customerid');
  const { encoder, booster, params } = artifact;
  const width = encoder.featureNames.length;
  const x = encoder.encodeMany(parsed.rows.map((r) => r.customer));
  const proba = predictProba(booster, x, parsed.rows.length);
  const header = ['line', ...(hasId ? ['customerID'] : []), 'churn_probability', 'will_churn'];
  for (let i = 1; i <= k; i++) header.push(`factor_${i}`);
  const lines = parsed.rows.map((row, i) => {
    const factors = topFactors(
      explain(booster, x.subarray(i * width, (i + 1) * width)),
      encoder.featureNames,
      row.customer,
      k,
      params.scaler,
    ).map((f) => `${f.field}=${f.value} (${f.effect >= 0 ? '+' : ''}${f.effect.toFixed(3)})`);
    const p = proba[i];
    return [
      row.line,
      ...(hasId ? [row.customerId ?? ''] : []),
      String(Math.round(p * 1e6) / 1e6),
      p >= params.threshold ? 'Yes' : 'No',
      ...factors,
    ];
  });
  const failed = new Set(parsed.errors.map((e) => e.line)).size;
  if (failed > 0) err += `score: ${parsed.rows.length} rows scored, ${failed} rows skipped\n`;
  return { code: failed > 0 ? 1 : 0, out: toCsv([header, ...lines]), err };
}

/** 3,210 generated customers (seven batches, the last one partial) with bad rows among them. */
function fileWithBadRows(): string {
  const lines = toTelcoCsv(generateCustomers(3210, 1414)).split('\n');
  lines[5] = lines[5].replace(/,(Month-to-month|One year|Two year),/, ',Weekly,'); // bad category
  lines[700] = lines[700].split(',').slice(0, 9).join(','); // too few fields
  lines[1501] = lines[1501].replace(/,(\d+),Yes,/, ',abc,Yes,'); // not a number
  lines[3000] = ''; // a blank line is skipped
  return lines.join('\n');
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'score-stream-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('npm run score -- --customers, streamed over worker threads', () => {
  it('writes byte for byte what the in-memory scorer wrote, bad rows reported and skipped, exit 1', async () => {
    const text = fileWithBadRows();
    const reference = await inMemoryReference(text);
    expect(reference.code).toBe(1);
    const file = path.join(dir, 'bad-rows.csv');
    writeFileSync(file, text);
    for (const workers of ['0', '1', '2']) {
      const ours = await run(['--customers', file, '--workers', workers]);
      expect(ours).toEqual(reference);
    }
    expect(await run(['--customers', '-', '--workers', '2'], text)).toEqual(reference);
  });

  it('exits 0 with the same output as before when every row is valid', async () => {
    const text = toTelcoCsv(generateCustomers(600, 15));
    const reference = await inMemoryReference(text);
    expect(reference.code).toBe(0);
    expect(await run(['--customers', '-'], text)).toEqual(reference);
  });

  it('exits 2 as before when no row is valid, an empty file or a header without the columns', async () => {
    const allBad = toTelcoCsv(generateCustomers(3, 16))
      .replace(/,(Yes|No)\n/g, ',Maybe\n')
      .replace(/,\d+(\.\d+)?,/g, ',x,');
    for (const text of [allBad, '', 'a,b,c\n1,2,3\n']) {
      const reference = await inMemoryReference(text);
      expect(reference.code).toBe(2);
      expect(await run(['--customers', '-'], text)).toEqual(reference);
    }
  });

  it('scores the good rows after an unterminated quote and reports that one line', async () => {
    const lines = toTelcoCsv(generateCustomers(6, 17)).split('\n');
    lines[2] = lines[2].replace(',Female,', ',"Female,').replace(',Male,', ',"Male,');
    const { code, out, err } = await run(['--customers', '-'], lines.join('\n'));
    expect(code).toBe(1);
    expect(err).toMatch(/^score: line 3, \(row\): .*quote/);
    expect(err).toContain('5 rows scored, 1 rows skipped');
    expect(
      out
        .trim()
        .split('\n')
        .map((l) => l.split(',')[0]),
    ).toEqual(['line', '2', '4', '5', '6', '7']);
  });

  it('refuses a Latin-1 file with the line of its first byte that is not UTF-8, exit 2', async () => {
    const lines = toTelcoCsv(generateCustomers(4, 18)).split('\n');
    lines[3] = lines[3].replace(/^[^,]+/, 'Montréal-1');
    const { code, err } = await run(['--customers', '-'], Buffer.from(lines.join('\n'), 'latin1'));
    expect(code).toBe(2);
    expect(err).toMatch(/not UTF-8 text: line 4 .*CSV UTF-8/);
  });

  it('neutralises a customerID that a spreadsheet would run as a formula', async () => {
    const lines = toTelcoCsv(generateCustomers(3, 19)).split('\n');
    lines[1] = lines[1].replace(/^[^,]+/, '"=HYPERLINK(""http://evil.example"",""x"")"');
    lines[2] = lines[2].replace(/^[^,]+/, '@SUM(1+1)');
    const { code, out } = await run(['--customers', '-'], lines.join('\n'));
    expect(code).toBe(0);
    const rows = out.trim().split('\n');
    expect(rows[1]).toMatch(/^2,"'=HYPERLINK\(""http:\/\/evil\.example"",""x""\)",0\./);
    expect(rows[2]).toMatch(/^3,'@SUM\(1\+1\),0\./);
  });
});
