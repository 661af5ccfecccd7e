import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isPlaceholder, parseBackend } from '@telco-churn/infrastructure/stacks/backend';
import { parseOptions } from './lib/cli';
import { awsCredentials, requirePrerequisites } from './lib/prereq';
import { cdktf, main, ROOT, stackOutputs, requiredTerraform } from './lib/run';

const USAGE = 'npm run deploy:state -- [--bucket <name>] [--yes]';

/**
 * Step 1: the state bucket. With --bucket (or a bucket already in backend.tf.json) that name is
 * used; otherwise the state stack generates one, and this script writes it into backend.tf.json.
 */
export function writeBucket(backendText: string, bucket: string): string {
  const json = JSON.parse(backendText);
  json.terraform.backend.s3.bucket = bucket;
  return `${JSON.stringify(json, null, 2)}\n`;
}

async function deployState(argv: readonly string[]): Promise<void> {
  const args = parseOptions(
    argv,
    { bucket: { type: 'string' }, yes: { type: 'boolean', default: false } },
    USAGE,
  );
  await requirePrerequisites([requiredTerraform(), awsCredentials()]);
  const file = join(ROOT, 'backend.tf.json');
  if (args.bucket) writeFileSync(file, writeBucket(readFileSync(file, 'utf8'), args.bucket));

  cdktf('deploy', 'state', Boolean(args.yes));
  const bucket = stackOutputs('state').state_bucket;
  const backend = parseBackend(readFileSync(file, 'utf8'));
  if (isPlaceholder(backend)) {
    writeFileSync(file, writeBucket(readFileSync(file, 'utf8'), bucket));
    console.log(`\nbackend.tf.json now names the state bucket ${bucket}: commit it.`);
  }
  console.log('\nKeep terraform.state.tfstate (repository root): it is the state of the state bucket.');
  console.log('Next: npm run deploy -- --stack artifacts');
}

if (require.main === module) main(() => deployState(process.argv.slice(2)));
