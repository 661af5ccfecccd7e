import { OneAtATime, QueueFullError } from '../one-at-a-time';

const tick = () => new Promise((resolve) => setImmediate(resolve));

describe('one task at a time per key', () => {
  it('runs the tasks of one key one after another, and other keys alongside', async () => {
    const queue = new OneAtATime(10);
    const running = new Map<string, number>();
    let worst = 0;
    const task = (key: string) => async () => {
      running.set(key, (running.get(key) ?? 0) + 1);
      worst = Math.max(worst, running.get(key)!);
      await tick();
      running.set(key, running.get(key)! - 1);
      return key;
    };
    const results = await Promise.all([
      queue.run('admin', task('admin')),
      queue.run('admin', task('admin')),
      queue.run('other', task('other')),
      queue.run('admin', task('admin')),
    ]);
    expect(results).toEqual(['admin', 'admin', 'other', 'admin']);
    expect(worst).toBe(1);
  });

  it('refuses a task when too many already wait for the key', async () => {
    const queue = new OneAtATime(2);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const first = queue.run('admin', () => gate);
    const waiting = [queue.run('admin', async () => 1), queue.run('admin', async () => 2)];
    await expect(queue.run('admin', async () => 3)).rejects.toBeInstanceOf(QueueFullError);
    release();
    await first;
    await expect(Promise.all(waiting)).resolves.toEqual([1, 2]);
    await expect(queue.run('admin', async () => 4)).resolves.toBe(4);
  });

  it('goes on with the next task after one fails', async () => {
    const queue = new OneAtATime(5);
    const failed = queue.run('admin', async () => {
      throw new Error('boom');
    });
    const next = queue.run('admin', async () => 'ok');
    await expect(failed).rejects.toThrow('boom');
    await expect(next).resolves.toBe('ok');
  });
});
