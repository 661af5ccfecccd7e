import { Testing } from 'cdktf';
import { loadConfig, RawSettings } from '../../config';
import { Json } from '../../shared/testing';
import { parseBackend } from '../backend';
import { buildStacks } from '../index';

const backend = parseBackend(
  JSON.stringify({
    terraform: {
      backend: {
        s3: { bucket: 'acme-tfstate', key: 'telco-churn/terraform.tfstate', region: 'eu-central-1' },
      },
    },
  }),
);

/** Every resource address (`type.name`) of the synthesized churn stack. */
function addresses(settings: RawSettings): string[] {
  const stacks = buildStacks(Testing.app(), loadConfig(settings, {}), backend);
  const resources = JSON.parse(Testing.synth(stacks.churn)).resource as Record<string, Json>;
  return Object.entries(resources).flatMap(([type, byName]) =>
    Object.keys(byName).map((n) => `${type}.${n}`),
  );
}

// A resource whose address disappears is destroyed (and a new one created) by the next deploy:
// for security group rules that means a window without the rule, or InvalidPermission.Duplicate.
describe('resource addresses across day-two changes of the churn stack', () => {
  const before = addresses({});

  it.each<[string, RawSettings]>([
    ['turning HTTPS on', { certificateArn: 'arn:aws:acm:eu-central-1:111122223333:certificate/abc' }],
    ['adding an ingress CIDR', { allowedIngressCidrs: ['0.0.0.0/0', '203.0.113.0/24'] }],
    ['changing the spot weight', { fargateSpotWeight: 2 }],
  ])('keeps every address when %s', (_change, settings) => {
    const after = new Set(addresses(settings));
    expect(before.filter((a) => !after.has(a))).toEqual([]);
  });
});
