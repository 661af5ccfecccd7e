import { CsvRecord, countLineBreaks, eachCsvRecord } from '@telco-churn/core/csv';

/**
 * A record that never ends (an unterminated quote) would otherwise keep the rest of the file in
 * memory: past this many characters without a record boundary, the text so far is parsed as it
 * is, and the parser reports the broken record.
 */
export const MAX_PENDING_CHARS = 1 << 20;

const QUOTE = 34;
const LF = 10;

/**
 * CSV records of a text stream in batches, with the file's physical line numbers, holding at
 * most one chunk plus one unfinished record: the text is cut after the last line break that is
 * not inside quotes, so a quoted field spanning lines is never split.
 */
export async function* csvRecordBatches(chunks: AsyncIterable<string>): AsyncGenerator<CsvRecord[]> {
  let pending = '';
  let inQuotes = false;
  let linesBefore = 0;

  function parse(text: string): CsvRecord[] {
    const records: CsvRecord[] = [];
    eachCsvRecord(text, (record) => {
      records.push({ ...record, line: record.line + linesBefore });
    });
    linesBefore += countLineBreaks(text);
    return records;
  }

  for await (const chunk of chunks) {
    const scanFrom = pending.length;
    pending += chunk;
    let cut = -1;
    for (let i = scanFrom; i < pending.length; i++) {
      const c = pending.charCodeAt(i);
      if (c === QUOTE) inQuotes = !inQuotes;
      else if (c === LF && !inQuotes) cut = i;
    }
    const forced = cut < 0 && pending.length > MAX_PENDING_CHARS;
    if (forced) cut = pending.lastIndexOf('\n');
    if (cut < 0) continue;
    const text = pending.slice(0, cut + 1);
    pending = pending.slice(cut + 1);
    // After a regular cut quotes are balanced there, so the parity scanned so far is the
    // remainder's; after a forced one the remainder starts afresh.
    if (forced) inQuotes = quoteParity(pending);
    yield parse(text);
  }
  if (pending.length > 0) yield parse(pending);
}

function quoteParity(text: string): boolean {
  let odd = false;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === QUOTE) odd = !odd;
  return odd;
}
