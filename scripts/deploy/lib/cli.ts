import { parseArgs, ParseArgsConfig } from 'node:util';
import { UsageError } from '@telco-churn/config/errors';

export { UsageError };

type Options = NonNullable<ParseArgsConfig['options']>;

/** node:util parseArgs, strict, with errors that end in the script's usage line. */
export function parseOptions<T extends Options>(argv: readonly string[], options: T, usage: string) {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError((error as Error).message, usage);
  }
}
