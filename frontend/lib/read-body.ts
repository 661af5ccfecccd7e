/** A request body that went past its limit: the route answers 413 naming the limit. */
export class BodyTooLargeError extends Error {
  constructor(readonly limitBytes: number) {
    super(`The request is larger than ${Math.round(limitBytes / 1048576)} MB.`);
    this.name = 'BodyTooLargeError';
  }
}

/**
 * Reads a body as text, stopping as soon as it passes `limitBytes`: a declared Content-Length
 * over the limit is refused before reading, and a chunked body without one is cut while it
 * streams, so no upload is ever buffered past the limit.
 */
export async function readLimitedText(request: Request, limitBytes: number): Promise<string> {
  if (Number(request.headers.get('content-length') ?? 0) > limitBytes)
    throw new BodyTooLargeError(limitBytes);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let bytes = 0;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
    if (bytes > limitBytes) {
      await reader.cancel();
      throw new BodyTooLargeError(limitBytes);
    }
    text += decoder.decode(value, { stream: true });
  }
  return text + decoder.decode();
}
