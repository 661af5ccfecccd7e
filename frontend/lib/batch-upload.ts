import { CsvEncodingError, CsvRecordStream } from '@telco-churn/core/csv-stream';
import {
  EMPTY_CSV_ERROR,
  telcoRowReader,
  type RowError,
  type TelcoRow,
  type TelcoRowReader,
} from '@telco-churn/core/telco-csv';
import { MAX_REPORTED_ERRORS, MAX_ROWS, MAX_UPLOAD_BYTES, type InvalidRow } from './batch-types';

/**
 * An uploaded CSV read as it streams in, with every limit enforced on the way: bytes counted as
 * they arrive (a body without Content-Length included), every record counted toward the row
 * limit whether valid or not, at most MAX_REPORTED_ERRORS problems kept. Memory is bounded by
 * the limits, not by what a client sends: a file of blank or broken rows cannot blow it up.
 */
export type Upload =
  | { ok: true; rows: TelcoRow[]; invalid: InvalidRow[]; invalidRows: number }
  | { ok: false; status: 400 | 413; message: string };

export const tooLargeMessage = (): string =>
  `The file is larger than ${MAX_UPLOAD_BYTES / 1048576} MB, the limit for one upload: split it and upload the parts.`;

const tooManyRows = (): string =>
  `The file has more than ${MAX_ROWS.toLocaleString('en-US')} rows (counting rows with errors), ` +
  'the limit for one upload: split it and upload the parts.';

export const toInvalidRow = (e: RowError): InvalidRow => ({
  line: e.line,
  field: e.column ?? e.field,
  message: e.message,
  ...(e.customerId !== undefined ? { customerId: e.customerId } : {}),
});

class Refused extends Error {
  constructor(
    readonly status: 400 | 413,
    message: string,
  ) {
    super(message);
  }
}

/**
 * A refused body is still read, and thrown away, up to this many bytes before the answer: a
 * server that answers and closes while the client is still sending makes the client's TCP stack
 * see a reset, and browsers then show "connection reset" instead of the 413's message.
 */
const DRAIN_BYTES = 4 * MAX_UPLOAD_BYTES;

/** Reads what is left of the body without keeping it; gives up (cancels) past `limit` bytes. */
export async function drain(
  reader: ReadableStreamDefaultReader<Uint8Array> | undefined,
  limit = DRAIN_BYTES,
) {
  let bytes = 0;
  for (;;) {
    const next = await reader?.read().catch(() => undefined);
    if (!next || next.done) return;
    bytes += next.value.byteLength;
    if (bytes > limit) return void (await reader?.cancel().catch(() => undefined));
  }
}

export async function readUpload(body: ReadableStream<Uint8Array> | null): Promise<Upload> {
  const rows: TelcoRow[] = [];
  const invalid: InvalidRow[] = [];
  let invalidRows = 0;
  let records = 0;
  let read: TelcoRowReader | undefined;
  let headerError: RowError | undefined;
  const report = (errors: RowError[]) => {
    invalidRows++;
    for (const e of errors) if (invalid.length < MAX_REPORTED_ERRORS) invalid.push(toInvalidRow(e));
  };
  const csv = new CsvRecordStream((record) => {
    if (headerError) return;
    if (!read) {
      const found = telcoRowReader(record);
      if (typeof found === 'function') read = found;
      else headerError = found;
      return;
    }
    if (++records > MAX_ROWS) throw new Refused(413, tooManyRows());
    const out = read(record, invalid.length >= MAX_REPORTED_ERRORS);
    if (Array.isArray(out)) report(out);
    else rows.push(out);
  });
  const reader = body?.getReader();
  let bytes = 0;
  try {
    for (;;) {
      const next = await reader?.read();
      if (!next || next.done) break;
      bytes += next.value.byteLength;
      if (bytes > MAX_UPLOAD_BYTES) throw new Refused(413, tooLargeMessage());
      csv.write(next.value);
      if (headerError) break;
    }
    if (headerError) await drain(reader);
    else csv.end();
  } catch (error) {
    await drain(reader);
    if (error instanceof Refused) return { ok: false, status: error.status, message: error.message };
    if (error instanceof CsvEncodingError)
      return { ok: false, status: 400, message: `The file could not be read: ${error.message}` };
    throw error;
  }
  if (headerError || !read) {
    const e = headerError ?? EMPTY_CSV_ERROR;
    return { ok: false, status: 400, message: `Line ${e.line}: ${e.message}` };
  }
  return { ok: true, rows, invalid, invalidRows };
}
