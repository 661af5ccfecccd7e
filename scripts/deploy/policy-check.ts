import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REQUIRED_TAG_KEYS } from '@telco-churn/infrastructure/config';
import { checkStack } from '@telco-churn/infrastructure/policy/rules';
import { main, ROOT } from './lib/run';

/** Runs the policy suite on what `npm run synth` wrote, e.g. before a deploy or in CI. */
async function policyCheck(): Promise<void> {
  const dir = join(ROOT, 'cdktf.out', 'stacks');
  if (!existsSync(dir)) throw new Error('cdktf.out/stacks is missing: run `npm run synth` first');
  let failures = 0;
  for (const stack of readdirSync(dir)) {
    const json = JSON.parse(readFileSync(join(dir, stack, 'cdk.tf.json'), 'utf8'));
    const violations = checkStack(json, { requiredTags: REQUIRED_TAG_KEYS });
    for (const v of violations) console.log(`FAIL ${stack} ${v.rule} ${v.address}: ${v.message}`);
    console.log(
      `${violations.length === 0 ? 'ok  ' : 'FAIL'} ${stack}: ${Object.values(json.resource ?? {}).reduce((n: number, r) => n + Object.keys(r as object).length, 0)} resources checked`,
    );
    failures += violations.length;
  }
  if (failures > 0) throw new Error(`${failures} policy violation(s)`);
}

if (require.main === module) main(policyCheck);
