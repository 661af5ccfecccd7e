import { ECRClient } from '@aws-sdk/client-ecr';
import { S3Client } from '@aws-sdk/client-s3';
import { SSMClient } from '@aws-sdk/client-ssm';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, RawSettings } from '@telco-churn/infrastructure/config';
import { parseOptions, UsageError } from './lib/cli';
import { deployInputs, MissingDeployInputsError, missingDeployInputs } from './lib/preflight';
import { awsCredentials, Prerequisite, requirePrerequisites } from './lib/prereq';
import { backendProblem, cdktf, main, ROOT, stackOutputs, requiredTerraform } from './lib/run';

const USAGE = 'npm run deploy -- --stack artifacts|churn [--yes]';
export const REMOTE_STACKS = ['artifacts', 'churn'] as const;
export type RemoteStack = (typeof REMOTE_STACKS)[number];

/**
 * The stack is always named: `churn` can only be deployed after images:push, model:upload and
 * secrets:put, so deploying both in one go would fail half way (after VPC, NAT and endpoint).
 */
export function parseDeployArgs(argv: readonly string[]): { stack: RemoteStack; yes: boolean } {
  const args = parseOptions(
    argv,
    { stack: { type: 'string' }, yes: { type: 'boolean', default: false } },
    USAGE,
  );
  const stack = args.stack as string | undefined;
  if (stack === undefined)
    throw new UsageError(
      '--stack is required: artifacts first, then (after images:push, model:upload, secrets:put) churn',
      USAGE,
    );
  if (!(REMOTE_STACKS as readonly string[]).includes(stack)) {
    throw new UsageError(
      `unknown stack "${stack}" (the state stack has its own step: npm run deploy:state)`,
      USAGE,
    );
  }
  return { stack: stack as RemoteStack, yes: Boolean(args.yes) };
}

const backendConfigured: Prerequisite = {
  name: 'backend.tf.json',
  check: backendProblem,
  hint: 'the remote stacks keep their state in that bucket',
};

/** Refuses to start a churn deploy whose images, model or UI parameters do not exist. */
async function preflightChurn(): Promise<void> {
  const context = (JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).context ?? {}) as RawSettings;
  const config = loadConfig(context, process.env);
  const inputs = deployInputs(config, stackOutputs('artifacts').artifacts_bucket);
  const region = { region: config.region };
  const missing = await missingDeployInputs(inputs, {
    ecr: new ECRClient(region),
    s3: new S3Client(region),
    ssm: new SSMClient(region),
  });
  if (missing.length > 0) throw new MissingDeployInputsError(missing);
}

/** Steps 2 and 6: the artifacts stack, then (after images:push, model:upload, secrets:put) the platform. */
async function deploy(argv: readonly string[]): Promise<void> {
  const { stack, yes } = parseDeployArgs(argv);
  await requirePrerequisites([requiredTerraform(), awsCredentials(), backendConfigured]);
  if (stack === 'churn') await preflightChurn();
  cdktf('deploy', stack, yes);
  if (stack === 'churn') {
    const out = stackOutputs('churn');
    console.log(`\nUI:  ${out.ui_url}\nAPI: ${out.api_url}\nNext: npm run smoke -- --url ${out.api_url}`);
  } else {
    console.log(
      '\nNext: npm run images:push, npm run model:upload -- --file <model>, npm run secrets:put, then npm run deploy -- --stack churn',
    );
  }
}

if (require.main === module) main(() => deploy(process.argv.slice(2)));
