import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './steps/cli';

/** Refuses an output path that cannot become a directory, before any work is done. */
export function checkOutDir(out: string): void {
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new UsageError(`--out ${out} exists and is not a directory`);
}

/**
 * Writes every file of an artifact into a temp directory beside `out`, then renames each into
 * place: a failure while writing leaves `out` as it was, and no reader sees a half-written file.
 * Files of `out` that are not part of the artifact are left alone.
 */
export function writeArtifact(out: string, files: Record<string, string | Uint8Array>): string[] {
  const target = resolve(out);
  checkOutDir(target);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(tmp, name), content);
    mkdirSync(target, { recursive: true });
    for (const name of Object.keys(files)) renameSync(join(tmp, name), join(target, name));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return Object.keys(files).map((name) => join(out, name));
}
