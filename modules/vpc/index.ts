import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DefaultSecurityGroup } from '@cdktf/provider-aws/lib/default-security-group';
import { Eip } from '@cdktf/provider-aws/lib/eip';
import { FlowLog } from '@cdktf/provider-aws/lib/flow-log';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { InternetGateway } from '@cdktf/provider-aws/lib/internet-gateway';
import { NatGateway } from '@cdktf/provider-aws/lib/nat-gateway';
import { Route } from '@cdktf/provider-aws/lib/route';
import { RouteTable } from '@cdktf/provider-aws/lib/route-table';
import { RouteTableAssociation } from '@cdktf/provider-aws/lib/route-table-association';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { Construct } from 'constructs';
import { ChurnConstruct } from '../shared/construct';
import { Cidr, cidrSubnet, contains, formatCidr, overlaps, parseCidr } from '../shared/cidr';
import { assumeRolePolicy, grant, writeLogsStatement } from '../iam/policy';
import { check } from '../shared/errors';
import { checkRetention, DEFAULT_LOG_RETENTION_DAYS, retainedLogGroup } from '../shared/logs';
import { Tags, withName } from '../shared/tags';

export interface ChurnVpcProps {
  /** Name prefix of every resource (Name tags), e.g. `churn-dev`. */
  readonly name: string;
  /** At least two availability zones, e.g. `["eu-central-1a", "eu-central-1b"]`. */
  readonly availabilityZones: readonly string[];
  /** VPC range, /16 to /24. Default `10.0.0.0/16`. */
  readonly cidrBlock?: string;
  /** One per AZ; default: /20s (or /prefix+4) carved from the start of the VPC range. */
  readonly publicSubnetCidrs?: readonly string[];
  /** One per AZ; default: the same size, carved from the middle of the VPC range. */
  readonly privateSubnetCidrs?: readonly string[];
  /**
   * Cost option: one NAT gateway shared by all private subnets instead of one per AZ. Cheaper
   * (one hourly charge), but private subnets lose egress when that AZ fails. Default false.
   */
  readonly singleNatGateway?: boolean;
  /** VPC flow logs to CloudWatch: rejected traffic only (default, cheap), all, or none. */
  readonly flowLogs?: 'REJECT' | 'ALL' | 'NONE';
  /** Flow log retention. Default 30 days. */
  readonly flowLogRetentionDays?: number;
  readonly tags?: Tags;
}

