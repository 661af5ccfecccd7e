import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKED_CONFIGS, checkedConfig } from '../configs';
import { applyTest } from '../mocks';
import { findToolchain } from '../toolchain';
import {
  init,
  pool,
  shareInit,
  STACK_NAMES,
  synthStacks,
  tempRoot,
  terraform,
  terraformEnv,
  TfResult,
  writeModule,
} from '../workspace';

const toolchain = findToolchain();
// One plain line (not jest's decorated console.log), so a skip is seen in any CI log.
if (!toolchain.ok)
  process.stderr.write(`SKIPPED the Terraform checks of every stack: ${toolchain.reason}.\n`);

const cases = Object.keys(CHECKED_CONFIGS).flatMap((config) => STACK_NAMES.map((stack) => [stack, config]));

(toolchain.ok ? describe : describe.skip)('every stack under Terraform, offline', () => {
  let root: string | undefined;
  // The working directories hold only synthesized JSON and links: keep them to debug a failure.
  afterAll(() => {
    if (root && !process.env.KEEP_TF_WORKDIR) rmSync(root, { recursive: true, force: true });
  });
  const results = new Map<string, { validate: TfResult; test: TfResult }>();

  beforeAll(async () => {
    if (!toolchain.ok) return;
    const started = Date.now();
    root = tempRoot('stacks');
    const env = terraformEnv(root);
    const dirs: string[] = [];
    for (const name of Object.keys(CHECKED_CONFIGS)) {
      const config = checkedConfig(name);
      const stacks = synthStacks(config, join(root, 'synth', name));
      for (const stack of STACK_NAMES) {
        const dir = join(root, name, stack);
        writeModule(dir, stacks[stack]);
        mkdirSync(join(dir, 'tests'));
        writeFileSync(join(dir, 'tests', 'apply.tftest.hcl'), applyTest(stacks[stack], config.region));
        dirs.push(dir);
      }
    }
    await init(dirs[0], toolchain.pluginDir, env);
    for (const dir of dirs.slice(1)) shareInit(dirs[0], dir);
    const outcomes = await pool(
      dirs.map((dir) => async () => ({
        dir,
        validate: await terraform(['validate', '-no-color'], dir, env),
        test: await terraform(['test', '-no-color'], dir, env),
      })),
      2,
    );
    for (const o of outcomes) results.set(o.dir.slice(root.length + 1), o);
    console.log(
      `Terraform checks: ${dirs.length} roots (init, validate, mocked apply) in ${((Date.now() - started) / 1000).toFixed(1)} s wall`,
    );
  }, 900_000);

  it.each(cases)('validates the %s stack in the %s configuration', (stack, config) => {
    const result = results.get(`${config}/${stack}`)!;
    expect(result.validate.output).toContain('Success! The configuration is valid.');
    expect(result.validate.code).toBe(0);
  });

  it.each(cases)(
    'applies the %s stack in the %s configuration against the mocked provider',
    (stack, config) => {
      const result = results.get(`${config}/${stack}`)!;
      expect(result.test.output).toMatch(/run "apply"\.\.\. pass/);
      expect(result.test.output).toMatch(/ 1 passed, 0 failed\./);
      // The state stack's teardown fails on purpose (see below); every other stack exits cleanly.
      if (stack !== 'state') expect(result.test.code).toBe(0);
    },
  );

  // The test framework destroys what it applied; the state bucket must refuse (prevent_destroy),
  // and nothing else may fail to go.
  it.each(Object.keys(CHECKED_CONFIGS))(
    'refuses to destroy the state bucket, and only it, in the %s configuration',
    (config) => {
      const { output } = results.get(`${config}/state`)!.test;
      const errors = [...output.matchAll(/^Error: (.+)$/gm)].map((m) => m[1]);
      expect(errors).toEqual(['Instance cannot be destroyed']);
      expect(output).toMatch(/Resource aws_s3_bucket\.state_bucket_\w+ has lifecycle\.prevent_destroy/);
    },
  );
});
