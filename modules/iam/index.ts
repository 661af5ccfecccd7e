import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { ChurnConstruct } from '../shared/construct';
import { check } from '../shared/errors';
import { Tags, withName } from '../shared/tags';
import { assumeRolePolicy, grant, PolicyStatement } from './policy';

export { grant, writeLogsStatement, WILDCARD_ONLY_ACTIONS } from './policy';
export type { PolicyStatement } from './policy';

/** Anything with an ARN: a resource or a data source (an S3 bucket, an ECR repository, ...). */
export interface HasArn {
  readonly arn: string;
}

export interface ModelArtifactLocation {
  /** The bucket that holds `model.tar.gz`. */
  readonly bucket: HasArn;
  /**
   * Key prefix SageMaker may read, e.g. `models/` (no leading slash). Use the root of all model
   * versions, not one model's folder: an endpoint rolled back to the previous model reads that one.
   */
  readonly keyPrefix: string;
}

export interface ChurnIamProps {
  /** Prefix of the role names, e.g. `churn-dev` (roles are `<name>-lambda`, ...). */
  readonly name: string;
  /** Where the model artifact lives: the SageMaker role reads this prefix only. */
  readonly modelArtifact: ModelArtifactLocation;
  /** The SageMaker serving image (e.g. PrebuiltXgboostImage): the role pulls from its repository only. */
  readonly servingImage: { readonly repositoryArn: string };
  /** The UI's ECR repository: the ECS execution role pulls from it only. */
  readonly uiRepository: HasArn;
  /** SSM parameters or Secrets Manager secrets the UI task receives in its `secrets` block. */
  readonly uiSecrets?: readonly HasArn[];
  /** Optional permissions boundary attached to every role (organisations often require one). */
  readonly permissionsBoundaryArn?: string;
  readonly tags?: Tags;
}

const SECRET_ARN = /^arn:[^:]+:(ssm|secretsmanager):/;

/**
 * The four roles of the platform. What a role may do with a resource created later (the Lambda
 * invoking the endpoint, the task calling the API) is granted by the construct that creates that
 * resource, through `grant()`, so every statement names exact ARNs.
 */
export class ChurnIam extends ChurnConstruct {
  readonly sagemakerExecutionRole: IamRole;
  readonly lambdaRole: IamRole;
  readonly ecsExecutionRole: IamRole;
  readonly ecsTaskRole: IamRole;
  /** The SageMaker role's read access to the model artifacts: models and endpoints depend on it. */
  readonly sagemakerModelAccess: IamRolePolicy;

  constructor(scope: Construct, id: string, props: ChurnIamProps) {
    super(scope, id, 'ChurnIam', props.tags);
    const { where } = this;
    check(
      /^[A-Za-z0-9+=,.@_-]{1,24}$/.test(props.name),
      where,
      'name',
      'use 1..24 of A-Z a-z 0-9 +=,.@_- (role name prefixes are at most 38 characters)',
    );
    check(
      !props.modelArtifact.keyPrefix.startsWith('/'),
      where,
      'modelArtifact.keyPrefix',
      'must not start with "/"',
    );
    check(
      props.modelArtifact.keyPrefix.length > 0,
      where,
      'modelArtifact.keyPrefix',
      'must not be empty (it scopes s3:GetObject)',
    );
    for (const s of props.uiSecrets ?? []) {
      check(
        !s.arn.startsWith('arn:') || SECRET_ARN.test(s.arn),
        where,
        'uiSecrets',
        `${s.arn} is not an SSM parameter or secret`,
      );
    }

    const role = (suffix: string, service: string, description: string): IamRole =>
      new IamRole(this, suffix, {
        // Role names are account-wide: a prefix (plus Terraform's unique suffix) lets the same
        // stack deploy in a second region without EntityAlreadyExists.
        namePrefix: `${props.name}-${suffix}-`,
        path: '/', // AWS's default, stated so the plan holds no value only AWS fills in (modules/terraform: redeploy plans)
        description,
        assumeRolePolicy: assumeRolePolicy(service),
        permissionsBoundary: props.permissionsBoundaryArn,
        tags: withName(props.tags, `${props.name}-${suffix}`),
      });

    this.sagemakerExecutionRole = role(
      'sagemaker',
      'sagemaker.amazonaws.com',
      'SageMaker: read the model artifact, pull the serving image',
    );
    this.lambdaRole = role(
      'lambda',
      'lambda.amazonaws.com',
      'Churn API Lambda: invoke the churn endpoint, write its logs',
    );
    this.ecsExecutionRole = role(
      'ecs-execution',
      'ecs-tasks.amazonaws.com',
      'ECS agent: pull the UI image, read UI secrets, write logs',
    );
    this.ecsTaskRole = role('ecs-task', 'ecs-tasks.amazonaws.com', 'UI task: invoke the churn API');

    const prefixArn = `${props.modelArtifact.bucket.arn}/${props.modelArtifact.keyPrefix}`;
    this.sagemakerModelAccess = grant(this, 'sagemaker-model-access', this.sagemakerExecutionRole, [
      { sid: 'ReadModelArtifact', actions: ['s3:GetObject'], resources: [`${prefixArn}*`] },
      {
        sid: 'PullServingImage',
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        resources: [props.servingImage.repositoryArn],
      },
      { sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
      { sid: 'EndpointMetrics', actions: ['cloudwatch:PutMetricData'], resources: ['*'] },
    ]);

    const pull: PolicyStatement[] = [
      {
        sid: 'PullUiImage',
        actions: ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
        resources: [props.uiRepository.arn],
      },
      { sid: 'EcrLogin', actions: ['ecr:GetAuthorizationToken'], resources: ['*'] },
    ];
    const secrets = props.uiSecrets ?? [];
    const ssm = secrets.filter((s) => !s.arn.includes(':secretsmanager:')).map((s) => s.arn);
    const sm = secrets.filter((s) => s.arn.includes(':secretsmanager:')).map((s) => s.arn);
    if (ssm.length > 0)
      pull.push({ sid: 'ReadUiParameters', actions: ['ssm:GetParameters'], resources: ssm });
    if (sm.length > 0)
      pull.push({ sid: 'ReadUiSecrets', actions: ['secretsmanager:GetSecretValue'], resources: sm });
    grant(this, 'ecs-execution-pull', this.ecsExecutionRole, pull);
  }
}
