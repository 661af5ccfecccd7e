import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { RequestListener } from 'node:http';

export interface Reply {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json: any;
}

export interface RequestOptions {
  /** Sent as JSON unless `raw` is given. */
  body?: unknown;
  /** Sent byte for byte. */
  raw?: string | Buffer;
  headers?: Record<string, string>;
  /** Sent without Content-Length, in two writes: node frames it as chunked. */
  chunked?: boolean;
}

export interface Served {
  url: string;
  request(method: string, path: string, options?: RequestOptions): Promise<Reply>;
  post(path: string, body: unknown): Promise<Reply>;
  get(path: string): Promise<Reply>;
  close(): Promise<void>;
}

/** Serves an app on an ephemeral 127.0.0.1 port and talks to it with node's http (keep-alive). */
export async function serve(app: RequestListener): Promise<Served> {
  const server = http.createServer(app);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  const agent = new http.Agent({ keepAlive: true, maxSockets: 8 });

  function request(method: string, path: string, options: RequestOptions = {}): Promise<Reply> {
    const payload =
      options.raw ?? (options.body === undefined ? undefined : Buffer.from(JSON.stringify(options.body)));
    const headers: Record<string, string | number> = { ...options.headers };
    if (options.raw === undefined && options.body !== undefined && !('content-type' in headers)) {
      headers['content-type'] = 'application/json';
    }
    if (payload !== undefined && !options.chunked) headers['content-length'] = Buffer.byteLength(payload);
    return new Promise((resolve, reject) => {
      const req = http.request({ host: '127.0.0.1', port, method, path, headers, agent }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      });
      req.on('error', reject);
      if (options.chunked && payload !== undefined) {
        const half = Math.floor(payload.length / 2);
        req.write(payload.slice(0, half));
        req.end(payload.slice(half));
      } else {
        req.end(payload);
      }
    });
  }

  return {
    url: `http://127.0.0.1:${port}`,
    request,
    post: (path, body) => request('POST', path, { body }),
    get: (path) => request('GET', path),
    close: async () => {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
