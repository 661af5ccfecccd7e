import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { LambdaFunction } from '@cdktf/provider-aws/lib/lambda-function';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Construct } from 'constructs';
import { grant, writeLogsStatement } from '../iam';
import { assumeRolePolicy } from '../iam/policy';
import { metricAlarm } from '../monitoring';
import { PredictionLog, REPORTS_PREFIX } from '../prediction-log';
import { check } from '../shared/errors';
import { checkRetention, DEFAULT_LOG_RETENTION_DAYS, retainedLogGroup } from '../shared/logs';
import { Tags, tagProblem, withName } from '../shared/tags';
import {
  CUSTOM_METRIC_NAMESPACE,
  DEFAULT_METRIC_NAMESPACE,
  METRIC_DIMENSION,
  MONITOR_METRICS,
  MonitorMetric,
} from '@telco-churn/core/monitoring/metrics';
import { SCHEDULE_EXPRESSION } from './schedule';

export interface MonitorJobProps {
  /** Function name, e.g. `churn-dev-monitor`; also the metrics' `Deployment` dimension. */
  readonly name: string;
  /** The API's image: the job is the same code with another handler (`monitor.handler`). */
  readonly imageUri: string;
  /** The log it reads (through Athena) and whose bucket receives the reports. */
  readonly log: PredictionLog;
  /** EventBridge Scheduler expression. Default daily at 05:15 UTC: `cron(15 5 * * ? *)`. */
  readonly schedule?: string;
  /** Days of predictions each run looks back over, 1..90. Default 7. */
  readonly windowDays?: number;
  /** Drift alarm when the largest field PSI (or the score's) reaches this. Default 0.2. */
  readonly psiThreshold?: number;
  /** Performance alarm when realised AUC falls this far below the model card's. Default 0.05. */
  readonly aucDropThreshold?: number;
  /** 128..10240 MB. Default 2048 (the window is streamed; memory buys CPU). */
  readonly memorySize?: number;
  /** 1..900 s. Default 900 (Athena queries over a large window take minutes). */
  readonly timeoutSeconds?: number;
  /** CloudWatch namespace of the job's metrics. Default `TelcoChurn/Monitoring`. */
  readonly metricNamespace?: string;
  /** Default "info". */
  readonly logLevel?: 'error' | 'warn' | 'info' | 'debug';
  readonly logRetentionDays?: number;
  readonly alarmTopic?: SnsTopic;
  readonly permissionsBoundaryArn?: string;
  readonly tags?: Tags;
}

/**
 * The monitoring job on AWS: EventBridge Scheduler invokes a Lambda (the API image, handler
 * `monitor.handler`) that reads the window through Athena, writes monitor.json / monitor.html
 * under `reports/`, and publishes max field PSI, score PSI and realised AUC, which alarm to the
 * topic. Its role may query only the prediction log and write only reports.
 */
export class MonitorJob extends Construct {
  readonly function: LambdaFunction;
  readonly role: IamRole;
  readonly logGroup: CloudwatchLogGroup;
  readonly schedule: SchedulerSchedule;
  readonly schedulerRole: IamRole;
  readonly alarms: Readonly<
    Record<'fieldDrift' | 'scoreDrift' | 'aucDrop' | 'jobErrors', CloudwatchMetricAlarm>
  >;
  readonly namespace: string;
  private readonly log: PredictionLog;

