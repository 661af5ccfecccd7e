import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { isPlaceholder, readBackend } from '@telco-churn/infrastructure/stacks/backend';
import { Prerequisite, terraformAtLeast } from './prereq';

export const ROOT = join(__dirname, '..', '..', '..');

export class CommandFailedError extends Error {
  constructor(command: string, status: number | null) {
    super(`\`${command}\` failed${status === null ? '' : ` with exit code ${status}`}`);
    this.name = 'CommandFailedError';
  }
}

/** Runs a command in the repository root with the user's terminal attached. */
export function run(command: string, args: readonly string[], options: { input?: string } = {}): void {
  console.log(`$ ${command} ${args.join(' ')}`);
  const result = spawnSync(command, args, {
    cwd: ROOT,
    stdio: [options.input === undefined ? 'inherit' : 'pipe', 'inherit', 'inherit'],
    input: options.input,
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new CommandFailedError(`${command} ${args.join(' ')}`, result.status);
}

/** Captured stdout of a command (for outputs and tokens). */
export function capture(command: string, args: readonly string[]): string {
  const result = spawnSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (result.error) throw result.error;
  if (result.status !== 0) throw new CommandFailedError(`${command} ${args.join(' ')}`, result.status);
  return result.stdout;
}

/** `cdktf deploy|destroy <stack>` through the project's own cdktf CLI. */
export function cdktf(verb: 'deploy' | 'destroy', stack: string, autoApprove: boolean): void {
  run('npx', ['cdktf', verb, stack, ...(autoApprove ? ['--auto-approve'] : [])]);
}

/**
 * Outputs of a deployed stack, read by terraform from its synthesized working directory. A fresh
 * checkout (or a cleaned cdktf.out) has no initialised backend there yet: init once and retry.
 */
export function stackOutputs(stack: string): Record<string, string> {
  const dir = join(ROOT, 'cdktf.out', 'stacks', stack);
  if (!existsSync(dir)) throw new Error(`cdktf.out/stacks/${stack} is missing: run \`npm run synth\` first`);
  const read = () =>
    JSON.parse(capture('terraform', [`-chdir=${dir}`, 'output', '-json'])) as Record<
      string,
      { value: string }
    >;
  let json: Record<string, { value: string }>;
  try {
    json = read();
  } catch {
    run('terraform', [`-chdir=${dir}`, 'init', '-input=false']);
    json = read();
  }
  if (Object.keys(json).length === 0)
    throw new Error(
      `the ${stack} stack has no outputs: is it deployed? (npm run deploy -- --stack ${stack})`,
    );
  return Object.fromEntries(Object.entries(json).map(([k, v]) => [k, v.value]));
}

/** Terraform 1.10+ for S3 lock files; a DynamoDB-locked backend without them works from 1.5. */
export function requiredTerraform(): Prerequisite {
  const backend = readBackend(join(ROOT, 'backend.tf.json'));
  return backend.useLockfile ? terraformAtLeast(1, 10) : terraformAtLeast(1, 5);
}

export function backendProblem(): string | undefined {
  const backend = readBackend(join(ROOT, 'backend.tf.json'));
  return isPlaceholder(backend)
    ? 'backend.tf.json still names the placeholder bucket: run `npm run deploy:state` first'
    : undefined;
}

/** Prints the error without a stack trace and exits non-zero. */
export function main(task: () => Promise<void>): void {
  task().catch((error: Error) => {
    console.error(`\n${error.message}`);
    process.exit(1);
  });
}
