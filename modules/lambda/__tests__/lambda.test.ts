import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { Construct } from 'constructs';
import { ChurnSagemakerEndpoint } from '../../sagemaker-endpoint';
import { inlinePolicies, Json, onlyResource, synthStack } from '../../shared/testing';
import { ChurnLambda, ChurnLambdaProps } from '../index';

const IMAGE = '111122223333.dkr.ecr.eu-central-1.amazonaws.com/churn-api:abc123';
function build(scope: Construct, props: Partial<ChurnLambdaProps> = {}) {
  const smRole = new IamRole(scope, 'sm-role', { assumeRolePolicy: '{}' });
  const role = new IamRole(scope, 'lambda-role', { assumeRolePolicy: '{}' });
  const endpoint = new ChurnSagemakerEndpoint(scope, 'sm', {
    name: 'churn-test',
    executionRole: smRole,
    modelDataUrl: 's3://bucket-x/m/model.tar.gz',
    image: { imageUri: 'img', repositoryArn: 'arn:aws:ecr:eu-central-1:1:repository/x' },
  });
  return new ChurnLambda(scope, 'api', {
    name: 'churn-test-api',
    role,
    imageUri: IMAGE,
    endpoint,
    tags: { Project: 'churn' },
    ...props,
  });
}
const statements = (out: string): Json[] => inlinePolicies(out).flatMap((p) => p.Statement);

describe('ChurnLambda', () => {
  const out = synthStack((s) => build(s));

  it('runs the container image', () => {
    expect(out).toHaveResourceWithProperties(LambdaFunction, {
      package_type: 'Image',
      image_uri: IMAGE,
      timeout: 29,
      memory_size: 1024,
    });
  });

  it('passes the endpoint name, predictor and log level in the environment', () => {
    expect(onlyResource(out, 'aws_lambda_function').environment.variables).toEqual({
      SAGEMAKER_ENDPOINT_NAME: expect.stringMatching(/aws_sagemaker_endpoint\..*\.name/),
      PREDICTOR: 'sagemaker',
      LOG_LEVEL: 'info',
    });
  });

  it('passes the churn threshold only when configured', () => {
    const withThreshold = synthStack((s) => build(s, { churnThreshold: 0.42 }));
    expect(onlyResource(withThreshold, 'aws_lambda_function').environment.variables.CHURN_THRESHOLD).toBe(
      '0.42',
    );
  });

  it('allows invoking only its own endpoint', () => {
    const invoke = statements(out).find((s) => s.Action.includes('sagemaker:InvokeEndpoint'))!;
    expect(invoke.Action).toEqual(['sagemaker:InvokeEndpoint']);
    expect(invoke.Resource).toEqual([expect.stringMatching(/^\$\{aws_sagemaker_endpoint\..*\.arn\}$/)]);
  });

  it('writes only to its own log group, which has a retention', () => {
    expect(out).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/lambda/churn-test-api',
      retention_in_days: 30,
    });
    const logs = statements(out).find((s) => s.Sid === 'WriteOwnLogs')!;
    expect(logs.Resource.every((r: string) => r.includes('aws_cloudwatch_log_group'))).toBe(true);
  });

  it('alarms on errors and throttles', () => {
    expect(out).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/Lambda',
      metric_name: 'Errors',
    });
    expect(out).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/Lambda',
      metric_name: 'Throttles',
    });
  });

  it('rejects a timeout beyond the 30 s of an HTTP API, naming the prop', () => {
    expect(() => synthStack((s) => build(s, { timeoutSeconds: 60 }))).toThrow(/"timeoutSeconds"/);
  });

  it('rejects memory Lambda does not offer', () => {
    expect(() => synthStack((s) => build(s, { memorySize: 64 }))).toThrow(/"memorySize".*64/);
  });

  it('rejects a threshold that is not a probability', () => {
    expect(() => synthStack((s) => build(s, { churnThreshold: 1.5 }))).toThrow(/"churnThreshold"/);
  });

  it('rejects a retention CloudWatch does not offer', () => {
    expect(() => synthStack((s) => build(s, { logRetentionDays: 10 }))).toThrow(/"logRetentionDays".*10/);
  });
});
