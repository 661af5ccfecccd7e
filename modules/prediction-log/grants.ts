import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import { PolicyStatement } from '../iam';
import { Tags, withName } from '../shared/tags';
import type { AccountContext, PredictionLog } from './index';
import { QUERY_RESULTS_PREFIX } from './layout';

/** Firehose's delivery role; the external id stops another account's stream from assuming it. */
export function firehoseRole(
  scope: Construct,
  name: string,
  props: { readonly account: AccountContext; readonly permissionsBoundaryArn?: string; readonly tags?: Tags },
): IamRole {
  return new IamRole(scope, 'firehose-role', {
    path: '/', // AWS's default, stated so a re-plan after a mocked apply is quiet (modules/terraform)
    name,
    description: 'Firehose: write the prediction log into its bucket, log delivery errors',
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { Service: 'firehose.amazonaws.com' },
          Action: 'sts:AssumeRole',
          Condition: { StringEquals: { 'sts:ExternalId': props.account.accountId } },
        },
      ],
    }),
    permissionsBoundary: props.permissionsBoundaryArn,
    tags: withName(props.tags, name),
  });
}

export function writeStatements(log: PredictionLog): PolicyStatement[] {
  return [
    {
      sid: 'PutPredictionLogRecords',
      actions: ['firehose:PutRecordBatch'],
      resources: [log.predictions.stream.arn, log.outcomes.stream.arn],
    },
  ];
}

/**
 * Athena runs a query with the caller's permissions: it reads the catalog entries and the
 * objects under the two tables' prefixes, and writes results under athena-results/.
 */
export function queryStatements(log: PredictionLog): PolicyStatement[] {
  const { partition, region, accountId } = log.account;
  const glue = `arn:${partition}:glue:${region}:${accountId}`;
  const bucketArn = log.bucket.bucket.arn;
  const tables = [log.predictions, log.outcomes];
  const results = `${bucketArn}/${QUERY_RESULTS_PREFIX}*`;
  return [
    {
      sid: 'RunMonitorQueries',
      actions: [
        'athena:StartQueryExecution',
        'athena:GetQueryExecution',
        'athena:GetQueryResults',
        'athena:StopQueryExecution',
      ],
      resources: [log.workgroup.arn],
    },
    {
      sid: 'ReadLogTables',
      actions: ['glue:GetDatabase', 'glue:GetTable', 'glue:GetPartitions'],
      resources: [
        `${glue}:catalog`,
        `${glue}:database/${log.database.name}`,
        ...tables.map((t) => `${glue}:table/${log.database.name}/${t.table.name}`),
      ],
    },
    {
      sid: 'ListLogPrefixes',
      actions: ['s3:ListBucket'],
      resources: [bucketArn],
      conditions: {
        StringLike: { 's3:prefix': [...tables.map((t) => `${t.prefix}*`), `${QUERY_RESULTS_PREFIX}*`] },
      },
    },
    {
      sid: 'QueryResultsBucket',
      actions: ['s3:GetBucketLocation', 's3:ListBucketMultipartUploads'],
      resources: [bucketArn],
    },
    {
      sid: 'ReadLogObjects',
      actions: ['s3:GetObject'],
      resources: tables.map((t) => `${bucketArn}/${t.prefix}*`),
    },
    {
      sid: 'WriteQueryResults',
      actions: ['s3:GetObject', 's3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'],
      resources: [results],
    },
  ];
}
