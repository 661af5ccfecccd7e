import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  CreateHyperParameterTuningJobCommand,
  CreateTrainingJobCommand,
  DescribeHyperParameterTuningJobCommand,
  DescribeTrainingJobCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { SageMakerRunError } from '../errors';
import { evaluateModel } from '../evaluate';
import {
  checkTrainingData,
  downloadModel,
  runTuningJob,
  startTrainingJob,
  uploadTrainingData,
  waitForTrainingJob,
} from '../training';
import { pollUntilDone } from '../wait';
import { labelledCsv } from './fixtures/data';
import { body, tempFiles, testContext } from './helpers';

const sagemaker = mockClient(SageMakerClient);
const s3 = mockClient(S3Client);
const MODEL_TAR = new Uint8Array(readFileSync(path.join(__dirname, 'fixtures', 'sagemaker-model.tar.gz')));
const expected = JSON.parse(readFileSync(path.join(__dirname, 'fixtures', 'expected.json'), 'utf8'));
const ARTIFACT = 's3://churn-bucket/telco-churn/output/job-1/output/model.tar.gz';
const throttled = Object.assign(new Error('Rate exceeded'), {
  name: 'ThrottlingException',
  $metadata: { httpStatusCode: 400 },
});

beforeEach(() => {
  sagemaker.reset();
  s3.reset();
});

describe('checkTrainingData and uploadTrainingData', () => {
  const files = tempFiles({ 'train.csv': labelledCsv(60, 1), 'validation.csv': labelledCsv(30, 2) });
  const both = { train: files['train.csv'], validation: files['validation.csv'] };

  it('counts rows, positives and features of both files', async () => {
    const checked = await checkTrainingData(both);
    expect(checked.features).toBe(46);
    expect(checked.train.rows).toBe(60);
    expect(checked.validation.rows).toBe(30);
    expect(checked.train.positives).toBeGreaterThan(0);
  });

  it('uploads each CSV under its own channel prefix and returns the prefixes', async () => {
    s3.on(PutObjectCommand).resolves({});
    const ctx = testContext();
    const out = await uploadTrainingData(ctx, await checkTrainingData(both), 'run-1');
    expect(out).toEqual({
      trainUri: 's3://churn-bucket/telco-churn/data/run-1/train/',
      validationUri: 's3://churn-bucket/telco-churn/data/run-1/validation/',
      features: 46,
    });
    const puts = s3.commandCalls(PutObjectCommand).map((c) => c.args[0].input);
    expect(puts.map((p) => [p.Bucket, p.Key, p.ContentType])).toEqual([
      ['churn-bucket', 'telco-churn/data/run-1/train/train.csv', 'text/csv'],
      ['churn-bucket', 'telco-churn/data/run-1/validation/validation.csv', 'text/csv'],
    ]);
    expect(String(puts[0].Body)).toBe(readFileSync(files['train.csv'], 'utf8'));
  });

  it('refuses a file with a header line, naming the file and line', async () => {
    const bad = tempFiles({ 'train.csv': 'Churn,tenure\n' + labelledCsv(5, 1) });
    await expect(checkTrainingData({ ...both, train: bad['train.csv'] })).rejects.toThrow(
      /train\.csv, line 1: column 1 \(the label\) must be 0 or 1, found "Churn" \(a header line\? these files have none\)/,
    );
  });

  it('refuses two files that disagree on the feature count', async () => {
    const short = tempFiles({ 'validation.csv': '1,0.5\n0,0.25\n' });
    await expect(checkTrainingData({ ...both, validation: short['validation.csv'] })).rejects.toThrow(
      'has 1 features per row, the training file 46',
    );
  });

  it('names the step and keeps the cause when S3 refuses the upload', async () => {
    const denied = Object.assign(new Error('Access Denied'), { name: 'AccessDenied' });
    s3.on(PutObjectCommand).rejects(denied);
    const error = await uploadTrainingData(testContext(), await checkTrainingData(both), 'r').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(SageMakerRunError);
    expect((error as Error).message).toMatch(
      /^upload .*train\.csv to s3:\/\/churn-bucket\/.*: AccessDenied: Access Denied$/,
    );
    expect((error as Error).cause).toBe(denied);
  });
});

