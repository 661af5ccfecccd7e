import { request as httpRequest } from 'node:http';
import { readFileSync } from 'node:fs';
import { generateCustomers, toTelcoCsv } from '@telco-churn/core/synthetic';
import { freePort, startUi, TEST_PASSWORD, TEST_USER, waitForHttp, type Proc } from '../e2e/stack';
import type { BatchEvent } from '../lib/batch-types';
import { MAX_REPORTED_ERRORS, MAX_ROWS, MAX_UPLOAD_BYTES } from '../lib/batch-types';
import { ensureUiBuilt } from '@telco-churn/dev-tools/ui-build';

jest.setTimeout(300_000);

/**
 * Hostile uploads against the production build (`next build` standalone, NODE_ENV=production)
 * with the heap capped well below a 1 GB task's: bodies past the proxy's 10 MB buffer, bodies
 * without Content-Length, and files of blank rows. No API is running: the route's first event
 * already says how many rows it read, and the scoring path is the browser test's.
 */
const HEAP_MB = 256;

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

/**
 * POSTs `bytes` to the batch route in 64 KB pieces; with `chunked` no Content-Length is sent,
 * as a streaming client does. The server may answer 413 before the body is done and close the
 * connection: the answer is what counts, a broken pipe after it is expected.
 */
function post(
  base: string,
  headers: Record<string, string>,
  bytes: Buffer,
  chunked: boolean,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${base}/api/batch`, {
      method: 'POST',
      // A fresh connection each time: a kept-alive one may have been closed by the server's idle timeout.
      agent: false,
      headers: {
        'content-type': 'text/csv',
        ...(chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': String(bytes.length) }),
        ...headers,
      },
    });
    let answered = false;
    req.on('response', (res) => {
      answered = true;
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (c: string) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', (error) => {
      if (!answered) reject(error);
    });
    let at = 0;
    const pump = () => {
      while (at < bytes.length) {
        const piece = bytes.subarray(at, at + 65536);
        at += piece.length;
        if (!req.write(piece)) return void req.once('drain', pump);
      }
      req.end();
    };
    pump();
  });
}

const events = (body: string): BatchEvent[] =>
  body
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as BatchEvent);

/** 40,000 customers with a wide notes column (extra columns are ignored): ~11.8 MB by default. */
function wideFile(width = 154): Buffer {
  const lines = toTelcoCsv(generateCustomers(40_000, 1401)).split('\n');
  const notes = 'n'.repeat(width);
  return Buffer.from(lines.map((l, i) => (l ? `${l},${i === 0 ? 'notes' : notes}` : l)).join('\n'));
}

const blankRows = (n: number) => Buffer.from(toTelcoCsv([]) + `${','.repeat(20)}\n`.repeat(n));

describe('batch uploads against the production server, heap capped', () => {
  let ui: Proc;
  let base: string;
  let session: Record<string, string>;

  beforeAll(async () => {
    await ensureUiBuilt();
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    ui = startUi(port, await freePort(), {
      NODE_ENV: 'production',
      NODE_OPTIONS: `--max-old-space-size=${HEAP_MB}`,
    });
    await waitForHttp(`${base}/api/health`, ui);
    const login = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: TEST_USER, password: TEST_PASSWORD }),
      redirect: 'manual',
      headers: { origin: base },
    });
    session = { cookie: (login.headers.get('set-cookie') ?? '').split(';')[0], origin: base };
  });

  afterAll(async () => {
    await ui?.stop();
  });

  afterEach(async () => {
    expect(ui.child.exitCode).toBeNull();
    expect((await fetch(`${base}/api/health`)).status).toBe(200);
  });

  it('reads every row of an 11.8 MB upload, past the proxy’s 10 MB buffer', async () => {
    const file = wideFile();
    expect(file.length).toBeGreaterThan(11 * 1048576);
    const answer = await post(base, session, file, false);
    expect(answer.status).toBe(200);
    expect(events(answer.body)[0]).toEqual({ type: 'start', total: 40_000, invalid: [], invalidRows: 0 });
  });

  it('reads every row of the same upload sent without Content-Length', async () => {
    const answer = await post(base, session, wideFile(), true);
    expect(answer.status).toBe(200);
    expect(events(answer.body)[0]).toMatchObject({ type: 'start', total: 40_000, invalidRows: 0 });
  });

  it('refuses a body past the limit sent without Content-Length with 413 naming the limit', async () => {
    const file = wideFile(600);
    expect(file.length).toBeGreaterThan(MAX_UPLOAD_BYTES);
    const answer = await post(base, session, file, true);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toMatch(/larger than 15 MB/);
  });

  it('refuses a declared Content-Length past the limit without parsing the body', async () => {
    const answer = await post(base, session, Buffer.alloc(MAX_UPLOAD_BYTES + 1, 0x41), false);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toMatch(/larger than 15 MB/);
  });

  it('refuses 14 MB of blank rows as too many rows, bad rows counted', async () => {
    const file = blankRows(Math.floor((14 * 1048576) / 21));
    const answer = await post(base, session, file, true);
    expect(answer.status).toBe(413);
    expect(JSON.parse(answer.body).error.message).toMatch(/more than 50,000 rows/);
  });

  it('answers 50,000 blank rows with at most 1,000 problems, a count, and no NDJSON line over 1 MB', async () => {
    const answer = await post(base, session, blankRows(MAX_ROWS), false);
    expect(answer.status).toBe(200);
    const lines = answer.body.split('\n');
    expect(Math.max(...lines.map((l) => l.length))).toBeLessThan(1048576);
    const start = events(answer.body)[0];
    expect(start).toMatchObject({ type: 'start', total: 0, invalidRows: MAX_ROWS });
    expect(start.type === 'start' && start.invalid.length).toBe(MAX_REPORTED_ERRORS);
    const rssMb =
      Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${ui.child.pid}/status`, 'utf8'))?.[1]) / 1024;
    console.log(`batch upload int: UI server peak RSS ${rssMb.toFixed(0)} MB after the hostile uploads`);
  });

  it('refuses an upload without a session, and one from another site, though the proxy skips the route', async () => {
    const csv = Buffer.from(toTelcoCsv(generateCustomers(2, 1402)));
    expect((await post(base, { origin: base }, csv, false)).status).toBe(401);
    const foreign = await post(base, { ...session, origin: 'https://evil.example' }, csv, false);
    expect(foreign.status).toBe(403);
    expect(foreign.headers['x-content-type-options']).toBe('nosniff');
    expect(foreign.headers['content-security-policy']).toContain("default-src 'none'");
  });

  it('refuses a Latin-1 file with a message naming the line', async () => {
    const text = toTelcoCsv(generateCustomers(3, 1403)).replace(/\n[^,]+/, '\nZoë-0001');
    const answer = await post(base, session, Buffer.from(text, 'latin1'), false);
    expect(answer.status).toBe(400);
    expect(JSON.parse(answer.body).error.message).toMatch(/not UTF-8 text: line 2 .*CSV UTF-8/);
  });
});
