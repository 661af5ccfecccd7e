import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Construct } from 'constructs';
import { ChurnConstruct } from '../shared/construct';
import { grant, writeLogsStatement } from '../iam';
import { metricAlarm } from '../monitoring';
import { ChurnSagemakerEndpoint } from '../sagemaker-endpoint';
import { check } from '../shared/errors';
import { checkRetention, DEFAULT_LOG_RETENTION_DAYS, retainedLogGroup } from '../shared/logs';
import { Tags, withName } from '../shared/tags';

export const LOG_LEVELS = ['error', 'warn', 'info', 'debug'] as const;

export interface ChurnLambdaProps {
  /** Function name, e.g. `churn-dev-api`. */
  readonly name: string;
  /** The Lambda role from ChurnIam; this construct grants it its endpoint and log group. */
  readonly role: IamRole;
  /** Container image URI with tag or digest (`<account>.dkr.ecr.<region>.amazonaws.com/repo:tag`). */
  readonly imageUri: string;
  /** The endpoint the function calls: it may invoke this one only. */
  readonly endpoint: ChurnSagemakerEndpoint;
  /** Probability from which a customer counts as churning; default: the model's own threshold. */
  readonly churnThreshold?: number;
  /** Default "info". */
  readonly logLevel?: (typeof LOG_LEVELS)[number];
  /** 128..10240 MB. Default 1024 (Lambda CPU scales with memory; cold starts shorten). */
  readonly memorySize?: number;
  /** 1..30 s: API Gateway HTTP APIs give up after 30 s anyway. Default 29. */
  readonly timeoutSeconds?: number;
  /** Default "x86_64"; must match the image. */
  readonly architecture?: 'x86_64' | 'arm64';
  /** Caps concurrent executions (protects the endpoint's max concurrency). Default: unreserved. */
  readonly reservedConcurrency?: number;
  /** Default 30 days. */
  readonly logRetentionDays?: number;
  readonly alarmTopic?: SnsTopic;
  readonly tags?: Tags;
}

/** The prediction API as a container-image Lambda that may invoke only its endpoint. */
export class ChurnLambda extends ChurnConstruct {
  readonly function: LambdaFunction;
  readonly logGroup: CloudwatchLogGroup;
  readonly errorsAlarm: CloudwatchMetricAlarm;
  readonly throttlesAlarm: CloudwatchMetricAlarm;

  constructor(scope: Construct, id: string, props: ChurnLambdaProps) {
    super(scope, id, 'ChurnLambda', props.tags);
    const { where } = this;
    const memory = props.memorySize ?? 1024;
    const timeout = props.timeoutSeconds ?? 29;
    const retention = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    check(/^[A-Za-z0-9_-]{1,64}$/.test(props.name), where, 'name', 'use 1..64 of A-Z a-z 0-9 _ -');
    check(props.imageUri.length > 0, where, 'imageUri', 'must name an image');
    check(
      Number.isInteger(memory) && memory >= 128 && memory <= 10240,
      where,
      'memorySize',
      `${memory} MB is outside Lambda's 128..10240`,
    );
    check(
      Number.isInteger(timeout) && timeout >= 1 && timeout <= 30,
      where,
      'timeoutSeconds',
      `${timeout} s is outside 1..30 (the HTTP API integration limit)`,
    );
    const t = props.churnThreshold;
    check(
      t === undefined || (t > 0 && t < 1),
      where,
      'churnThreshold',
      `${t} is not a probability strictly between 0 and 1`,
    );
    const rc = props.reservedConcurrency;
    check(
      rc === undefined || (Number.isInteger(rc) && rc >= 1),
      where,
      'reservedConcurrency',
      `${rc} must be a positive integer`,
    );
    checkRetention(where, 'logRetentionDays', retention);

    // Created here (not by Lambda on first run) so it has a retention and is deleted with us.
    this.logGroup = retainedLogGroup(this, 'logs', `/aws/lambda/${props.name}`, retention, props.tags);
    const policy = grant(this, 'lambda-access', props.role, [
      writeLogsStatement('WriteOwnLogs', this.logGroup.arn),
      {
        sid: 'InvokeChurnEndpoint',
        actions: ['sagemaker:InvokeEndpoint'],
        resources: [props.endpoint.endpoint.arn],
      },
    ]);

    const environment: Record<string, string> = {
      SAGEMAKER_ENDPOINT_NAME: props.endpoint.endpoint.name,
      PREDICTOR: 'sagemaker',
      LOG_LEVEL: props.logLevel ?? 'info',
    };
    if (t !== undefined) environment.CHURN_THRESHOLD = String(t);

    this.function = new LambdaFunction(this, 'function', {
      functionName: props.name,
      description: 'Telco churn prediction API (Express via serverless-http)',
      role: props.role.arn,
      packageType: 'Image',
      imageUri: props.imageUri,
      architectures: [props.architecture ?? 'x86_64'],
      memorySize: memory,
      timeout,
      reservedConcurrentExecutions: rc,
      environment: { variables: environment },
      loggingConfig: { logFormat: 'Text', logGroup: this.logGroup.name },
      tags: withName(props.tags, props.name),
      // The first invocation must find its permissions in place.
      dependsOn: [policy],
    });

    const dims = { FunctionName: props.name };
    this.errorsAlarm = metricAlarm(
      this,
      'errors',
      {
        name: `${props.name}-errors`,
        description: 'The churn API Lambda failed invocations.',
        namespace: 'AWS/Lambda',
        metricName: 'Errors',
        dimensions: dims,
        statistic: 'Sum',
        threshold: 1,
      },
      props.alarmTopic,
      props.tags,
    );
    this.throttlesAlarm = metricAlarm(
      this,
      'throttles',
      {
        name: `${props.name}-throttles`,
        description: 'The churn API Lambda was throttled.',
        namespace: 'AWS/Lambda',
        metricName: 'Throttles',
        dimensions: dims,
        statistic: 'Sum',
        threshold: 1,
      },
      props.alarmTopic,
      props.tags,
    );
  }
}