  constructor(scope: Construct, id: string, props: MonitorJobProps) {
    super(scope, id);
    const where = `MonitorJob(${id})`;
    const schedule = props.schedule ?? 'cron(15 5 * * ? *)';
    const windowDays = props.windowDays ?? 7;
    const psi = props.psiThreshold ?? 0.2;
    const aucDrop = props.aucDropThreshold ?? 0.05;
    const memory = props.memorySize ?? 2048;
    const timeout = props.timeoutSeconds ?? 900;
    const retention = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    this.namespace = props.metricNamespace ?? DEFAULT_METRIC_NAMESPACE;
    check(/^[A-Za-z0-9_-]{1,64}$/.test(props.name), where, 'name', 'use 1..64 of A-Z a-z 0-9 _ -');
    check(props.imageUri.length > 0, where, 'imageUri', 'must name an image');
    check(
      SCHEDULE_EXPRESSION.test(schedule),
      where,
      'schedule',
      `"${schedule}" is not a rate(...) or 6-field cron(...)`,
    );
    check(
      Number.isInteger(windowDays) && windowDays >= 1 && windowDays <= 90,
      where,
      'windowDays',
      `${windowDays} is outside 1..90`,
    );
    check(psi > 0, where, 'psiThreshold', `${psi} must be positive`);
    check(aucDrop > 0 && aucDrop < 1, where, 'aucDropThreshold', `${aucDrop} must be between 0 and 1`);
    check(
      Number.isInteger(memory) && memory >= 128 && memory <= 10240,
      where,
      'memorySize',
      `${memory} MB is outside Lambda's 128..10240`,
    );
    check(
      Number.isInteger(timeout) && timeout >= 1 && timeout <= 900,
      where,
      'timeoutSeconds',
      `${timeout} s is outside Lambda's 1..900`,
    );
    check(
      CUSTOM_METRIC_NAMESPACE.test(this.namespace),
      where,
      'metricNamespace',
      `"${this.namespace}" is not a custom CloudWatch namespace`,
    );
    checkRetention(where, 'logRetentionDays', retention);
    const problem = tagProblem(props.tags);
    check(problem === undefined, where, 'tags', problem ?? '');
    this.log = props.log;

    this.role = new IamRole(this, 'role', {
      path: '/', // AWS's default, stated so a re-plan after a mocked apply is quiet (modules/terraform)
      name: props.name,
      description: 'Churn monitor job: query the prediction log, write reports, publish drift metrics',
      assumeRolePolicy: assumeRolePolicy('lambda.amazonaws.com'),
      permissionsBoundary: props.permissionsBoundaryArn,
      tags: withName(props.tags, props.name),
    });
    this.logGroup = retainedLogGroup(this, 'logs', `/aws/lambda/${props.name}`, retention, props.tags);
    const bucketArn = props.log.bucket.bucket.arn;
    const policies = [
      grant(this, 'job-access', this.role, [
        writeLogsStatement('WriteOwnLogs', this.logGroup.arn),
        { sid: 'WriteReports', actions: ['s3:PutObject'], resources: [`${bucketArn}/${REPORTS_PREFIX}*`] },
        {
          sid: 'PublishMonitorMetrics',
          actions: ['cloudwatch:PutMetricData'],
          resources: ['*'],
          // PutMetricData has no resource type; the namespace condition is its only scope.
          conditions: { StringEquals: { 'cloudwatch:namespace': this.namespace } },
        },
      ]),
      props.log.grantQuery(`${id}-queries-log`, this.role),
    ];

    this.function = new LambdaFunction(this, 'function', {
      functionName: props.name,
      description: 'Churn monitor: drift and realised performance over the prediction log',
      role: this.role.arn,
      packageType: 'Image',
      imageUri: props.imageUri,
      imageConfig: { command: ['monitor.handler'] },
      memorySize: memory,
      timeout,
      // One run at a time: a retry must not race the run it repeats on the same report keys.
      reservedConcurrentExecutions: 1,
      environment: {
        variables: {
          ATHENA_WORKGROUP: props.log.workgroup.name,
          PREDICTION_LOG_DATABASE: props.log.database.name,
          PREDICTIONS_TABLE: props.log.predictions.table.name,
          OUTCOMES_TABLE: props.log.outcomes.table.name,
          REPORT_BUCKET: props.log.bucket.bucket.bucket,
          REPORT_PREFIX: REPORTS_PREFIX,
          METRIC_NAMESPACE: this.namespace,
          METRIC_DEPLOYMENT: props.name,
          MONITOR_WINDOW_DAYS: String(windowDays),
          MONITOR_PSI_THRESHOLD: String(psi),
          MONITOR_AUC_DROP: String(aucDrop),
          LOG_LEVEL: props.logLevel ?? 'info',
        },
      },
      loggingConfig: { logFormat: 'Text', logGroup: this.logGroup.name },
      tags: withName(props.tags, props.name),
      dependsOn: policies,
    });

    this.schedulerRole = new IamRole(this, 'scheduler-role', {
      path: '/', // AWS's default, stated so a re-plan after a mocked apply is quiet (modules/terraform)
      name: `${props.name}-scheduler`,
      description: 'EventBridge Scheduler: invoke the churn monitor job',
      assumeRolePolicy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: { Service: 'scheduler.amazonaws.com' },
            Action: 'sts:AssumeRole',
            Condition: { StringEquals: { 'aws:SourceAccount': props.log.account.accountId } },
          },
        ],
      }),
      permissionsBoundary: props.permissionsBoundaryArn,
      tags: withName(props.tags, `${props.name}-scheduler`),
    });
    const invoke = grant(this, 'scheduler-invokes-job', this.schedulerRole, [
      { sid: 'InvokeMonitorJob', actions: ['lambda:InvokeFunction'], resources: [this.function.arn] },
    ]);
    this.schedule = new SchedulerSchedule(this, 'schedule', {
      name: props.name,
      description: `Runs the churn monitor over the last ${windowDays} days`,
      scheduleExpression: schedule,
      scheduleExpressionTimezone: 'UTC',
      flexibleTimeWindow: { mode: 'OFF' },
      target: {
        arn: this.function.arn,
        roleArn: this.schedulerRole.arn,
        input: JSON.stringify({ windowDays }),
        retryPolicy: { maximumRetryAttempts: 2, maximumEventAgeInSeconds: 3600 },
      },
      dependsOn: [invoke],
    });

    const daily = (key: MonitorMetric, threshold: number, description: string) =>
      metricAlarm(
        this,
        key,
        {
          name: `${props.name}-${MONITOR_METRICS[key]}`,
          description,
          namespace: this.namespace,
          metricName: MONITOR_METRICS[key],
          dimensions: { [METRIC_DIMENSION]: props.name },
          statistic: 'Maximum',
          threshold,
          periodSeconds: 86400,
        },
        props.alarmTopic,
        props.tags,
      );
    this.alarms = {
      fieldDrift: daily('maxFieldPsi', psi, `A request field drifted from training: its PSI reached ${psi}.`),
      scoreDrift: daily('scorePsi', psi, `The score distribution drifted from training: PSI reached ${psi}.`),
      aucDrop: daily(
        'aucShortfall',
        aucDrop,
        `Realised AUC fell ${aucDrop} or more below the model card's test AUC.`,
      ),
      jobErrors: metricAlarm(
        this,
        'errors',
        {
          name: `${props.name}-errors`,
          description: 'The churn monitor job failed: drift is not being watched.',
          namespace: 'AWS/Lambda',
          metricName: 'Errors',
          dimensions: { FunctionName: props.name },
          statistic: 'Sum',
          threshold: 1,
          periodSeconds: 86400,
        },
        props.alarmTopic,
        props.tags,
      ),
    };
  }

  /** The UI: read the reports (and list them, so a missing one reads as "none yet", not "denied"). */
  grantReadReports(id: string, role: IamRole): IamRolePolicy {
    const bucketArn = this.log.bucket.bucket.arn;
    return grant(this, id, role, [
      {
        sid: 'ReadMonitorReports',
        actions: ['s3:GetObject'],
        resources: [`${bucketArn}/${REPORTS_PREFIX}*`],
      },
      {
        sid: 'ListMonitorReports',
        actions: ['s3:ListBucket'],
        resources: [bucketArn],
        conditions: { StringLike: { 's3:prefix': `${REPORTS_PREFIX}*` } },
      },
    ]);
  }
}
