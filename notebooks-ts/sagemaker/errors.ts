/**
 * A step of a SageMaker run failed: the message says which step and why (the AWS error's
 * name and message, or the job's FailureReason); `cause` keeps the original error.
 */
export class SageMakerRunError extends Error {
  constructor(
    readonly step: string,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(`${step}: ${message}`, { cause: options.cause });
    this.name = 'SageMakerRunError';
  }
}

/** A bad setting or command-line option, named. */
export class SageMakerConfigError extends Error {
  constructor(
    readonly setting: string,
    message: string,
  ) {
    super(message);
    this.name = 'SageMakerConfigError';
  }
}

/** Wraps an AWS SDK error (or any other) with the step it broke, keeping it as the cause. */
export function stepFailed(step: string, cause: unknown): SageMakerRunError {
  if (cause instanceof SageMakerRunError) return cause;
  const name = (cause as { name?: string })?.name;
  const message = cause instanceof Error ? cause.message : String(cause);
  return new SageMakerRunError(step, name && name !== 'Error' ? `${name}: ${message}` : message, { cause });
}

/** A local data file that SageMaker would choke on (or silently misread), named by line and column. */
export class DataFileError extends Error {
  constructor(
    readonly file: string,
    readonly line: number,
    message: string,
  ) {
    super(line > 0 ? `${file}, line ${line}: ${message}` : `${file}: ${message}`);
    this.name = 'DataFileError';
  }
}
