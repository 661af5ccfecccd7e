import { existsSync } from 'node:fs';

/**
 * The Node both images run (Dockerfile.lambda, Dockerfile.ecs), from NODE24_BIN, which `.ci/run`
 * sets from `.ci/node24`. Without it the caller's tests skip, saying so in one line; on CI its
 * absence is an error, so these checks never pass by not running.
 */
export function node24Bin(suite: string): string | undefined {
  const bin = process.env.NODE24_BIN;
  if (bin && existsSync(bin)) return bin;
  const why = bin ? `NODE24_BIN=${bin} does not exist` : 'NODE24_BIN is not set';
  if (process.env.CI) throw new Error(`${suite}: ${why}; .ci/run sets it from .ci/node24`);
  process.stdout.write(`${suite}: skipped, ${why} (export NODE24_BIN="$(.ci/node24)" to run it)\n`);
  return undefined;
}
