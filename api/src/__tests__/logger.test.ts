import { Writable } from 'node:stream';
import { batchedStream, createLogger } from '../logger';

function sink() {
  const writes: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string, _encoding, done) {
      writes.push(chunk);
      done();
    },
  });
  return { writes, stream };
}

const turn = () => new Promise((resolve) => setImmediate(resolve));

describe('createLogger', () => {
  it('writes one JSON line per entry with time, level, message and the metadata', () => {
    const { writes, stream } = sink();
    createLogger({ level: 'info', stream }).info('request', { status: 200, scores: [0.1, 0.2] });
    expect(writes).toHaveLength(1);
    expect(writes[0].endsWith('\n')).toBe(true);
    expect(JSON.parse(writes[0])).toEqual({
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      level: 'info',
      message: 'request',
      status: 200,
      scores: [0.1, 0.2],
    });
  });

  it('still writes an entry whose metadata JSON.stringify refuses', () => {
    const { writes, stream } = sink();
    const cyclic: Record<string, unknown> = { n: 1 };
    cyclic.self = cyclic;
    createLogger({ level: 'info', stream }).info('odd', { cyclic, big: BigInt(7) });
    expect(JSON.parse(writes[0])).toMatchObject({ message: 'odd', big: '7', time: expect.any(String) });
  });

  it('drops entries under the level, and everything when silent', () => {
    const { writes, stream } = sink();
    createLogger({ level: 'warn', stream }).info('hidden');
    createLogger({ level: 'silent', stream }).error('hidden too');
    expect(writes).toEqual([]);
  });
});

describe('batchedStream', () => {
  it('joins the lines of one event-loop turn into one write, in order', async () => {
    const { writes, stream } = sink();
    const logger = createLogger({ level: 'info', stream: batchedStream(stream) });
    for (let i = 0; i < 5; i++) logger.info('line', { i });
    await turn();
    await turn();
    expect(writes.length).toBeLessThanOrEqual(2);
    const lines = writes
      .join('')
      .trimEnd()
      .split('\n')
      .map((l) => JSON.parse(l).i);
    expect(lines).toEqual([0, 1, 2, 3, 4]);
  });
});

describe('the entry form and levels', () => {
  it('writes an entry given whole with its level and message first and leaves the entry as it was', () => {
    const { writes, stream } = sink();
    const entry = { level: 'warn' as const, message: 'request', status: 404, aborted: undefined };
    createLogger({ level: 'info', stream }).log(entry);
    expect(Object.keys(JSON.parse(writes[0]))).toEqual(['time', 'level', 'message', 'status']);
    expect(JSON.parse(writes[0])).toMatchObject({ level: 'warn', message: 'request', status: 404 });
    expect(entry).toEqual({ level: 'warn', message: 'request', status: 404, aborted: undefined });
  });

  it('keeps the line its own time, level and message when the metadata has keys of those names', () => {
    const { writes, stream } = sink();
    createLogger({ level: 'info', stream }).info('start', {
      level: 'fake',
      message: 'fake',
      time: 'x',
      port: 1,
    });
    const parsed = JSON.parse(writes[0]);
    expect(parsed).toMatchObject({ level: 'info', message: 'start', port: 1 });
    expect(parsed.time).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(writes[0].match(/"level"/g)).toHaveLength(1);
  });

  it('enables the levels down to the one set, in npm order', () => {
    const logger = createLogger({ level: 'http', stream: sink().stream });
    expect(['error', 'warn', 'info', 'http'].every((l) => logger.isLevelEnabled(l as 'info'))).toBe(true);
    expect(logger.isLevelEnabled('verbose')).toBe(false);
    expect(createLogger({ level: 'silent', stream: sink().stream }).isLevelEnabled('error')).toBe(false);
  });

  it('writes a message with characters JSON must escape as valid JSON', () => {
    const { writes, stream } = sink();
    createLogger({ level: 'info', stream }).error('bad "quote"\n\u0000 and \\', { path: 'a"b' });
    expect(JSON.parse(writes[0])).toMatchObject({ message: 'bad "quote"\n\u0000 and \\', path: 'a"b' });
  });
});

describe('metadata that is not a plain object', () => {
  it('keeps an array or a toJSON answer that is not an object under "meta", so the line stays JSON', () => {
    const { writes, stream } = sink();
    const logger = createLogger({ level: 'info', stream });
    logger.info('list', [1, 2]);
    logger.info('odd', { toJSON: () => 'text' });
    expect(JSON.parse(writes[0])).toMatchObject({ message: 'list', meta: [1, 2] });
    expect(JSON.parse(writes[1])).toMatchObject({ message: 'odd', meta: 'text' });
  });

  it('still writes the line when reading the metadata throws', () => {
    const { writes, stream } = sink();
    const meta = Object.defineProperty({}, 'boom', {
      enumerable: true,
      get() {
        throw new Error('no');
      },
    });
    createLogger({ level: 'info', stream }).warn('careful', meta);
    expect(JSON.parse(writes[0])).toMatchObject({
      level: 'warn',
      message: 'careful',
      log_error: 'the metadata could not be serialised',
    });
  });
});
