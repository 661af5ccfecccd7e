/**
 * CSV read as it arrives, in constant memory: bytes in (any chunking), records out in order,
 * exactly as `eachCsvRecord` reads the whole text. Input must be UTF-8: a file saved as Latin-1
 * or Windows-1252 (Excel's plain "CSV") is refused with the line of its first bad byte rather
 * than read with `�` in place of every accented letter.
 */
import { CsvError, CsvPosition, CsvRecord, countLineBreaks, eachCsvRecord } from './csv';

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

export type CsvVisitor = (record: CsvRecord, text: string, start: number, end: number) => void;

export class CsvRecordStream {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  private pending = '';
  private position: CsvPosition = { offset: 0, line: 1 };
  private started = false;
  private ended = false;

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
      // Where the bad byte is: the same bytes read leniently, up to the first replacement.
      const lenient = new TextDecoder('utf-8').decode(bytes);
      const before = this.pending + lenient.slice(0, Math.max(0, lenient.indexOf('\uFFFD')));
      throw new CsvEncodingError(this.position.line + countLineBreaks(before));
    }
  }

  private push(text: string, final: boolean): void {
    let chunk = text;
    if (!this.started && chunk.length > 0) {
      this.started = true;
      if (chunk.charCodeAt(0) === 0xfeff) chunk = chunk.slice(1);
    }
    const all = this.pending + chunk;
    const visit = this.visit;
    const at = eachCsvRecord(all, (record, start, end) => visit(record, all, start, end), {
      from: { offset: 0, line: this.position.line },
      final,
    });
    this.pending = all.slice(at.offset);
    this.position = { offset: 0, line: at.line };
  }
}
