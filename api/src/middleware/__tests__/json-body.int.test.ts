import http from 'node:http';
import net from 'node:net';
import { gzipSync } from 'node:zlib';
import { TestApp, customers, startTestApp, withoutIds } from '../../__tests__/fixtures';
import { limitBytes } from '../json-body';

let api: TestApp;
beforeAll(async () => {
  api = await startTestApp({ bodyLimit: '4kb' });
});
afterAll(() => api.close());

const [customer] = customers(1, 7);
const json = JSON.stringify(customer);
const JSON_HEADERS = { 'content-type': 'application/json' };

/** Sends the body without Content-Length, so node frames it as chunked. */
function postChunked(body: string): Promise<{ status: number; json: { error?: { code: string } } }> {
  const port = Number(new URL(api.url).port);
  return new Promise((resolve, reject) => {
    const req = http.request(
      { host: '127.0.0.1', port, method: 'POST', path: '/predict', headers: JSON_HEADERS },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => (text += c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
      },
    );
    req.on('error', reject);
    req.write(body.slice(0, 100));
    req.end(body.slice(100));
  });
}

describe('the JSON body reader', () => {
  it('reads "1mb", "512kb" and plain byte counts as body-parser does', () => {
    expect(limitBytes('1mb')).toBe(1048576);
    expect(limitBytes('512KB')).toBe(524288);
    expect(limitBytes('1.5kb')).toBe(1536);
    expect(limitBytes('100000')).toBe(100000);
    expect(limitBytes('big')).toBeNaN();
  });

  it('scores a body that starts with a UTF-8 byte order mark', async () => {
    const reply = await api.request('POST', '/predict', { raw: `\ufeff${json}`, headers: JSON_HEADERS });
    expect(reply.status).toBe(200);
  });

  it('counts an empty body as an empty object, so validation names the missing fields', async () => {
    const reply = await api.request('POST', '/predict', { raw: '', headers: JSON_HEADERS });
    expect(reply.status).toBe(422);
    expect(reply.json.error.details.map((d: { field: string }) => d.field)).toContain('tenure');
  });

  it('scores a chunked body like one with a Content-Length', async () => {
    const chunked = await postChunked(json);
    const plain = await api.request('POST', '/predict', { raw: json, headers: JSON_HEADERS });
    expect(chunked.status).toBe(200);
    expect(withoutIds(chunked.json)).toEqual(withoutIds(plain.json));
  });

  it('answers 413 for a chunked body over the limit', async () => {
    const reply = await postChunked(JSON.stringify({ ...customer, padding: 'x'.repeat(5000) }));
    expect(reply.status).toBe(413);
    expect(reply.json.error?.code).toBe('payload_too_large');
  });

  it('inflates a gzip body and refuses one that does not inflate', async () => {
    const gzipped = await api.request('POST', '/predict', {
      raw: gzipSync(json),
      headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' },
    });
    expect(gzipped.status).toBe(200);
    const broken = await api.request('POST', '/predict', {
      raw: Buffer.from('not gzip at all'),
      headers: { ...JSON_HEADERS, 'content-encoding': 'gzip' },
    });
    expect(broken.status).toBe(400);
    expect(broken.json.error.code).toBe('invalid_body_encoding');
  });

  it('answers 415 for a charset other than UTF-8', async () => {
    const reply = await api.request('POST', '/predict', {
      raw: json,
      headers: { 'content-type': 'application/json; charset=latin1' },
    });
    expect(reply.status).toBe(415);
    expect(reply.json.error.code).toBe('unsupported_media_type');
  });

  it('logs a request whose client hangs up before the announced length as a 400', async () => {
    const port = Number(new URL(api.url).port);
    const before = api.logs.length;
    const socket = net.connect(port, '127.0.0.1');
    await new Promise((resolve) => socket.once('connect', resolve));
    socket.write(
      `POST /predict HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: ${json.length + 50}\r\n\r\n${json}`,
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    socket.destroy();
    for (let i = 0; i < 50 && api.logs.length === before; i++) await new Promise((r) => setTimeout(r, 20));
    const line = api.logs.slice(before).find((l) => l.message === 'request');
    expect(line).toMatchObject({ route: '/predict', status: 400 });
  });
});
