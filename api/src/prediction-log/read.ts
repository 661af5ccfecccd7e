import { isAscii } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import path from 'node:path';

export interface ReadCounters {
  /** Lines that are not JSON: cut short by a crash (at most one per crash) or damaged. */
  torn_lines: number;
  /** JSON lines that are not a record of the expected kind. */
  bad_lines: number;
}

export const newCounters = (): ReadCounters => ({ torn_lines: 0, bad_lines: 0 });

// JSON lines are nearly always ASCII: latin1 then gives the same string without UTF-8 decoding.
const decode = (bytes: Buffer): string => bytes.toString(isAscii(bytes) ? 'latin1' : 'utf8');

const DAY_FILE = /^(\d{4}-\d{2}-\d{2})\.jsonl$/;

/** The day files of a log folder in date order, limited to the days `[fromDay, toDay]` when given. */
export async function dayFiles(dir: string, fromDay?: string, toDay?: string): Promise<string[]> {
  const names = await readdir(dir);
  return names
    .filter((name) => {
      const day = DAY_FILE.exec(name)?.[1];
      return day !== undefined && (!fromDay || day >= fromDay) && (!toDay || day <= toDay);
    })
    .sort()
    .map((name) => path.join(dir, name));
}

/**
 * The lines of a file as they arrive, a chunk's worth (1 MiB) at a time: one await per chunk, not
 * per line, since an async generator's per-item promise would cost more than parsing the line.
 * Each chunk is cut after its last newline and decoded whole (a newline never falls inside a
 * UTF-8 character), so no streaming decoder and no string concatenation run per line.
 */
export async function* lineChunks(file: string): AsyncGenerator<string[]> {
  const stream = createReadStream(file, { highWaterMark: 1 << 20 });
  let rest: Buffer = Buffer.alloc(0);
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    const first = chunk.indexOf(10);
    if (first < 0) {
      rest = Buffer.concat([rest, chunk]);
      continue;
    }
    const last = chunk.lastIndexOf(10);
    // The line carried over from the last chunk is completed alone: the chunk itself is not copied.
    const lines =
      rest.length > 0 || first > 0 ? [decode(Buffer.concat([rest, chunk.subarray(0, first)]))] : [];
    if (last > first)
      for (const line of decode(chunk.subarray(first + 1, last)).split('\n')) lines.push(line);
    rest = Buffer.from(chunk.subarray(last + 1));
    yield lines.filter((line) => line !== '');
  }
  if (rest.length > 0) yield [decode(rest)];
}

/**
 * Records of the given day files in batches (one per chunk read), parsed and checked by
 * `isRecord`. A line that is not JSON is skipped and counted as torn; JSON that fails the check
 * as bad. Nothing is held but one chunk.
 */
export async function* readRecords<T>(
  files: readonly string[],
  isRecord: (value: unknown) => value is T,
  counters: ReadCounters,
): AsyncGenerator<T[]> {
  for (const file of files) {
    for await (const lines of lineChunks(file)) {
      const batch: T[] = [];
      for (const line of lines) {
        let value: unknown;
        try {
          value = JSON.parse(line);
        } catch {
          counters.torn_lines++;
          continue;
        }
        if (isRecord(value)) batch.push(value);
        else counters.bad_lines++;
      }
      yield batch;
    }
  }
}
