/** Thrown when a key already has `maxWaiting` tasks queued: the caller answers "busy", not a failure. */
export class QueueFullError extends Error {
  constructor(readonly key: string) {
    super(`too many tasks waiting for "${key}"`);
    this.name = 'QueueFullError';
  }
}

/**
 * Runs tasks one at a time per key (one password check per user name at a time), with a bounded
 * number waiting so a flood for one user cannot queue work without end.
 */
export class OneAtATime {
  private readonly queues = new Map<string, { tail: Promise<unknown>; size: number }>();

  constructor(private readonly maxWaiting: number) {}

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const queue = this.queues.get(key) ?? { tail: Promise.resolve(), size: 0 };
    // size counts the running task too.
    if (queue.size > this.maxWaiting) return Promise.reject(new QueueFullError(key));
    queue.size += 1;
    this.queues.set(key, queue);
    const result = queue.tail.then(task);
    queue.tail = result
      .catch(() => undefined)
      .then(() => {
        queue.size -= 1;
        if (queue.size === 0 && this.queues.get(key) === queue) this.queues.delete(key);
      });
    return result;
  }
}
