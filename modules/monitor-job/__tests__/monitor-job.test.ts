import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { SchedulerSchedule } from '@cdktf/provider-aws/lib/scheduler-schedule';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { PredictionLog } from '../../prediction-log';
import { Json, resourcesOf, synthStack } from '../../shared/testing';
import { METRIC_DIMENSION, MONITOR_METRICS } from '@telco-churn/core/monitoring/metrics';
import { MonitorJob, MonitorJobProps } from '../index';

const IMAGE = '111122223333.dkr.ecr.eu-central-1.amazonaws.com/churn-api:abc123';

function synth(props: Partial<MonitorJobProps> = {}, withUi = false): string {
  return synthStack((s) => {
    const log = new PredictionLog(s, 'log', {
      name: 'churn-test',
      bucketName: 'churn-test-monitoring-bucket',
      account: { accountId: '111122223333', partition: 'aws', region: 'eu-central-1' },
    });
    const topic = new SnsTopic(s, 'topic', { name: 'alarms' });
    const job = new MonitorJob(s, 'monitor', {
      name: 'churn-test-monitor',
      imageUri: IMAGE,
      log,
      alarmTopic: topic,
      tags: { Project: 'churn' },
      ...props,
    });
    if (withUi) job.grantReadReports('ui-reads-reports', new IamRole(s, 'ui', { assumeRolePolicy: '{}' }));
  });
}

const fn = (out: string): Json =>
  Object.values(resourcesOf(out, 'aws_lambda_function')).find(
    (f) => f.function_name === 'churn-test-monitor',
  )!;
const policy = (out: string, name: string): Json[] =>
  JSON.parse(Object.values(resourcesOf(out, 'aws_iam_role_policy')).find((p) => p.name === name)!.policy)
    .Statement;
const alarm = (out: string, metric: string): Json =>
  Object.values(resourcesOf(out, 'aws_cloudwatch_metric_alarm')).find((a) => a.metric_name === metric)!;

