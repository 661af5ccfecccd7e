import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { RawSettings } from '../../config';
import { checkedConfig } from '../configs';
import { redeployTest } from '../mocks';
import { destroyed, parseTestOutput, RunReport } from '../plan-text';
import { findToolchain } from '../toolchain';
import { init, synthStacks, tempRoot, terraform, terraformEnv, TfResult, writeModule } from '../workspace';

const toolchain = findToolchain();
// One plain line (not jest's decorated console.log), so a skip is seen in any CI log.
if (!toolchain.ok) process.stderr.write(`SKIPPED the Terraform redeploy plans: ${toolchain.reason}.\n`);

/** Day-two changes, each planned against a deployed default churn stack. */
const VARIANTS: Readonly<Record<string, RawSettings>> = {
  model: { modelKey: 'models/0123456789abcdef/model.tar.gz' },
  https: {
    certificateArn: 'arn:aws:acm:eu-central-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
  },
  cidr: { allowedIngressCidrs: ['0.0.0.0/0', '203.0.113.0/24'] },
  spot: { fargateSpotWeight: 2 },
};

(toolchain.ok ? describe : describe.skip)(
  'redeploying the churn stack (real provider plans, offline)',
  () => {
    let root: string | undefined;
    // The working directories hold only synthesized JSON and links: keep them to debug a failure.
    afterAll(() => {
      if (root && !process.env.KEEP_TF_WORKDIR) rmSync(root, { recursive: true, force: true });
    });
    let result: TfResult;
    const runs = new Map<string, RunReport>();
    const run = (name: string) => {
      const r = runs.get(name);
      if (!r) throw new Error(`no run "${name}" in the terraform test output:\n${result.output}`);
      return r;
    };
    /**
     * What the variant destroys beyond what re-planning the unchanged stack already would. Task
     * definitions are immutable revisions: a changed container setting is always a new revision,
     * which the service then rolls to (a deployment, not an outage).
     */
    const newlyDestroyed = (name: string) => {
      const baseline = new Set(destroyed(run('control').actions));
      return destroyed(run(name).actions).filter(
        (a) => !baseline.has(a) && !a.startsWith('aws_ecs_task_definition.'),
      );
    };

    beforeAll(async () => {
      if (!toolchain.ok) return;
      root = tempRoot('redeploy');
      const env = terraformEnv(root);
      const base = checkedConfig('default');
      const dir = join(root, 'churn');
      const baseStack = synthStacks(base, join(root, 'synth', 'base')).churn;
      writeModule(dir, baseStack);
      for (const [name, settings] of Object.entries(VARIANTS)) {
        const stack = synthStacks(checkedConfig('default', settings), join(root, 'synth', name)).churn;
        writeModule(join(dir, 'variants', name), stack);
      }
      mkdirSync(join(dir, 'tests'));
      writeFileSync(
        join(dir, 'tests', 'redeploy.tftest.hcl'),
        redeployTest(baseStack, base.region, Object.keys(VARIANTS)),
      );
      await init(dir, toolchain.pluginDir, env);
      result = await terraform(['test', '-no-color', '-verbose'], dir, env);
      writeFileSync(join(root, 'terraform-test.log'), result.output);
      for (const r of parseTestOutput(result.output)) runs.set(r.name, r);
    }, 900_000);

    it('plans every change without an error', () => {
      expect([...runs.values()].filter((r) => !r.passed).map((r) => r.name)).toEqual([]);
      expect(result.code).toBe(0);
    });

    // The baseline must be quiet, or every check below would pass vacuously.
    it('re-plans the unchanged stack without destroying anything', () => {
      expect(destroyed(run('control').actions)).toEqual([]);
    });

    it('replaces the endpoint configuration before destroying the old one when the model changes', () => {
      const configs = [...run('model').actions].filter(([a]) =>
        a.startsWith('aws_sagemaker_endpoint_configuration.'),
      );
      expect(configs.map(([, action]) => action)).toEqual(['replace-create-first']);
    });

    it('updates the endpoint in place when the model changes, never destroying it', () => {
      const endpoint = [...run('model').actions].filter(([a]) => a.startsWith('aws_sagemaker_endpoint.'));
      expect(endpoint.map(([, action]) => action)).toEqual(['update']);
    });

    it.each(['https', 'cidr', 'spot'])(
      'destroys nothing that should stay when the %s setting changes',
      (name) => {
        expect(newlyDestroyed(name)).toEqual([]);
      },
    );
  },
);
