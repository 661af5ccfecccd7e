import { ModelFormatError } from '@telco-churn/xgboost-runtime';
import { ConfigError, UsageError } from '@telco-churn/config/errors';

/**
 * Runs a CLI's main and sets the exit code it returns; a usage, setting or model error prints
 * its message alone (exit 2), anything else is a bug and keeps its stack (exit 2 as well).
 */
export function runMain(name: string, main: (args: string[]) => Promise<number>): void {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      const known =
        error instanceof UsageError ||
        error instanceof ConfigError ||
        error instanceof ModelFormatError ||
        (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS');
      console.error(
        `${name}: ${known ? (error as Error).message : String((error as Error)?.stack ?? error)}`,
      );
      process.exitCode = 2;
    },
  );
}
