import fc from 'fast-check';
import { CsvRecord, MAX_RECORD_CHARS, parseCsv } from '../csv';
import { CsvEncodingError, CsvRecordStream } from '../csv-stream';

const utf8 = (text: string) => new TextEncoder().encode(text);

/** The records of `bytes` streamed in pieces cut at `cuts`. */
function streamed(bytes: Uint8Array, cuts: number[]): CsvRecord[] {
  const records: CsvRecord[] = [];
  const stream = new CsvRecordStream((record) => records.push(record));
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    stream.write(bytes.subarray(from, Math.max(from, cut)));
    from = Math.max(from, cut);
  }
  stream.write(bytes.subarray(from));
  stream.end();
  return records;
}

describe('CsvRecordStream', () => {
  it('reads the same records as a whole-text parse, however the bytes are cut', () => {
    const unit = fc.constantFrom('a', '1', ',', '"', '\r', '\n', '\r\n', 'é', '€', '\uFEFF');
    fc.assert(
      fc.property(
        fc.string({ unit, maxLength: 60 }),
        fc.array(fc.nat(200), { maxLength: 6 }),
        (text, cuts) => {
          const bytes = utf8(text);
          expect(streamed(bytes, cuts)).toEqual(parseCsv(text));
        },
      ),
      { numRuns: 2000, seed: 14 },
    );
  });

  it('keeps the good rows after an unterminated quote when the file arrives in pieces', () => {
    const text = 'id,n\n1,2\n3,"x\n4,5\n6,7\n';
    const records = streamed(utf8(text), [11, 13, 15]);
    expect(records.map((r) => [r.line, r.error ?? 'ok'])).toEqual([
      [1, 'ok'],
      [2, 'ok'],
      [3, 'unterminated quoted field in column 2'],
      [4, 'ok'],
      [5, 'ok'],
    ]);
  });

  it('refuses Latin-1 text, naming the line of the first byte that is not UTF-8', () => {
    const latin1 = Buffer.from('id,city\n1,Paris\n2,Montréal\n', 'latin1');
    expect(() => streamed(latin1, [3])).toThrow(CsvEncodingError);
    expect(() => streamed(latin1, [3])).toThrow(/not UTF-8 text: line 3 .*CSV UTF-8/);
  });

  it('reads a UTF-8 character split across two chunks', () => {
    const bytes = utf8('id,city\n2,Montréal\n');
    const cut = bytes.indexOf(0xc3) + 1;
    expect(streamed(bytes, [cut]).map((r) => r.fields)).toEqual([
      ['id', 'city'],
      ['2', 'Montréal'],
    ]);
  });
});

describe('CsvRecordStream against a line without end', () => {
  it('reports a line longer than the record limit and reads on after its line break', () => {
    const long = 'x'.repeat(MAX_RECORD_CHARS + 10);
    const records = streamed(utf8(`id,n\n${long}\n1,2\n`), [1000, 600000, MAX_RECORD_CHARS + 12]);
    expect(records.map((r) => [r.line, r.error ?? 'ok'])).toEqual([
      [1, 'ok'],
      [2, 'the line is longer than 1,048,576 characters'],
      [3, 'ok'],
    ]);
  });
});
