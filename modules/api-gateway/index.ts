import { Apigatewayv2Api } from '@cdktf/provider-aws/lib/apigatewayv2-api';
import { Apigatewayv2Integration } from '@cdktf/provider-aws/lib/apigatewayv2-integration';
import { Apigatewayv2Route } from '@cdktf/provider-aws/lib/apigatewayv2-route';
import { Apigatewayv2Stage } from '@cdktf/provider-aws/lib/apigatewayv2-stage';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Construct } from 'constructs';
import { ChurnConstruct } from '../shared/construct';
import { grant } from '../iam';
import { ChurnLambda } from '../lambda';
import { metricAlarm } from '../monitoring';
import { check } from '../shared/errors';
import { checkRetention, DEFAULT_LOG_RETENTION_DAYS, retainedLogGroup } from '../shared/logs';
import { Tags, withName } from '../shared/tags';

export interface ChurnApiGatewayProps {
  /** API name, e.g. `churn-dev-api`. */
  readonly name: string;
  /** The Lambda behind the `$default` route. */
  readonly handler: ChurnLambda;
  /** Default "v1": the API's routes live under `/v1`. */
  readonly stageName?: string;
  /** Steady-state requests per second for the stage. Default 50. */
  readonly throttlingRateLimit?: number;
  /** Burst for the stage. Default 100. */
  readonly throttlingBurstLimit?: number;
  /** Access log retention, default 30 days. */
  readonly logRetentionDays?: number;
  readonly alarmTopic?: SnsTopic;
  readonly tags?: Tags;
}

/** One JSON line per request; `$context` keys from the API Gateway access logging reference. */
const ACCESS_LOG_FORMAT = JSON.stringify({
  requestId: '$context.requestId',
  ip: '$context.identity.sourceIp',
  caller: '$context.identity.caller',
  userArn: '$context.identity.userArn',
  requestTime: '$context.requestTime',
  method: '$context.httpMethod',
  path: '$context.path',
  status: '$context.status',
  protocol: '$context.protocol',
  responseLength: '$context.responseLength',
  latencyMs: '$context.responseLatency',
  integrationLatencyMs: '$context.integrationLatency',
  integrationError: '$context.integrationErrorMessage',
});

/**
 * HTTP API with one `$default` route (AWS_IAM auth: callers sign with SigV4) proxied to the
 * Lambda with payload format 2.0, an auto-deploying stage and JSON access logs.
 */
export class ChurnApiGateway extends ChurnConstruct {
  readonly api: Apigatewayv2Api;
  readonly integration: Apigatewayv2Integration;
  readonly route: Apigatewayv2Route;
  readonly stage: Apigatewayv2Stage;
  readonly accessLogGroup: CloudwatchLogGroup;
  readonly serverErrorsAlarm: CloudwatchMetricAlarm;
  /** The stage URL, e.g. `https://abc123.execute-api.eu-central-1.amazonaws.com/v1`. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ChurnApiGatewayProps) {
    super(scope, id, 'ChurnApiGateway', props.tags);
    const { where } = this;
    const stageName = props.stageName ?? 'v1';
    const rate = props.throttlingRateLimit ?? 50;
    const burst = props.throttlingBurstLimit ?? 100;
    const retention = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    check(/^[A-Za-z0-9_-]{1,128}$/.test(props.name), where, 'name', 'use 1..128 of A-Z a-z 0-9 _ -');
    // "$default" would serve the API at the root; the app is built for a named stage prefix.
    check(
      /^[A-Za-z0-9_-]{1,128}$/.test(stageName),
      where,
      'stageName',
      `"${stageName}" is not a named stage`,
    );
    check(rate > 0, where, 'throttlingRateLimit', `${rate} must be positive`);
    check(
      Number.isInteger(burst) && burst > 0,
      where,
      'throttlingBurstLimit',
      `${burst} must be a positive integer`,
    );
    checkRetention(where, 'logRetentionDays', retention);

    this.api = new Apigatewayv2Api(this, 'api', {
      name: props.name,
      protocolType: 'HTTP',
      description: 'Telco churn prediction API (IAM-signed callers only)',
      tags: withName(props.tags, props.name),
    });
    this.integration = new Apigatewayv2Integration(this, 'lambda', {
      apiId: this.api.id,
      integrationType: 'AWS_PROXY',
      integrationMethod: 'POST',
      integrationUri: props.handler.function.invokeArn,
      payloadFormatVersion: '2.0',
      timeoutMilliseconds: 30000,
    });
    this.route = new Apigatewayv2Route(this, 'default-route', {
      apiId: this.api.id,
      routeKey: '$default',
      authorizationType: 'AWS_IAM',
      target: `integrations/${this.integration.id}`,
    });
    this.accessLogGroup = retainedLogGroup(
      this,
      'access-logs',
      `/aws/apigateway/${props.name}`,
      retention,
      props.tags,
    );
    this.stage = new Apigatewayv2Stage(this, 'stage', {
      apiId: this.api.id,
      name: stageName,
      autoDeploy: true,
      accessLogSettings: { destinationArn: this.accessLogGroup.arn, format: ACCESS_LOG_FORMAT },
      defaultRouteSettings: {
        throttlingRateLimit: rate,
        throttlingBurstLimit: burst,
        detailedMetricsEnabled: true,
      },
      tags: withName(props.tags, `${props.name}-${stageName}`),
    });
    new LambdaPermission(this, 'invoke-permission', {
      statementId: 'AllowApiGatewayInvoke',
      action: 'lambda:InvokeFunction',
      functionName: props.handler.function.functionName,
      principal: 'apigateway.amazonaws.com',
      // Only this API's stage may invoke the function.
      sourceArn: `${this.api.executionArn}/${stageName}/*`,
    });
    this.url = this.stage.invokeUrl;

    this.serverErrorsAlarm = metricAlarm(
      this,
      'server-errors',
      {
        name: `${props.name}-5xx`,
        description: 'The churn API answered with 5xx.',
        namespace: 'AWS/ApiGateway',
        metricName: '5xx',
        dimensions: { ApiId: this.api.id, Stage: stageName },
        statistic: 'Sum',
        threshold: 5,
      },
      props.alarmTopic,
      props.tags,
    );
  }

  /** Lets a role call this API's stage (SigV4, service `execute-api`) and nothing else. */
  grantInvoke(id: string, role: IamRole): IamRolePolicy {
    return grant(this, id, role, [
      {
        sid: 'InvokeChurnApi',
        actions: ['execute-api:Invoke'],
        resources: [`${this.api.executionArn}/${this.stage.name}/*`],
      },
    ]);
  }
}
