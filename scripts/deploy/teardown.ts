import { DeleteObjectsCommand, ListObjectVersionsCommand, S3Client } from '@aws-sdk/client-s3';
import { parseOptions } from './lib/cli';
import { awsCredentials, requirePrerequisites } from './lib/prereq';
import { backendProblem, cdktf, main, stackOutputs, requiredTerraform } from './lib/run';
import { bucketRegion } from './model-upload';

const USAGE = 'npm run teardown -- [--artifacts] [--yes]';

export function parseTeardownArgs(argv: readonly string[]): { artifacts: boolean; yes: boolean } {
  const args = parseOptions(
    argv,
    { artifacts: { type: 'boolean', default: false }, yes: { type: 'boolean', default: false } },
    USAGE,
  );
  return { artifacts: Boolean(args.artifacts), yes: Boolean(args.yes) };
}

/** Deletes every version of every object: a versioned bucket must be empty before it can go. */
async function emptyBucket(bucket: string): Promise<number> {
  const s3 = new S3Client({ region: bucketRegion(bucket) });
  let deleted = 0;
  let keyMarker: string | undefined;
  let versionIdMarker: string | undefined;
  do {
    const page = await s3.send(
      new ListObjectVersionsCommand({
        Bucket: bucket,
        KeyMarker: keyMarker,
        VersionIdMarker: versionIdMarker,
      }),
    );
    const objects = [...(page.Versions ?? []), ...(page.DeleteMarkers ?? [])].map((v) => ({
      Key: v.Key!,
      VersionId: v.VersionId,
    }));
    if (objects.length > 0) {
      await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects: objects, Quiet: true } }));
      deleted += objects.length;
    }
    keyMarker = page.IsTruncated ? page.NextKeyMarker : undefined;
    versionIdMarker = page.IsTruncated ? page.NextVersionIdMarker : undefined;
  } while (keyMarker);
  return deleted;
}

/**
 * Destroys the platform (churn stack); with --artifacts also the ECR repositories and the model
 * bucket. The state stack and its bucket stay: they hold the record of what was deployed.
 */
async function teardown(argv: readonly string[]): Promise<void> {
  const { artifacts, yes } = parseTeardownArgs(argv);
  await requirePrerequisites([
    requiredTerraform(),
    awsCredentials(),
    { name: 'backend.tf.json', check: backendProblem, hint: 'nothing to tear down without remote state' },
  ]);
  cdktf('destroy', 'churn', yes);
  if (artifacts) {
    const bucket = stackOutputs('artifacts').artifacts_bucket;
    console.log(`emptying s3://${bucket}: ${await emptyBucket(bucket)} object versions deleted`);
    cdktf('destroy', 'artifacts', yes);
  }
  console.log(
    '\nThe state bucket is kept (prevent_destroy). To remove it too, empty it and delete it in the console once no stack uses it.',
  );
}

if (require.main === module) main(() => teardown(process.argv.slice(2)));
