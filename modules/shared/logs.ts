import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { Construct } from 'constructs';
import { check } from './errors';
import { Tags, withName } from './tags';

/** The only values CloudWatch Logs accepts for retentionInDays (PutRetentionPolicy). */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

export const DEFAULT_LOG_RETENTION_DAYS = 30;

export function checkRetention(where: string, prop: string, days: number): void {
  check(
    (LOG_RETENTION_DAYS as readonly number[]).includes(days),
    where,
    prop,
    `${days} is not a CloudWatch retention; use one of ${LOG_RETENTION_DAYS.join(', ')}`,
  );
}

/** A log group that always has a retention, so logs never pile up forever. */
export function retainedLogGroup(
  scope: Construct,
  id: string,
  name: string,
  retentionDays: number,
  tags: Tags | undefined,
): CloudwatchLogGroup {
  return new CloudwatchLogGroup(scope, id, {
    name,
    retentionInDays: retentionDays,
    tags: withName(tags, name),
  });
}
