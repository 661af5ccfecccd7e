/**
 * Batch transform: scores a CSV in S3 too large for one machine (or one endpoint call) with the
 * built-in XGBoost container, writing `<input file>.out` under the output prefix.
 */
import {
  CreateModelCommand,
  CreateTransformJobCommand,
  DescribeTransformJobCommand,
  DescribeTransformJobCommandOutput,
} from '@aws-sdk/client-sagemaker';
import { stepFailed } from './errors';
import { jobName, modelRequest, transformJobRequest } from './jobs';
import { joinKey, parseS3Uri } from './s3';
import { RunContext } from './training';
import { pollUntilDone } from './wait';

export interface TransformOptions {
  /** model.tar.gz in S3 (a training job's artifact). */
  modelUri: string;
  /** A CSV object or a prefix of CSV objects: features only, or a key column first (see below). */
  inputUri: string;
  /** Defaults to `s3://<bucket>/<prefix>/transform/<job>/`. */
  outputUri?: string;
  /** The first column is a label or id to carry through, not a feature. */
  firstColumnIsKey: boolean;
}

function transformState(d: DescribeTransformJobCommandOutput) {
  const status = d.TransformJobStatus;
  return {
    done: status === 'Completed',
    failure:
      status === 'Failed' || status === 'Stopped'
        ? `transform job ${d.TransformJobName} ${status.toLowerCase()}: ${d.FailureReason ?? 'no reason given'}`
        : undefined,
    status: status ?? 'Unknown',
  };
}

export async function runBatchTransform(
  ctx: RunContext,
  opts: TransformOptions,
): Promise<{ job: string; outputUri: string }> {
  parseS3Uri(opts.modelUri);
  parseS3Uri(opts.inputUri);
  const now = ctx.now ?? (() => new Date());
  const name = jobName('telco-churn-batch', now());
  const { bucket, prefix } = ctx.settings;
  const outputUri = opts.outputUri ?? `s3://${bucket}/${joinKey(prefix, 'transform', name)}/`;
  try {
    await ctx.sagemaker.send(new CreateModelCommand(modelRequest(ctx.settings, name, opts.modelUri)));
  } catch (cause) {
    throw stepFailed(`create model ${name}`, cause);
  }
  try {
    await ctx.sagemaker.send(
      new CreateTransformJobCommand(
        transformJobRequest(ctx.settings, {
          name,
          modelName: name,
          inputUri: opts.inputUri,
          outputUri,
          firstColumnIsKey: opts.firstColumnIsKey,
        }),
      ),
    );
  } catch (cause) {
    throw stepFailed(`start transform job ${name}`, cause);
  }
  ctx.log(`started transform job ${name}: ${opts.inputUri} -> ${outputUri}`);
  await pollUntilDone(
    `transform job ${name}`,
    () => ctx.sagemaker.send(new DescribeTransformJobCommand({ TransformJobName: name })),
    transformState,
    { ...ctx.settings.polling, sleep: ctx.sleep, onStatus: (status) => ctx.log(`${name}: ${status}`) },
  );
  return { job: name, outputUri };
}
