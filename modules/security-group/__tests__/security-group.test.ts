import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { resourcesOf, synthStack } from '../../shared/testing';
import { ChurnSecurityGroup, ChurnSecurityGroupProps } from '../index';

function build(scope: Construct, props: Partial<ChurnSecurityGroupProps> = {}): ChurnSecurityGroup {
  const vpc = new Vpc(scope, 'vpc', { cidrBlock: '10.0.0.0/16' });
  return new ChurnSecurityGroup(scope, 'web', {
    name: 'churn-web',
    description: 'web tier',
    vpc,
    tags: { Project: 'churn' },
    ...props,
  });
}

describe('ChurnSecurityGroup', () => {
  it('creates the group in the given VPC with create-before-destroy', () => {
    const out = synthStack((s) => build(s));
    expect(out).toHaveResourceWithProperties(SecurityGroup, {
      vpc_id: expect.stringMatching(/aws_vpc\.vpc/),
      lifecycle: { create_before_destroy: true },
    });
  });

  it('names the group with a prefix, so its replacement can exist beside it', () => {
    const group = Object.values(
      resourcesOf(
        synthStack((s) => build(s)),
        'aws_security_group',
      ),
    )[0];
    expect(group.name_prefix).toBe('churn-web-');
    expect(group.name).toBeUndefined();
  });

  it('derives rule ids from their content, so adding a rule renames none of the others', () => {
    const egress = { description: 'out', port: 443, peers: [{ cidr: '0.0.0.0/0' }] };
    const web = (ports: number[], cidrs: string[]) => ({
      ingress: ports.map((port) => ({
        description: `web ${port}`,
        port,
        peers: cidrs.map((cidr) => ({ cidr })),
      })),
      egress: [egress],
    });
    const ids = (props: Partial<ChurnSecurityGroupProps>) => {
      const out = JSON.parse(synthStack((s) => build(s, props))).resource;
      return [
        ...Object.keys(out.aws_vpc_security_group_ingress_rule),
        ...Object.keys(out.aws_vpc_security_group_egress_rule),
      ];
    };
    const before = ids(web([80], ['10.1.0.0/16']));
    const after = ids(web([80, 443], ['192.168.0.0/24', '10.1.0.0/16']));
    expect(after).toEqual(expect.arrayContaining(before));
    expect(after).toHaveLength(5);
  });

  it('refuses the same rule twice, naming the direction', () => {
    const rule = { description: 'web', port: 80, peers: [{ cidr: '10.1.0.0/16' }] };
    expect(() => synthStack((s) => build(s, { ingress: [rule, rule] }))).toThrow(
      /ChurnSecurityGroup\(web\): invalid prop "ingress": .*twice/,
    );
  });

  it('creates one ingress rule per CIDR peer', () => {
    const out = synthStack((s) =>
      build(s, {
        ingress: [
          { description: 'https', port: 443, peers: [{ cidr: '10.1.0.0/16' }, { cidr: '192.168.0.0/24' }] },
        ],
      }),
    );
    const rules = Object.values(resourcesOf(out, 'aws_vpc_security_group_ingress_rule'));
    expect(rules.map((r) => r.cidr_ipv4).sort()).toEqual(['10.1.0.0/16', '192.168.0.0/24']);
    expect(rules.every((r) => r.from_port === 443 && r.to_port === 443 && r.ip_protocol === 'tcp')).toBe(
      true,
    );
  });

  it('references another security group as an ingress source', () => {
    const out = synthStack((s) => {
      const alb = build(s);
      const vpc = new Vpc(s, 'vpc2', { cidrBlock: '10.0.0.0/16' });
      new ChurnSecurityGroup(s, 'tasks', {
        name: 'churn-tasks',
        description: 'tasks',
        vpc,
        ingress: [{ description: 'from alb', port: 3000, peers: [{ securityGroup: alb.securityGroup }] }],
      });
    });
    expect(out).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      from_port: 3000,
      referenced_security_group_id: expect.stringMatching(/aws_security_group\.web_sg/),
    });
  });

  it('writes "all" as protocol -1 without ports', () => {
    const out = synthStack((s) =>
      build(s, { egress: [{ description: 'anywhere', port: 'all', peers: [{ cidr: '0.0.0.0/0' }] }] }),
    );
    expect(out).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, {
      ip_protocol: '-1',
      cidr_ipv4: '0.0.0.0/0',
    });
  });

  it('adds rules after construction for groups that refer to each other', () => {
    const out = synthStack((s) =>
      build(s).allowEgress({
        description: 'api',
        port: { from: 8000, to: 8010 },
        peers: [{ cidr: '10.0.0.0/16' }],
      }),
    );
    expect(out).toHaveResourceWithProperties(VpcSecurityGroupEgressRule, { from_port: 8000, to_port: 8010 });
  });

  it('tags each rule', () => {
    const out = synthStack((s) =>
      build(s, { ingress: [{ description: 'http', port: 80, peers: [{ cidr: '10.0.0.0/8' }] }] }),
    );
    expect(out).toHaveResourceWithProperties(VpcSecurityGroupIngressRule, {
      tags: expect.objectContaining({ Project: 'churn' }),
    });
  });

  it('rejects an invalid CIDR, naming the rule list', () => {
    expect(() =>
      synthStack((s) =>
        build(s, { ingress: [{ description: 'bad', port: 80, peers: [{ cidr: '10.0.0.0/33' }] }] }),
      ),
    ).toThrow(/"ingress".*10\.0\.0\.0\/33/);
  });

  it('rejects an inverted port range', () => {
    expect(() =>
      synthStack((s) =>
        build(s, {
          egress: [{ description: 'bad', port: { from: 90, to: 80 }, peers: [{ cidr: '10.0.0.0/8' }] }],
        }),
      ),
    ).toThrow(/"egress".*90-80/);
  });

  it('rejects a rule without a description', () => {
    expect(() =>
      synthStack((s) =>
        build(s, { ingress: [{ description: '', port: 80, peers: [{ cidr: '10.0.0.0/8' }] }] }),
      ),
    ).toThrow(/"ingress".*description/);
  });
});
