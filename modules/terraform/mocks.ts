/**
 * The `.tftest.hcl` files of the offline checks: a mocked AWS provider whose computed values look
 * like AWS's (the provider validates ARNs, and a real-provider plan replaces anything whose
 * Optional+Computed ForceNew attribute the mock left empty), and data sources overridden with
 * fixed values, so no run ever calls AWS.
 */
/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */
type Json = Record<string, any>;
type Value = string | number | boolean | readonly Value[] | { readonly [k: string]: Value };

export const MOCK_ACCOUNT = '111122223333';

/** Defaults for computed attributes, per resource type. */
export function resourceDefaults(region: string): Record<string, Record<string, Value>> {
  const arn = (service: string, resource: string, opts: { global?: boolean } = {}) =>
    `arn:aws:${service}:${opts.global ? '' : region}:${MOCK_ACCOUNT}:${resource}`;
  const elb = (kind: string) => `${kind}/churn-mock/0123456789abcdef`;
  return {
    aws_apigatewayv2_api: {
      arn: `arn:aws:apigateway:${region}::/apis/a1b2c3d4e5`,
      execution_arn: arn('execute-api', 'a1b2c3d4e5'),
      api_endpoint: `https://a1b2c3d4e5.execute-api.${region}.amazonaws.com`,
    },
    aws_apigatewayv2_stage: {
      arn: `arn:aws:apigateway:${region}::/apis/a1b2c3d4e5/stages/v1`,
      invoke_url: `https://a1b2c3d4e5.execute-api.${region}.amazonaws.com/v1`,
    },
    aws_cloudwatch_log_group: { arn: arn('logs', 'log-group:/churn/mock') },
    aws_cloudwatch_metric_alarm: { arn: arn('cloudwatch', 'alarm:churn-mock') },
    aws_dynamodb_table: { arn: arn('dynamodb', 'table/churn-mock') },
    aws_ecr_repository: {
      arn: arn('ecr', 'repository/churn-mock'),
      repository_url: `${MOCK_ACCOUNT}.dkr.ecr.${region}.amazonaws.com/churn-mock`,
      registry_id: MOCK_ACCOUNT,
    },
    aws_ecs_cluster: { arn: arn('ecs', 'cluster/churn-mock') },
    aws_ecs_service: { scheduling_strategy: 'REPLICA', platform_version: 'LATEST' },
    aws_ecs_task_definition: {
      arn: arn('ecs', 'task-definition/churn-mock:1'),
      arn_without_revision: arn('ecs', 'task-definition/churn-mock'),
    },
    aws_eip: { domain: 'vpc' },
    aws_flow_log: { arn: arn('ec2', 'vpc-flow-log/fl-0123456789abcdef0') },
    aws_iam_role: { arn: arn('iam', 'role/churn-mock', { global: true }), path: '/' },
    aws_lambda_function: {
      arn: arn('lambda', 'function:churn-mock'),
      qualified_arn: arn('lambda', 'function:churn-mock:$LATEST'),
      invoke_arn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn('lambda', 'function:churn-mock')}/invocations`,
    },
    aws_lb: {
      arn: arn('elasticloadbalancing', `loadbalancer/${elb('app')}`),
      arn_suffix: elb('app'),
      dns_name: `churn-mock-123456789.${region}.elb.amazonaws.com`,
      ip_address_type: 'ipv4',
    },
    aws_lb_listener: { arn: arn('elasticloadbalancing', `listener/${elb('app')}/0123456789abcdef`) },
    aws_lb_target_group: {
      arn: arn('elasticloadbalancing', `targetgroup/churn-mock/0123456789abcdef`),
      arn_suffix: 'targetgroup/churn-mock/0123456789abcdef',
      protocol_version: 'HTTP1',
      ip_address_type: 'ipv4',
    },
    aws_nat_gateway: { connectivity_type: 'public' },
    aws_s3_bucket: { arn: 'arn:aws:s3:::churn-mock-bucket' },
    aws_sagemaker_endpoint: { arn: arn('sagemaker', 'endpoint/churn-mock') },
    aws_sagemaker_endpoint_configuration: { arn: arn('sagemaker', 'endpoint-config/churn-mock') },
    aws_sagemaker_model: { arn: arn('sagemaker', 'model/churn-mock') },
    aws_security_group: { arn: arn('ec2', 'security-group/sg-0123456789abcdef0') },
    aws_sns_topic: { arn: arn('sns', 'churn-mock'), fifo_topic: false, fifo_throughput_scope: '' },
    aws_subnet: { arn: arn('ec2', 'subnet/subnet-0123456789abcdef0'), ipv6_native: false },
    aws_vpc: { arn: arn('ec2', 'vpc/vpc-0123456789abcdef0'), instance_tenancy: 'default' },
  };
}

/** Values for every data source type the stacks read (never fetched from AWS). */
export function dataValues(region: string): Record<string, Record<string, Value>> {
  return {
    aws_availability_zones: {
      names: [`${region}a`, `${region}c`, `${region}d`],
      zone_ids: ['use1-az1', 'use1-az2', 'use1-az4'].map((z) => z.replace('use1', region.slice(0, 4))),
    },
    aws_caller_identity: {
      account_id: MOCK_ACCOUNT,
      arn: `arn:aws:iam::${MOCK_ACCOUNT}:user/churn-ci`,
      user_id: 'AIDAEXAMPLEEXAMPLE',
    },
    aws_ecr_repository: {
      arn: `arn:aws:ecr:${region}:${MOCK_ACCOUNT}:repository/churn-mock`,
      repository_url: `${MOCK_ACCOUNT}.dkr.ecr.${region}.amazonaws.com/churn-mock`,
      registry_id: MOCK_ACCOUNT,
    },
    aws_partition: { partition: 'aws', dns_suffix: 'amazonaws.com', reverse_dns_prefix: 'com.amazonaws' },
    aws_region: { name: region, endpoint: `ec2.${region}.amazonaws.com` },
    aws_s3_bucket: {
      arn: 'arn:aws:s3:::churn-mock-artifacts',
      bucket_regional_domain_name: `churn-mock-artifacts.s3.${region}.amazonaws.com`,
    },
    aws_sagemaker_prebuilt_ecr_image: {
      registry_id: '492215442770',
      registry_path: `492215442770.dkr.ecr.${region}.amazonaws.com/sagemaker-xgboost:1.7-1`,
    },
  };
}

export function hcl(value: Value, indent = ''): string {
  if (typeof value === 'string') return JSON.stringify(value).replace(/\$\{/g, '$${').replace(/%\{/g, '%%{');
  if (typeof value !== 'object') return String(value);
  if (Array.isArray(value)) return `[${value.map((v) => hcl(v, indent)).join(', ')}]`;
  const inner = `${indent}  `;
  const entries = Object.entries(value as Record<string, Value>).map(
    ([k, v]) => `${inner}${k} = ${hcl(v, inner)}`,
  );
  return `{\n${entries.join('\n')}\n${indent}}`;
}

/** Every data source instance of the stack, overridden (file level, so every run uses it). */
function overrides(stack: Json, region: string): string {
  const values = dataValues(region);
  const blocks: string[] = [];
  for (const [type, instances] of Object.entries((stack.data ?? {}) as Record<string, Json>)) {
    const v = values[type];
    if (!v)
      throw new Error(`no offline values for data source ${type}: add them to modules/terraform/mocks.ts`);
    for (const name of Object.keys(instances)) {
      blocks.push(`override_data {\n  target = data.${type}.${name}\n  values = ${hcl(v, '  ')}\n}`);
    }
  }
  return blocks.join('\n');
}

/** The mocked provider, plus (for redeploy plans) the real provider configured to stay offline. */
export function providers(stack: Json, region: string, withOfflineProvider: boolean): string {
  const defaults = resourceDefaults(region);
  const types = Object.keys(stack.resource ?? {}).filter((t) => defaults[t]);
  const mocks = types.map((t) => `  mock_resource "${t}" {\n    defaults = ${hcl(defaults[t], '    ')}\n  }`);
  const parts = [`mock_provider "aws" {\n  alias = "mock"\n${mocks.join('\n')}\n}`, overrides(stack, region)];
  if (withOfflineProvider) {
    // The real provider plans (so ForceNew and create_before_destroy are the provider's own
    // answer) but never reaches AWS: fake keys, no credential or account lookups, data overridden,
    // and every run that uses it plans with refresh = false.
    parts.push(
      [
        'provider "aws" {',
        '  alias                       = "offline"',
        `  region                      = "${region}"`,
        '  access_key                  = "AKIAOFFLINEEXAMPLE"',
        '  secret_key                  = "offline-example-secret"',
        '  skip_credentials_validation = true',
        '  skip_requesting_account_id  = true',
        '  skip_metadata_api_check     = true',
        '  skip_region_validation      = true',
        '}',
      ].join('\n'),
    );
  }
  return parts.join('\n\n');
}

/** One mocked apply of the stack as it is. */
export function applyTest(stack: Json, region: string): string {
  return `${providers(stack, region, false)}\n\nrun "apply" {\n  command   = apply\n  providers = { aws = aws.mock }\n}\n`;
}

/**
 * A first deploy (mocked apply of the root module), then plans of the same state by the real,
 * offline provider: `control` for the unchanged configuration (the baseline: whatever the mock's
 * values make the provider want to change), and one plan per variant module (`./variants/<name>`).
 */
export function redeployTest(stack: Json, region: string, variants: readonly string[]): string {
  const plan = (name: string, source?: string) =>
    [
      `run "${name}" {`,
      '  command   = plan',
      '  state_key = "deployed"',
      '  providers = { aws = aws.offline }',
      '  plan_options {',
      '    refresh = false',
      '  }',
      ...(source ? ['  module {', `    source = "${source}"`, '  }'] : []),
      '}',
    ].join('\n');
  return [
    providers(stack, region, true),
    'run "deploy" {\n  command   = apply\n  state_key = "deployed"\n  providers = { aws = aws.mock }\n}',
    plan('control'),
    ...variants.map((v) => plan(v, `./variants/${v}`)),
  ].join('\n\n');
}
