import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchLogStream } from '@cdktf/provider-aws/lib/cloudwatch-log-stream';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { GlueCatalogDatabase } from '@cdktf/provider-aws/lib/glue-catalog-database';
import { GlueCatalogTable } from '@cdktf/provider-aws/lib/glue-catalog-table';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { KinesisFirehoseDeliveryStream } from '@cdktf/provider-aws/lib/kinesis-firehose-delivery-stream';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { Construct } from 'constructs';
import { grant, writeLogsStatement } from '../iam';
import { metricAlarm } from '../monitoring';
import { SecureBucket } from '../s3-bucket';
import { check } from '../shared/errors';
import { checkRetention, DEFAULT_LOG_RETENTION_DAYS, retainedLogGroup } from '../shared/logs';
import { Tags, tagProblem, withName } from '../shared/tags';
import { GlueColumn, OUTCOME_COLUMNS, PREDICTION_COLUMNS } from './columns';
import { firehoseRole, queryStatements, writeStatements } from './grants';
import { ERRORS_PREFIX, OUTCOMES_PREFIX, PREDICTIONS_PREFIX, QUERY_RESULTS_PREFIX } from './layout';
import { projectedJsonTable } from './tables';

export { OUTCOME_COLUMNS, PREDICTION_COLUMNS } from './columns';
export * from './layout';

/** Where the account's ARNs are built: no literal "aws" partition, no hard-coded account. */
export interface AccountContext {
  readonly accountId: string;
  readonly partition: string;
  readonly region: string;
}

export interface PredictionLogProps {
  /** Stem of every name, e.g. `churn-dev` (streams `<name>-predictions`, `<name>-outcomes`). */
  readonly name: string;
  /** The log bucket (globally unique); it also holds Athena results and the monitor's reports. */
  readonly bucketName: string;
  readonly account: AccountContext;
  /** Days a prediction or outcome record is kept (S3 expiry and the projected partitions). Default 400. */
  readonly retentionDays?: number;
  /** Days Athena query results are kept. Default 7. */
  readonly queryResultRetentionDays?: number;
  /** Firehose writes an object at least this often, 60..900 s. Default 300. */
  readonly bufferIntervalSeconds?: number;
  /** ... or when this much arrived, 1..128 MiB. Default 5. */
  readonly bufferSizeMiB?: number;
  /** Athena cancels a query that would scan more. Default 10 GiB. */
  readonly bytesScannedCutoff?: number;
  /** Firehose's own delivery-error log. Default 30 days. */
  readonly logRetentionDays?: number;
  readonly permissionsBoundaryArn?: string;
  readonly alarmTopic?: SnsTopic;
  readonly tags?: Tags;
}

/** One record kind (predictions or outcomes): its Firehose stream, its S3 prefix and its table. */
export interface LogStreamResources {
  readonly stream: KinesisFirehoseDeliveryStream;
  /** `predictions/` or `outcomes/`. */
  readonly prefix: string;
  readonly table: GlueCatalogTable;
  readonly freshnessAlarm: CloudwatchMetricAlarm;
}

const GiB = 1024 ** 3;

/**
 * The prediction log on AWS: the API Lambda sends JSON-lines records with PutRecordBatch to two
 * Firehose streams, which write gzip objects into an encrypted bucket under
 * `<kind>/dt=YYYY-MM-DD/`; Glue tables with partition projection make them queryable by Athena
 * in a workgroup whose results stay in the same bucket.
 */
export class PredictionLog extends Construct {
  readonly bucket: SecureBucket;
  readonly database: GlueCatalogDatabase;
  readonly predictions: LogStreamResources;
  readonly outcomes: LogStreamResources;
  readonly workgroup: AthenaWorkgroup;
  readonly deliveryRole: IamRole;
  readonly deliveryLogGroup: CloudwatchLogGroup;
  readonly account: AccountContext;

