import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { Construct } from 'constructs';
import { ChurnConstruct } from '../shared/construct';
import { check } from '../shared/errors';
import { Tags, withName } from '../shared/tags';

export interface AlarmTopicProps {
  /** Topic name, e.g. `churn-dev-alarms`. */
  readonly name: string;
  /** Subscribed by email when given (AWS sends a confirmation mail first). */
  readonly email?: string;
  readonly tags?: Tags;
}

/**
 * The SNS topic every alarm notifies. Not KMS-encrypted on purpose: CloudWatch alarms cannot
 * publish to a topic encrypted with the AWS-managed key, and a customer key costs $1/month.
 */
export class AlarmTopic extends ChurnConstruct {
  readonly topic: SnsTopic;

  constructor(scope: Construct, id: string, props: AlarmTopicProps) {
    super(scope, id, 'AlarmTopic', props.tags);
    const { where } = this;
    check(/^[A-Za-z0-9_-]{1,256}$/.test(props.name), where, 'name', 'use 1..256 of A-Z a-z 0-9 _ -');
    check(
      props.email === undefined || /^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(props.email),
      where,
      'email',
      `"${props.email}" is not an email address`,
    );
    this.topic = new SnsTopic(this, 'topic', {
      name: props.name,
      fifoTopic: false, // AWS's default, stated so the plan holds no value only AWS fills in (modules/terraform: redeploy plans)
      tags: withName(props.tags, props.name),
    });
    if (props.email) {
      new SnsTopicSubscription(this, 'email', {
        topicArn: this.topic.arn,
        protocol: 'email',
        endpoint: props.email,
      });
    }
  }
}

export interface MetricAlarmSpec {
  readonly name: string;
  readonly description: string;
  readonly namespace: string;
  readonly metricName: string;
  readonly dimensions: Readonly<Record<string, string>>;
  readonly statistic: 'Sum' | 'Maximum' | 'Average';
  /** Alarm when the statistic is >= this value. */
  readonly threshold: number;
  /** Default 300 s. */
  readonly periodSeconds?: number;
  /** Default 1. */
  readonly evaluationPeriods?: number;
}

/** One alarm to the topic; missing data (no traffic) is not a failure. */
export function metricAlarm(
  scope: Construct,
  id: string,
  spec: MetricAlarmSpec,
  topic: SnsTopic | undefined,
  tags: Tags | undefined,
): CloudwatchMetricAlarm {
  const actions = topic ? [topic.arn] : [];
  return new CloudwatchMetricAlarm(scope, id, {
    alarmName: spec.name,
    alarmDescription: spec.description,
    namespace: spec.namespace,
    metricName: spec.metricName,
    dimensions: { ...spec.dimensions },
    statistic: spec.statistic,
    threshold: spec.threshold,
    comparisonOperator: 'GreaterThanOrEqualToThreshold',
    period: spec.periodSeconds ?? 300,
    evaluationPeriods: spec.evaluationPeriods ?? 1,
    treatMissingData: 'notBreaching',
    alarmActions: actions,
    okActions: actions,
    tags: withName(tags, spec.name),
  });
}
