import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { modelFromTar, packModelTarGz } from '@telco-churn/xgboost-runtime/tar';
import { parseModel } from '@telco-churn/xgboost-runtime/parse';
import { parseOptions, UsageError } from './lib/cli';
import { awsCredentials, commandOnPath, Prerequisite, requirePrerequisites } from './lib/prereq';
import { main, stackOutputs } from './lib/run';

const USAGE =
  'npm run model:upload -- --file <xgboost-model | model.tar.gz> [--bucket <name>] [--region <region>]';

export interface PackedModel {
  readonly body: Buffer;
  /** `models/<sha256 prefix>/model.tar.gz`: a new model gets a new key, so deploying it replaces the SageMaker model. */
  readonly key: string;
}

/**
 * Repackages any model the runtime can read (XGBoost JSON, legacy binary, or a model.tar.gz) as
 * SageMaker wants it: one file, `xgboost-model`, in a deterministic tar.gz.
 */
export function packModel(bytes: Uint8Array, source: string): PackedModel {
  const isGzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const model = isGzip ? modelFromTar(bytes, source) : bytes;
  parseModel(model, source); // refuse to upload what the runtime (and SageMaker) cannot load
  const body = packModelTarGz(model);
  const digest = createHash('sha256').update(body).digest('hex').slice(0, 16);
  return { body, key: `models/${digest}/model.tar.gz` };
}

export function parseUploadArgs(argv: readonly string[]): { file: string; bucket?: string; region?: string } {
  const args = parseOptions(
    argv,
    { file: { type: 'string' }, bucket: { type: 'string' }, region: { type: 'string' } },
    USAGE,
  );
  if (!args.file) throw new UsageError('--file is required', USAGE);
  return {
    file: args.file as string,
    bucket: args.bucket as string | undefined,
    region: args.region as string | undefined,
  };
}

async function upload(argv: readonly string[]): Promise<void> {
  const args = parseUploadArgs(argv);
  const needs: Prerequisite[] = [awsCredentials()];
  if (!args.bucket) needs.push(commandOnPath('terraform', ['version']));
  await requirePrerequisites(needs);
  const packed = packModel(readFileSync(args.file), args.file);
  const bucket = args.bucket ?? stackOutputs('artifacts').artifacts_bucket;
  const s3 = new S3Client({ region: args.region ?? bucketRegion(bucket) });

  const exists = await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: packed.key })).then(
    () => true,
    (error: { name?: string }) => {
      if (error.name === 'NotFound') return false;
      throw error;
    },
  );
  if (exists) console.log(`s3://${bucket}/${packed.key} already holds this model.`);
  else {
    await s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: packed.key,
        Body: packed.body,
        ContentType: 'application/gzip',
        ServerSideEncryption: 'AES256',
      }),
    );
    console.log(`Uploaded s3://${bucket}/${packed.key} (${packed.body.length} bytes).`);
  }
  console.log(`\nDeploy it with:\n  export CHURN_MODEL_KEY=${packed.key}\n  npm run deploy -- --stack churn`);
}

/** The artifacts bucket name ends in its region (`<stem>-artifacts-<account>-<region>`). */
export function bucketRegion(bucket: string): string | undefined {
  return /-(\w{2}(?:-[a-z]+)+-\d)$/.exec(bucket)?.[1];
}

if (require.main === module) main(() => upload(process.argv.slice(2)));