  constructor(scope: Construct, id: string, props: PredictionLogProps) {
    super(scope, id);
    const where = `PredictionLog(${id})`;
    const retention = props.retentionDays ?? 400;
    const resultDays = props.queryResultRetentionDays ?? 7;
    const interval = props.bufferIntervalSeconds ?? 300;
    const size = props.bufferSizeMiB ?? 5;
    const cutoff = props.bytesScannedCutoff ?? 10 * GiB;
    const logRetention = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    check(
      /^[a-z][a-z0-9-]{0,40}$/.test(props.name),
      where,
      'name',
      'use 1..41 of a-z 0-9 -, starting with a letter',
    );
    for (const [prop, days] of [
      ['retentionDays', retention],
      ['queryResultRetentionDays', resultDays],
    ] as const)
      check(Number.isInteger(days) && days >= 1, where, prop, `${days} must be a whole number of days >= 1`);
    check(
      Number.isInteger(interval) && interval >= 60 && interval <= 900,
      where,
      'bufferIntervalSeconds',
      `${interval} s is outside Firehose's 60..900`,
    );
    check(
      Number.isInteger(size) && size >= 1 && size <= 128,
      where,
      'bufferSizeMiB',
      `${size} MiB is outside Firehose's 1..128`,
    );
    check(cutoff >= 10 * 1024 ** 2, where, 'bytesScannedCutoff', `${cutoff} is below Athena's 10 MB minimum`);
    checkRetention(where, 'logRetentionDays', logRetention);
    const problem = tagProblem(props.tags);
    check(problem === undefined, where, 'tags', problem ?? '');
    this.account = props.account;

    this.bucket = new SecureBucket(this, 'bucket', {
      bucketName: props.bucketName,
      expirations: [
        { prefix: PREDICTIONS_PREFIX, days: retention },
        { prefix: OUTCOMES_PREFIX, days: retention },
        { prefix: ERRORS_PREFIX, days: retention },
        { prefix: QUERY_RESULTS_PREFIX, days: resultDays },
      ],
      // Log objects are written once; versions only guard against deletes, so keep them briefly.
      noncurrentVersionExpiryDays: 30,
      tags: props.tags,
    });
    const bucketArn = this.bucket.bucket.arn;
    const s3Root = `s3://${this.bucket.bucket.bucket}/`;

    this.deliveryLogGroup = retainedLogGroup(
      this,
      'delivery-logs',
      `/aws/kinesisfirehose/${props.name}-prediction-log`,
      logRetention,
      props.tags,
    );
    this.deliveryRole = firehoseRole(this, `${props.name}-firehose`, props);
    const deliveryPolicy: IamRolePolicy = grant(this, 'firehose-delivery', this.deliveryRole, [
      {
        sid: 'LogBucket',
        actions: ['s3:GetBucketLocation', 's3:ListBucket', 's3:ListBucketMultipartUploads'],
        resources: [bucketArn],
      },
      {
        sid: 'WriteLogObjects',
        actions: ['s3:AbortMultipartUpload', 's3:GetObject', 's3:PutObject'],
        resources: [PREDICTIONS_PREFIX, OUTCOMES_PREFIX, ERRORS_PREFIX].map((p) => `${bucketArn}/${p}*`),
      },
      writeLogsStatement('DeliveryErrorLogs', this.deliveryLogGroup.arn),
    ]);

    this.database = new GlueCatalogDatabase(this, 'database', {
      name: `${props.name.replace(/-/g, '_')}_monitoring`,
      description: 'Churn prediction log and outcomes (binned fields only), queried by the monitor job',
      tags: withName(props.tags, `${props.name}-monitoring`),
    });

    const logStream = (kind: 'predictions' | 'outcomes', columns: readonly GlueColumn[], what: string) => {
      const prefix = kind === 'predictions' ? PREDICTIONS_PREFIX : OUTCOMES_PREFIX;
      const streamName = `${props.name}-${kind}`;
      const errors = new CloudwatchLogStream(this, `${kind}-delivery-errors`, {
        name: kind,
        logGroupName: this.deliveryLogGroup.name,
      });
      const stream = new KinesisFirehoseDeliveryStream(this, `${kind}-stream`, {
        name: streamName,
        destination: 'extended_s3',
        serverSideEncryption: { enabled: true, keyType: 'AWS_OWNED_CMK' },
        extendedS3Configuration: {
          bucketArn,
          roleArn: this.deliveryRole.arn,
          // The arrival day (UTC): a record made just before midnight may land in the next
          // day's folder, so readers widen the dt range by a day and filter on `time`.
          prefix: `${prefix}dt=!{timestamp:yyyy-MM-dd}/`,
          errorOutputPrefix: `errors/${kind}/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/`,
          bufferingInterval: interval,
          bufferingSize: size,
          compressionFormat: 'GZIP',
          cloudwatchLoggingOptions: {
            enabled: true,
            logGroupName: this.deliveryLogGroup.name,
            logStreamName: errors.name,
          },
        },
        tags: withName(props.tags, streamName),
        dependsOn: [deliveryPolicy],
      });
      const table = projectedJsonTable(this, `${kind}-table`, {
        name: kind,
        description: what,
        database: this.database,
        location: `${s3Root}${prefix}`,
        columns,
        days: retention,
      });
      const freshnessAlarm = metricAlarm(
        this,
        `${kind}-freshness`,
        {
          name: `${streamName}-delivery-stalled`,
          description: `Firehose has not delivered ${kind} to S3 for 15 minutes past its buffer interval.`,
          namespace: 'AWS/Firehose',
          metricName: 'DeliveryToS3.DataFreshness',
          dimensions: { DeliveryStreamName: streamName },
          statistic: 'Maximum',
          threshold: interval + 900,
        },
        props.alarmTopic,
        props.tags,
      );
      return { stream, prefix, table, freshnessAlarm };
    };
    this.predictions = logStream(
      'predictions',
      PREDICTION_COLUMNS,
      'One row per prediction: score, decision, binned fields',
    );
    this.outcomes = logStream('outcomes', OUTCOME_COLUMNS, 'One row per reported outcome (churned or not)');

    this.workgroup = new AthenaWorkgroup(this, 'workgroup', {
      name: `${props.name}-monitoring`,
      description: 'Monitor job queries over the prediction log; results kept in the log bucket',
      // Query history is not worth blocking a teardown for.
      forceDestroy: true,
      configuration: {
        enforceWorkgroupConfiguration: true,
        publishCloudwatchMetricsEnabled: true,
        bytesScannedCutoffPerQuery: cutoff,
        engineVersion: { selectedEngineVersion: 'Athena engine version 3' },
        resultConfiguration: {
          outputLocation: `${s3Root}${QUERY_RESULTS_PREFIX}`,
          encryptionConfiguration: { encryptionOption: 'SSE_S3' },
        },
      },
      tags: withName(props.tags, `${props.name}-monitoring`),
    });
  }

  /** The API: PutRecordBatch on the two streams, nothing else. */
  grantWrite(id: string, role: IamRole): IamRolePolicy {
    return grant(this, id, role, writeStatements(this));
  }

  /** The monitor job: run queries in this workgroup over these two tables, read their objects. */
  grantQuery(id: string, role: IamRole): IamRolePolicy {
    return grant(this, id, role, queryStatements(this));
  }
}
