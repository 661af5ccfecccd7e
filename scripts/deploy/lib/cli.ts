import { parseArgs, ParseArgsConfig } from 'node:util';

export class UsageError extends Error {
  constructor(message: string, usage: string) {
    super(`${message}\n\nusage: ${usage}`);
    this.name = 'UsageError';
  }
}

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, with errors that end in the script's usage line. */
export function parseOptions<T extends Options>(argv: readonly string[], options: T, usage: string) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
}