describe('MonitorJob', () => {
  const out = synth();

  it("runs the API image with the monitor handler instead of the API's", () => {
    expect(fn(out)).toEqual(
      expect.objectContaining({
        package_type: 'Image',
        image_uri: IMAGE,
        image_config: { command: ['monitor.handler'] },
        timeout: 900,
        reserved_concurrent_executions: 1,
      }),
    );
  });

  it('tells the handler where the log, the workgroup and the report folder are', () => {
    expect(fn(out).environment.variables).toEqual(
      expect.objectContaining({
        ATHENA_WORKGROUP: expect.stringMatching(/aws_athena_workgroup\..*\.name/),
        PREDICTION_LOG_DATABASE: expect.stringMatching(/aws_glue_catalog_database\..*\.name/),
        PREDICTIONS_TABLE: expect.stringMatching(/aws_glue_catalog_table\.log_predictions-table.*\.name/),
        OUTCOMES_TABLE: expect.stringMatching(/aws_glue_catalog_table\.log_outcomes-table.*\.name/),
        REPORT_BUCKET: expect.stringMatching(/aws_s3_bucket\..*\.bucket/),
        REPORT_PREFIX: 'reports/',
        METRIC_NAMESPACE: 'TelcoChurn/Monitoring',
        METRIC_DEPLOYMENT: 'churn-test-monitor',
        MONITOR_WINDOW_DAYS: '7',
        MONITOR_PSI_THRESHOLD: '0.2',
        MONITOR_AUC_DROP: '0.05',
      }),
    );
  });

  it('is invoked daily by EventBridge Scheduler with the window in its input', () => {
    expect(out).toHaveResourceWithProperties(SchedulerSchedule, {
      schedule_expression: 'cron(15 5 * * ? *)',
      flexible_time_window: { mode: 'OFF' },
      target: expect.objectContaining({
        arn: expect.stringMatching(/aws_lambda_function\..*\.arn/),
        input: '{"windowDays":7}',
        retry_policy: { maximum_retry_attempts: 2, maximum_event_age_in_seconds: 3600 },
      }),
    });
  });

  it('lets the scheduler role invoke this function only, and only this account assume it', () => {
    expect(policy(out, 'scheduler-invokes-job')).toEqual([
      expect.objectContaining({
        Action: ['lambda:InvokeFunction'],
        Resource: [expect.stringMatching(/^\$\{aws_lambda_function\..*\.arn\}$/)],
      }),
    ]);
    const role = Object.values(resourcesOf(out, 'aws_iam_role')).find(
      (r) => r.name === 'churn-test-monitor-scheduler',
    )!;
    expect(JSON.parse(role.assume_role_policy).Statement[0]).toEqual(
      expect.objectContaining({
        Principal: { Service: 'scheduler.amazonaws.com' },
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      }),
    );
  });

  it('publishes metrics only into its own namespace', () => {
    const put = policy(out, 'job-access').find((s) => s.Sid === 'PublishMonitorMetrics')!;
    expect(put).toEqual(
      expect.objectContaining({
        Action: ['cloudwatch:PutMetricData'],
        Resource: ['*'],
        Condition: { StringEquals: { 'cloudwatch:namespace': 'TelcoChurn/Monitoring' } },
      }),
    );
  });

  it('writes only under reports/', () => {
    const write = policy(out, 'job-access').find((s) => s.Sid === 'WriteReports')!;
    expect(write.Action).toEqual(['s3:PutObject']);
    expect(write.Resource).toEqual([expect.stringMatching(/^\$\{aws_s3_bucket\..*\.arn\}\/reports\/\*$/)]);
  });

  it('gets the query grant of the prediction log', () => {
    expect(policy(out, 'monitor-queries-log').map((s) => s.Sid)).toContain('RunMonitorQueries');
  });

  it('alarms on field drift, score drift and the AUC shortfall at the configured thresholds', () => {
    const out2 = synth({ psiThreshold: 0.25, aucDropThreshold: 0.03 });
    for (const [metric, threshold] of [
      ['MaxFieldPsi', 0.25],
      ['ScorePsi', 0.25],
      ['AucShortfall', 0.03],
    ] as const) {
      expect(alarm(out2, metric)).toEqual(
        expect.objectContaining({
          namespace: 'TelcoChurn/Monitoring',
          dimensions: { Deployment: 'churn-test-monitor' },
          statistic: 'Maximum',
          comparison_operator: 'GreaterThanOrEqualToThreshold',
          threshold,
          period: 86400,
          alarm_actions: [expect.stringMatching(/aws_sns_topic\.topic\.arn/)],
        }),
      );
    }
  });

  it('alarms only on metrics the monitor publishes, by their shared names and dimension', () => {
    // The publisher (api/src/aws-monitoring/metrics.ts) emits exactly MONITOR_METRICS, its test says so.
    const ours = Object.values(resourcesOf(out, 'aws_cloudwatch_metric_alarm')).filter(
      (a) => a.namespace === 'TelcoChurn/Monitoring',
    );
    expect(ours.map((a) => a.metric_name).sort()).toEqual(
      [MONITOR_METRICS.aucShortfall, MONITOR_METRICS.maxFieldPsi, MONITOR_METRICS.scorePsi].sort(),
    );
    for (const a of ours) expect(a.dimensions).toEqual({ [METRIC_DIMENSION]: 'churn-test-monitor' });
  });

  it('alarms when the job itself fails', () => {
    expect(alarm(out, 'Errors').dimensions).toEqual({ FunctionName: 'churn-test-monitor' });
  });

  it('lets the UI read and list reports, nothing else in the bucket', () => {
    const st = policy(synth({}, true), 'ui-reads-reports');
    expect(st.map((s) => [s.Action, s.Resource[0].replace(/^\$\{[^}]+\}/, 'BUCKET'), s.Condition])).toEqual([
      [['s3:GetObject'], 'BUCKET/reports/*', undefined],
      [['s3:ListBucket'], 'BUCKET', { StringLike: { 's3:prefix': 'reports/*' } }],
    ]);
  });

  it('rejects a schedule EventBridge would refuse, naming the prop', () => {
    expect(() => synth({ schedule: 'every day' })).toThrow(/"schedule"/);
    expect(() => synth({ schedule: 'cron(0 5 * * *)' })).toThrow(/6-field cron/);
  });

  it('rejects a window longer than the job can read in one run', () => {
    expect(() => synth({ windowDays: 120 })).toThrow(/"windowDays".*1\.\.90/);
  });

  it('refuses an AWS/ namespace for its metrics', () => {
    expect(() => synth({ metricNamespace: 'AWS/Lambda' })).toThrow(/"metricNamespace"/);
  });
});