describe('training jobs', () => {
  const data = { trainUri: 's3://churn-bucket/t/', validationUri: 's3://churn-bucket/v/' };

  it('starts a job named from the clock with the given hyper-parameters', async () => {
    sagemaker.on(CreateTrainingJobCommand).resolves({ TrainingJobArn: 'arn' });
    const ctx = testContext();
    const name = await startTrainingJob(ctx, data, { num_round: '50' });
    expect(name).toBe('telco-churn-xgb-20261124-010203');
    const input = sagemaker.commandCalls(CreateTrainingJobCommand)[0].args[0].input;
    expect(input).toMatchObject({ TrainingJobName: name, HyperParameters: { num_round: '50' } });
  });

  it('reports a refused job with the AWS error name and message', async () => {
    sagemaker
      .on(CreateTrainingJobCommand)
      .rejects(
        Object.assign(new Error('account-level service limit exceeded'), { name: 'ResourceLimitExceeded' }),
      );
    await expect(startTrainingJob(testContext(), data, {}, 'job-x')).rejects.toThrow(
      'start training job job-x: ResourceLimitExceeded: account-level service limit exceeded',
    );
  });

  it('waits with growing pauses, prints each status change and returns the artifact', async () => {
    const created = new Date('2026-11-24T01:00:00Z');
    sagemaker
      .on(DescribeTrainingJobCommand)
      .resolvesOnce({ TrainingJobStatus: 'InProgress', SecondaryStatus: 'Starting', CreationTime: created })
      .resolvesOnce({ TrainingJobStatus: 'InProgress', SecondaryStatus: 'Starting', CreationTime: created })
      .rejectsOnce(throttled)
      .resolvesOnce({
        TrainingJobStatus: 'InProgress',
        SecondaryStatus: 'Training',
        CreationTime: created,
        SecondaryStatusTransitions: [
          { Status: 'Training', StartTime: created, StatusMessage: 'Training image download completed.' },
        ],
      })
      .resolves({
        TrainingJobStatus: 'Completed',
        SecondaryStatus: 'Completed',
        CreationTime: created,
        ModelArtifacts: { S3ModelArtifacts: ARTIFACT },
        FinalMetricDataList: [{ MetricName: 'validation:auc', Value: 0.85 }],
        BillableTimeInSeconds: 95,
      });
    const ctx = testContext();
    const done = await waitForTrainingJob(ctx, 'job-1');
    expect(done).toEqual({ modelUri: ARTIFACT, metrics: { 'validation:auc': 0.85 }, billableSeconds: 95 });
    expect(ctx.lines).toEqual([
      '[123s] job-1: InProgress / Starting',
      '[123s] job-1: InProgress / Training — Training image download completed.',
      '[123s] job-1: Completed / Completed',
    ]);
    // x1.5 per poll, x2 after the throttled answer, capped at SAGEMAKER_POLL_MAX_SECONDS.
    expect(ctx.sleeps).toEqual([15_000, 22_500, 33_750, 60_000]);
  });

  it("fails with SageMaker's reason when the job fails", async () => {
    sagemaker.on(DescribeTrainingJobCommand).resolves({
      TrainingJobName: 'job-1',
      TrainingJobStatus: 'Failed',
      FailureReason: 'ClientError: Unable to read data channel train',
    });
    await expect(waitForTrainingJob(testContext(), 'job-1')).rejects.toThrow(
      'training job job-1: training job job-1 failed: ClientError: Unable to read data channel train',
    );
  });

  it('gives up after five throttled answers in a row', async () => {
    sagemaker.on(DescribeTrainingJobCommand).rejects(throttled);
    await expect(waitForTrainingJob(testContext(), 'job-1')).rejects.toThrow(
      'ThrottlingException: Rate exceeded',
    );
    expect(sagemaker.commandCalls(DescribeTrainingJobCommand)).toHaveLength(5);
  });

  it('stops waiting at the timeout and says the job goes on', async () => {
    sagemaker
      .on(DescribeTrainingJobCommand)
      .resolves({ TrainingJobStatus: 'InProgress', SecondaryStatus: 'Training' });
    const ctx = testContext({ SAGEMAKER_WAIT_TIMEOUT_MINUTES: '1' });
    let clock = 0;
    const error = await pollUntilDone(
      'training job job-1',
      () => ctx.sagemaker.send(new DescribeTrainingJobCommand({ TrainingJobName: 'job-1' })),
      () => ({ done: false, status: 'InProgress / Training' }),
      { ...ctx.settings.polling, now: () => clock, sleep: async (ms) => void (clock += ms) },
    ).catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      'training job job-1: still "InProgress / Training" after 1 minutes; stopped waiting (the job itself goes on in SageMaker)',
    );
  });
});

