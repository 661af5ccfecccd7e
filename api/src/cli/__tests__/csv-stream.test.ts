import fc from 'fast-check';
import { parseCsv } from '@telco-churn/core/csv';
import { MAX_PENDING_CHARS, csvRecordBatches } from '../csv-stream';

async function* chunked(text: string, cuts: number[]): AsyncGenerator<string> {
  let at = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    if (cut <= at || cut >= text.length) continue;
    yield text.slice(at, cut);
    at = cut;
  }
  yield text.slice(at);
}

async function collect(chunks: AsyncIterable<string>) {
  const records = [];
  for await (const batch of csvRecordBatches(chunks)) for (const record of batch) records.push(record);
  return records;
}

const cell = fc.oneof(
  fc.constantFrom('a', '12.5', '', 'x y'),
  fc.constantFrom('"quoted, comma"', '"two\nlines"', '"say ""hi"""', '"cr\r\nlf"'),
);
const csvText = fc
  .array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 12 })
  .chain((rows) => fc.constantFrom('\n', '\r\n').map((eol) => rows.map((r) => r.join(',')).join(eol) + eol));

describe('streamed CSV records', () => {
  it('are the records, fields and line numbers of the whole text, wherever the chunks are cut', async () => {
    await fc.assert(
      fc.asyncProperty(csvText, fc.array(fc.nat({ max: 400 }), { maxLength: 8 }), async (text, cuts) => {
        expect(await collect(chunked(text, cuts))).toEqual(parseCsv(text));
      }),
      { numRuns: 300 },
    );
  });

  it('reports an unterminated quote and reads on past it, holding at most about a megabyte', async () => {
    const good = 'a,b\n'.repeat(400_000);
    const text = `h1,h2\n"never closed,x\n${good}`;
    const records = await collect(
      chunked(
        text,
        Array.from({ length: 100 }, (_, i) => (i + 1) * 20_000),
      ),
    );
    expect(records[1].error).toMatch(/unterminated quoted field/);
    expect(text.length).toBeGreaterThan(MAX_PENDING_CHARS);
    const readOn = records.filter((r) => !r.error && r.fields[0] === 'a');
    expect(readOn.length).toBeGreaterThan(0);
    const lines = text.split('\n');
    expect(readOn.filter((r) => lines[r.line - 1] !== 'a,b')).toEqual([]);
  });
});
