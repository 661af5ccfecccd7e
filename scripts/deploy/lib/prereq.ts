import { spawnSync } from 'node:child_process';
import { defaultProvider } from '@aws-sdk/credential-provider-node';

/** Environment for child processes (tests pass a bare PATH). */
export type Env = Readonly<Record<string, string | undefined>>;

/** One thing a script needs, and what to do when it is missing. */
export interface Prerequisite {
  readonly name: string;
  /** Undefined when satisfied, else why not. */
  readonly check: () => Promise<string | undefined> | string | undefined;
  readonly hint: string;
}

export class MissingPrerequisitesError extends Error {
  constructor(readonly missing: ReadonlyArray<{ name: string; problem: string; hint: string }>) {
    super(
      `missing prerequisites:\n${missing.map((m) => `  - ${m.name}: ${m.problem}\n    ${m.hint}`).join('\n')}`,
    );
    this.name = 'MissingPrerequisitesError';
  }
}

/** Checks every prerequisite (not just the first) so the user fixes them in one go. */
export async function requirePrerequisites(list: readonly Prerequisite[]): Promise<void> {
  const missing: Array<{ name: string; problem: string; hint: string }> = [];
  for (const p of list) {
    const problem = await p.check();
    if (problem !== undefined) missing.push({ name: p.name, problem, hint: p.hint });
  }
  if (missing.length > 0) throw new MissingPrerequisitesError(missing);
}

/** stdout of a command, or undefined when it is not on PATH or fails. */
export function probe(command: string, args: readonly string[], env: Env = process.env): string | undefined {
  const result = spawnSync(command, [...args], {
    encoding: 'utf8',
    env: { ...env } as NodeJS.ProcessEnv,
    timeout: 20_000,
  });
  if (result.error || result.status !== 0) return undefined;
  return `${result.stdout}${result.stderr}`.trim();
}

export function commandOnPath(
  command: string,
  versionArgs: readonly string[] = ['--version'],
  env?: Env,
): Prerequisite {
  return {
    name: command,
    check: () =>
      probe(command, versionArgs, env) === undefined
        ? `\`${command} ${versionArgs.join(' ')}\` did not run`
        : undefined,
    hint: INSTALL_HINTS[command] ?? `install ${command} and put it on PATH`,
  };
}

const INSTALL_HINTS: Record<string, string> = {
  docker: 'install Docker 23+ (https://docs.docker.com/get-docker/) and start the daemon',
  terraform: 'install Terraform 1.10+ (https://developer.hashicorp.com/terraform/install)',
  aws: 'install the AWS CLI v2 (https://docs.aws.amazon.com/cli/latest/userguide/getting-started-install.html)',
  git: 'install git',
};

/** Terraform >= 1.10: the S3 backend's use_lockfile (S3-native state locking) needs it. */
export function terraformAtLeast(major: number, minor: number, env?: Env): Prerequisite {
  return {
    name: 'terraform',
    check: () => {
      const out = probe('terraform', ['version'], env);
      if (out === undefined) return '`terraform version` did not run';
      const m = /Terraform v(\d+)\.(\d+)/.exec(out);
      if (!m) return `cannot read the version from "${out.split('\n')[0]}"`;
      const [maj, min] = [Number(m[1]), Number(m[2])];
      return maj > major || (maj === major && min >= minor)
        ? undefined
        : `found ${maj}.${min}, need ${major}.${minor}+ (S3 lock files)`;
    },
    hint: INSTALL_HINTS.terraform,
  };
}

export function dockerDaemon(env?: Env): Prerequisite {
  return {
    name: 'docker daemon',
    check: () =>
      probe('docker', ['info', '--format', '{{.ServerVersion}}'], env) === undefined
        ? 'the docker daemon is not reachable'
        : undefined,
    hint: 'start Docker (Docker Desktop, or `sudo systemctl start docker`)',
  };
}

export function awsCredentials(): Prerequisite {
  return {
    name: 'AWS credentials',
    check: async () => {
      try {
        await defaultProvider()();
        return undefined;
      } catch (error) {
        return `none found (${(error as Error).message.split('\n')[0]})`;
      }
    },
    hint: 'run `aws configure` or `aws sso login`, or set AWS_PROFILE / AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY',
  };
}
