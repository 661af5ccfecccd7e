import { readFileSync } from 'node:fs';
import {
  CreateModelCommand,
  CreateTransformJobCommand,
  DescribeTransformJobCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { joinKey, parseS3Uri, uploadFile } from '../s3';
import { runBatchTransform } from '../transform';
import { tempFiles, testContext } from './helpers';

const sagemaker = mockClient(SageMakerClient);
const s3 = mockClient(S3Client);

beforeEach(() => {
  sagemaker.reset();
  s3.reset();
});

describe('runBatchTransform', () => {
  const opts = {
    modelUri: 's3://churn-bucket/telco-churn/output/job-1/output/model.tar.gz',
    inputUri: 's3://churn-bucket/big/customers.csv',
    firstColumnIsKey: true,
  };

  it('creates a model from the artifact, scores the input and returns where the output is', async () => {
    sagemaker.on(CreateModelCommand).resolves({});
    sagemaker.on(CreateTransformJobCommand).resolves({});
    sagemaker
      .on(DescribeTransformJobCommand)
      .resolvesOnce({ TransformJobStatus: 'InProgress' })
      .resolves({ TransformJobStatus: 'Completed' });
    const ctx = testContext();
    const out = await runBatchTransform(ctx, opts);
    const name = 'telco-churn-batch-20261124-010203';
    expect(out).toEqual({ job: name, outputUri: `s3://churn-bucket/telco-churn/transform/${name}/` });
    expect(sagemaker.commandCalls(CreateModelCommand)[0].args[0].input.PrimaryContainer?.ModelDataUrl).toBe(
      opts.modelUri,
    );
    const input = sagemaker.commandCalls(CreateTransformJobCommand)[0].args[0].input;
    expect(input).toMatchObject({
      ModelName: name,
      TransformInput: { DataSource: { S3DataSource: { S3Uri: opts.inputUri } } },
    });
    expect(input.DataProcessing?.InputFilter).toBe('$[1:]');
    expect(ctx.lines).toEqual([
      `started transform job ${name}: ${opts.inputUri} -> ${out.outputUri}`,
      `${name}: InProgress`,
      `${name}: Completed`,
    ]);
  });

  it('does not start the job when the model cannot be created', async () => {
    sagemaker
      .on(CreateModelCommand)
      .rejects(
        Object.assign(new Error('Could not find model data at s3://x'), { name: 'ValidationException' }),
      );
    await expect(runBatchTransform(testContext(), opts)).rejects.toThrow(
      /^create model telco-churn-batch-\d{8}-\d{6}: ValidationException: Could not find model data/,
    );
    expect(sagemaker.commandCalls(CreateTransformJobCommand)).toHaveLength(0);
  });

  it("fails with SageMaker's reason when the transform fails", async () => {
    sagemaker.on(CreateModelCommand).resolves({});
    sagemaker.on(CreateTransformJobCommand).resolves({});
    sagemaker.on(DescribeTransformJobCommand).resolves({
      TransformJobName: 'j',
      TransformJobStatus: 'Failed',
      FailureReason: 'ClientError: See job logs for more information',
    });
    await expect(runBatchTransform(testContext(), opts)).rejects.toThrow(
      'transform job j failed: ClientError: See job logs',
    );
  });

  it('refuses an input that is not an S3 URI before calling AWS', async () => {
    await expect(runBatchTransform(testContext(), { ...opts, inputUri: '/data/big.csv' })).rejects.toThrow(
      '"/data/big.csv" is not an S3 URI',
    );
    expect(sagemaker.calls()).toHaveLength(0);
  });
});

describe('uploadFile in parts', () => {
  const file = tempFiles({ 'big.csv': 'x'.repeat(2500) })['big.csv'];
  const to = { bucket: 'churn-bucket', key: 'data/big.csv' };

  it('sends a large file as numbered parts and completes the upload with their ETags', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-1' });
    s3.on(UploadPartCommand).callsFake((input) => ({ ETag: `"etag-${input.PartNumber}"` }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    await expect(uploadFile(s3Client(), file, to, { threshold: 1000, partSize: 1000 })).resolves.toBe(
      's3://churn-bucket/data/big.csv',
    );
    const parts = s3.commandCalls(UploadPartCommand).map((c) => c.args[0].input);
    expect(parts.map((p) => [p.PartNumber, (p.Body as Buffer).length])).toEqual([
      [1, 1000],
      [2, 1000],
      [3, 500],
    ]);
    expect(Buffer.concat(parts.map((p) => p.Body as Buffer)).toString()).toBe(readFileSync(file, 'utf8'));
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0].args[0].input.MultipartUpload?.Parts).toEqual([
      { ETag: '"etag-1"', PartNumber: 1 },
      { ETag: '"etag-2"', PartNumber: 2 },
      { ETag: '"etag-3"', PartNumber: 3 },
    ]);
  });

  it('aborts the multipart upload when a part fails, so no parts are left behind', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-2' });
    s3.on(UploadPartCommand).rejects(Object.assign(new Error('slow down'), { name: 'SlowDown' }));
    s3.on(AbortMultipartUploadCommand).resolves({});
    await expect(uploadFile(s3Client(), file, to, { threshold: 1000, partSize: 1000 })).rejects.toThrow(
      /^upload .*big\.csv to s3:\/\/churn-bucket\/data\/big\.csv: SlowDown: slow down$/,
    );
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0].args[0].input).toEqual({
      ...toInput(),
      UploadId: 'u-2',
    });
  });

  it('names a local file that does not exist', async () => {
    await expect(uploadFile(s3Client(), '/nonexistent/train.csv', to)).rejects.toThrow(
      /^upload \/nonexistent\/train\.csv/,
    );
  });

  const s3Client = (): S3Client => testContext().s3;
  const toInput = () => ({ Bucket: to.bucket, Key: to.key });
});

describe('S3 helpers', () => {
  it('splits and joins S3 locations', () => {
    expect(parseS3Uri('s3://churn-bucket/a/b.csv')).toEqual({ bucket: 'churn-bucket', key: 'a/b.csv' });
    expect(joinKey('/telco-churn/', 'data', '', 'x/')).toBe('telco-churn/data/x');
    expect(() => parseS3Uri('https://churn-bucket/a')).toThrow('not an S3 URI');
  });
});
