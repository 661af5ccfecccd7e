import { existsSync, readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import {
  CreateTrainingJobCommand,
  DescribeTrainingJobCommand,
  SageMakerClient,
} from '@aws-sdk/client-sagemaker';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { main } from '../cli';
import { labelledCsv } from './fixtures/data';
import { ENV, body, tempFiles } from './helpers';

const FIXTURES = path.join(__dirname, 'fixtures');
const LEGACY_PARAMS = path.join(
  path.dirname(require.resolve('@telco-churn/core/package.json')),
  'src',
  '__tests__',
  'fixtures',
  'legacy-model-params.json',
);

const output = () => {
  const out: string[] = [];
  const err: string[] = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((s) => out.push(String(s)) > 0);
  jest.spyOn(process.stderr, 'write').mockImplementation((s) => err.push(String(s)) > 0);
  return { out, err };
};

afterEach(() => jest.restoreAllMocks());

describe('the sagemaker CLI', () => {
  it('prints the usage and exits 2 for an unknown command', async () => {
    const { err } = output();
    expect(await main(['deploy'])).toBe(2);
    expect(err.join('')).toMatch(/^unknown command "deploy"\nusage:/);
  });

  it('exits 2 naming a missing option before touching AWS', async () => {
    const { err } = output();
    expect(await main(['transform', '--input', 's3://churn-bucket/x.csv'])).toBe(2);
    expect(err[0]).toBe('error: --model-uri is required\n');
  });

  it('exits 2 naming an unknown option', async () => {
    const { err } = output();
    expect(await main(['evaluate', '--modle', 'm'])).toBe(2);
    expect(err[0]).toMatch(/^error: Unknown option '--modle'/);
  });

  it('evaluates a local model.tar.gz and prints the headline metrics as JSON', async () => {
    const { out, err } = output();
    const test = tempFiles({ 'test.csv': labelledCsv(400, 102) })['test.csv'];
    const model = path.join(__dirname, 'fixtures', 'sagemaker-model.tar.gz');
    expect(await main(['evaluate', '--model', model, '--test', test, '--threshold', '0.4'])).toBe(0);
    const result = JSON.parse(out.join(''));
    expect(result).toMatchObject({ threshold: 0.4, confusion_matrix: expect.any(Object) });
    expect(result.roc_curve).toBeUndefined();
    expect(err.join('')).toMatch(/^400 rows \(91 positive\), 30 trees, threshold 0\.4: AUC 0\.85/);
  });

  it('exits 1 naming the file when the test rows cannot be read', async () => {
    const { err } = output();
    const model = path.join(__dirname, 'fixtures', 'sagemaker-model.tar.gz');
    expect(await main(['evaluate', '--model', model, '--test', '/nonexistent/test.csv'])).toBe(1);
    expect(err[0]).toMatch(/^error: \/nonexistent\/test\.csv: cannot read it/);
  });
});

describe('sagemaker:train end to end (AWS answered by aws-sdk-client-mock)', () => {
  const sagemaker = mockClient(SageMakerClient);
  const s3 = mockClient(S3Client);
  const saved = { ...process.env };
  const artifact = 's3://churn-bucket/telco-churn/output/job/output/model.tar.gz';
  const files = tempFiles({
    'train.csv': labelledCsv(300, 1),
    'validation.csv': labelledCsv(100, 2),
    'test.csv': labelledCsv(400, 102),
    'hp.json': JSON.stringify({
      hyperparameters: { eta: 0.2, max_depth: 3, num_round: 30, balance: 'weight' },
    }),
  });
  const out = path.join(path.dirname(files['train.csv']), 'artifact');
  const args = [
    'train',
    '--train',
    files['train.csv'],
    '--validation',
    files['validation.csv'],
    '--test',
    files['test.csv'],
  ];

  beforeEach(() => {
    sagemaker.reset();
    s3.reset();
    Object.assign(process.env, ENV);
  });
  afterAll(() => {
    process.env = saved;
    sagemaker.restore();
    s3.restore();
  });

  it('uploads, trains, downloads and evaluates into one artifact directory', async () => {
    const { out: stdout } = output();
    s3.on(PutObjectCommand).resolves({});
    s3.on(GetObjectCommand).resolves({
      Body: body(new Uint8Array(readFileSync(path.join(FIXTURES, 'sagemaker-model.tar.gz')))),
    });
    sagemaker.on(CreateTrainingJobCommand).resolves({});
    sagemaker
      .on(DescribeTrainingJobCommand)
      .resolves({ TrainingJobStatus: 'Completed', ModelArtifacts: { S3ModelArtifacts: artifact } });
    const code = await main([
      ...args,
      '--hyperparameters',
      files['hp.json'],
      '--model-params',
      LEGACY_PARAMS,
      '--out',
      out,
    ]);
    expect(code).toBe(0);
    const hp = sagemaker.commandCalls(CreateTrainingJobCommand)[0].args[0].input.HyperParameters;
    expect(hp).toMatchObject({ eta: '0.2', max_depth: '3', num_round: '30', objective: 'binary:logistic' });
    expect(Number(hp?.scale_pos_weight)).toBeGreaterThan(1);
    expect(readdirSync(out).sort()).toEqual([
      'model.tar.gz',
      'model_params.json',
      'sagemaker-run.json',
      'xgboost-model',
    ]);
    const result = JSON.parse(stdout.join(''));
    expect(result).toMatchObject({ modelUri: artifact, out });
    expect(result.auc).toBeCloseTo(
      JSON.parse(readFileSync(path.join(FIXTURES, 'expected.json'), 'utf8')).auc,
      6,
    );
  });

  it('stops before any AWS call when model_params.json does not fit the data', async () => {
    const { err } = output();
    const params = tempFiles({
      'p.json': JSON.stringify({ feature_names: ['tenure'], scaler: { features: [], means: [], stds: [] } }),
    });
    expect(await main([...args, '--model-params', params['p.json'], '--out', path.join(out, 'x')])).toBe(2);
    expect(err[0]).toMatch(/names 1 features, the training file has 46/);
    expect(s3.calls()).toHaveLength(0);
    expect(sagemaker.calls()).toHaveLength(0);
    expect(existsSync(path.join(out, 'x'))).toBe(false);
  });

  it('exits 2 naming SAGEMAKER_ROLE_ARN when it is not set', async () => {
    const { err } = output();
    delete process.env.SAGEMAKER_ROLE_ARN;
    expect(await main(args)).toBe(2);
    expect(err[0]).toMatch(/^error: SAGEMAKER_ROLE_ARN is required/);
    expect(s3.calls()).toHaveLength(0);
  });
});
