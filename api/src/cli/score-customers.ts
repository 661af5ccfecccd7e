/**
 * `npm run score -- --model-dir --customers`: the customer file streamed through in constant
 * memory. The main thread reads and splits the CSV into batches of records; worker threads
 * validate, encode, predict and explain them (that is where the time goes: TreeSHAP alone is
 * about half of it); the main thread writes the results in input order. At most a few batches
 * per worker are in flight, so memory does not grow with the file, and reading waits when the
 * output cannot keep up.
 */
import { open } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { CsvRecord, toCsv } from '@telco-churn/core/csv';
import { CsvEncodingError, CsvRecordStream } from '@telco-churn/core/csv-stream';
import { EMPTY_CSV_ERROR, telcoRowReader } from '@telco-churn/core/telco-csv';
import type { Artifact } from '@telco-churn/core/artifact';
import {
  BatchResult,
  CustomerBatch,
  createBatchScorer,
  errorLine,
  hasIdColumn,
  outputHeader,
} from './customer-batch';
import { ScorePool } from './score-pool';

export const BATCH_ROWS = 500;
const IN_FLIGHT_PER_WORKER = 3;

export interface CustomerRun {
  artifact: Artifact;
  /** A file path, or "-" for stdin. */
  input: string;
  k: number;
  /** Worker threads; 0 scores on the main thread. */
  workers: number;
  stdin: NodeJS.ReadableStream;
  stdout: Writable;
  stderr: Writable & { isTTY?: boolean };
}

/** The input can't be read at all; the caller ends with exit code 2. */
export class InputError extends Error {}

const write = (stream: Writable, text: string): Promise<void> =>
  new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));

async function openInput(run: CustomerRun): Promise<{ chunks: AsyncIterable<Uint8Array>; size?: number }> {
  if (run.input === '-') return { chunks: run.stdin as AsyncIterable<Uint8Array> };
  try {
    const handle = await open(run.input);
    const { size, isFile } = await handle.stat().then((s) => ({ size: s.size, isFile: s.isFile() }));
    return { chunks: handle.createReadStream({ highWaterMark: 1 << 16 }), size: isFile ? size : undefined };
  } catch (cause) {
    throw new InputError(`cannot read ${run.input}: ${(cause as Error).message}`);
  }
}

function progressBar(
  run: CustomerRun,
  size: number | undefined,
): (rows: number, bytes: number, last: boolean) => void {
  if (!run.stderr.isTTY || size === undefined || size < 256 * 1024) return () => undefined;
  return (rows, bytes, last) => {
    const width = 30;
    const share = last ? 1 : Math.min(1, bytes / size);
    const filled = Math.round(share * width);
    run.stderr.write(
      `\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor(share * 100)}% ${rows} rows${last ? '\n' : ''}`,
    );
  };
}

/** Scores the customer file; returns the exit code (0 all scored, 1 some skipped, 2 none scored). */
export async function scoreCustomerFile(run: CustomerRun): Promise<number> {
  const { chunks, size } = await openInput(run);
  let header: CsvRecord | undefined;
  let headerError: string | undefined;
  let batch: {
    parts: string[];
    length: number;
    bounds: number[];
    lines: number[];
    malformed: [number, string][];
  } = { parts: [], length: 0, bounds: [], lines: [], malformed: [] };
  let seq = 0;
  let score: ((b: CustomerBatch) => Promise<BatchResult>) | undefined;
  let pool: ScorePool | undefined;
  const queue: Promise<BatchResult>[] = [];
  let wroteHeader = false;
  let scored = 0;
  let failed = 0;
  let bytes = 0;
  const report = progressBar(run, size);

  const dispatch = () => {
    if (batch.lines.length === 0 || !score) return;
    queue.push(
      score({
        seq: seq++,
        text: batch.parts.join(''),
        bounds: Int32Array.from(batch.bounds),
        lines: Int32Array.from(batch.lines),
        malformed: batch.malformed,
      }),
    );
    batch = { parts: [], length: 0, bounds: [], lines: [], malformed: [] };
  };
  const deliver = async (result: BatchResult) => {
    if (result.report) await write(run.stderr, result.report);
    if (result.scored > 0 && !wroteHeader) {
      wroteHeader = true;
      await write(run.stdout, toCsv([outputHeader(hasIdColumn(header!.fields), run.k)]));
    }
    if (result.csv) await write(run.stdout, result.csv);
    scored += result.scored;
    failed += result.failed;
    report(scored, bytes, false);
  };
  const reader = new CsvRecordStream((record, text, start, end) => {
    if (headerError) return;
    if (!header) {
      const found = telcoRowReader(record);
      if (typeof found !== 'function') {
        headerError = errorLine(found);
        return;
      }
      header = record;
      if (run.workers > 0) {
        pool = new ScorePool(run.workers, { modelDir: run.artifact.dir, header, k: run.k });
        score = (b) => pool!.score(b);
      } else {
        const scoreHere = createBatchScorer(run.artifact, header, run.k);
        score = (b) => Promise.resolve(scoreHere(b));
      }
      return;
    }
    if (record.error) batch.malformed.push([batch.lines.length, record.error]);
    batch.bounds.push(batch.length, batch.length + end - start);
    batch.parts.push(text.slice(start, end));
    batch.length += end - start;
    batch.lines.push(record.line);
    if (batch.lines.length === BATCH_ROWS) dispatch();
  });

  const limit = Math.max(1, run.workers) * IN_FLIGHT_PER_WORKER;
  try {
    for await (const chunk of chunks) {
      bytes += chunk.length;
      reader.write(chunk);
      if (headerError) break;
      while (queue.length > limit) await deliver(await queue.shift()!);
    }
    if (!headerError) {
      reader.end();
      dispatch();
    }
    while (queue.length > 0) await deliver(await queue.shift()!);
  } catch (error) {
    // The batches still in hand fail with the same error, or finish unread: nobody waits for them.
    for (const pending of queue) pending.catch(() => undefined);
    if (error instanceof CsvEncodingError) {
      while (queue.length > 0) await deliver(await queue.shift()!);
      await write(run.stderr, `score: ${error.message}\n`);
      const written = scored > 0 ? `; the ${scored} rows before it were written` : '';
      await write(run.stderr, `score: stopped at line ${error.line}${written}\n`);
      return 2;
    }
    throw error;
  } finally {
    await pool?.close();
    if ('destroy' in chunks && typeof chunks.destroy === 'function' && run.input !== '-') chunks.destroy();
  }
  if (!header) await write(run.stderr, headerError ?? errorLine(EMPTY_CSV_ERROR));
  if (scored === 0) {
    await write(run.stderr, 'score: no valid rows to score\n');
    return 2;
  }
  report(scored, bytes, true);
  if (failed > 0) await write(run.stderr, `score: ${scored} rows scored, ${failed} rows skipped\n`);
  return failed > 0 ? 1 : 0;
}
