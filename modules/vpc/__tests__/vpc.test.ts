import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { inlinePolicies, resourcesOf, synthStack } from '../../shared/testing';
import { ChurnVpc, ChurnVpcProps } from '../index';

const base: ChurnVpcProps = {
  name: 'churn-test',
  availabilityZones: ['eu-central-1a', 'eu-central-1b'],
  tags: { Project: 'churn' },
};
const synth = (props: Partial<ChurnVpcProps> = {}) =>
  synthStack((s) => new ChurnVpc(s, 'vpc', { ...base, ...props }));

describe('ChurnVpc', () => {
  const out = synth();

  it('creates a DNS-enabled VPC on 10.0.0.0/16 by default', () => {
    expect(out).toHaveResourceWithProperties(Vpc, { cidr_block: '10.0.0.0/16', enable_dns_hostnames: true });
  });

  it('creates a public and a private subnet in each AZ, none handing out public IPs', () => {
    const subnets = Object.values(resourcesOf(out, 'aws_subnet'));
    expect(subnets.map((s) => `${s.tags.Tier}:${s.availability_zone}:${s.cidr_block}`).sort()).toEqual([
      'private:eu-central-1a:10.0.128.0/20',
      'private:eu-central-1b:10.0.144.0/20',
      'public:eu-central-1a:10.0.0.0/20',
      'public:eu-central-1b:10.0.16.0/20',
    ]);
    expect(subnets.every((s) => s.map_public_ip_on_launch === false)).toBe(true);
  });

  it('puts one NAT gateway in each AZ by default', () => {
    expect(Object.keys(resourcesOf(out, 'aws_nat_gateway'))).toHaveLength(2);
  });

  it('shares one NAT gateway across private subnets when singleNatGateway is set', () => {
    const single = synth({ singleNatGateway: true });
    expect(Object.keys(resourcesOf(single, 'aws_nat_gateway'))).toHaveLength(1);
    const routes = Object.values(resourcesOf(single, 'aws_route')).filter((r) => r.nat_gateway_id);
    expect(routes).toHaveLength(2);
    expect(new Set(routes.map((r) => r.nat_gateway_id)).size).toBe(1);
  });

  it('routes the public subnets to the internet gateway', () => {
    const routes = Object.values(resourcesOf(out, 'aws_route')).filter((r) => r.gateway_id);
    expect(routes).toEqual([
      expect.objectContaining({
        destination_cidr_block: '0.0.0.0/0',
        gateway_id: expect.stringMatching(/^\$\{aws_internet_gateway\..+\.id\}$/),
      }),
    ]);
  });

  it('locks down the default security group by declaring it without rules', () => {
    const sg = Object.values(resourcesOf(out, 'aws_default_security_group'))[0];
    expect(sg.ingress).toBeUndefined();
    expect(sg.egress).toBeUndefined();
  });

  it('merges the given tags with a Name tag', () => {
    expect(out).toHaveResourceWithProperties(NatGateway, {
      tags: { Project: 'churn', Name: 'churn-test-nat-eu-central-1a' },
    });
  });

  it('accepts explicit subnet CIDRs that fit', () => {
    const custom = synth({
      cidrBlock: '10.1.0.0/20',
      publicSubnetCidrs: ['10.1.0.0/24', '10.1.1.0/24'],
      privateSubnetCidrs: ['10.1.8.0/24', '10.1.9.0/24'],
    });
    expect(custom).toHaveResourceWithProperties(Subnet, { cidr_block: '10.1.9.0/24' });
  });

  it('rejects fewer than two availability zones, naming the prop', () => {
    expect(() => synth({ availabilityZones: ['eu-central-1a'] })).toThrow(/"availabilityZones".*at least 2/);
  });

  it('rejects a malformed VPC CIDR', () => {
    expect(() => synth({ cidrBlock: '10.0.0.1/16' })).toThrow(/"cidrBlock"/);
  });

  it('rejects a subnet outside the VPC range', () => {
    expect(() => synth({ publicSubnetCidrs: ['10.0.0.0/24', '10.9.0.0/24'] })).toThrow(
      /"publicSubnetCidrs".*10\.9\.0\.0\/24 does not fit/,
    );
  });

  it('rejects overlapping subnets', () => {
    expect(() => synth({ privateSubnetCidrs: ['10.0.0.0/24', '10.0.200.0/24'] })).toThrow(
      /"privateSubnetCidrs".*overlaps/,
    );
  });

  it('rejects a subnet list that does not match the AZ count', () => {
    expect(() => synth({ publicSubnetCidrs: ['10.0.0.0/24'] })).toThrow(
      /"publicSubnetCidrs".*one CIDR per AZ/,
    );
  });
});

describe('ChurnVpc flow logs', () => {
  it('logs rejected traffic to a retained log group by default', () => {
    const out = synth();
    expect(out).toHaveResourceWithProperties(FlowLog, {
      traffic_type: 'REJECT',
      log_destination_type: 'cloud-watch-logs',
    });
    expect(out).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/vpc/churn-test/flow-logs',
      retention_in_days: 30,
    });
  });

  it('lets the flow log role write to that log group only', () => {
    const st = inlinePolicies(synth())
      .flatMap((p) => p.Statement)
      .find((s) => s.Sid === 'WriteFlowLogs');
    expect(st.Resource.every((r: string) => r.startsWith('${aws_cloudwatch_log_group.vpc_flow-logs'))).toBe(
      true,
    );
  });

  it('lets only flow logs of this account and region assume the flow log role (confused deputy)', () => {
    const role = Object.values(resourcesOf(synth(), 'aws_iam_role'))[0];
    const [statement] = JSON.parse(role.assume_role_policy).Statement;
    expect(statement.Condition).toEqual({
      StringEquals: {
        'aws:SourceAccount': expect.stringMatching(/data\.aws_caller_identity\..*\.account_id/),
      },
      ArnLike: {
        'aws:SourceArn': expect.stringMatching(
          /^arn:\$\{data\.aws_partition\..*\.partition\}:ec2:\$\{data\.aws_region\..*\}:\$\{data\.aws_caller_identity\..*\.account_id\}:vpc-flow-log\/\*$/,
        ),
      },
    });
  });

  it('names the flow log role with a prefix, unique in the account across regions', () => {
    const role = Object.values(resourcesOf(synth(), 'aws_iam_role'))[0];
    expect(role.name_prefix).toBe('churn-test-vpc-flow-logs-');
  });

  it('creates no flow log when switched off', () => {
    expect(resourcesOf(synth({ flowLogs: 'NONE' }), 'aws_flow_log')).toEqual({});
  });

  it('rejects an unknown traffic type, naming the prop', () => {
    expect(() => synth({ flowLogs: 'SOME' as never })).toThrow(/"flowLogs"/);
  });
});
