import { AthenaWorkgroup } from '@cdktf/provider-aws/lib/athena-workgroup';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { FIELD_NAMES } from '@telco-churn/core/fields';
import { inlinePolicies, Json, onlyResource, resourcesOf, synthStack } from '../../shared/testing';
import { PredictionLog, PredictionLogProps } from '../index';

const ACCOUNT = { accountId: '111122223333', partition: 'aws', region: 'eu-central-1' };

function synth(props: Partial<PredictionLogProps> = {}, withGrants = false): string {
  return synthStack((s) => {
    const log = new PredictionLog(s, 'log', {
      name: 'churn-test',
      bucketName: 'churn-test-monitoring-bucket',
      account: ACCOUNT,
      tags: { Project: 'churn' },
      ...props,
    });
    if (withGrants) {
      const api = new IamRole(s, 'api-role', { name: 'api', assumeRolePolicy: '{}' });
      const job = new IamRole(s, 'job-role', { name: 'job', assumeRolePolicy: '{}' });
      log.grantWrite('api-writes', api);
      log.grantQuery('job-queries', job);
    }
  });
}

const streams = (out: string) => Object.values(resourcesOf(out, 'aws_kinesis_firehose_delivery_stream'));
const tables = (out: string) => Object.values(resourcesOf(out, 'aws_glue_catalog_table'));
const policyNamed = (out: string, name: string): Json[] => {
  const policy = Object.values(resourcesOf(out, 'aws_iam_role_policy')).find((p) => p.name === name)!;
  return JSON.parse(policy.policy).Statement;
};

