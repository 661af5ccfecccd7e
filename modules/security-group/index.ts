import { SecurityGroup } from '@cdktf/provider-aws/lib/security-group';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { VpcSecurityGroupEgressRule } from '@cdktf/provider-aws/lib/vpc-security-group-egress-rule';
import { VpcSecurityGroupIngressRule } from '@cdktf/provider-aws/lib/vpc-security-group-ingress-rule';
import { Construct } from 'constructs';
import { ChurnConstruct } from '../shared/construct';
import { parseCidr } from '../shared/cidr';
import { check, isLiteral } from '../shared/errors';
import { Tags, withName } from '../shared/tags';

/** Who a rule admits (ingress) or reaches (egress): an IPv4 range or another security group. */
export type RulePeer = { readonly cidr: string } | { readonly securityGroup: SecurityGroup };

export interface SecurityGroupRule {
  /** Shown in the console next to the rule: say why it exists. */
  readonly description: string;
  /** One port, a range, or "all" (every port and protocol). */
  readonly port: number | { readonly from: number; readonly to: number } | 'all';
  /** Default "tcp"; ignored when port is "all". */
  readonly protocol?: 'tcp' | 'udp';
  readonly peers: readonly RulePeer[];
}

export interface ChurnSecurityGroupProps {
  /** Group name, e.g. `churn-dev-alb`. */
  readonly name: string;
  readonly description: string;
  readonly vpc: Vpc;
  /** Default: none. */
  readonly ingress?: readonly SecurityGroupRule[];
  /** Default: none (a group without egress rules sends nothing). */
  readonly egress?: readonly SecurityGroupRule[];
  readonly tags?: Tags;
}

/**
 * One security group with typed rule lists. Each rule and peer becomes its own
 * aws_vpc_security_group_{ingress,egress}_rule (taggable, one CIDR each), and rules can be added
 * later with allowIngress/allowEgress when two groups refer to each other (ALB <-> tasks).
 */
export class ChurnSecurityGroup extends ChurnConstruct {
  readonly securityGroup: SecurityGroup;
  private readonly tags: Tags | undefined;
  private readonly ruleIds = new Set<string>();

  constructor(scope: Construct, id: string, props: ChurnSecurityGroupProps) {
    super(scope, id, 'ChurnSecurityGroup', props.tags);
    check(
      /^[A-Za-z0-9 ._\-:/()#,@[\]+=&;{}!$*]{1,255}$/.test(props.name) && !props.name.startsWith('sg-'),
      this.where,
      'name',
      'use 1..255 allowed characters, not starting with "sg-"',
    );
    check(
      props.description.length > 0 && props.description.length <= 255,
      this.where,
      'description',
      'must be 1..255 characters',
    );
    this.tags = props.tags;
    this.securityGroup = new SecurityGroup(this, 'sg', {
      // A prefix: with create-before-destroy the replacement exists beside the old group, and
      // two groups of one name in a VPC fail with InvalidGroup.Duplicate.
      namePrefix: `${props.name}-`,
      description: props.description,
      vpcId: props.vpc.id,
      tags: withName(props.tags, props.name),
      // Replacement must create the new group first, or ENIs attached to the old one block it.
      lifecycle: { createBeforeDestroy: true },
    });
    for (const rule of props.ingress ?? []) this.allowIngress(rule);
    for (const rule of props.egress ?? []) this.allowEgress(rule);
  }

  allowIngress(rule: SecurityGroupRule): void {
    this.addRule('ingress', rule);
  }

  allowEgress(rule: SecurityGroupRule): void {
    this.addRule('egress', rule);
  }

  private addRule(direction: 'ingress' | 'egress', rule: SecurityGroupRule): void {
    validateRule(this.where, direction, rule);
    const ports =
      rule.port === 'all'
        ? { ipProtocol: '-1' }
        : typeof rule.port === 'number'
          ? { ipProtocol: rule.protocol ?? 'tcp', fromPort: rule.port, toPort: rule.port }
          : { ipProtocol: rule.protocol ?? 'tcp', fromPort: rule.port.from, toPort: rule.port.to };
    for (const peer of rule.peers) {
      // The id says what the rule is, so adding or removing another rule never renames (and so
      // never deletes and recreates) this one.
      const id = ruleId(direction, ports, peer);
      check(
        !this.ruleIds.has(id),
        this.where,
        direction,
        `rule "${rule.description}" allows ${id.slice(direction.length + 1)} twice`,
      );
      this.ruleIds.add(id);
      const target =
        'cidr' in peer ? { cidrIpv4: peer.cidr } : { referencedSecurityGroupId: peer.securityGroup.id };
      const config = {
        securityGroupId: this.securityGroup.id,
        description: rule.description,
        ...ports,
        ...target,
        tags: withName(this.tags, `${this.node.id}-${id}`),
      };
      if (direction === 'ingress') new VpcSecurityGroupIngressRule(this, id, config);
      else new VpcSecurityGroupEgressRule(this, id, config);
    }
  }
}

/** `ingress-tcp-443-from-10.0.0.0_16`, `egress-all-to-sg-alb-sg` (construct ids cannot hold "/"). */
function ruleId(
  direction: 'ingress' | 'egress',
  ports: { ipProtocol: string; fromPort?: number; toPort?: number },
  peer: RulePeer,
): string {
  const range =
    ports.ipProtocol === '-1'
      ? 'all'
      : `${ports.ipProtocol}-${ports.fromPort === ports.toPort ? ports.fromPort : `${ports.fromPort}-${ports.toPort}`}`;
  const other =
    'cidr' in peer
      ? isLiteral(peer.cidr)
        ? peer.cidr.replace('/', '_')
        : peer.cidr.replace(/[^A-Za-z0-9._-]/g, '')
      : `sg-${peer.securityGroup.node.path.replace(/\//g, '-')}`;
  return `${direction}-${range}-${direction === 'ingress' ? 'from' : 'to'}-${other}`;
}

function validateRule(where: string, direction: string, rule: SecurityGroupRule): void {
  const prop = direction;
  check(
    rule.description.length > 0 && rule.description.length <= 255,
    where,
    prop,
    'every rule needs a description of 1..255 characters',
  );
  check(rule.peers.length > 0, where, prop, `rule "${rule.description}" has no peers`);
  if (rule.port !== 'all') {
    const [from, to] =
      typeof rule.port === 'number' ? [rule.port, rule.port] : [rule.port.from, rule.port.to];
    const ok = (p: number) => Number.isInteger(p) && p >= 0 && p <= 65535;
    check(
      ok(from) && ok(to) && from <= to,
      where,
      prop,
      `rule "${rule.description}" has an invalid port range ${from}-${to}`,
    );
  }
  for (const peer of rule.peers) {
    if ('cidr' in peer && isLiteral(peer.cidr)) {
      check(
        parseCidr(peer.cidr) !== undefined,
        where,
        prop,
        `rule "${rule.description}": "${peer.cidr}" is not an IPv4 network CIDR`,
      );
    }
  }
}
