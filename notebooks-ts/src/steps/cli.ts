import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '@telco-churn/config/errors';
import { DataError } from '../data';

/** Where the steps look for the real data set when `--data` is not given (relative to the repo root). */
export const DEFAULT_DATA = '../shared/data/telco-customer-churn.csv';
export const REPORTS_DIR = 'reports';

/** Writes a file whole or not at all: a temp file beside it, then a rename. */
export function writeAtomic(path: string, content: string | Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${process.pid}.${Date.now()}.tmp`);
  writeFileSync(tmp, content);
  renameSync(tmp, path);
}

/**
 * Runs a step's main: a DataError or bad option prints its message (no stack trace) and exits 1;
 * anything else is a bug and keeps its stack.
 */
export function runCli(main: () => Promise<void> | void): void {
  Promise.resolve()
    .then(main)
    .catch((error: unknown) => {
      if (
        error instanceof DataError ||
        (error as { code?: string }).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION' ||
        error instanceof UsageError
      ) {
        console.error(`error: ${(error as Error).message}`);
      } else {
        console.error(error);
      }
      process.exitCode = 1;
    });
}

export { UsageError };

export function numberOption(
  value: string | undefined,
  name: string,
  fallback: number,
  check: (v: number) => boolean = () => true,
): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || !check(n))
    throw new UsageError(`--${name} must be a valid number, got "${value}"`);
  return n;
}
