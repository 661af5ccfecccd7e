/**
 * The request bodies of the SageMaker jobs, as pure functions of the settings, so tests can
 * check their shape without AWS. CSV channels: label in the first column, no header — what the
 * built-in XGBoost reads for `text/csv`.
 */
import type {
  Channel,
  CreateHyperParameterTuningJobCommandInput,
  CreateModelCommandInput,
  CreateTrainingJobCommandInput,
  CreateTransformJobCommandInput,
  ParameterRanges,
  TrainingInstanceType,
  TransformInstanceType,
} from '@aws-sdk/client-sagemaker';
import { SageMakerSettings } from './config';
import { SageMakerConfigError } from './errors';
import { xgboostImageUri } from './images';
import { joinKey } from './s3';

export const TAGS = [{ Key: 'project', Value: 'telco-churn' }];

/** `base-YYYYMMDD-HHMMSS`, cut to SageMaker's limit (63 for training jobs, 32 for tuning jobs). */
export function jobName(base: string, date: Date, maxLength = 63): string {
  const stamp = date.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  const name = `${base.slice(0, maxLength - stamp.length - 1)}-${stamp}`;
  if (!/^[a-zA-Z0-9](-*[a-zA-Z0-9])*$/.test(name)) {
    throw new SageMakerConfigError(
      'job name',
      `"${name}" is not a valid SageMaker job name (letters, digits, single hyphens)`,
    );
  }
  return name;
}

const csvChannel = (name: string, uri: string): Channel => ({
  ChannelName: name,
  ContentType: 'text/csv',
  CompressionType: 'None',
  DataSource: {
    S3DataSource: { S3DataType: 'S3Prefix', S3Uri: uri, S3DataDistributionType: 'FullyReplicated' },
  },
});

function requireRole(settings: SageMakerSettings): string {
  if (!settings.roleArn)
    throw new SageMakerConfigError(
      'SAGEMAKER_ROLE_ARN',
      'SAGEMAKER_ROLE_ARN is required to start SageMaker jobs',
    );
  return settings.roleArn;
}

const outputPath = (s: SageMakerSettings): string => `s3://${s.bucket}/${joinKey(s.prefix, 'output')}/`;

function trainingParts(settings: SageMakerSettings, data: { trainUri: string; validationUri: string }) {
  const { training } = settings;
  return {
    AlgorithmSpecification: {
      TrainingImage: xgboostImageUri(settings.region),
      TrainingInputMode: 'File' as const,
    },
    RoleArn: requireRole(settings),
    InputDataConfig: [csvChannel('train', data.trainUri), csvChannel('validation', data.validationUri)],
    OutputDataConfig: { S3OutputPath: outputPath(settings) },
    ResourceConfig: {
      InstanceType: training.instanceType as TrainingInstanceType,
      InstanceCount: training.instanceCount,
      VolumeSizeInGB: training.volumeSizeGb,
    },
    // Spot training must also say how long it may wait for capacity (at least the run time).
    StoppingCondition: training.spot
      ? {
          MaxRuntimeInSeconds: training.maxRuntimeSeconds,
          MaxWaitTimeInSeconds: training.maxRuntimeSeconds * 2,
        }
      : { MaxRuntimeInSeconds: training.maxRuntimeSeconds },
    EnableManagedSpotTraining: training.spot,
  };
}

export function trainingJobRequest(
  settings: SageMakerSettings,
  job: { name: string; trainUri: string; validationUri: string; hyperparameters: Record<string, string> },
): CreateTrainingJobCommandInput {
  return {
    TrainingJobName: job.name,
    HyperParameters: job.hyperparameters,
    ...trainingParts(settings, job),
    // A spot instance can be taken back mid-run; the XGBoost container then resumes from the
    // last checkpoint in S3 instead of round 0.
    ...(settings.training.spot
      ? {
          CheckpointConfig: {
            S3Uri: `s3://${settings.bucket}/${joinKey(settings.prefix, 'checkpoints', job.name)}/`,
          },
        }
      : {}),
    Tags: TAGS,
  };
}

