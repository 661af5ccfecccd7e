import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { App } from 'cdktf';
import { InfraConfig } from '../config';
import { BackendSettings } from '../stacks/backend';
import { buildStacks } from '../stacks';
import { rewriteForOfflineProvider } from './offline-provider';

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */
export type Json = Record<string, any>;
export const STACK_NAMES = ['state', 'artifacts', 'churn'] as const;
export type StackName = (typeof STACK_NAMES)[number];

/** A placeholder-free backend: the offline checks init with -backend=false, so it is never contacted. */
export const TEST_BACKEND: BackendSettings = {
  bucket: 'churn-offline-tfstate',
  key: 'telco-churn/terraform.tfstate',
  region: 'eu-central-1',
  encrypt: true,
  useLockfile: true,
};

/** Synthesizes the three stacks exactly as `npm run synth` does (a real App writing cdk.tf.json). */
export function synthStacks(config: InfraConfig, outdir: string): Record<StackName, Json> {
  mkdirSync(outdir, { recursive: true });
  const app = new App({ outdir });
  buildStacks(app, config, TEST_BACKEND);
  app.synth();
  const read = (name: StackName) =>
    JSON.parse(readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')) as Json;
  return { state: read('state'), artifacts: read('artifacts'), churn: read('churn') };
}

export function tempRoot(label: string): string {
  return mkdtempSync(join(tmpdir(), `churn-tf-${label}-`));
}

/** Writes a stack, rewritten for the offline provider, as the root module of `dir`. */
export function writeModule(dir: string, stack: Json): void {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'cdk.tf.json'), JSON.stringify(rewriteForOfflineProvider(stack).stack, null, 2));
}

export interface TfResult {
  readonly code: number;
  readonly output: string;
  readonly ms: number;
}

/** Terraform's own settings for the checks: no checkpoint calls, no user CLI config, no AWS lookups. */
export function terraformEnv(root: string): NodeJS.ProcessEnv {
  const cliConfig = join(root, 'terraformrc');
  writeFileSync(cliConfig, 'disable_checkpoint = true\n');
  return {
    ...process.env,
    TF_CLI_CONFIG_FILE: cliConfig,
    TF_IN_AUTOMATION: '1',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
  };
}

export function terraform(args: readonly string[], cwd: string, env: NodeJS.ProcessEnv): Promise<TfResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn('terraform', [...args], {
      cwd,
      env,
    });
    let output = '';
    child.stdout.on('data', (d) => (output += d));
    child.stderr.on('data', (d) => (output += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, output, ms: Date.now() - started }));
  });
}

/** Runs tasks with at most `limit` at a time (the machine has 2 cores). */
export async function pool<T>(tasks: ReadonlyArray<() => Promise<T>>, limit: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

export class TerraformFailedError extends Error {
  constructor(step: string, dir: string, result: TfResult) {
    super(`terraform ${step} failed in ${dir} (exit ${result.code}):\n${result.output}`);
    this.name = 'TerraformFailedError';
  }
}

/** `terraform init` from the plugin directory: no registry, no backend. */
export async function init(dir: string, pluginDir: string, env: NodeJS.ProcessEnv): Promise<TfResult> {
  const result = await terraform(
    ['init', '-backend=false', '-input=false', '-no-color', `-plugin-dir=${pluginDir}`],
    dir,
    env,
  );
  if (result.code !== 0) throw new TerraformFailedError('init', dir, result);
  return result;
}

/**
 * Another root with the same provider requirement reuses an initialised one: its lock file and
 * its provider links (which point into the plugin directory), instead of hashing the 675 MB
 * provider binary again. Terraform still checks the lock against the binary on every command.
 */
export function shareInit(from: string, to: string): void {
  mkdirSync(join(to, '.terraform'), { recursive: true });
  symlinkSync(join(from, '.terraform', 'providers'), join(to, '.terraform', 'providers'));
  copyFileSync(join(from, '.terraform.lock.hcl'), join(to, '.terraform.lock.hcl'));
}
