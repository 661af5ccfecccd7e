import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { ChurnConstruct } from '../shared/construct';
import { metricAlarm } from '../monitoring';
import { ChurnSecurityGroup } from '../security-group';
import { check, isLiteral } from '../shared/errors';
import { Tags, withName } from '../shared/tags';

export interface ChurnAlbProps {
  /** Load balancer name, 1..32 characters, e.g. `churn-dev-ui`. */
  readonly name: string;
  readonly vpc: Vpc;
  /** Public subnets in at least two AZs. */
  readonly subnets: readonly Subnet[];
  /** The ALB's group: ingress 80/443 from the allowed CIDRs, egress to the tasks. */
  readonly securityGroup: ChurnSecurityGroup;
  /** Port the targets listen on. Default 3000 (the Next.js UI). */
  readonly targetPort?: number;
  /** Default `/api/health`. */
  readonly healthCheckPath?: string;
  /** ACM certificate: adds an HTTPS listener and turns port 80 into a redirect. */
  readonly certificateArn?: string;
  /** Default ELBSecurityPolicy-TLS13-1-2-2021-06 (TLS 1.2+). */
  readonly sslPolicy?: string;
  /** Default false; set true in production so a stray destroy cannot remove the entry point. */
  readonly deletionProtection?: boolean;
  readonly alarmTopic?: SnsTopic;
  readonly tags?: Tags;
}

/** Internet-facing ALB to an IP target group; HTTPS with redirect when a certificate is given. */
export class ChurnAlb extends ChurnConstruct {
  readonly loadBalancer: Lb;
  readonly targetGroup: LbTargetGroup;
  readonly httpListener: LbListener;
  readonly httpsListener?: LbListener;
  /** The listener that forwards to the targets (HTTPS when configured, else HTTP). */
  readonly servingListener: LbListener;
  /** `https://<dns>` with a certificate (point your DNS name at it), else `http://<dns>`. */
  readonly url: string;
  readonly unhealthyHostsAlarm: CloudwatchMetricAlarm;
  readonly serverErrorsAlarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: ChurnAlbProps) {
    super(scope, id, 'ChurnAlb', props.tags);
    const { where } = this;
    const port = props.targetPort ?? 3000;
    const healthPath = props.healthCheckPath ?? '/api/health';
    check(
      /^[A-Za-z0-9](-?[A-Za-z0-9]){0,31}$/.test(props.name) && !props.name.startsWith('internal-'),
      where,
      'name',
      'use 1..32 letters, digits and inner hyphens',
    );
    check(
      props.subnets.length >= 2,
      where,
      'subnets',
      `an ALB needs subnets in at least 2 AZs, got ${props.subnets.length}`,
    );
    check(Number.isInteger(port) && port >= 1 && port <= 65535, where, 'targetPort', `${port} is not a port`);
    check(
      healthPath.startsWith('/') && healthPath.length <= 1024,
      where,
      'healthCheckPath',
      `"${healthPath}" must start with "/"`,
    );
    const cert = props.certificateArn;
    check(
      cert === undefined ||
        !isLiteral(cert) ||
        /^arn:[^:]+:acm:[a-z0-9-]+:\d{12}:certificate\/.+$/.test(cert),
      where,
      'certificateArn',
      `"${cert}" is not an ACM certificate ARN`,
    );

    this.loadBalancer = new Lb(this, 'alb', {
      name: props.name,
      internal: false,
      loadBalancerType: 'application',
      securityGroups: [props.securityGroup.securityGroup.id],
      subnets: props.subnets.map((s) => s.id),
      dropInvalidHeaderFields: true,
      enableDeletionProtection: props.deletionProtection ?? false,
      tags: withName(props.tags, props.name),
    });
    this.targetGroup = new LbTargetGroup(this, 'targets', {
      // name_prefix (max 6 characters) so a replacement can exist beside the old group.
      namePrefix: 'ui-',
      port,
      protocol: 'HTTP',
      targetType: 'ip',
      vpcId: props.vpc.id,
      deregistrationDelay: '30',
      healthCheck: {
        enabled: true,
        path: healthPath,
        matcher: '200',
        interval: 15,
        timeout: 5,
        healthyThreshold: 2,
        unhealthyThreshold: 3,
      },
      tags: withName(props.tags, `${props.name}-targets`),
      lifecycle: { createBeforeDestroy: true },
    });
    const forward = [{ type: 'forward', targetGroupArn: this.targetGroup.arn }];

    if (cert) {
      this.httpsListener = new LbListener(this, 'https', {
        loadBalancerArn: this.loadBalancer.arn,
        port: 443,
        protocol: 'HTTPS',
        certificateArn: cert,
        sslPolicy: props.sslPolicy ?? 'ELBSecurityPolicy-TLS13-1-2-2021-06',
        defaultAction: forward,
        tags: withName(props.tags, `${props.name}-https`),
      });
    }
    this.httpListener = new LbListener(this, 'http', {
      loadBalancerArn: this.loadBalancer.arn,
      port: 80,
      protocol: 'HTTP',
      defaultAction: cert
        ? [{ type: 'redirect', redirect: { port: '443', protocol: 'HTTPS', statusCode: 'HTTP_301' } }]
        : forward,
      tags: withName(props.tags, `${props.name}-http`),
    });
    this.servingListener = this.httpsListener ?? this.httpListener;
    this.url = `${cert ? 'https' : 'http'}://${this.loadBalancer.dnsName}`;

    const dims = { LoadBalancer: this.loadBalancer.arnSuffix, TargetGroup: this.targetGroup.arnSuffix };
    this.unhealthyHostsAlarm = metricAlarm(
      this,
      'unhealthy-hosts',
      {
        name: `${props.name}-unhealthy-hosts`,
        description: 'A UI task fails its ALB health check.',
        namespace: 'AWS/ApplicationELB',
        metricName: 'UnHealthyHostCount',
        dimensions: dims,
        statistic: 'Maximum',
        threshold: 1,
        periodSeconds: 60,
        evaluationPeriods: 3,
      },
      props.alarmTopic,
      props.tags,
    );
    this.serverErrorsAlarm = metricAlarm(
      this,
      'server-errors',
      {
        name: `${props.name}-5xx`,
        description: 'The load balancer answered with 5xx (no healthy target, timeouts).',
        namespace: 'AWS/ApplicationELB',
        metricName: 'HTTPCode_ELB_5XX_Count',
        dimensions: { LoadBalancer: this.loadBalancer.arnSuffix },
        statistic: 'Sum',
        threshold: 10,
      },
      props.alarmTopic,
      props.tags,
    );
  }
}
