import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { Construct } from 'constructs';
import { ChurnLambda } from '../../lambda';
import { ChurnSagemakerEndpoint } from '../../sagemaker-endpoint';
import { inlinePolicies, onlyResource, synthStack } from '../../shared/testing';
import { ChurnApiGateway, ChurnApiGatewayProps } from '../index';

function build(scope: Construct, props: Partial<ChurnApiGatewayProps> = {}) {
  const role = new IamRole(scope, 'role', { assumeRolePolicy: '{}' });
  const endpoint = new ChurnSagemakerEndpoint(scope, 'sm', {
    name: 'churn-test',
    executionRole: role,
    modelDataUrl: 's3://bucket-x/m/model.tar.gz',
    image: { imageUri: 'img', repositoryArn: 'arn:aws:ecr:eu-central-1:1:repository/x' },
  });
  const handler = new ChurnLambda(scope, 'fn', {
    name: 'churn-test-api',
    role,
    imageUri: 'repo:tag',
    endpoint,
  });
  return new ChurnApiGateway(scope, 'gw', {
    name: 'churn-test-api',
    handler,
    tags: { Project: 'churn' },
    ...props,
  });
}

describe('ChurnApiGateway', () => {
  const out = synthStack((s) => build(s));

  it('creates an HTTP API', () => {
    expect(out).toHaveResourceWithProperties(Apigatewayv2Api, {
      name: 'churn-test-api',
      protocol_type: 'HTTP',
    });
  });

  it('proxies to the Lambda with payload format 2.0', () => {
    expect(out).toHaveResourceWithProperties(Apigatewayv2Integration, {
      integration_type: 'AWS_PROXY',
      payload_format_version: '2.0',
      integration_uri: expect.stringMatching(/aws_lambda_function\..*\.invoke_arn/),
    });
  });

  it('requires SigV4 (AWS_IAM) on the $default route', () => {
    expect(out).toHaveResourceWithProperties(Apigatewayv2Route, {
      route_key: '$default',
      authorization_type: 'AWS_IAM',
    });
  });

  it('auto-deploys the stage v1 with JSON access logs', () => {
    const stage = onlyResource(out, 'aws_apigatewayv2_stage');
    expect(stage).toEqual(expect.objectContaining({ name: 'v1', auto_deploy: true }));
    expect(JSON.parse(stage.access_log_settings.format)).toEqual(
      expect.objectContaining({ requestId: '$context.requestId', status: '$context.status' }),
    );
    expect(stage.access_log_settings.destination_arn).toMatch(/aws_cloudwatch_log_group\..*\.arn/);
  });

  it('throttles the stage by default', () => {
    expect(out).toHaveResourceWithProperties(Apigatewayv2Stage, {
      default_route_settings: expect.objectContaining({
        throttling_rate_limit: 50,
        throttling_burst_limit: 100,
      }),
    });
  });

  it('lets only this API stage invoke the Lambda', () => {
    expect(out).toHaveResourceWithProperties(LambdaPermission, {
      principal: 'apigateway.amazonaws.com',
      source_arn: expect.stringMatching(/^\$\{aws_apigatewayv2_api\..*\.execution_arn\}\/v1\/\*$/),
    });
  });

  it('alarms on 5xx answers', () => {
    expect(out).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/ApiGateway',
      metric_name: '5xx',
    });
  });

  it('grants execute-api:Invoke on this stage only', () => {
    const granted = synthStack((s) =>
      build(s).grantInvoke('ui-invoke', new IamRole(s, 'ui', { assumeRolePolicy: '{}' })),
    );
    const st = inlinePolicies(granted)
      .flatMap((p) => p.Statement)
      .find((x) => x.Sid === 'InvokeChurnApi');
    expect(st.Action).toEqual(['execute-api:Invoke']);
    expect(st.Resource).toEqual([
      expect.stringMatching(/execution_arn\}\/\$\{aws_apigatewayv2_stage\..*\.name\}\/\*$/),
    ]);
  });

  it('rejects the $default stage, naming the prop', () => {
    expect(() => synthStack((s) => build(s, { stageName: '$default' }))).toThrow(/"stageName"/);
  });

  it('rejects a non-positive rate limit', () => {
    expect(() => synthStack((s) => build(s, { throttlingRateLimit: 0 }))).toThrow(/"throttlingRateLimit"/);
  });
});
