import { Testing } from 'cdktf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, REQUIRED_TAG_KEYS } from '../../config';
import { buildStacks } from '../../stacks';
import { parseBackend } from '../../stacks/backend';
import { checkStack, RuleName, Violation } from '../rules';
import { isTaggable } from '../taggable';

const options = { requiredTags: REQUIRED_TAG_KEYS };
const backend = parseBackend(readFileSync(join(__dirname, '..', '..', '..', 'backend.tf.json'), 'utf8'));
const fixture = (name: string) =>
  JSON.parse(readFileSync(join(__dirname, 'fixtures', `${name}.json`), 'utf8'));
const rulesOf = (violations: Violation[]) => [...new Set(violations.map((v) => v.rule))];

describe('policy suite on the synthesized stacks', () => {
  const synthesized: Record<string, object> = {};

  beforeAll(() => {
    // Two configurations: the defaults (plain HTTP) and a production-like one (HTTPS, spot, email).
    const variants = {
      default: loadConfig({}, {}),
      production: loadConfig(
        {
          environment: 'prod',
          certificateArn: 'arn:aws:acm:eu-central-1:111122223333:certificate/abc',
          alarmEmail: 'ops@example.com',
          fargateSpotWeight: 2,
          allowedIngressCidrs: ['0.0.0.0/0'],
        },
        {},
      ),
    };
    for (const [variant, config] of Object.entries(variants)) {
      const stacks = buildStacks(Testing.app(), config, backend);
      for (const [name, stack] of Object.entries(stacks))
        synthesized[`${variant}/${name}`] = JSON.parse(Testing.synth(stack));
    }
  });

  it('finds no violation in any stack of either configuration', () => {
    const found = Object.entries(synthesized).flatMap(([stack, json]) =>
      checkStack(json, options).map((v) => `${stack} ${v.address}: ${v.message}`),
    );
    expect(found).toEqual([]);
  });

  it('checks a non-trivial number of IAM statements and taggable resources', () => {
    // Guards against a rule passing because the walk found nothing to look at.
    const churn = synthesized['default/churn'] as { resource: Record<string, object> };
    expect(Object.keys(churn.resource.aws_iam_role_policy).length).toBeGreaterThanOrEqual(5);
    expect(Object.keys(churn.resource.aws_vpc_security_group_ingress_rule).length).toBeGreaterThanOrEqual(2);
  });

  it('lets the ALB admit the internet on 80 and 443 and nothing else', () => {
    const churn = synthesized['production/churn'] as {
      resource: Record<string, Record<string, { cidr_ipv4?: string; from_port: number }>>;
    };
    const open = Object.values(churn.resource.aws_vpc_security_group_ingress_rule).filter(
      (r) => r.cidr_ipv4 === '0.0.0.0/0',
    );
    expect(open.map((r) => r.from_port).sort()).toEqual([443, 80]);
  });
});

describe('each policy rule fails its deliberately bad fixture', () => {
  const cases: Array<[string, RuleName, RegExp]> = [
    ['iam-wildcard-action', 'iam-wildcard', /wildcard action s3:\*/],
    ['iam-wildcard-resource', 'iam-wildcard', /s3:GetObject on \*/],
    ['managed-full-access', 'managed-full-access', /AmazonSageMakerFullAccess/],
    ['open-ingress-ssh', 'open-ingress', /port 22/],
    ['open-ingress-not-alb', 'open-ingress', /port 443 to a group that is not a load balancer's/],
    ['public-task-ip', 'public-task-ip', /public IP/],
    ['bucket-encryption', 'bucket-encryption', /no server-side encryption/],
    ['log-retention', 'log-retention', /no retention_in_days/],
    ['required-tags', 'required-tags', /lacks the tags Environment, ManagedBy/],
    ['required-tags-default-overridden', 'required-tags', /lacks the tags Environment$/],
  ];

  it.each(cases)('%s breaks exactly the rule %s', (name, rule, message) => {
    const violations = checkStack(fixture(name), options);
    expect(rulesOf(violations)).toEqual([rule]);
    expect(violations.map((v) => v.message)).toEqual([expect.stringMatching(message)]);
  });

  it('accepts provider default_tags in place of resource tags', () => {
    const json = fixture('required-tags-default-overridden');
    delete json.resource.aws_sns_topic.blanked.tags;
    expect(checkStack(json, options)).toEqual([]);
  });

  it('allows only the allow-listed actions on "*"', () => {
    const json = fixture('iam-wildcard-resource');
    json.resource.aws_iam_role_policy.bad.policy = JSON.stringify({
      Statement: [{ Effect: 'Allow', Action: ['ecr:GetAuthorizationToken'], Resource: '*' }],
    });
    expect(checkStack(json, options)).toEqual([]);
  });
});

describe('isTaggable', () => {
  it('reads taggability from the provider bindings', () => {
    expect(isTaggable('aws_vpc')).toBe(true);
    expect(isTaggable('aws_vpc_security_group_ingress_rule')).toBe(true);
    expect(isTaggable('aws_route')).toBe(false);
    expect(isTaggable('aws_iam_role_policy')).toBe(false);
  });

  it('fails loudly on a type it cannot resolve instead of skipping it', () => {
    expect(() => isTaggable('aws_no_such_thing')).toThrow();
  });
});
