import { parseOptions, UsageError } from './lib/cli';
import { awsCredentials, Prerequisite, requirePrerequisites } from './lib/prereq';
import { backendProblem, cdktf, main, stackOutputs, requiredTerraform } from './lib/run';

const USAGE = 'npm run deploy -- [--stack artifacts|churn|all] [--yes]';
export const REMOTE_STACKS = ['artifacts', 'churn'] as const;

export function parseDeployArgs(argv: readonly string[]): { stacks: string[]; yes: boolean } {
  const args = parseOptions(
    argv,
    { stack: { type: 'string', default: 'all' }, yes: { type: 'boolean', default: false } },
    USAGE,
  );
  const stack = args.stack as string;
  if (stack !== 'all' && !(REMOTE_STACKS as readonly string[]).includes(stack)) {
    throw new UsageError(
      `unknown stack "${stack}" (the state stack has its own step: npm run deploy:state)`,
      USAGE,
    );
  }
  return { stacks: stack === 'all' ? [...REMOTE_STACKS] : [stack], yes: Boolean(args.yes) };
}

const backendConfigured: Prerequisite = {
  name: 'backend.tf.json',
  check: backendProblem,
  hint: 'the remote stacks keep their state in that bucket',
};

/** Steps 2 and 4: the artifacts stack, then (after images:push and model:upload) the platform. */
async function deploy(argv: readonly string[]): Promise<void> {
  const { stacks, yes } = parseDeployArgs(argv);
  await requirePrerequisites([requiredTerraform(), awsCredentials(), backendConfigured]);
  for (const stack of stacks) cdktf('deploy', stack, yes);
  if (stacks.includes('churn')) {
    const out = stackOutputs('churn');
    console.log(`\nUI:  ${out.ui_url}\nAPI: ${out.api_url}\nNext: npm run smoke -- --url ${out.api_url}`);
  } else {
    console.log(
      '\nNext: npm run images:push, npm run model:upload -- --file <model>, npm run secrets:put, then npm run deploy -- --stack churn',
    );
  }
}

if (require.main === module) main(() => deploy(process.argv.slice(2)));
