import { InfraConfig, loadConfig, RawSettings } from '../config';

/**
 * The configurations every stack is checked in: the defaults; a production-like one (HTTPS,
 * alarm email, one shared NAT, FARGATE_SPOT, own prefix, `prod`); and another region whose
 * second AZ is not `<region>b` (ap-northeast-1 has no 1b for new subnets).
 */
export const CHECKED_CONFIGS: Readonly<Record<string, RawSettings>> = {
  default: {},
  production: {
    namePrefix: 'acme',
    environment: 'prod',
    certificateArn: 'arn:aws:acm:eu-central-1:111122223333:certificate/0a1b2c3d-4e5f-6789-abcd-ef0123456789',
    alarmEmail: 'oncall@example.com',
    singleNatGateway: true,
    fargateSpotWeight: 3,
    allowedIngressCidrs: ['203.0.113.0/24', '198.51.100.0/24'],
    tags: { CostCenter: '42' },
  },
  tokyo: { region: 'ap-northeast-1' },
};

export function checkedConfig(name: string, overrides: RawSettings = {}): InfraConfig {
  return loadConfig({ ...CHECKED_CONFIGS[name], ...overrides }, {});
}
