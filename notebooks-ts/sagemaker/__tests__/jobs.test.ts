import { jobName, modelRequest, trainingJobRequest, transformJobRequest, tuningJobRequest } from '../jobs';
import { loadSettings } from '../config';
import { ENV, ROLE } from './helpers';

const settings = loadSettings(ENV, true);
const data = {
  trainUri: 's3://churn-bucket/telco-churn/data/r/train/',
  validationUri: 's3://churn-bucket/telco-churn/data/r/validation/',
};
const IMAGE = '492215442770.dkr.ecr.eu-central-1.amazonaws.com/sagemaker-xgboost:1.7-1';

describe('jobName', () => {
  const at = new Date('2026-11-24T01:02:03.456Z');

  it('stamps the base name with the UTC time', () => {
    expect(jobName('telco-churn-xgb', at)).toBe('telco-churn-xgb-20261124-010203');
  });

  it("cuts the base so the name fits SageMaker's limit", () => {
    const name = jobName('telco-churn-hyperparameter-search', at, 32);
    expect(name).toHaveLength(32);
    expect(name.endsWith('-20261124-010203')).toBe(true);
  });

  it('refuses characters SageMaker does not allow', () => {
    expect(() => jobName('telco_churn', at)).toThrow('not a valid SageMaker job name');
  });
});

describe('trainingJobRequest', () => {
  const request = trainingJobRequest(settings, {
    name: 'job-1',
    ...data,
    hyperparameters: { num_round: '100' },
  });

  it('runs the built-in XGBoost 1.7-1 image with the execution role', () => {
    expect(request.AlgorithmSpecification).toEqual({ TrainingImage: IMAGE, TrainingInputMode: 'File' });
    expect(request.RoleArn).toBe(ROLE);
    expect(request.HyperParameters).toEqual({ num_round: '100' });
  });

  it('feeds train and validation channels as headerless CSV prefixes', () => {
    expect(request.InputDataConfig).toEqual([
      {
        ChannelName: 'train',
        ContentType: 'text/csv',
        CompressionType: 'None',
        DataSource: {
          S3DataSource: {
            S3DataType: 'S3Prefix',
            S3Uri: data.trainUri,
            S3DataDistributionType: 'FullyReplicated',
          },
        },
      },
      expect.objectContaining({ ChannelName: 'validation' }),
    ]);
    expect(request.OutputDataConfig).toEqual({ S3OutputPath: 's3://churn-bucket/telco-churn/output/' });
  });

  it('sizes the instance from the settings and bounds the run time', () => {
    expect(request.ResourceConfig).toEqual({
      InstanceType: 'ml.m5.large',
      InstanceCount: 1,
      VolumeSizeInGB: 10,
    });
    expect(request.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 3600 });
    expect(request.EnableManagedSpotTraining).toBe(false);
  });

  it('gives spot training a longer wait than its run time and a checkpoint prefix to resume from', () => {
    const spot = trainingJobRequest(loadSettings({ ...ENV, SAGEMAKER_USE_SPOT: 'true' }, true), {
      name: 'job-2',
      ...data,
      hyperparameters: {},
    });
    expect(spot.EnableManagedSpotTraining).toBe(true);
    expect(spot.StoppingCondition).toEqual({ MaxRuntimeInSeconds: 3600, MaxWaitTimeInSeconds: 7200 });
    expect(spot.CheckpointConfig).toEqual({ S3Uri: 's3://churn-bucket/telco-churn/checkpoints/job-2/' });
    expect(request.CheckpointConfig).toBeUndefined();
  });

  it('refuses to build a job without an execution role', () => {
    const noRole = loadSettings({ SAGEMAKER_BUCKET: 'churn-bucket' });
    expect(() => trainingJobRequest(noRole, { name: 'j', ...data, hyperparameters: {} })).toThrow(
      'SAGEMAKER_ROLE_ARN',
    );
  });
});

describe('tuningJobRequest', () => {
  const request = tuningJobRequest(settings, {
    name: 'hpo-1',
    ...data,
    hyperparameters: {
      objective: 'binary:logistic',
      eval_metric: 'logloss',
      num_round: '300',
      eta: '0.1',
      max_depth: '4',
    },
    maxJobs: 20,
    maxParallel: 2,
  });

  it('maximises validation AUC with a Bayesian search within the job budget', () => {
    expect(request.HyperParameterTuningJobConfig).toMatchObject({
      Strategy: 'Bayesian',
      HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'validation:auc' },
      ResourceLimits: { MaxNumberOfTrainingJobs: 20, MaxParallelTrainingJobs: 2 },
    });
  });

  it('keeps tuned parameters out of the static ones and makes the container compute AUC', () => {
    expect(request.TrainingJobDefinition?.StaticHyperParameters).toEqual({
      objective: 'binary:logistic',
      eval_metric: 'auc',
      num_round: '300',
    });
    const ranges = request.HyperParameterTuningJobConfig?.ParameterRanges;
    expect(ranges?.ContinuousParameterRanges?.find((r) => r.Name === 'eta')).toEqual({
      Name: 'eta',
      MinValue: '0.01',
      MaxValue: '0.3',
      ScalingType: 'Logarithmic',
    });
    expect(ranges?.IntegerParameterRanges?.map((r) => r.Name)).toEqual(['max_depth']);
  });

  it('trains every candidate on the same channels and image', () => {
    const def = request.TrainingJobDefinition;
    expect(def?.AlgorithmSpecification).toEqual({ TrainingImage: IMAGE, TrainingInputMode: 'File' });
    expect(def?.InputDataConfig?.map((c) => c.ChannelName)).toEqual(['train', 'validation']);
    expect(def?.RoleArn).toBe(ROLE);
  });
});

describe('batch transform requests', () => {
  it('makes a model of the built-in image and the artifact', () => {
    expect(modelRequest(settings, 'm-1', 's3://churn-bucket/out/model.tar.gz')).toMatchObject({
      ModelName: 'm-1',
      ExecutionRoleArn: ROLE,
      PrimaryContainer: { Image: IMAGE, ModelDataUrl: 's3://churn-bucket/out/model.tar.gz' },
    });
  });

  it('splits the input by line and sends many lines per request', () => {
    const request = transformJobRequest(settings, {
      name: 't-1',
      modelName: 'm-1',
      inputUri: 's3://churn-bucket/big.csv',
      outputUri: 's3://churn-bucket/scores/',
      firstColumnIsKey: false,
    });
    expect(request).toMatchObject({
      BatchStrategy: 'MultiRecord',
      MaxPayloadInMB: 6,
      TransformInput: { ContentType: 'text/csv', SplitType: 'Line' },
      TransformOutput: {
        S3OutputPath: 's3://churn-bucket/scores/',
        Accept: 'text/csv',
        AssembleWith: 'Line',
      },
      TransformResources: { InstanceType: 'ml.m5.large', InstanceCount: 1 },
    });
    expect(request.DataProcessing).toBeUndefined();
  });

  it('hides a key column from the model and joins it back to each score', () => {
    const request = transformJobRequest(settings, {
      name: 't-2',
      modelName: 'm-1',
      inputUri: 's3://churn-bucket/big.csv',
      outputUri: 's3://churn-bucket/scores/',
      firstColumnIsKey: true,
    });
    expect(request.DataProcessing).toEqual({
      InputFilter: '$[1:]',
      JoinSource: 'Input',
      OutputFilter: '$[0,-1]',
    });
  });
});