describe('PredictionLog', () => {
  const out = synth();
  const granted = synth({}, true);

  it('creates one encrypted Firehose stream per record kind', () => {
    expect(
      streams(out)
        .map((s) => s.name)
        .sort(),
    ).toEqual(['churn-test-outcomes', 'churn-test-predictions']);
    for (const s of streams(out))
      expect(s.server_side_encryption).toEqual({ enabled: true, key_type: 'AWS_OWNED_CMK' });
  });

  it('delivers gzip objects into daily dt= folders, failures into errors/', () => {
    const predictions = streams(out).find((s) => s.name === 'churn-test-predictions')!;
    expect(predictions.extended_s3_configuration).toEqual(
      expect.objectContaining({
        prefix: 'predictions/dt=!{timestamp:yyyy-MM-dd}/',
        error_output_prefix: 'errors/predictions/!{firehose:error-output-type}/dt=!{timestamp:yyyy-MM-dd}/',
        compression_format: 'GZIP',
        buffering_interval: 300,
        buffering_size: 5,
      }),
    );
  });

  it('projects daily partitions over the retention, so no crawler or partition loader is needed', () => {
    const predictions = tables(out).find((t) => t.name === 'predictions')!;
    expect(predictions.partition_keys).toEqual([expect.objectContaining({ name: 'dt', type: 'string' })]);
    expect(predictions.parameters).toEqual(
      expect.objectContaining({
        'projection.enabled': 'true',
        'projection.dt.type': 'date',
        'projection.dt.format': 'yyyy-MM-dd',
        'projection.dt.range': 'NOW-400DAYS,NOW',
        // Terraform's "$${" is a literal "${": Athena substitutes dt, not Terraform.
        'storage.location.template': expect.stringMatching(
          /^s3:\/\/\$\{aws_s3_bucket\..*\.bucket\}\/predictions\/dt=\$\$\{dt\}\/$/,
        ),
      }),
    );
  });

  it('reads the JSON lines with the OpenX SerDe and keeps the 19 fields as strings', () => {
    const predictions = tables(out).find((t) => t.name === 'predictions')!;
    const sd = predictions.storage_descriptor;
    expect(sd.ser_de_info.serialization_library).toBe('org.openx.data.jsonserde.JsonSerDe');
    const fields = sd.columns.find((c: Json) => c.name === 'fields');
    expect(fields.type).toBe(`struct<${FIELD_NAMES.map((f) => `${f}:string`).join(',')}>`);
    expect(FIELD_NAMES).toHaveLength(19);
  });

  it('expires log records after the retention and query results after a week', () => {
    const rules = onlyResource(synth({ retentionDays: 90 }), 'aws_s3_bucket_lifecycle_configuration').rule;
    const expiry = Object.fromEntries(
      rules.filter((r: Json) => r.expiration).map((r: Json) => [r.filter[0].prefix, r.expiration[0].days]),
    );
    expect(expiry).toEqual({ 'predictions/': 90, 'outcomes/': 90, 'errors/': 90, 'athena-results/': 7 });
  });

  it('encrypts the bucket at rest', () => {
    expect(onlyResource(out, 'aws_s3_bucket_server_side_encryption_configuration').rule[0]).toEqual(
      expect.objectContaining({ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }),
    );
  });

  it('lets only this account assume the delivery role (external id)', () => {
    const role = onlyResource(out, 'aws_iam_role');
    expect(JSON.parse(role.assume_role_policy).Statement[0].Condition).toEqual({
      StringEquals: { 'sts:ExternalId': '111122223333' },
    });
  });

  it('lets Firehose write only under its own prefixes', () => {
    const objects = policyNamed(out, 'firehose-delivery').find((s) => s.Sid === 'WriteLogObjects')!;
    expect(objects.Resource.map((r: string) => r.replace(/^\$\{[^}]+\}/, 'BUCKET'))).toEqual([
      'BUCKET/predictions/*',
      'BUCKET/outcomes/*',
      'BUCKET/errors/*',
    ]);
  });

  it('runs queries in an engine-3 workgroup that enforces encrypted results in the log bucket', () => {
    expect(out).toHaveResourceWithProperties(AthenaWorkgroup, {
      name: 'churn-test-monitoring',
      configuration: expect.objectContaining({
        enforce_workgroup_configuration: true,
        bytes_scanned_cutoff_per_query: 10 * 1024 ** 3,
        result_configuration: {
          output_location: expect.stringMatching(/\/athena-results\/$/),
          encryption_configuration: { encryption_option: 'SSE_S3' },
        },
      }),
    });
  });

  it('alarms when a stream stops delivering', () => {
    const alarms = Object.values(resourcesOf(out, 'aws_cloudwatch_metric_alarm'));
    expect(alarms.map((a) => [a.metric_name, a.dimensions.DeliveryStreamName, a.threshold]).sort()).toEqual([
      ['DeliveryToS3.DataFreshness', 'churn-test-outcomes', 1200],
      ['DeliveryToS3.DataFreshness', 'churn-test-predictions', 1200],
    ]);
  });

  it('grants the API PutRecordBatch on the two streams and nothing else', () => {
    expect(policyNamed(granted, 'api-writes')).toEqual([
      {
        Sid: 'PutPredictionLogRecords',
        Effect: 'Allow',
        Action: ['firehose:PutRecordBatch'],
        Resource: [
          expect.stringMatching(/aws_kinesis_firehose_delivery_stream\.log_predictions-stream.*\.arn/),
          expect.stringMatching(/aws_kinesis_firehose_delivery_stream\.log_outcomes-stream.*\.arn/),
        ],
      },
    ]);
  });

  it('scopes the query grant to the workgroup, the two tables and their prefixes', () => {
    const st = policyNamed(granted, 'job-queries');
    const bySid = Object.fromEntries(st.map((s) => [s.Sid, s]));
    expect(bySid.RunMonitorQueries.Resource).toEqual([
      expect.stringMatching(/aws_athena_workgroup\..*\.arn/),
    ]);
    expect(bySid.ReadLogTables.Resource).toEqual([
      'arn:aws:glue:eu-central-1:111122223333:catalog',
      expect.stringMatching(/:database\/\$\{aws_glue_catalog_database\..*\.name\}$/),
      expect.stringMatching(/:table\/\$\{.*\}\/\$\{aws_glue_catalog_table\.log_predictions-table.*\.name\}$/),
      expect.stringMatching(/:table\/\$\{.*\}\/\$\{aws_glue_catalog_table\.log_outcomes-table.*\.name\}$/),
    ]);
    expect(bySid.ListLogPrefixes.Condition).toEqual({
      StringLike: { 's3:prefix': ['predictions/*', 'outcomes/*', 'athena-results/*'] },
    });
    expect(bySid.ReadLogObjects.Action).toEqual(['s3:GetObject']);
    expect(
      inlinePolicies(granted)
        .flatMap((p) => p.Statement)
        .flatMap((s: Json) => s.Resource),
    ).not.toContain('*');
  });

  it('rejects a buffer interval Firehose refuses, naming the prop', () => {
    expect(() => synth({ bufferIntervalSeconds: 30 })).toThrow(/"bufferIntervalSeconds".*60\.\.900/);
  });

  it('rejects a retention that is not a whole number of days', () => {
    expect(() => synth({ retentionDays: 0 })).toThrow(/"retentionDays"/);
  });
});
