import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, RawSettings } from '@telco-churn/infrastructure/config';
import { parseOptions, UsageError } from './lib/cli';
import { awsCredentials, commandOnPath, dockerDaemon, requirePrerequisites } from './lib/prereq';
import { capture, main, run, stackOutputs } from './lib/run';

const USAGE = 'npm run images:push -- [--tag <tag>] [--only api|ui] [--platform linux/amd64]';

/** Dockerfiles live in the repository root (owned by the API and UI teams). */
export const IMAGES = {
  api: { dockerfile: 'Dockerfile.lambda', output: 'api_repository_url' },
  ui: { dockerfile: 'Dockerfile.ecs', output: 'ui_repository_url' },
} as const;
type ImageName = keyof typeof IMAGES;

export interface PushPlan {
  readonly images: ImageName[];
  readonly tag: string;
  readonly platform: string;
}

const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

export function parsePushArgs(argv: readonly string[], gitTag: () => string): PushPlan {
  const args = parseOptions(
    argv,
    {
      tag: { type: 'string' },
      only: { type: 'string' },
      platform: { type: 'string', default: 'linux/amd64' },
    },
    USAGE,
  );
  const only = args.only as string | undefined;
  if (only !== undefined && !(only in IMAGES))
    throw new UsageError(`--only must be api or ui, not "${only}"`, USAGE);
  const tag = (args.tag as string | undefined) ?? gitTag();
  if (!TAG.test(tag)) throw new UsageError(`"${tag}" is not a valid image tag`, USAGE);
  if (tag === 'latest')
    throw new UsageError('push an immutable tag (a git SHA); "latest" is added alongside it', USAGE);
  return { images: only ? [only as ImageName] : ['api', 'ui'], tag, platform: args.platform as string };
}

/** The short commit, marked when the working tree has changes the image would include. */
export function gitTag(): string {
  const sha = execFileSync('git', ['rev-parse', '--short=12', 'HEAD'], { encoding: 'utf8' }).trim();
  const dirty = execFileSync('git', ['status', '--porcelain'], { encoding: 'utf8' }).trim() !== '';
  return dirty ? `${sha}-dirty` : sha;
}

/**
 * `docker build` arguments for one image. The API image rebuilds its V8 code cache under the
 * flags Lambda starts Node with, which depend on the function's memory: pass the same memory,
 * or V8 rejects the cache and every cold start compiles from scratch (~80 ms slower).
 */
export function dockerBuildArgs(
  name: ImageName,
  plan: PushPlan,
  repository: string,
  lambdaMemoryMb: number,
): string[] {
  // --provenance=false: Lambda refuses the manifest lists that BuildKit attestations create.
  const args = ['build', '--platform', plan.platform, '--provenance=false', '-f', IMAGES[name].dockerfile];
  if (name === 'api') args.push('--build-arg', `LAMBDA_MEMORY_MB=${lambdaMemoryMb}`);
  return [...args, '-t', `${repository}:${plan.tag}`, '-t', `${repository}:latest`, '.'];
}

async function push(argv: readonly string[]): Promise<void> {
  const plan = parsePushArgs(argv, gitTag);
  await requirePrerequisites([
    commandOnPath('docker'),
    dockerDaemon(),
    commandOnPath('aws'),
    commandOnPath('terraform', ['version']),
    awsCredentials(),
  ]);
  const outputs = stackOutputs('artifacts');
  const registry = outputs.api_repository_url.split('/')[0];
  const region = registry.split('.')[3];
  const password = capture('aws', ['ecr', 'get-login-password', '--region', region]);
  run('docker', ['login', '--username', 'AWS', '--password-stdin', registry], { input: password });

  const root = join(__dirname, '..', '..');
  const context = (JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')).context ?? {}) as RawSettings;
  const { lambdaMemoryMb } = loadConfig(context, process.env);
  for (const name of plan.images) {
    const repository = outputs[IMAGES[name].output];
    // Dockerfile.lambda copies the bundle from dist/lambda/: build it from this checkout first.
    if (name === 'api') run('npm', ['run', 'build:lambda']);
    run('docker', dockerBuildArgs(name, plan, repository, lambdaMemoryMb));
    run('docker', ['push', `${repository}:${plan.tag}`]);
    run('docker', ['push', `${repository}:latest`]);
  }
  const vars = plan.images.map((n) => `CHURN_${n.toUpperCase()}_IMAGE_TAG=${plan.tag}`).join(' ');
  console.log(`\nPushed. Deploy these images with:\n  export ${vars}\n  npm run deploy -- --stack churn`);
}

if (require.main === module) main(() => push(process.argv.slice(2)));
