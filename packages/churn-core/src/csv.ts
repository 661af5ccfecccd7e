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

/** Where a pass over the text stopped: the offset and physical line of the first unread record. */
export interface CsvPosition {
  offset: number;
  line: number;
}

export interface EachCsvOptions {
  /** Offset and line to start from (a record boundary); the start of the text by default. */
  from?: CsvPosition;
  /**
   * False when more text may follow (streaming): a record not yet ended by a line break is left
   * unread, and the returned position says where to resume once more text has arrived.
   */
  final?: boolean;
}

/**
 * A quoted field may run this far past the start of its record; beyond it the quote counts as
 * unterminated. Keeps a stray quote from holding a stream's whole rest in memory, and makes a
 * whole-text parse and a streamed one agree.
 */
export const MAX_RECORD_CHARS = 1 << 20;

/**
 * The records one by one, in order; `visit` returns false to stop early and gets the record's
 * start and end offsets (end: past its line break). Large files are read without holding every
 * record at once, which keeps the garbage collector's work small.
 *
 * A malformed record that spans several physical lines (an opening quote never closed, or
 * closed by the quote of some later field) is most likely one stray quote: it is reported as the
 * physical line where it starts, and reading resumes on the next line, so the good rows that
 * follow are not swallowed into it.
 */
export function eachCsvRecord(
  text: string,
  visit: (record: CsvRecord, start: number, end: number) => boolean | void,
  options: EachCsvOptions = {},
): CsvPosition {
  const n = text.length;
  const final = options.final ?? true;
  let i = options.from?.offset ?? (text.charCodeAt(0) === 0xfeff ? 1 : 0);
  let line = options.from?.line ?? 1;
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
      if (lf === n && !final) break;
      const end = nextCr === lf - 1 ? lf - 1 : lf;
      const record = end > i ? { line, fields: text.slice(i, end).split(',') } : undefined;
      const from = i;
      i = lf + 1;
      line++;
      if (record && visit(record, from, Math.min(i, n)) === false) return { offset: i, line };
      continue;
    }
    const startOffset = i;
    const start = line;
    const fields: string[] = [];
    let error: string | undefined;
    let incomplete = false;
    // Set when the record ran across lines and went wrong: it is cut back to its first line.
    let stray = false;
    // One record: fields until an unquoted line break or the end of the text.
    for (;;) {
      let value: string;
      if (text.charCodeAt(i) === QUOTE) {
        let j = i + 1;
        let parts = '';
        for (;;) {
          const q = text.indexOf('"', j);
          if (q < 0 || q - startOffset > MAX_RECORD_CHARS) {
            if (q < 0 && !final && n - startOffset <= MAX_RECORD_CHARS) incomplete = true;
            error = `unterminated quoted field in column ${fields.length + 1}`;
            stray = true;
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
        if (stray) break;
        const breaks = countLineBreaks(parts);
        line += breaks;
        value = parts;
        i = j;
        const c = text.charCodeAt(i);
        if (!final && i >= n) {
          incomplete = true;
          break;
        }
        if (i < n && c !== COMMA && c !== LF && c !== CR) {
          error = `unexpected text after the closing quote in column ${fields.length + 1}`;
          if (breaks > 0) {
            stray = true;
            break;
          }
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
      if (i >= n) {
        if (!final) incomplete = true;
        break;
      }
      const c = text.charCodeAt(i);
      if (c === COMMA) {
        i++;
        continue;
      }
      // A record ends at CRLF, LF or a lone CR (a CR at the end of a chunk may be half a CRLF).
      if (c === CR && i + 1 >= n && !final) {
        incomplete = true;
        break;
      }
      i += c === CR && text.charCodeAt(i + 1) === LF ? 2 : 1;
      line++;
      break;
    }
    if (incomplete) return { offset: startOffset, line: start };
    if (stray) {
      // The physical line where the record starts, as it stands, and on from the next one.
      const lineEnd = lineEndOf(text, startOffset);
      fields.length = 0;
      fields.push(...text.slice(startOffset, lineEnd).split(','));
      i =
        lineEnd < n
          ? lineEnd + (text.charCodeAt(lineEnd) === CR && text.charCodeAt(lineEnd + 1) === LF ? 2 : 1)
          : n;
      line = start + 1;
    }
    const blank = fields.length === 1 && fields[0] === '' && !error;
    if (
      !blank &&
      visit(error ? { line: start, fields, error } : { line: start, fields }, startOffset, i) === false
    )
      return { offset: i, line };
  }
  return { offset: Math.min(i, n), line };
}

/** Offset of the first line break (CR or LF) at or after `from`, or the text's length. */
function lineEndOf(text: string, from: number): number {
  let k = from;
  while (k < text.length) {
    const c = text.charCodeAt(k);
    if (c === LF || c === CR) return k;
    k++;
  }
  return k;
}

function indexOr(text: string, char: string, from: number, otherwise: number): number {
  const at = text.indexOf(char, from);
  return at < 0 ? otherwise : at;
}

/** Physical line breaks in `s` (CRLF, LF or a lone CR each count once). */
export function countLineBreaks(s: string): number {
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
/** What a spreadsheet reads as the start of a formula (OWASP's CSV injection list). */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A text cell made safe to open in a spreadsheet: one that Excel, LibreOffice or Sheets would
 * run as a formula (`=HYPERLINK(…)`, `@SUM(1+1)`, `-2+3`, a leading tab or CR) gets a leading
 * apostrophe, which they show as text. A plain number (`-12.5`, `+3`) is a value, not a formula,
 * and stays as it is, so negative figures in numeric columns still read as numbers.
 */
export function neutraliseFormula(text: string): string {
  return FORMULA_START.test(text) && !PLAIN_NUMBER.test(text) ? `'${text}` : text;
}

/**
 * One field, formula-neutralised (see neutraliseFormula) and quoted only when it must be
 * (comma, quote or line break inside). Every CSV the project writes goes through here.
 */
export function csvField(value: string | number): string {
  const text = typeof value === 'number' ? String(value) : neutraliseFormula(value);
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
