import fc from 'fast-check';
import { CsvError, parseCsv, parseCsvLine, toCsv } from '../csv';

describe('parseCsv', () => {
  it('splits plain records on LF, CRLF and a lone CR', () => {
    expect(parseCsv('a,b\nc,d\r\ne,f\rg,h')).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['c', 'd'] },
      { line: 3, fields: ['e', 'f'] },
      { line: 4, fields: ['g', 'h'] },
    ]);
  });

  it('reads quoted fields with commas, doubled quotes and line breaks, counting physical lines', () => {
    expect(parseCsv('"a,1","say ""hi"""\n"two\r\nlines",x\nlast,"")')).toEqual([
      { line: 1, fields: ['a,1', 'say "hi"'] },
      { line: 2, fields: ['two\r\nlines', 'x'] },
      { line: 4, fields: ['last', ''], error: 'unexpected text after the closing quote in column 2' },
    ]);
  });

  it('drops a byte-order mark and skips blank lines, keeping line numbers', () => {
    expect(parseCsv('\uFEFFh1,h2\n\n1,2\n')).toEqual([
      { line: 1, fields: ['h1', 'h2'] },
      { line: 3, fields: ['1', '2'] },
    ]);
  });

  it('keeps empty fields, leading and trailing', () => {
    expect(parseCsv(',a,\n')).toEqual([{ line: 1, fields: ['', 'a', ''] }]);
  });

  it('reports an unterminated quote on the line where the record starts', () => {
    const records = parseCsv('ok,1\nbad,"open\nmore');
    expect(records[1]).toMatchObject({ line: 2, error: 'unterminated quoted field in column 2' });
  });

  it('reports a stray quote inside an unquoted field and goes on with the next record', () => {
    const records = parseCsv('a"b,c\nd,e');
    expect(records).toEqual([
      { line: 1, fields: ['a"b', 'c'], error: 'a quote inside an unquoted field in column 1' },
      { line: 2, fields: ['d', 'e'] },
    ]);
  });
});

describe('parseCsvLine', () => {
  it('parses one line', () => {
    expect(parseCsvLine('1,"Bank transfer (automatic)",2.5')).toEqual([
      '1',
      'Bank transfer (automatic)',
      '2.5',
    ]);
  });

  it('throws a CsvError for a malformed line', () => {
    expect(() => parseCsvLine('"open')).toThrow(CsvError);
  });
});

describe('toCsv', () => {
  it('quotes only fields that need it and round-trips through the parser', () => {
    const rows = [
      ['id', 'note', 'n'],
      ['1', 'plain', 3.5],
      ['2', 'comma, "quote"\nand break', -1],
    ];
    const text = toCsv(rows);
    expect(text.split('\n')[1]).toBe('1,plain,3.5');
    expect(parseCsv(text).map((r) => r.fields)).toEqual(rows.map((r) => r.map(String)));
  });

  it('writes CRLF when asked', () => {
    expect(toCsv([['a'], ['b']], '\r\n')).toBe('a\r\nb\r\n');
  });
});

describe('parseCsv and toCsv together', () => {
  const cell = fc.string({ unit: fc.constantFrom('a', 'b', ',', '"', '\r', '\n', ' ', 'é'), maxLength: 6 });
  // A record of one empty field is a blank line, which the reader skips by design.
  const row = fc.array(cell, { minLength: 1, maxLength: 5 }).filter((r) => !(r.length === 1 && r[0] === ''));

  it('reads back any rows it wrote, with LF or CRLF line ends', () => {
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), (rows, eol) => {
        expect(parseCsv(toCsv(rows, eol)).map((r) => r.fields)).toEqual(rows);
      }),
      { numRuns: 500, seed: 4180 },
    );
  });
});
