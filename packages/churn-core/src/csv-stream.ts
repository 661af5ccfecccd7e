/**
 * CSV read as it arrives, in constant memory: bytes in (any chunking), records out in order,
 * exactly as `eachCsvRecord` reads the whole text. Input must be UTF-8: a file saved as Latin-1
 * or Windows-1252 (Excel's plain "CSV") is refused with the line of its first bad byte rather
 * than read with `�` in place of every accented letter.
 */
import { CsvError, CsvPosition, CsvRecord, MAX_RECORD_CHARS, countLineBreaks, eachCsvRecord } from './csv';

/** The input is not UTF-8 text. `line` is the physical line of the first bad byte. */
export class CsvEncodingError extends CsvError {
  constructor(line: number) {
    super(
      `the file is not UTF-8 text: line ${line} has a byte that is not UTF-8 (was it saved as ` +
        'Latin-1 / Windows-1252, Excel\'s plain "CSV"?). Save it as "CSV UTF-8" and try again.',
      line,
    );
    this.name = 'CsvEncodingError';
  }
}

/** The whole of `bytes` as text; throws a CsvEncodingError naming the line when it is not UTF-8. */
export function decodeUtf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CsvEncodingError(badByteLine('', bytes, 1));
  }
}

/** The line of the first byte of `bytes` that is not UTF-8, `before` being the text read since `line`. */
function badByteLine(before: string, bytes: Uint8Array, line: number): number {
  const lenient = new TextDecoder('utf-8').decode(bytes);
  return line + countLineBreaks(before + lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD'))));
}

export type CsvVisitor = (record: CsvRecord, text: string, start: number, end: number) => void;

export class CsvRecordStream {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private pending = '';
  private position: CsvPosition = { offset: 0, line: 1 };
  private started = false;
  private ended = false;
  /** Inside a line too long to be a record: dropping input up to its line break. */
  private skipping = false;

  /** `visit` sees each record with the text it was read from and its offsets there. */
  constructor(private readonly visit: CsvVisitor) {}

  /** Physical lines fully read so far. */
  get line(): number {
    return this.position.line;
  }

  /** Reads the records this chunk completes; throws a CsvEncodingError on bytes that are not UTF-8. */
  write(bytes: Uint8Array): void {
    this.push(this.decode(bytes, true), false);
  }

  /** Reads the rest (a last line without a line break, an unterminated quote). */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    this.push(this.decode(new Uint8Array(0), false), true);
  }

  private decode(bytes: Uint8Array, stream: boolean): string {
    try {
      return this.decoder.decode(bytes, { stream });
    } catch {
      throw new CsvEncodingError(badByteLine(this.pending, bytes, this.position.line));
    }
  }

  private push(text: string, final: boolean): void {
    let chunk = text;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    if (this.skipping) {
      const k = chunk.search(/[\r\n]/);
      if (k < 0) return;
      this.skipping = false;
      chunk = chunk.slice(k + (chunk.startsWith('\r\n', k) ? 2 : 1));
      this.position = { offset: 0, line: this.position.line + 1 };
    }
    const all = this.pending + chunk;
    const visit = this.visit;
    const at = eachCsvRecord(all, (record, start, end) => visit(record, all, start, end), {
      from: { offset: 0, line: this.position.line },
      final,
    });
    this.pending = all.slice(at.offset);
    this.position = { offset: 0, line: at.line };
    // Only a line with no break for MAX_RECORD_CHARS stays pending this long (a quote open that
    // far is cut back to its line by the parser): report it and drop the rest of it unread, so
    // a body without line breaks costs neither memory nor a rescan per chunk.
    if (!final && this.pending.length > MAX_RECORD_CHARS) {
      const error = `the line is longer than ${MAX_RECORD_CHARS.toLocaleString('en-US')} characters`;
      visit({ line: at.line, fields: [this.pending.slice(0, 40)], error }, '', 0, 0);
      this.pending = '';
      this.skipping = true;
    }
  }
}
