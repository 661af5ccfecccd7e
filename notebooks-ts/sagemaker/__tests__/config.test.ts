import { loadSettings, toSageMakerHyperparameters, validateOptions } from '../config';
import { SageMakerConfigError } from '../errors';
import { XGBOOST_IMAGE_ACCOUNTS, xgboostImageUri } from '../images';
import { ENV } from './helpers';

const settingError = (fn: () => unknown): { setting: string; message: string } => {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(SageMakerConfigError);
    return { setting: (error as SageMakerConfigError).setting, message: (error as Error).message };
  }
  throw new Error('expected a SageMakerConfigError');
};

describe('xgboostImageUri', () => {
  it("gives the built-in XGBoost 1.7-1 image of the region's registry account", () => {
    expect(xgboostImageUri('eu-central-1')).toBe(
      '492215442770.dkr.ecr.eu-central-1.amazonaws.com/sagemaker-xgboost:1.7-1',
    );
    expect(xgboostImageUri('us-east-1')).toBe(
      '683313688378.dkr.ecr.us-east-1.amazonaws.com/sagemaker-xgboost:1.7-1',
    );
  });

  it('uses the .com.cn domain in the China regions', () => {
    expect(xgboostImageUri('cn-north-1')).toBe(
      '450853457545.dkr.ecr.cn-north-1.amazonaws.com.cn/sagemaker-xgboost:1.7-1',
    );
  });

  it('refuses a region it has no account for, naming it', () => {
    expect(() => xgboostImageUri('xx-nowhere-1')).toThrow(
      'no SageMaker XGBoost image is known for region "xx-nowhere-1"',
    );
  });

  it('keeps one twelve-digit account per region', () => {
    expect(Object.values(XGBOOST_IMAGE_ACCOUNTS).every((a) => /^\d{12}$/.test(a))).toBe(true);
  });
});

describe('loadSettings', () => {
  it('fills the defaults around the required bucket', () => {
    const s = loadSettings({ SAGEMAKER_BUCKET: 'churn-bucket' });
    expect(s).toMatchObject({
      region: 'eu-central-1',
      bucket: 'churn-bucket',
      prefix: 'telco-churn',
      training: { instanceType: 'ml.m5.large', instanceCount: 1, spot: false, maxRuntimeSeconds: 3600 },
      polling: { minDelayMs: 15_000, maxDelayMs: 60_000 },
    });
    expect(s.roleArn).toBeUndefined();
  });

  it('reads numbers and flags from their string form', () => {
    const s = loadSettings({
      ...ENV,
      SAGEMAKER_USE_SPOT: 'true',
      SAGEMAKER_TRAINING_INSTANCE_COUNT: '2',
      SAGEMAKER_PREFIX: '/a/b/',
    });
    expect(s.training).toMatchObject({ spot: true, instanceCount: 2 });
    expect(s.prefix).toBe('a/b');
  });

  it.each([
    ['SAGEMAKER_BUCKET', {}, /SAGEMAKER_BUCKET is required/],
    ['SAGEMAKER_BUCKET', { ...ENV, SAGEMAKER_BUCKET: 'Bad_Bucket' }, /S3 bucket name/],
    ['SAGEMAKER_ROLE_ARN', { ...ENV, SAGEMAKER_ROLE_ARN: 'SageMakerRole' }, /IAM role ARN/],
    [
      'SAGEMAKER_TRAINING_INSTANCE_TYPE',
      { ...ENV, SAGEMAKER_TRAINING_INSTANCE_TYPE: 'm5.large' },
      /instance type/,
    ],
    ['AWS_REGION', { ...ENV, AWS_REGION: 'Frankfurt' }, /region name/],
    [
      'SAGEMAKER_POLL_MAX_SECONDS',
      { ...ENV, SAGEMAKER_POLL_SECONDS: '30', SAGEMAKER_POLL_MAX_SECONDS: '10' },
      /at least/,
    ],
  ])('stops on a bad or missing %s and names it', (setting, env, message) => {
    const error = settingError(() => loadSettings(env as Record<string, string>));
    expect(error.setting).toBe(setting);
    expect(error.message).toMatch(message);
  });

  it('requires the execution role only for steps that start jobs', () => {
    expect(() => loadSettings({ SAGEMAKER_BUCKET: 'churn-bucket' }, false)).not.toThrow();
    expect(settingError(() => loadSettings({ SAGEMAKER_BUCKET: 'churn-bucket' }, true)).setting).toBe(
      'SAGEMAKER_ROLE_ARN',
    );
  });
});

describe('toSageMakerHyperparameters', () => {
  it("takes the hyperparameters of a metrics.json and turns every value into SageMaker's strings", () => {
    const metrics = {
      model_version: 'x',
      hyperparameters: { eta: 0.05, max_depth: 4, num_round: 300, subsample: 0.8 },
    };
    expect(toSageMakerHyperparameters(metrics)).toEqual({
      objective: 'binary:logistic',
      eval_metric: 'auc',
      eta: '0.05',
      max_depth: '4',
      num_round: '300',
      subsample: '0.8',
    });
  });

  it('defaults to 100 rounds of binary:logistic with AUC when given nothing', () => {
    expect(toSageMakerHyperparameters({})).toEqual({
      objective: 'binary:logistic',
      eval_metric: 'auc',
      num_round: '100',
    });
  });

  it("turns the local pipeline's class weighting into scale_pos_weight = negatives / positives", () => {
    const metrics = { hyperparameters: { eta: 0.1, balance: 'weight' } };
    expect(toSageMakerHyperparameters(metrics, 'metrics.json', { rows: 400, positives: 100 })).toMatchObject({
      eta: '0.1',
      scale_pos_weight: '3',
    });
    expect(toSageMakerHyperparameters({ balance: 'none' })).not.toHaveProperty('balance');
    expect(() => toSageMakerHyperparameters({ balance: 'weight' }, 'metrics.json')).toThrow(
      'needs the class counts',
    );
  });

  it('names every unknown or out-of-range hyper-parameter', () => {
    const { message } = settingError(() =>
      toSageMakerHyperparameters({ eta: 2, max_depht: 3, objective: 'multi:softmax' }, 'best.json'),
    );
    expect(message).toMatch(/^best\.json: /);
    expect(message).toContain('eta must be less than or equal to 1');
    expect(message).toContain('max_depht is not a hyper-parameter');
    expect(message).toContain('objective must be [binary:logistic]');
  });
});

describe('validateOptions', () => {
  it('applies the defaults of a command', () => {
    expect(validateOptions('train', { train: 'a.csv', validation: 'b.csv' })).toMatchObject({
      tune: false,
      threshold: 0.5,
      'max-jobs': 20,
      'max-parallel': 2,
    });
  });

  it('names a missing option, a bad S3 URI and an option of another command', () => {
    expect(settingError(() => validateOptions('train', { train: 'a.csv' })).message).toBe(
      '--validation is required',
    );
    expect(
      settingError(() => validateOptions('transform', { 'model-uri': 'model.tar.gz', input: 's3://b/x' }))
        .message,
    ).toMatch(/--model-uri must be an S3 URI/);
    expect(
      settingError(() => validateOptions('evaluate', { model: 'm', test: 't', tune: true })).message,
    ).toBe('--tune is not an option of this command');
  });
});