/** The search space of the tuning job: XGBoost's usual ranges, learning rate on a log scale. */
export const TUNING_RANGES: ParameterRanges = {
  ContinuousParameterRanges: [
    { Name: 'eta', MinValue: '0.01', MaxValue: '0.3', ScalingType: 'Logarithmic' },
    { Name: 'min_child_weight', MinValue: '1', MaxValue: '10', ScalingType: 'Auto' },
    { Name: 'subsample', MinValue: '0.5', MaxValue: '1', ScalingType: 'Linear' },
    { Name: 'colsample_bytree', MinValue: '0.5', MaxValue: '1', ScalingType: 'Linear' },
    { Name: 'lambda', MinValue: '0.1', MaxValue: '10', ScalingType: 'Logarithmic' },
    { Name: 'gamma', MinValue: '0', MaxValue: '5', ScalingType: 'Linear' },
  ],
  IntegerParameterRanges: [{ Name: 'max_depth', MinValue: '2', MaxValue: '8', ScalingType: 'Linear' }],
};

/**
 * A Bayesian search that maximises `validation:auc`: the metric the container computes on the
 * validation channel — a split of the training rows, never the test split.
 */
export function tuningJobRequest(
  settings: SageMakerSettings,
  job: {
    name: string;
    trainUri: string;
    validationUri: string;
    hyperparameters: Record<string, string>;
    maxJobs: number;
    maxParallel: number;
  },
): CreateHyperParameterTuningJobCommandInput {
  const tuned = new Set(
    [...(TUNING_RANGES.ContinuousParameterRanges ?? []), ...(TUNING_RANGES.IntegerParameterRanges ?? [])].map(
      (r) => r.Name,
    ),
  );
  const fixed = Object.fromEntries(Object.entries(job.hyperparameters).filter(([k]) => !tuned.has(k)));
  // The objective metric only exists if the container evaluates AUC on the validation channel.
  fixed.eval_metric = 'auc';
  const { AlgorithmSpecification, ...parts } = trainingParts(settings, job);
  return {
    HyperParameterTuningJobName: job.name,
    HyperParameterTuningJobConfig: {
      Strategy: 'Bayesian',
      HyperParameterTuningJobObjective: { Type: 'Maximize', MetricName: 'validation:auc' },
      ResourceLimits: { MaxNumberOfTrainingJobs: job.maxJobs, MaxParallelTrainingJobs: job.maxParallel },
      ParameterRanges: TUNING_RANGES,
      TrainingJobEarlyStoppingType: 'Auto',
    },
    TrainingJobDefinition: {
      AlgorithmSpecification: {
        TrainingImage: AlgorithmSpecification.TrainingImage,
        TrainingInputMode: 'File',
      },
      StaticHyperParameters: fixed,
      ...parts,
    },
    Tags: TAGS,
  };
}

/** The SageMaker Model a batch transform runs: the built-in image plus our model.tar.gz. */
export function modelRequest(
  settings: SageMakerSettings,
  name: string,
  modelUri: string,
): CreateModelCommandInput {
  return {
    ModelName: name,
    ExecutionRoleArn: requireRole(settings),
    PrimaryContainer: { Image: xgboostImageUri(settings.region), ModelDataUrl: modelUri },
    Tags: TAGS,
  };
}

/**
 * Scores every line of the CSV objects under `inputUri`. With `firstColumnIsKey` (a label or
 * id in column 1) the container gets only the features (`$[1:]`) and each output line is that
 * key joined with its probability (`$[0,-1]`), so results can be matched back to rows.
 */
export function transformJobRequest(
  settings: SageMakerSettings,
  job: { name: string; modelName: string; inputUri: string; outputUri: string; firstColumnIsKey: boolean },
): CreateTransformJobCommandInput {
  return {
    TransformJobName: job.name,
    ModelName: job.modelName,
    // Many lines per request (up to the 6 MB payload limit) instead of one request per line.
    BatchStrategy: 'MultiRecord',
    MaxPayloadInMB: 6,
    TransformInput: {
      DataSource: { S3DataSource: { S3DataType: 'S3Prefix', S3Uri: job.inputUri } },
      ContentType: 'text/csv',
      SplitType: 'Line',
      CompressionType: 'None',
    },
    TransformOutput: { S3OutputPath: job.outputUri, Accept: 'text/csv', AssembleWith: 'Line' },
    TransformResources: {
      InstanceType: settings.transform.instanceType as TransformInstanceType,
      InstanceCount: settings.transform.instanceCount,
    },
    ...(job.firstColumnIsKey
      ? { DataProcessing: { InputFilter: '$[1:]', JoinSource: 'Input', OutputFilter: '$[0,-1]' } }
      : {}),
    Tags: TAGS,
  };
}
