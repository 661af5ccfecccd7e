import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { clientSource, installPeerAddressStamp, sourceKey } from '../client-address';

/** A real server whose handler reports the source the sign-in route would use. */
function sourceServer(hops: number): Promise<Server> {
  const server = createServer((req, res) => {
    const headers = new Headers();
    for (const [name, value] of Object.entries(req.headers))
      if (typeof value === 'string') headers.set(name, value);
    res.end(clientSource(headers, hops));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

async function sourceSeen(server: Server, headers: Record<string, string>): Promise<string> {
  const { port } = server.address() as AddressInfo;
  return (await fetch(`http://127.0.0.1:${port}/`, { headers })).text();
}

// Runs first, before the describe below installs the stamp.
it('takes no header’s word for the source where the server does not stamp requests', () => {
  const headers = new Headers({ 'x-churn-peer-address': '198.51.100.1', 'x-forwarded-for': '198.51.100.2' });
  expect(clientSource(headers, 0)).toBe('unknown');
  expect(clientSource(headers, 1)).toBe('unknown');
});

describe('the client address a sign-in is counted against', () => {
  let direct: Server;
  let behindAlb: Server;

  beforeAll(async () => {
    await installPeerAddressStamp();
    [direct, behindAlb] = await Promise.all([sourceServer(0), sourceServer(1)]);
  });

  afterAll(() => {
    direct.close();
    behindAlb.close();
  });

  it('is the peer address when no proxy is trusted, whatever X-Forwarded-For says', async () => {
    expect(await sourceSeen(direct, { 'x-forwarded-for': '203.0.113.9' })).toBe('127.0.0.1');
  });

  it('cannot be forged through the server’s own peer header', async () => {
    expect(await sourceSeen(direct, { 'x-churn-peer-address': '203.0.113.9' })).toBe('127.0.0.1');
  });

  it('is the address the trusted proxy appended, not what the client wrote before it', async () => {
    expect(await sourceSeen(behindAlb, { 'x-forwarded-for': '10.0.0.1, 203.0.113.9' })).toBe('203.0.113.9');
  });

  it('is the peer when a request skipped the trusted proxy', async () => {
    expect(await sourceSeen(behindAlb, {})).toBe('127.0.0.1');
  });

  it('keys IPv4-mapped addresses as IPv4 and IPv6 clients by their /64', () => {
    expect(sourceKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(sourceKey('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:db8:1:2::9')).toBe('2001:db8:1:2::/64');
    expect(sourceKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(sourceKey('not an address')).toBe('unknown');
  });
});