/** VPC with public and private subnets over >= 2 AZs, an internet gateway and NAT egress. */
export class ChurnVpc extends ChurnConstruct {
  readonly vpc: Vpc;
  readonly publicSubnets: readonly Subnet[];
  readonly privateSubnets: readonly Subnet[];
  readonly internetGateway: InternetGateway;
  readonly natGateways: readonly NatGateway[];
  readonly publicRouteTable: RouteTable;
  readonly privateRouteTables: readonly RouteTable[];
  readonly flowLog?: FlowLog;
  readonly flowLogGroup?: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: ChurnVpcProps) {
    super(scope, id, 'ChurnVpc', props.tags);
    const { name } = props;
    const plan = planSubnets(`ChurnVpc(${id})`, props);
    const tags = (suffix: string) => withName(props.tags, `${name}-${suffix}`);

    this.vpc = new Vpc(this, 'vpc', {
      cidrBlock: plan.vpc,
      instanceTenancy: 'default', // AWS's default, stated so the plan holds no value only AWS fills in (modules/terraform: redeploy plans)
      enableDnsHostnames: true,
      enableDnsSupport: true,
      tags: tags('vpc'),
    });
    // The default security group allows all traffic between its members: strip its rules so
    // nothing can use it by accident (CIS AWS 5.4).
    new DefaultSecurityGroup(this, 'default-sg', { vpcId: this.vpc.id, tags: tags('default-locked') });
    this.internetGateway = new InternetGateway(this, 'igw', { vpcId: this.vpc.id, tags: tags('igw') });

    const azs = props.availabilityZones;
    this.publicSubnets = azs.map(
      (az, i) =>
        new Subnet(this, `public-${i}`, {
          vpcId: this.vpc.id,
          availabilityZone: az,
          cidrBlock: plan.public[i],
          // The ALB's subnets; tasks never launch here, so no automatic public IPs.
          mapPublicIpOnLaunch: false,
          ipv6Native: false, // AWS's default, stated so the plan holds no value only AWS fills in (modules/terraform: redeploy plans)
          tags: { ...tags(`public-${az}`), Tier: 'public' },
        }),
    );
    this.privateSubnets = azs.map(
      (az, i) =>
        new Subnet(this, `private-${i}`, {
          vpcId: this.vpc.id,
          availabilityZone: az,
          cidrBlock: plan.private[i],
          mapPublicIpOnLaunch: false,
          ipv6Native: false, // AWS's default, stated so the plan holds no value only AWS fills in (modules/terraform: redeploy plans)
          tags: { ...tags(`private-${az}`), Tier: 'private' },
        }),
    );

    this.publicRouteTable = new RouteTable(this, 'public-rt', { vpcId: this.vpc.id, tags: tags('public') });
    new Route(this, 'public-default', {
      routeTableId: this.publicRouteTable.id,
      destinationCidrBlock: '0.0.0.0/0',
      gatewayId: this.internetGateway.id,
    });
    this.publicSubnets.forEach(
      (subnet, i) =>
        new RouteTableAssociation(this, `public-rta-${i}`, {
          subnetId: subnet.id,
          routeTableId: this.publicRouteTable.id,
        }),
    );

    const natCount = props.singleNatGateway ? 1 : azs.length;
    this.natGateways = Array.from({ length: natCount }, (_, i) => {
      const eip = new Eip(this, `nat-eip-${i}`, { domain: 'vpc', tags: tags(`nat-${azs[i]}`) });
      return new NatGateway(this, `nat-${i}`, {
        connectivityType: 'public', // AWS's default, stated so the plan holds no value only AWS fills in (modules/terraform: redeploy plans)
        allocationId: eip.allocationId,
        subnetId: this.publicSubnets[i].id,
        tags: tags(`nat-${azs[i]}`),
        dependsOn: [this.internetGateway],
      });
    });
    this.privateRouteTables = azs.map((az, i) => {
      const table = new RouteTable(this, `private-rt-${i}`, {
        vpcId: this.vpc.id,
        tags: tags(`private-${az}`),
      });
      new Route(this, `private-default-${i}`, {
        routeTableId: table.id,
        destinationCidrBlock: '0.0.0.0/0',
        natGatewayId: this.natGateways[Math.min(i, natCount - 1)].id,
      });
      new RouteTableAssociation(this, `private-rta-${i}`, {
        subnetId: this.privateSubnets[i].id,
        routeTableId: table.id,
      });
      return table;
    });

    const traffic = props.flowLogs ?? 'REJECT';
    if (traffic !== 'NONE') {
      const retention = props.flowLogRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
      checkRetention(this.where, 'flowLogRetentionDays', retention);
      this.flowLogGroup = retainedLogGroup(
        this,
        'flow-logs',
        `/aws/vpc/${name}/flow-logs`,
        retention,
        props.tags,
      );
      const account = new DataAwsCallerIdentity(this, 'account');
      const partition = new DataAwsPartition(this, 'partition');
      const region = new DataAwsRegion(this, 'region');
      const role = new IamRole(this, 'flow-logs-role', {
        // Role names are account-wide: a prefix keeps a second region's VPC from colliding.
        namePrefix: `${name}-vpc-flow-logs-`,
        path: '/', // AWS's default, stated so the plan holds no value only AWS fills in (modules/terraform: redeploy plans)
        description: 'VPC flow logs: write to the VPC flow log group only',
        assumeRolePolicy: assumeRolePolicy('vpc-flow-logs.amazonaws.com', {
          StringEquals: { 'aws:SourceAccount': account.accountId },
          ArnLike: {
            'aws:SourceArn': `arn:${partition.partition}:ec2:${region.region}:${account.accountId}:vpc-flow-log/*`,
          },
        }),
        tags: tags('vpc-flow-logs'),
      });
      const access = grant(this, 'flow-logs-write', role, [
        {
          ...writeLogsStatement('WriteFlowLogs', this.flowLogGroup.arn),
          actions: ['logs:CreateLogStream', 'logs:DescribeLogStreams', 'logs:PutLogEvents'],
        },
      ]);
      this.flowLog = new FlowLog(this, 'flow-log', {
        vpcId: this.vpc.id,
        trafficType: traffic,
        logDestinationType: 'cloud-watch-logs',
        logDestination: this.flowLogGroup.arn,
        iamRoleArn: role.arn,
        maxAggregationInterval: 600,
        tags: tags('flow-log'),
        dependsOn: [access],
      });
    }
  }
}

