import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, projectTags, SETTINGS, stem } from '../index';

describe('loadConfig', () => {
  it('fills every default from an empty context and environment', () => {
    const config = loadConfig({}, {});
    expect(config).toEqual(
      expect.objectContaining({
        namePrefix: 'churn',
        environment: 'dev',
        region: 'eu-central-1',
        allowedIngressCidrs: ['0.0.0.0/0'],
        singleNatGateway: false,
      }),
    );
    expect(stem(config)).toBe('churn-dev');
  });

  it('lets environment variables override cdktf.json context', () => {
    const config = loadConfig(
      { environment: 'stage', uiCpu: 512 },
      { CHURN_ENVIRONMENT: 'prod', CHURN_UI_CPU: '1024', CHURN_UI_MEMORY_MB: '2048' },
    );
    expect([config.environment, config.uiCpu, config.uiMemoryMb]).toEqual(['prod', 1024, 2048]);
  });

  it('reads lists as comma-separated values and tags as JSON', () => {
    const config = loadConfig(
      {},
      {
        CHURN_ALLOWED_INGRESS_CIDRS: '10.0.0.0/8, 192.168.1.0/24',
        CHURN_TAGS: '{"CostCenter":"42"}',
        CHURN_SINGLE_NAT_GATEWAY: 'true',
      },
    );
    expect(config.allowedIngressCidrs).toEqual(['10.0.0.0/8', '192.168.1.0/24']);
    expect(config.singleNatGateway).toBe(true);
    expect(projectTags(config)).toEqual({
      CostCenter: '42',
      Project: 'telco-churn',
      Environment: 'dev',
      ManagedBy: 'cdktf',
    });
  });

  it('names the setting and its variable when a value is invalid', () => {
    expect(() => loadConfig({}, { CHURN_SAGEMAKER_MEMORY_MB: '1500' })).toThrow(
      /sagemakerMemoryMb \(env CHURN_SAGEMAKER_MEMORY_MB\)/,
    );
  });

  it('rejects an unknown context key instead of ignoring a typo', () => {
    expect(() => loadConfig({ regoin: 'us-east-1' } as never, {})).toThrow(/regoin.*unknown setting/);
  });

  it('rejects availability zones of another region', () => {
    expect(() => loadConfig({ availabilityZones: ['us-east-1a', 'us-east-1b'] }, {})).toThrow(
      /availabilityZones.*not in region eu-central-1/,
    );
  });

  it('rejects a single availability zone', () => {
    expect(() => loadConfig({}, { CHURN_AVAILABILITY_ZONES: 'eu-central-1a' })).toThrow(/availabilityZones/);
  });

  it('rejects tags that are not JSON', () => {
    expect(() => loadConfig({}, { CHURN_TAGS: 'team=ml' })).toThrow(
      /tags \(env CHURN_TAGS\).*not a JSON object/,
    );
  });

  it('rejects a desired count outside min..max', () => {
    expect(() => loadConfig({ uiDesiredCount: 8 }, {})).toThrow(/uiDesiredCount/);
  });

  it('rejects a certificate that is not an ACM ARN', () => {
    expect(() =>
      loadConfig({ certificateArn: 'arn:aws:iam::111122223333:server-certificate/x' }, {}),
    ).toThrow(/certificateArn.*ACM/);
  });

  it('refuses an ACM certificate from another region than the stack', () => {
    expect(() =>
      loadConfig({ certificateArn: 'arn:aws:acm:us-east-1:111122223333:certificate/abc' }, {}),
    ).toThrow(/certificateArn.*us-east-1.*eu-central-1/);
  });

  it('leaves the availability zones to discovery when none are configured', () => {
    expect(loadConfig({ region: 'ap-northeast-1' }, {}).availabilityZones).toBeUndefined();
  });

  it('is documented: the README config table lists every setting and variable', () => {
    const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const [name, { env }] of Object.entries(SETTINGS)) {
      expect(readme).toContain(`\`${name}\``);
      expect(readme).toContain(`\`${env}\``);
    }
  });
});
