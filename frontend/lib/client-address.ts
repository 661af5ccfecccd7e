import type { IncomingMessage } from 'node:http';
import { isIP } from 'node:net';

/**
 * Who is signing in, as far as the server can know it. Next.js route handlers see headers only,
 * and Next fills `X-Forwarded-For` with the peer address only when the client sent none, so a
 * client talking to the server directly (`docker run -p 3000:3000`) writes that header itself.
 * The server therefore stamps the socket's peer address on every request under its own header,
 * overwriting whatever the client sent there; X-Forwarded-For counts only for the number of
 * proxies the configuration says sit in front (TRUSTED_PROXY_HOPS).
 */
export const PEER_HEADER = 'x-churn-peer-address';

const STAMP = Symbol.for('churn-ui.peer-address-stamp');
type StampGlobal = { [STAMP]?: true };

/** Node.js only, once per process (instrumentation.ts): stamps every request before Next.js sees it. */
export async function installPeerAddressStamp(): Promise<void> {
  const global = globalThis as StampGlobal;
  if (global[STAMP]) return;
  const { Server } = await import('node:http');
  type Emit = (this: unknown, event: string | symbol, ...args: unknown[]) => boolean;
  const emit = Server.prototype.emit as Emit;
  const stamped: Emit = function (this: unknown, event, ...args) {
    if (event === 'request') {
      const req = args[0] as IncomingMessage;
      req.headers[PEER_HEADER] = req.socket?.remoteAddress ?? '';
    }
    return emit.call(this, event, ...args);
  };
  Server.prototype.emit = stamped as typeof Server.prototype.emit;
  global[STAMP] = true;
}

/** IPv4-mapped IPv6 as IPv4; an IPv6 client by its /64, the block one subscriber gets. */
export function sourceKey(address: string): string {
  const plain = address.trim().replace(/^\[|\]$/g, '');
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(plain);
  if (mapped) return mapped[1];
  if (isIP(plain) === 4) return plain;
  if (isIP(plain) !== 6) return 'unknown';
  const [head, tail = ''] = plain.toLowerCase().split('::');
  const left = head ? head.split(':') : [];
  const right = tail ? tail.split(':') : [];
  const groups = plain.includes('::')
    ? [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
    : left;
  return `${groups
    .slice(0, 4)
    .map((g) => g.replace(/^0+(?=.)/, ''))
    .join(':')}::/64`;
}

/**
 * The client's address: with `hops` trusted proxies, the entry that many places from the end of
 * X-Forwarded-For once the peer is appended (behind one ALB: the address the ALB appended);
 * without trusted proxies, the peer itself. 'unknown' when the server has no stamp (tests, or a
 * request that reached the app without passing instrumentation.ts).
 */
export function clientSource(headers: Headers, hops: number): string {
  const stamped = (globalThis as StampGlobal)[STAMP] ? headers.get(PEER_HEADER) : null;
  if (!stamped) return 'unknown';
  if (hops === 0) return sourceKey(stamped);
  const chain = (headers.get('x-forwarded-for') ?? '')
    .split(',')
    .map((entry) => entry.trim())
    .filter(Boolean);
  chain.push(stamped);
  // Fewer entries than proxies: the request did not come through them, so only the peer is known.
  return sourceKey(chain.length > hops ? chain[chain.length - 1 - hops] : stamped);
}