interface SubnetPlan {
  readonly vpc: string;
  readonly public: readonly string[];
  readonly private: readonly string[];
}

/** Validates the address plan at synth time; every error names the prop at fault. */
export function planSubnets(where: string, props: ChurnVpcProps): SubnetPlan {
  check(/^[a-z0-9-]{1,40}$/.test(props.name), where, 'name', 'use 1..40 lowercase letters, digits or "-"');
  const traffic = props.flowLogs ?? 'REJECT';
  check(
    ['REJECT', 'ALL', 'NONE'].includes(traffic),
    where,
    'flowLogs',
    `"${traffic}" must be REJECT, ALL or NONE`,
  );
  const azs = props.availabilityZones;
  check(
    azs.length >= 2,
    where,
    'availabilityZones',
    `needs at least 2 AZs for high availability, got ${azs.length}`,
  );
  check(new Set(azs).size === azs.length, where, 'availabilityZones', `lists an AZ twice: ${azs.join(', ')}`);

  const cidrText = props.cidrBlock ?? '10.0.0.0/16';
  const vpc = parseCidr(cidrText);
  check(vpc !== undefined, where, 'cidrBlock', `"${cidrText}" is not a network CIDR like 10.0.0.0/16`);
  check(
    vpc!.prefix >= 16 && vpc!.prefix <= 24,
    where,
    'cidrBlock',
    `AWS allows /16 to /28 and we need room for subnets: use /16../24, got /${vpc!.prefix}`,
  );

  const newBits = 4;
  check(azs.length <= 8, where, 'availabilityZones', 'at most 8 AZs fit the default subnet plan');
  const carve = (offset: number) => azs.map((_, i) => formatCidr(cidrSubnet(vpc!, newBits, offset + i)));
  const pub = props.publicSubnetCidrs ?? carve(0);
  const priv = props.privateSubnetCidrs ?? carve(8);

  const all: Array<{ prop: string; text: string; cidr: Cidr }> = [];
  for (const [prop, list] of [
    ['publicSubnetCidrs', pub],
    ['privateSubnetCidrs', priv],
  ] as const) {
    check(
      list.length === azs.length,
      where,
      prop,
      `needs one CIDR per AZ (${azs.length}), got ${list.length}`,
    );
    for (const text of list) {
      const cidr = parseCidr(text);
      check(cidr !== undefined, where, prop, `"${text}" is not a network CIDR`);
      check(contains(vpc!, cidr!), where, prop, `${text} does not fit inside the VPC ${cidrText}`);
      check(cidr!.prefix <= 28, where, prop, `${text} is smaller than the /28 AWS allows`);
      const clash = all.find((other) => overlaps(other.cidr, cidr!));
      check(clash === undefined, where, prop, `${text} overlaps ${clash?.text} (${clash?.prop})`);
      all.push({ prop, text, cidr: cidr! });
    }
  }
  return { vpc: cidrText, public: pub, private: priv };
}
