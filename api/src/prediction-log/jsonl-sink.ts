import { open, FileHandle } from 'node:fs/promises';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../logger';
import { LogStream, OutcomeRecord, PredictionRecord, dayOf } from '@telco-churn/core/monitoring/records';
import type { RecordSink, SinkStats } from './sink';

export interface JsonlSinkOptions {
  /** `<dir>/predictions/YYYY-MM-DD.jsonl`, `<dir>/outcomes/YYYY-MM-DD.jsonl`. */
  dir: string;
  /** Longest a record waits in memory before it is written. */
  flushMs: number;
  /** A batch this large is written at once, without waiting for the timer. */
  batchSize?: number;
  /** Records held while the disk is slower than the traffic; beyond it they are dropped and counted. */
  maxQueued?: number;
  logger: Logger;
}

type AnyRecord = PredictionRecord | OutcomeRecord;
const timeOf = (r: AnyRecord): string => ('time' in r ? r.time : r.received_at);

/**
 * Opens a day file for appending. If the last writer died mid-line (a crash, a full disk), the
 * file does not end in a newline: one is written first, so the torn line stays alone (the reader
 * skips and counts it) and the next record starts on a line of its own.
 */
async function openForAppend(file: string): Promise<FileHandle> {
  await mkdir(path.dirname(file), { recursive: true });
  const handle = await open(file, 'a+');
  const { size } = await handle.stat();
  if (size > 0) {
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    if (last[0] !== 0x0a) await handle.write('\n');
  }
  return handle;
}

/**
 * The local prediction log: JSON lines, one file per UTC day and stream. Records are queued by
 * the request and written by a timer in batches, one `write` per file per batch, one batch at a
 * time; each line is complete in the buffer before it is written, so a crash loses at most the
 * queued records and leaves at most one torn last line.
 */
export function createJsonlSink(options: JsonlSinkOptions): RecordSink {
  const { dir, flushMs, logger } = options;
  const batchSize = options.batchSize ?? 2000;
  const maxQueued = options.maxQueued ?? 200_000;
  const queue: { stream: LogStream; record: AnyRecord }[] = [];
  const stats: SinkStats = { queued: 0, written: 0, failed: 0, dropped: 0 };
  const files = new Map<string, { day: string; handle: Promise<FileHandle> }>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let closed = false;
  let lastWarning = 0;

  const warn = (message: string, meta: Record<string, unknown>): void => {
    // One line a minute at most: a full disk must not flood the application log.
    const now = Date.now();
    if (now - lastWarning < 60_000) return;
    lastWarning = now;
    logger.error(message, { ...meta, sink: 'jsonl', dir, ...stats });
  };

  const fileFor = (stream: LogStream, day: string): Promise<FileHandle> => {
    const open = files.get(stream);
    if (open && open.day === day) return open.handle;
    // A new day: the old file is closed once its last write (already awaited) is done.
    if (open) void open.handle.then((h) => h.close()).catch(() => undefined);
    const handle = openForAppend(path.join(dir, stream, `${day}.jsonl`));
    handle.catch(() => files.delete(stream));
    files.set(stream, { day, handle });
    return handle;
  };

  async function writeBatch(batch: typeof queue): Promise<void> {
    // Group by file, keeping order: one write per file.
    const groups = new Map<string, { stream: LogStream; day: string; text: string; n: number }>();
    for (const { stream, record } of batch) {
      const day = dayOf(timeOf(record));
      const key = `${stream}/${day}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { stream, day, text: '', n: 0 }));
      group.text += `${JSON.stringify(record)}\n`;
      group.n++;
    }
    for (const group of groups.values()) {
      try {
        const handle = await fileFor(group.stream, group.day);
        await handle.write(group.text);
        stats.written += group.n;
      } catch (error) {
        stats.failed += group.n;
        warn('prediction log write failed', { error: (error as Error).message, records: group.n });
      } finally {
        stats.queued -= group.n;
      }
    }
  }

  const drain = (): Promise<void> => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    if (queue.length === 0) return writing;
    const batch = queue.splice(0, queue.length);
    writing = writing.then(() => writeBatch(batch));
    return writing;
  };

  const enqueue = (stream: LogStream, records: readonly AnyRecord[]): void => {
    if (closed) {
      stats.dropped += records.length;
      return;
    }
    for (const record of records) {
      if (stats.queued >= maxQueued) {
        stats.dropped++;
        warn('prediction log queue full: records dropped', {});
        continue;
      }
      queue.push({ stream, record });
      stats.queued++;
    }
    if (queue.length >= batchSize) void drain();
    else if (!timer) {
      timer = setTimeout(drain, flushMs);
      // A pending batch must not keep a finished program alive; close() flushes it.
      timer.unref();
    }
  };

  return {
    kind: 'jsonl',
    appendPredictions: (records) => enqueue('predictions', records),
    appendOutcomes: (records) => enqueue('outcomes', records),
    flush: async () => {
      await drain();
    },
    close: async () => {
      closed = true;
      await drain();
      const handles = [...files.values()].map((f) => f.handle);
      files.clear();
      await Promise.all(handles.map((h) => h.then((x) => x.close()).catch(() => undefined)));
    },
    stats: () => ({ ...stats }),
  };
}
