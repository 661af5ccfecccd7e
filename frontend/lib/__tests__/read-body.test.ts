import { BodyTooLargeError, readLimitedText } from '../read-body';

const request = (body: ReadableStream<Uint8Array>, headers: Record<string, string> = {}) =>
  new Request('http://ui.test/api/x', { method: 'POST', body, headers, duplex: 'half' } as RequestInit);

describe('reading a body up to a limit', () => {
  it('reads a body within the limit whole, across chunks and multi-byte characters', async () => {
    const bytes = new TextEncoder().encode('naïve,€');
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(bytes.slice(0, 3));
        c.enqueue(bytes.slice(3));
        c.close();
      },
    });
    await expect(readLimitedText(request(body), 100)).resolves.toBe('naïve,€');
  });

  it('refuses a declared length over the limit before reading', async () => {
    const req = new Request('http://ui.test/api/x', { method: 'POST', body: 'x'.repeat(50) });
    await expect(readLimitedText(req, 10)).rejects.toBeInstanceOf(BodyTooLargeError);
  });

  it('cuts a streamed body without a length as soon as it passes the limit', async () => {
    let pulled = 0;
    const endless = new ReadableStream<Uint8Array>({
      pull(controller) {
        pulled++;
        controller.enqueue(new Uint8Array(1024));
      },
    });
    await expect(readLimitedText(request(endless), 10 * 1024)).rejects.toThrow('larger than');
    expect(pulled).toBeLessThan(20);
  });
});
