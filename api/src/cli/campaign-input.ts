/**
 * The campaign CLI's reading of its customer file: streamed in 64 KB chunks, cut into CSV
 * records, so memory stays bounded whatever the file size. Pass 1 reads customers (bad rows
 * reported); pass 2 only needs the records again.
 */
import { createReadStream } from 'node:fs';
import type { CsvRecord } from '@telco-churn/core/csv';
import { EMPTY_CSV_ERROR, RowError, TelcoRow, telcoRecordReader } from '@telco-churn/core/telco-csv';
import { csvRecordBatches } from './csv-stream';

/**
 * Customers handed to the engine at a time: about one engine slice (≤ 285 customers with the
 * shipped catalogue), so a batch's rows die young. At 2,000 they outlived several scavenges
 * while the engine worked through seven slices, were copied and promoted, and garbage
 * collection took ~12 % of the CPU; at 250 it takes ~3 %.
 */
const BATCH = 250;

/** The file's CSV records, chunk by chunk, with their physical line numbers. */
export async function* recordBatches(
  file: string,
  onBytes: (n: number) => void,
): AsyncGenerator<CsvRecord[]> {
  const input = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 16 });
  const counted = (async function* () {
    for await (const chunk of input as AsyncIterable<string>) {
      onBytes(Buffer.byteLength(chunk));
      yield chunk;
    }
  })();
  try {
    yield* csvRecordBatches(counted);
  } finally {
    input.destroy();
  }
}

/** Rows of the file, batch by batch; errors go to `onError`. Constant memory whatever the file size. */
export async function* customerBatches(
  file: string,
  onError: (e: RowError) => Promise<void>,
  onBytes: (n: number) => void,
) {
  const reader = telcoRecordReader();
  let batch: TelcoRow[] = [];
  for await (const records of recordBatches(file, onBytes)) {
    for (const record of records) {
      const result = reader.read(record);
      if (result === undefined) continue;
      if ('row' in result) {
        batch.push(result.row);
        if (batch.length === BATCH) {
          yield batch;
          batch = [];
        }
        continue;
      }
      for (const e of result.errors) await onError(e);
      if (result.stop) return;
    }
  }
  if (batch.length > 0) yield batch;
  if (!reader.header()) await onError({ ...EMPTY_CSV_ERROR });
}