describe('tuning jobs', () => {
  it('starts a search, reports its counters and returns the best job and its model', async () => {
    sagemaker.on(CreateHyperParameterTuningJobCommand).resolves({});
    sagemaker
      .on(DescribeHyperParameterTuningJobCommand)
      .resolvesOnce({
        HyperParameterTuningJobStatus: 'InProgress',
        TrainingJobStatusCounters: { InProgress: 2 },
      })
      .resolves({
        HyperParameterTuningJobStatus: 'Completed',
        TrainingJobStatusCounters: { Completed: 4, Stopped: 1 },
        BestTrainingJob: {
          TrainingJobName: 'job-best',
          TrainingJobArn: 'arn',
          CreationTime: new Date(),
          TrainingJobStatus: 'Completed',
          TunedHyperParameters: { eta: '0.07' },
          FinalHyperParameterTuningJobObjectiveMetric: { MetricName: 'validation:auc', Value: 0.861 },
        },
      });
    sagemaker
      .on(DescribeTrainingJobCommand, { TrainingJobName: 'job-best' })
      .resolves({ TrainingJobStatus: 'Completed', ModelArtifacts: { S3ModelArtifacts: ARTIFACT } });
    const ctx = testContext();
    const out = await runTuningJob(
      ctx,
      { trainUri: 's3://churn-bucket/t/', validationUri: 's3://churn-bucket/v/' },
      { num_round: '200' },
      { maxJobs: 5, maxParallel: 2 },
    );
    expect(out).toEqual({
      tuningJob: 'telco-churn-hpo-20261124-010203',
      bestJob: 'job-best',
      objective: 0.861,
      modelUri: ARTIFACT,
    });
    const input = sagemaker.commandCalls(CreateHyperParameterTuningJobCommand)[0].args[0].input;
    expect(input.HyperParameterTuningJobName).toHaveLength(31);
    expect(
      ctx.lines.some((l) =>
        l.includes('4 completed, 0 running, 0 failed, 1 stopped early; best validation:auc 0.861'),
      ),
    ).toBe(true);
  });
});

describe('downloadModel and evaluateModel', () => {
  it("brings SageMaker's binary model home and scores it like xgboost did", async () => {
    s3.on(GetObjectCommand, {
      Bucket: 'churn-bucket',
      Key: 'telco-churn/output/job-1/output/model.tar.gz',
    }).resolves({
      Body: body(MODEL_TAR),
    });
    const out = path.dirname(tempFiles({ keep: '' }).keep);
    const modelFile = await downloadModel(testContext(), ARTIFACT, out);
    expect(readFileSync(path.join(out, 'model.tar.gz'))).toEqual(Buffer.from(MODEL_TAR));
    expect(readFileSync(modelFile).subarray(0, 4).toString()).toBe('binf');
    const test = tempFiles({ 'test.csv': labelledCsv(400, 102) });
    const result = await evaluateModel(modelFile, test['test.csv'], 0.5);
    expect(result.rows).toBe(expected.rows);
    expect(result.trees).toBe(expected.trees);
    expect(result.evaluation.auc).toBeCloseTo(expected.auc, 6);
    expect(result.evaluation.f1).toBeCloseTo(expected.f1_at_0_5, 6);
  });

  it('keeps a corrupt artifact out of the output directory', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(MODEL_TAR.subarray(0, 100)) });
    const out = path.join(path.dirname(tempFiles({ keep: '' }).keep), 'artifact');
    await expect(downloadModel(testContext(), ARTIFACT, out)).rejects.toThrow(/model\.tar\.gz/);
    expect(() => readFileSync(path.join(out, 'model.tar.gz'))).toThrow();
  });

  it('refuses test rows of the wrong width before scoring', async () => {
    s3.on(GetObjectCommand).resolves({ Body: body(MODEL_TAR) });
    const out = path.dirname(tempFiles({ keep: '' }).keep);
    const modelFile = await downloadModel(testContext(), ARTIFACT, out);
    const test = tempFiles({ 'test.csv': '1,0.5,0.25\n0,0.1,0.2\n' });
    await expect(evaluateModel(modelFile, test['test.csv'])).rejects.toThrow(
      'has 2 features per row but the model expects 46',
    );
  });
});
