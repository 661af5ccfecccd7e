import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rewriteForOfflineProvider } from '../offline-provider';
import { findToolchain } from '../toolchain';

const stack = {
  terraform: { required_providers: { aws: { source: 'aws', version: '6.25.0' } } },
  data: { aws_region: { here: {} } },
  resource: {
    aws_ecs_task_definition: {
      td: { family: 'x', container_definitions: '[{"region":"${data.aws_region.here.region}"}]' },
    },
    aws_vpc: { vpc: { cidr_block: '10.0.0.0/16', tags: { region: 'eu-central-1' } } },
  },
};

describe('the offline provider rewrite', () => {
  const { stack: out, regionReferences } = rewriteForOfflineProvider(stack);

  it('pins the provider the plugin directory holds', () => {
    expect(out.terraform.required_providers.aws).toEqual({ source: 'aws', version: '5.100.0' });
  });

  it("renames the v6 region attribute to v5's name", () => {
    expect(regionReferences).toBe(1);
    expect(out.resource.aws_ecs_task_definition.td.container_definitions).toBe(
      '[{"region":"${data.aws_region.here.name}"}]',
    );
  });

  it('changes nothing else and leaves the input alone', () => {
    const back = JSON.parse(
      JSON.stringify(out)
        .replace('data.aws_region.here.name', 'data.aws_region.here.region')
        .replace('5.100.0', '6.25.0'),
    );
    expect(back).toEqual(stack);
    expect(stack.terraform.required_providers.aws.version).toBe('6.25.0');
  });

  it('refuses a stack pinned to another provider version', () => {
    const other = {
      ...stack,
      terraform: { required_providers: { aws: { source: 'aws', version: '6.30.0' } } },
    };
    expect(() => rewriteForOfflineProvider(other)).toThrow(/pins aws 6\.30\.0, expected 6\.25\.0/);
  });
});

describe('finding Terraform and the provider', () => {
  it('says terraform is missing when it is not on PATH', () => {
    expect(findToolchain({ PATH: '/nonexistent' })).toEqual({
      ok: false,
      reason: '`terraform` is not on PATH',
    });
  });

  it('names TF_PLUGIN_DIR when it holds no AWS provider, without falling back', () => {
    const empty = mkdtempSync(join(tmpdir(), 'no-plugins-'));
    const found = findToolchain({ ...process.env, TF_PLUGIN_DIR: empty });
    if (found.ok) throw new Error('expected no toolchain');
    expect(found.reason).toMatch(/`terraform` is not on PATH|TF_PLUGIN_DIR=.*no-plugins-/);
  });
});
