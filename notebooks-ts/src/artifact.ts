import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { UsageError } from './steps/cli';

/** Refuses an output path that cannot become a directory, before any work is done. */
export function checkOutDir(out: string): void {
  if (existsSync(out) && !statSync(out).isDirectory())
    throw new UsageError(`--out ${out} exists and is not a directory`);
}

/**
 * Writes every file of an artifact into a temp directory beside `out`, then swaps the directory
 * in with renames: a failure while writing leaves `out` as it was, and a reader never sees a mix
 * of old and new files. Files of an old `out` that the artifact does not replace are carried over.
 */
export function writeArtifact(out: string, files: Record<string, string | Uint8Array>): string[] {
  const target = resolve(out);
  checkOutDir(target);
  mkdirSync(dirname(target), { recursive: true });
  const tmp = mkdtempSync(join(dirname(target), `.${basename(target)}.tmp-`));
  // mkdtemp makes the directory private (0700); the artifact is read by servers and image builds.
  chmodSync(tmp, 0o755 & ~process.umask());
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(tmp, name), content);
    if (existsSync(target)) {
      for (const name of readdirSync(target)) {
        if (!Object.hasOwn(files, name)) renameSync(join(target, name), join(tmp, name));
      }
      const old = `${tmp}.old`;
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, target);
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return Object.keys(files).map((name) => join(out, name));
}
