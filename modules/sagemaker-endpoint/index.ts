import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { SagemakerEndpoint } from '@cdktf/provider-aws/lib/sagemaker-endpoint';
import { SagemakerEndpointConfiguration } from '@cdktf/provider-aws/lib/sagemaker-endpoint-configuration';
import { SagemakerModel } from '@cdktf/provider-aws/lib/sagemaker-model';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { createHash } from 'node:crypto';
import { ITerraformDependable } from 'cdktf';
import { Construct } from 'constructs';
import { ChurnConstruct } from '../shared/construct';
import { grant } from '../iam/policy';
import { metricAlarm } from '../monitoring';
import { checkRetention, DEFAULT_LOG_RETENTION_DAYS, retainedLogGroup } from '../shared/logs';
import { check, isLiteral } from '../shared/errors';
import { Tags, withName } from '../shared/tags';
import { PrebuiltXgboostImage, ServingImage } from './image';

export { PrebuiltXgboostImage } from './image';
export type { ServingImage } from './image';

/** Serverless endpoints accept 1024..6144 MB in 1 GB steps. */
export const SERVERLESS_MEMORY_MB = [1024, 2048, 3072, 4096, 5120, 6144] as const;
export const VARIANT_NAME = 'AllTraffic';

export interface ChurnSagemakerEndpointProps {
  /** Endpoint name (stable: the Lambda calls it by name), e.g. `churn-dev`. 1..30 characters. */
  readonly name: string;
  /** The role SageMaker assumes to read the artifact and pull the image. */
  readonly executionRole: IamRole;
  /**
   * The role's policies that let it read the artifact and pull the image: the model and endpoint
   * are created after them (SageMaker checks access when it creates them).
   */
  readonly executionRoleAccess?: readonly ITerraformDependable[];
  /** `s3://bucket/key/model.tar.gz`. Upload each model under a new key so the change deploys. */
  readonly modelDataUrl: string;
  /**
   * Any change replaces the model (and so the config). Default: a digest of modelDataUrl when it
   * is known at synth time; pass one when the URL holds tokens (a bucket looked up at plan).
   */
  readonly modelVersion?: string;
  /** Default: the prebuilt XGBoost 1.7-1 image of the stack's region. */
  readonly image?: ServingImage;
  /** Serverless memory, one of 1024..6144 in 1024 steps. Default 2048. */
  readonly memorySizeInMb?: number;
  /** Serverless max concurrency, 1..200. Default 5. */
  readonly maxConcurrency?: number;
  /** Alarms on invocation errors notify this topic. */
  readonly alarmTopic?: SnsTopic;
  /** Retention of the endpoint's container logs. Default 30 days. */
  readonly logRetentionDays?: number;
  readonly tags?: Tags;
}

/**
 * Model, serverless endpoint config and endpoint. Configs are immutable: a new model artifact
 * makes a new model (name derived from the artifact) and a new config (name_prefix, both
 * create-before-destroy); the endpoint then updates in place to the new config, so a model change
 * deploys without downtime and without "already exists" errors.
 */
export class ChurnSagemakerEndpoint extends ChurnConstruct {
  readonly model: SagemakerModel;
  readonly endpointConfiguration: SagemakerEndpointConfiguration;
  readonly endpoint: SagemakerEndpoint;
  readonly image: ServingImage;
  readonly invocationErrorsAlarm: CloudwatchMetricAlarm;
  /** `/aws/sagemaker/Endpoints/<name>`: the serving container's logs (ModelError points here). */
  readonly logGroup: CloudwatchLogGroup;

