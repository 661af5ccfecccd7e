import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { Lb } from '@cdktf/provider-aws/lib/lb';
import { LbListener } from '@cdktf/provider-aws/lib/lb-listener';
import { LbTargetGroup } from '@cdktf/provider-aws/lib/lb-target-group';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Vpc } from '@cdktf/provider-aws/lib/vpc';
import { Construct } from 'constructs';
import { ChurnSecurityGroup } from '../../security-group';
import { resourcesOf, synthStack } from '../../shared/testing';
import { ChurnAlb, ChurnAlbProps } from '../index';

const CERT = 'arn:aws:acm:eu-central-1:111122223333:certificate/0a1b2c3d';
function build(scope: Construct, props: Partial<ChurnAlbProps> = {}) {
  const vpc = new Vpc(scope, 'vpc', { cidrBlock: '10.0.0.0/16' });
  const subnets = ['a', 'b'].map(
    (az, i) =>
      new Subnet(scope, `s${i}`, {
        vpcId: vpc.id,
        cidrBlock: `10.0.${i}.0/24`,
        availabilityZone: `eu-central-1${az}`,
      }),
  );
  const securityGroup = new ChurnSecurityGroup(scope, 'sg', { name: 'alb', description: 'alb', vpc });
  return new ChurnAlb(scope, 'alb', {
    name: 'churn-test-ui',
    vpc,
    subnets,
    securityGroup,
    tags: { Project: 'churn' },
    ...props,
  });
}
const listeners = (out: string) => Object.values(resourcesOf(out, 'aws_lb_listener'));

describe('ChurnAlb', () => {
  const plain = synthStack((s) => build(s));
  const tls = synthStack((s) => build(s, { certificateArn: CERT }));

  it('creates an internet-facing application load balancer that drops invalid headers', () => {
    expect(plain).toHaveResourceWithProperties(Lb, {
      internal: false,
      load_balancer_type: 'application',
      drop_invalid_header_fields: true,
    });
  });

  it('targets IPs on port 3000 with the /api/health check', () => {
    expect(plain).toHaveResourceWithProperties(LbTargetGroup, {
      target_type: 'ip',
      port: 3000,
      health_check: expect.objectContaining({ path: '/api/health', matcher: '200' }),
    });
  });

  it('forwards plain HTTP when no certificate is configured', () => {
    expect(listeners(plain)).toEqual([
      expect.objectContaining({
        port: 80,
        protocol: 'HTTP',
        default_action: [expect.objectContaining({ type: 'forward' })],
      }),
    ]);
  });

  it('serves HTTPS with the certificate and a TLS 1.2+ policy', () => {
    expect(tls).toHaveResourceWithProperties(LbListener, {
      port: 443,
      protocol: 'HTTPS',
      certificate_arn: CERT,
      ssl_policy: 'ELBSecurityPolicy-TLS13-1-2-2021-06',
    });
  });

  it('redirects HTTP to HTTPS when a certificate is configured', () => {
    const http = listeners(tls).find((l) => l.port === 80)!;
    expect(http.default_action).toEqual([
      { type: 'redirect', redirect: { port: '443', protocol: 'HTTPS', status_code: 'HTTP_301' } },
    ]);
  });

  it('alarms on unhealthy hosts and ELB 5xx', () => {
    expect(plain).toHaveResourceWithProperties(CloudwatchMetricAlarm, { metric_name: 'UnHealthyHostCount' });
    expect(plain).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      metric_name: 'HTTPCode_ELB_5XX_Count',
    });
  });

  it('rejects a single subnet, naming the prop', () => {
    const oneSubnet = (s: Construct) =>
      build(s, { subnets: [new Subnet(s, 'only', { vpcId: 'vpc-1', cidrBlock: '10.0.0.0/24' })] });
    expect(() => synthStack(oneSubnet)).toThrow(/"subnets".*at least 2/);
  });

  it('rejects a certificate ARN that is not ACM', () => {
    expect(() =>
      synthStack((s) => build(s, { certificateArn: 'arn:aws:iam::111122223333:server-certificate/x' })),
    ).toThrow(/"certificateArn"/);
  });

  it('rejects a name longer than 32 characters', () => {
    expect(() => synthStack((s) => build(s, { name: 'a'.repeat(33) }))).toThrow(/"name"/);
  });
});
