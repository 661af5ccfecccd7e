import { spawn } from 'node:child_process';
import {
  appendFileSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
  mkdirSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { isPredictionRecord, PredictionRecord } from '@telco-churn/core/monitoring/records';
import { createLogger } from '../../logger';
import { createJsonlSink } from '../jsonl-sink';
import { dayFiles, newCounters, readRecords } from '../read';

const ROOT = path.resolve(__dirname, '..', '..', '..', '..');
const logger = createLogger({ level: 'silent' });

function record(id: string, time = '2026-12-06T12:00:00.000Z'): PredictionRecord {
  return {
    prediction_id: id,
    time,
    source: '/predict',
    model_version: 'v',
    probability: 0.25,
    decision: false,
    threshold: 0.5,
    fields: {} as PredictionRecord['fields'],
  };
}

/** Line lengths that vary, so chunk boundaries fall everywhere within lines. */
const padFor = (id: string): number => 200 + ((id.length * 97) % 400);

async function readAll(dir: string) {
  const counters = newCounters();
  const out: PredictionRecord[] = [];
  for await (const batch of readRecords(await dayFiles(dir), isPredictionRecord, counters))
    out.push(...batch);
  return { records: out, counters };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'jsonl-sink-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('the JSON-lines sink', () => {
  it('writes one file per UTC day, records in the order they came', async () => {
    const sink = createJsonlSink({ dir, flushMs: 1000, logger });
    sink.appendPredictions([
      record('a', '2026-12-05T23:59:59.999Z'),
      record('b', '2026-12-06T00:00:00.000Z'),
    ]);
    sink.appendPredictions([record('c', '2026-12-06T00:00:00.001Z')]);
    await sink.close();
    const files = await dayFiles(path.join(dir, 'predictions'));
    expect(files.map((f) => path.basename(f))).toEqual(['2026-12-05.jsonl', '2026-12-06.jsonl']);
    const { records } = await readAll(path.join(dir, 'predictions'));
    expect(records.map((r) => r.prediction_id)).toEqual(['a', 'b', 'c']);
    expect(sink.stats()).toEqual({ queued: 0, written: 3, failed: 0, dropped: 0 });
  });

  it('writes nothing until its timer or batch size says so', async () => {
    const sink = createJsonlSink({ dir, flushMs: 60_000, batchSize: 3, logger });
    sink.appendPredictions([record('a'), record('b')]);
    await new Promise((r) => setTimeout(r, 20));
    expect(sink.stats().written).toBe(0);
    sink.appendPredictions([record('c')]);
    await sink.flush();
    expect(sink.stats().written).toBe(3);
    await sink.close();
  });

  it('counts records it cannot write instead of throwing at the caller', async () => {
    writeFileSync(path.join(dir, 'predictions'), 'a file where the folder should be');
    const sink = createJsonlSink({ dir, flushMs: 1, logger });
    expect(() => sink.appendPredictions([record('a')])).not.toThrow();
    await sink.close();
    expect(sink.stats()).toMatchObject({ written: 0, failed: 1 });
  });

  it('drops and counts records beyond its queue when the disk falls behind', async () => {
    const sink = createJsonlSink({ dir, flushMs: 60_000, maxQueued: 2, batchSize: 100, logger });
    sink.appendPredictions([record('a'), record('b'), record('c')]);
    await sink.close();
    expect(sink.stats()).toMatchObject({ written: 2, dropped: 1 });
  });

  it('starts a new line after a torn last line, so the next record is readable', async () => {
    const day = path.join(dir, 'predictions');
    mkdirSync(day, { recursive: true });
    const file = path.join(day, '2026-12-06.jsonl');
    writeFileSync(file, `${JSON.stringify(record('whole'))}\n{"prediction_id":"torn","ti`);
    const sink = createJsonlSink({ dir, flushMs: 1, logger });
    sink.appendPredictions([record('after')]);
    await sink.close();
    const { records, counters } = await readAll(day);
    expect(records.map((r) => r.prediction_id)).toEqual(['whole', 'after']);
    expect(counters).toEqual({ torn_lines: 1, bad_lines: 0 });
  });

  it('reads lines that straddle its 1 MiB chunks, in UTF-8 as well as ASCII', async () => {
    const day = path.join(dir, 'predictions');
    mkdirSync(day, { recursive: true });
    const ids = Array.from({ length: 6000 }, (_, i) => (i % 7 === 0 ? `é-${i}-€` : `id-${i}`));
    const text = ids
      .map((id) => JSON.stringify({ ...record(id), model_version: 'x'.repeat(padFor(id)) }))
      .join('\n');
    writeFileSync(path.join(day, '2026-12-06.jsonl'), `${text}\n`);
    const { records, counters } = await readAll(day);
    expect(records.map((r) => r.prediction_id)).toEqual(ids);
    expect(counters).toEqual({ torn_lines: 0, bad_lines: 0 });
  });

  it('survives a writer killed mid-stream: every earlier line intact, at most one torn', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'crash-writer.ts'), dir], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => d.toString().includes('ready') && resolve());
      child.on('exit', (code) => reject(new Error(`the writer exited early (${code})`)));
    });
    const file = path.join(dir, 'predictions', '2026-12-06.jsonl');
    // Let it get well into writing, then kill it without warning.
    const size = (): number => statSync(file, { throwIfNoEntry: false })?.size ?? 0;
    const deadline = Date.now() + 30_000;
    while (size() < 4_000_000 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 5));
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const text = readFileSync(file, 'utf8');
    const { records, counters } = await readAll(path.dirname(file));
    expect(records.length).toBeGreaterThan(1000);
    expect(counters.bad_lines).toBe(0);
    expect(counters.torn_lines).toBeLessThanOrEqual(1);
    expect(counters.torn_lines).toBe(text.endsWith('\n') ? 0 : 1);
    // No hole: the records read are exactly the first N written.
    records.forEach((r, i) => expect(Number(r.prediction_id)).toBe(i));

    // A restarted writer carries on after the damage.
    appendFileSync(file, '');
    const sink = createJsonlSink({ dir, flushMs: 1, logger });
    sink.appendPredictions([record('restarted')]);
    await sink.close();
    const after = await readAll(path.dirname(file));
    expect(after.records.length).toBe(records.length + 1);
    expect(after.records[after.records.length - 1].prediction_id).toBe('restarted');
  }, 60_000);
});