  constructor(scope: Construct, id: string, props: ChurnSagemakerEndpointProps) {
    super(scope, id, 'ChurnSagemakerEndpoint', props.tags);
    const { where } = this;
    const memory = props.memorySizeInMb ?? 2048;
    const concurrency = props.maxConcurrency ?? 5;
    check(
      /^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,29}$/.test(props.name),
      where,
      'name',
      'use 1..30 letters, digits and inner hyphens',
    );
    check(
      (SERVERLESS_MEMORY_MB as readonly number[]).includes(memory),
      where,
      'memorySizeInMb',
      `${memory} is not a serverless memory size; use one of ${SERVERLESS_MEMORY_MB.join(', ')}`,
    );
    check(
      Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 200,
      where,
      'maxConcurrency',
      `${concurrency} is outside 1..200`,
    );
    if (isLiteral(props.modelDataUrl)) {
      check(
        /^s3:\/\/[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]\/.+\.tar\.gz$/.test(props.modelDataUrl),
        where,
        'modelDataUrl',
        `"${props.modelDataUrl}" is not an s3://bucket/key.tar.gz URI`,
      );
    }
    const retention = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    checkRetention(where, 'logRetentionDays', retention);

    this.image = props.image ?? new PrebuiltXgboostImage(this, 'xgboost');
    const version = props.modelVersion ?? (isLiteral(props.modelDataUrl) ? props.modelDataUrl : undefined);
    // The name must change whenever the model is replaced (artifact or image), or
    // create-before-destroy collides with the old name. Without a version Terraform generates it.
    const imageRef = this.image.reference ?? (isLiteral(this.image.imageUri) ? this.image.imageUri : '');
    const modelName = version === undefined ? undefined : `${props.name}-${fingerprint(version, imageRef)}`;

    const access = [...(props.executionRoleAccess ?? [])];
    this.model = new SagemakerModel(this, 'model', {
      dependsOn: access,
      name: modelName,
      executionRoleArn: props.executionRole.arn,
      primaryContainer: { image: this.image.imageUri, modelDataUrl: props.modelDataUrl, mode: 'SingleModel' },
      tags: withName(props.tags, modelName ?? `${props.name}-model`),
      lifecycle: { createBeforeDestroy: true },
    });
    this.endpointConfiguration = new SagemakerEndpointConfiguration(this, 'config', {
      namePrefix: `${props.name}-`,
      productionVariants: [
        {
          variantName: VARIANT_NAME,
          initialVariantWeight: 1, // AWS's default, stated so the plan holds no value only AWS fills in (modules/terraform: redeploy plans)
          modelName: this.model.name,
          serverlessConfig: { memorySizeInMb: memory, maxConcurrency: concurrency },
        },
      ],
      tags: withName(props.tags, `${props.name}-config`),
      lifecycle: { createBeforeDestroy: true },
    });
    // SageMaker writes the container's logs with the execution role; created here so they have
    // a retention, and the role may write to this group only.
    this.logGroup = retainedLogGroup(
      this,
      'logs',
      `/aws/sagemaker/Endpoints/${props.name}`,
      retention,
      props.tags,
    );
    const logAccess = grant(this, 'endpoint-logs', props.executionRole, [
      {
        sid: 'WriteEndpointLogs',
        actions: [
          'logs:CreateLogGroup',
          'logs:CreateLogStream',
          'logs:DescribeLogStreams',
          'logs:PutLogEvents',
        ],
        resources: [this.logGroup.arn, `${this.logGroup.arn}:log-stream:*`],
      },
    ]);
    this.endpoint = new SagemakerEndpoint(this, 'endpoint', {
      dependsOn: [logAccess, ...access],
      name: props.name,
      endpointConfigName: this.endpointConfiguration.name,
      tags: withName(props.tags, props.name),
    });

    this.invocationErrorsAlarm = metricAlarm(
      this,
      'invocation-errors',
      {
        name: `${props.name}-endpoint-invocation-errors`,
        description: 'The churn endpoint answered with 5xx (model errors, timeouts).',
        namespace: 'AWS/SageMaker',
        metricName: 'Invocation5XXErrors',
        dimensions: { EndpointName: props.name, VariantName: VARIANT_NAME },
        statistic: 'Sum',
        threshold: 5,
      },
      props.alarmTopic,
      props.tags,
    );
  }
}

/** Short stable digest: any change of artifact or image gives a new model name. */
function fingerprint(...parts: Array<string | number>): string {
  return createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 10);
}
