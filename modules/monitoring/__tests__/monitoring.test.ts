import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { resourcesOf, synthStack } from '../../shared/testing';
import { AlarmTopic, metricAlarm } from '../index';

const spec = {
  name: 'x-errors',
  description: 'errors',
  namespace: 'AWS/Lambda',
  metricName: 'Errors',
  dimensions: { FunctionName: 'x' },
  statistic: 'Sum' as const,
  threshold: 1,
};

describe('AlarmTopic and metricAlarm', () => {
  it('subscribes the alarm email to the topic', () => {
    const out = synthStack(
      (s) => new AlarmTopic(s, 'alarms', { name: 'churn-alarms', email: 'ops@example.com' }),
    );
    expect(out).toHaveResourceWithProperties(SnsTopicSubscription, {
      protocol: 'email',
      endpoint: 'ops@example.com',
    });
  });

  it('creates no subscription without an email', () => {
    const out = synthStack((s) => new AlarmTopic(s, 'alarms', { name: 'churn-alarms' }));
    expect(resourcesOf(out, 'aws_sns_topic_subscription')).toEqual({});
  });

  it('rejects a malformed alarm email, naming the prop', () => {
    expect(() =>
      synthStack((s) => new AlarmTopic(s, 'alarms', { name: 'a', email: 'not-an-email' })),
    ).toThrow(/"email"/);
  });

  it('notifies the topic on alarm and on recovery', () => {
    const out = synthStack((s) =>
      metricAlarm(s, 'a', spec, new AlarmTopic(s, 't', { name: 't' }).topic, undefined),
    );
    expect(out).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_actions: [expect.stringMatching(/aws_sns_topic\..*\.arn/)],
      ok_actions: [expect.stringMatching(/aws_sns_topic\..*\.arn/)],
    });
  });

  it('treats missing data as not breaching so an idle service stays green', () => {
    const out = synthStack((s) => metricAlarm(s, 'a', spec, undefined, undefined));
    expect(out).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      treat_missing_data: 'notBreaching',
      comparison_operator: 'GreaterThanOrEqualToThreshold',
    });
  });
});
