import { DescribeImagesCommand, ECRClient } from '@aws-sdk/client-ecr';
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { GetParametersCommand, SSMClient } from '@aws-sdk/client-ssm';
import { InfraConfig, stem } from '@telco-churn/infrastructure/config';
import { UI_SECRET_NAMES, uiParameterPath } from '@telco-churn/infrastructure/stacks/churn-stack';

/** What the churn stack points at but does not create: it must exist before `deploy --stack churn`. */
export interface DeployInputs {
  readonly images: ReadonlyArray<{
    readonly repository: string;
    readonly tag: string;
    readonly hint: string;
  }>;
  readonly model: { readonly bucket: string; readonly key: string };
  readonly parameters: readonly string[];
}

export interface PreflightClients {
  readonly ecr: ECRClient;
  readonly s3: S3Client;
  readonly ssm: SSMClient;
}

export class MissingDeployInputsError extends Error {
  constructor(readonly missing: readonly string[]) {
    super(
      `the churn stack needs what does not exist yet (nothing was deployed):\n${missing.map((m) => `  - ${m}`).join('\n')}`,
    );
    this.name = 'MissingDeployInputsError';
  }
}

/** The same names the churn stack synthesizes (repositories, model location, UI parameters). */
export function deployInputs(config: InfraConfig, artifactsBucket: string): DeployInputs {
  const model = config.modelDataUrl
    ? (/^s3:\/\/([^/]+)\/(.+)$/.exec(config.modelDataUrl) as RegExpExecArray).slice(1)
    : [artifactsBucket, config.modelKey];
  const push = (image: string) =>
    `push it: npm run images:push -- --only ${image}, then export CHURN_${image.toUpperCase()}_IMAGE_TAG=<tag>`;
  return {
    images: [
      { repository: `${stem(config)}-api`, tag: config.apiImageTag, hint: push('api') },
      { repository: `${stem(config)}-ui`, tag: config.uiImageTag, hint: push('ui') },
    ],
    model: { bucket: model[0], key: model[1] },
    parameters: UI_SECRET_NAMES.map((name) => `${uiParameterPath(config)}${name}`),
  };
}

const status = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
const named = (error: unknown, ...names: string[]) => names.includes((error as Error).name);

/**
 * Checks every input and lists everything missing, each with how to make it. Errors other than
 * "not found" (no permission, no network) are thrown as they are: they are not a missing input.
 */
export async function missingDeployInputs(
  inputs: DeployInputs,
  clients: PreflightClients,
): Promise<string[]> {
  const missing: string[] = [];
  for (const image of inputs.images) {
    try {
      await clients.ecr.send(
        new DescribeImagesCommand({ repositoryName: image.repository, imageIds: [{ imageTag: image.tag }] }),
      );
    } catch (error) {
      if (named(error, 'RepositoryNotFoundException'))
        missing.push(
          `ECR repository ${image.repository}: deploy the artifacts stack first (npm run deploy -- --stack artifacts)`,
        );
      else if (named(error, 'ImageNotFoundException'))
        missing.push(`image ${image.repository}:${image.tag}: ${image.hint}`);
      else throw error;
    }
  }
  const { bucket, key } = inputs.model;
  try {
    await clients.s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
  } catch (error) {
    if (!named(error, 'NotFound', 'NoSuchKey', 'NoSuchBucket') && status(error) !== 404) throw error;
    missing.push(
      `model s3://${bucket}/${key}: npm run model:upload -- --file <model>, then export the CHURN_MODEL_KEY it prints`,
    );
  }
  const found = await clients.ssm.send(new GetParametersCommand({ Names: [...inputs.parameters] }));
  for (const name of found.InvalidParameters ?? []) {
    missing.push(`SSM parameter ${name}: CHURN_ADMIN_PASSWORD=... npm run secrets:put -- --username <name>`);
  }
  return missing;
}
