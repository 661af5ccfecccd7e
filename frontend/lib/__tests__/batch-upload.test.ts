import { generateCustomers, toTelcoCsv } from '@telco-churn/core/synthetic';
import { MAX_REPORTED_ERRORS, MAX_ROWS, MAX_UPLOAD_BYTES } from '../batch-types';
import { readUpload } from '../batch-upload';

/** A request body that arrives in `size`-byte pieces, as a chunked upload does. */
function body(bytes: Uint8Array, size = 65536): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream({
    pull(controller) {
      if (at >= bytes.length) return controller.close();
      controller.enqueue(bytes.subarray(at, at + size));
      at += size;
    },
  });
}
const utf8 = (text: string) => new TextEncoder().encode(text);
const header = toTelcoCsv([]);

describe('reading an uploaded CSV as it streams', () => {
  it('reads every row of a file in many pieces', async () => {
    const upload = await readUpload(body(utf8(toTelcoCsv(generateCustomers(3000, 21))), 1000));
    expect(upload.ok && upload.rows.length).toBe(3000);
  });

  it('refuses a body past the limit, counting bytes as they arrive, and names the limit', async () => {
    const big = new Uint8Array(MAX_UPLOAD_BYTES + 1).fill(0x41);
    big.set(utf8(header));
    const upload = await readUpload(body(big));
    expect(upload).toEqual({ ok: false, status: 413, message: expect.stringContaining('larger than 15 MB') });
  });

  it('counts rows with errors toward the row limit', async () => {
    const blank =
      header +
      ','
        .repeat(20)
        .concat('\n')
        .repeat(MAX_ROWS + 1);
    const upload = await readUpload(body(utf8(blank)));
    expect(upload).toEqual({
      ok: false,
      status: 413,
      message: expect.stringMatching(/more than 50,000 rows/),
    });
  });

  it('lists at most the first 1,000 problems of a file of bad rows, and counts every bad row', async () => {
    const blank = header + ','.repeat(20).concat('\n').repeat(MAX_ROWS);
    const upload = await readUpload(body(utf8(blank)));
    if (!upload.ok) throw new Error(upload.message);
    expect(upload.rows).toHaveLength(0);
    expect(upload.invalid).toHaveLength(MAX_REPORTED_ERRORS);
    expect(upload.invalidRows).toBe(MAX_ROWS);
  });

  it('keeps the good rows after an unterminated quote and reports that row', async () => {
    const lines = toTelcoCsv(generateCustomers(5, 22)).split('\n');
    lines[2] = lines[2].replace(/,(Female|Male),/, ',"$1,');
    const upload = await readUpload(body(utf8(lines.join('\n')), 7));
    if (!upload.ok) throw new Error(upload.message);
    expect(upload.rows.map((r) => r.line)).toEqual([2, 4, 5, 6]);
    expect(upload.invalid).toEqual([
      expect.objectContaining({ line: 3, message: expect.stringMatching(/quote/) }),
    ]);
  });

  it('refuses a Latin-1 file, naming the line and what to do', async () => {
    const text = `${header}${toTelcoCsv(generateCustomers(2, 23))
      .split('\n')[1]
      .replace(/^[^,]+/, 'Zoë-1')}\n`;
    const upload = await readUpload(body(Buffer.from(text, 'latin1')));
    expect(upload).toEqual({
      ok: false,
      status: 400,
      message: expect.stringMatching(/not UTF-8 text: line 2 .*CSV UTF-8/),
    });
  });

  it('says when the header lacks the columns', async () => {
    const upload = await readUpload(body(utf8('a,b\n1,2\n')));
    expect(upload).toEqual({
      ok: false,
      status: 400,
      message: expect.stringMatching(/^Line 1: missing required columns/),
    });
  });
});
