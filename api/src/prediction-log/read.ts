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

/** The lines of a file as they arrive, without holding the file: chunks of 1 MiB, split on "\n". */
export async function* lines(file: string): AsyncGenerator<string> {
  const stream = createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 });
  let rest = '';
  for await (const chunk of stream as AsyncIterable<string>) {
    const text = rest + chunk;
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      if (end > start) yield text.slice(start, end);
      start = end + 1;
    }
    rest = text.slice(start);
  }
  if (rest.length > 0) yield rest;
}

/**
 * Records of the given day files, parsed and checked by `isRecord`. A line that is not JSON is
 * skipped and counted as torn; JSON that fails the check as bad. Nothing is held but one chunk.
 */
export async function* readRecords<T>(
  files: readonly string[],
  isRecord: (value: unknown) => value is T,
  counters: ReadCounters,
): AsyncGenerator<T> {
  for (const file of files) {
    for await (const line of lines(file)) {
      let value: unknown;
      try {
        value = JSON.parse(line);
      } catch {
        counters.torn_lines++;
        continue;
      }
      if (isRecord(value)) yield value;
      else counters.bad_lines++;
    }
  }
}
