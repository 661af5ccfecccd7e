/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF (a lone CR too), a field in
 * double quotes may hold commas, line breaks and `""` for a quote. A UTF-8 byte-order mark at the
 * start is dropped (Excel writes one). Line numbers are physical lines, 1-based, so an error can
 * point at the line an editor shows even when a quoted field spans lines.
 */

export interface CsvRecord {
  /** Physical line on which the record starts (1-based). */
  line: number;
  fields: string[];
  /** Set when the record is malformed (e.g. an unterminated quote); `fields` is then partial. */
  error?: string;
}

export class CsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message);
    this.name = 'CsvError';
  }
}

const QUOTE = 34;
const COMMA = 44;
const LF = 10;
const CR = 13;

/**
 * Splits text into records. Blank lines are skipped (a trailing newline is not a record).
 * A malformed record is returned with `error` so the caller can report it and keep the rest.
 */
export function parseCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  eachCsvRecord(text, (record) => {
    records.push(record);
  });
  return records;
}

/**
 * The records one by one, in order; `visit` returns false to stop early. Large files are read
 * without holding every record at once, which keeps the garbage collector's work small.
 */
export function eachCsvRecord(text: string, visit: (record: CsvRecord) => boolean | void): void {
  const n = text.length;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = 1;
  // Positions of the next quote and CR at or after i, found once and reused (rescanning per line
  // would make a quote-free file quadratic).
  let nextQuote = -1;
  let nextCr = -1;
  while (i < n) {
    // Fast path, most lines of real files: no quote and no lone CR, so a plain split is exact.
    if (nextQuote !== n && nextQuote < i) nextQuote = indexOr(text, '"', i, n);
    if (nextCr !== n && nextCr < i) nextCr = indexOr(text, '\r', i, n);
    const lf = indexOr(text, '\n', i, n);
    if (nextQuote > lf && (nextCr >= lf || nextCr === lf - 1)) {
      const end = nextCr === lf - 1 ? lf - 1 : lf;
      const record = end > i ? { line, fields: text.slice(i, end).split(',') } : undefined;
      i = lf + 1;
      line++;
      if (record && visit(record) === false) return;
      continue;
    }
    const start = line;
    const fields: string[] = [];
    let error: string | undefined;
    // One record: fields until an unquoted line break or the end of the text.
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        let parts = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0) {
            error = `unterminated quoted field in column ${fields.length + 1}`;
            parts += text.slice(j);
            j = n;
            break;
          }
          parts += text.slice(j, q);
          if (text.charCodeAt(q + 1) === QUOTE) {
            parts += '"';
            j = q + 2;
          } else {
            j = q + 1;
            break;
          }
        }
        line += countBreaks(parts);
        value = parts;
        i = j;
        const c = text.charCodeAt(i);
        if (!error && i < n && c !== COMMA && c !== LF && c !== CR) {
          error = `unexpected text after the closing quote in column ${fields.length + 1}`;
          // Skip to the end of the field so the following records still parse.
          while (
            i < n &&
            text.charCodeAt(i) !== COMMA &&
            text.charCodeAt(i) !== LF &&
            text.charCodeAt(i) !== CR
          )
            i++;
        }
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === COMMA || c === LF || c === CR) break;
          j++;
        }
        value = text.slice(i, j);
        if (!error && value.includes('"'))
          error = `a quote inside an unquoted field in column ${fields.length + 1}`;
        i = j;
      }
      fields.push(value);
      if (i >= n) break;
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      // A record ends at CRLF, LF or a lone CR.
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    const blank = fields.length === 1 && fields[0] === '' && !error;
    if (!blank && visit(error ? { line: start, fields, error } : { line: start, fields }) === false) return;
  }
}

function indexOr(text: string, char: string, from: number, otherwise: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? otherwise : at;
}

/** Physical line breaks in `s`: LF, CRLF (once) and a lone CR, as record line numbers count them. */
export function countBreaks(s: string): number {
  let count = 0;
  for (let k = 0; k < s.length; k++) {
    const c = s.charCodeAt(k);
    if (c === LF || (c === CR && s.charCodeAt(k + 1) !== LF)) count++;
  }
  return count;
}

/** Parses one line of CSV (no line breaks outside quotes); throws a CsvError when malformed. */
export function parseCsvLine(line: string): string[] {
  const records = parseCsv(line);
  if (records.length === 0) return [''];
  if (records.length > 1) throw new CsvError('expected one CSV line, found several', 1);
  const [record] = records;
  if (record.error) throw new CsvError(record.error, record.line);
  return record.fields;
}

const NEEDS_QUOTES = /[",\r\n]/;

/** One field, quoted only when it must be (comma, quote or line break inside). */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * Rows to CSV text, each line ended by `eol` (LF by default, like the Telco file;
 * pass "\r\n" for strict RFC 4180).
 */
export function toCsv(rows: readonly (readonly (string | number)[])[], eol = '\n'): string {
  let out = '';
  for (const row of rows) out += row.map(csvField).join(',') + eol;
  return out;
}
