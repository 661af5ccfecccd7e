import { DataAwsAvailabilityZones } from '@cdktf/provider-aws/lib/data-aws-availability-zones';
import { DataAwsEcrRepository } from '@cdktf/provider-aws/lib/data-aws-ecr-repository';
import { DataAwsS3Bucket } from '@cdktf/provider-aws/lib/data-aws-s3-bucket';
import { Fn, TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { ChurnAlb } from '../alb';
import { ChurnApiGateway } from '../api-gateway';
import { InfraConfig, stem } from '../config';
import { ChurnEcsCluster } from '../ecs';
import { ChurnEcsService } from '../ecs-service';
import { ChurnTaskDefinition, ContainerSecret } from '../ecs-task-definition';
import { ChurnIam } from '../iam';
import { ChurnLambda } from '../lambda';
import { AlarmTopic } from '../monitoring';
import { ChurnSagemakerEndpoint, PrebuiltXgboostImage } from '../sagemaker-endpoint';
import { ChurnSecurityGroup } from '../security-group';
import { ChurnVpc } from '../vpc';
import { ChurnStackBase, ChurnStackProps } from './base';
import { artifactNames } from './naming';

/** The UI's secret settings, SSM SecureString parameters under /<prefix>/<env>/ui/ (secrets:put). */
export const UI_SECRET_NAMES = ['ADMIN_USERNAME', 'ADMIN_PASSWORD_HASH', 'SESSION_SECRET'] as const;

export function uiParameterPath(config: InfraConfig): string {
  return `/${config.namePrefix}/${config.environment}/ui/`;
}

/**
 * The request flow of DESIGN.md §1: ALB -> Fargate UI -> (SigV4) HTTP API -> Lambda -> serverless
 * SageMaker endpoint, with logs, alarms and auto scaling. Images, model bucket and state come
 * from the artifacts and state stacks, looked up by name.
 */
export class ChurnStack extends ChurnStackBase {
  readonly vpc: ChurnVpc;
  readonly iam: ChurnIam;
  readonly endpoint: ChurnSagemakerEndpoint;
  readonly lambda: ChurnLambda;
  readonly api: ChurnApiGateway;
  readonly alb: ChurnAlb;
  readonly cluster: ChurnEcsCluster;
  readonly taskDefinition: ChurnTaskDefinition;
  readonly service: ChurnEcsService;
  readonly alarms: AlarmTopic;

  constructor(scope: Construct, id: string, props: ChurnStackProps) {
    super(scope, id, props, { region: props.config.region });
    const { config } = props;
    const name = stem(config);
    const { tags } = this;
    const retention = config.logRetentionDays;

    const names = artifactNames(this, config);
    const apiRepository = new DataAwsEcrRepository(this, 'api-repository', { name: names.apiRepository });
    const uiRepository = new DataAwsEcrRepository(this, 'ui-repository', { name: names.uiRepository });
    const model = modelLocation(this, config, names.artifactsBucket);
    const uiSecrets: ContainerSecret[] = UI_SECRET_NAMES.map((secret) => ({
      name: secret,
      from: {
        arn: `arn:${names.partition}:ssm:${config.region}:${names.accountId}:parameter${uiParameterPath(config)}${secret}`,
      },
    }));

    this.alarms = new AlarmTopic(this, 'alarms', { name: `${name}-alarms`, email: config.alarmEmail, tags });
    this.vpc = new ChurnVpc(this, 'vpc', {
      name,
      availabilityZones: config.availabilityZones ?? firstTwoAvailableZones(this),
      cidrBlock: config.vpcCidr,
      singleNatGateway: config.singleNatGateway,
      flowLogs: config.vpcFlowLogs,
      flowLogRetentionDays: retention,
      tags,
    });

    const image = new PrebuiltXgboostImage(this, 'xgboost');
    this.iam = new ChurnIam(this, 'iam', {
      name,
      modelArtifact: { bucket: model.bucket, keyPrefix: model.keyPrefix },
      servingImage: image,
      uiRepository,
      uiSecrets: uiSecrets.map((s) => s.from),
      permissionsBoundaryArn: config.permissionsBoundaryArn,
      tags,
    });

    this.endpoint = new ChurnSagemakerEndpoint(this, 'endpoint', {
      name,
      executionRole: this.iam.sagemakerExecutionRole,
      executionRoleAccess: [this.iam.sagemakerModelAccess],
      modelDataUrl: model.url,
      modelVersion: model.version,
      image,
      memorySizeInMb: config.sagemakerMemoryMb,
      maxConcurrency: config.sagemakerMaxConcurrency,
      logRetentionDays: retention,
      alarmTopic: this.alarms.topic,
      tags,
    });
    this.lambda = new ChurnLambda(this, 'lambda', {
      name: `${name}-api`,
      role: this.iam.lambdaRole,
      imageUri: `${apiRepository.repositoryUrl}:${config.apiImageTag}`,
      endpoint: this.endpoint,
      churnThreshold: config.churnThreshold,
      logLevel: config.logLevel,
      memorySize: config.lambdaMemoryMb,
      logRetentionDays: retention,
      alarmTopic: this.alarms.topic,
      tags,
    });
    this.api = new ChurnApiGateway(this, 'api', {
      name: `${name}-api`,
      handler: this.lambda,
      logRetentionDays: retention,
      alarmTopic: this.alarms.topic,
      tags,
    });
    this.api.grantInvoke('ui-invokes-api', this.iam.ecsTaskRole);

    const webPorts = config.certificateArn ? [80, 443] : [80];
    const albGroup = new ChurnSecurityGroup(this, 'alb-sg', {
      name: `${name}-alb`,
      description: 'Churn UI load balancer: HTTP(S) from the allowed CIDRs',
      vpc: this.vpc.vpc,
      ingress: webPorts.map((port) => ({
        description: `web ${port}`,
        port,
        peers: config.allowedIngressCidrs.map((cidr) => ({ cidr })),
      })),
      tags,
    });
    const taskGroup = new ChurnSecurityGroup(this, 'ui-task-sg', {
      name: `${name}-ui-tasks`,
      description: 'Churn UI tasks: the container port from the ALB only',
      vpc: this.vpc.vpc,
      ingress: [
        { description: 'UI from the ALB', port: 3000, peers: [{ securityGroup: albGroup.securityGroup }] },
      ],
      // HTTPS out through NAT: the API, ECR, SSM and CloudWatch Logs endpoints.
      egress: [{ description: 'HTTPS to AWS APIs', port: 443, peers: [{ cidr: '0.0.0.0/0' }] }],
      tags,
    });
    albGroup.allowEgress({
      description: 'to the UI tasks',
      port: 3000,
      peers: [{ securityGroup: taskGroup.securityGroup }],
    });

    this.alb = new ChurnAlb(this, 'alb', {
      name: `${name}-ui`,
      vpc: this.vpc.vpc,
      subnets: this.vpc.publicSubnets,
      securityGroup: albGroup,
      certificateArn: config.certificateArn,
      alarmTopic: this.alarms.topic,
      tags,
    });
    this.cluster = new ChurnEcsCluster(this, 'ecs', {
      name,
      fargateSpotWeight: config.fargateSpotWeight,
      tags,
    });
    this.taskDefinition = new ChurnTaskDefinition(this, 'ui-task', {
      family: `${name}-ui`,
      image: `${uiRepository.repositoryUrl}:${config.uiImageTag}`,
      executionRole: this.iam.ecsExecutionRole,
      taskRole: this.iam.ecsTaskRole,
      cpu: config.uiCpu,
      memory: config.uiMemoryMb,
      containerPort: 3000,
      environment: {
        // Next.js standalone binds to $HOSTNAME, which Fargate sets to the task's host name.
        HOSTNAME: '0.0.0.0',
        PORT: '3000',
        NODE_ENV: 'production',
        API_URL: this.api.url,
        API_AUTH: 'iam',
        AWS_REGION: config.region,
        // Secure cookies never reach the server over plain HTTP: without a certificate the
        // session cookie must drop the flag or nobody could log in (trial setups only).
        COOKIE_SECURE: config.certificateArn ? 'true' : 'false',
        // The ALB appends the client's address to X-Forwarded-For; the sign-in limiter counts by it.
        TRUSTED_PROXY_HOPS: '1',
      },
      secrets: uiSecrets,
      healthCheckPath: '/api/health',
      logRetentionDays: retention,
      tags,
    });
    this.service = new ChurnEcsService(this, 'ui-service', {
      name: `${name}-ui`,
      cluster: this.cluster,
      taskDefinition: this.taskDefinition,
      subnets: this.vpc.privateSubnets,
      securityGroup: taskGroup,
      loadBalancer: this.alb,
      desiredCount: config.uiDesiredCount,
      autoScaling: {
        minCapacity: config.uiMinCount,
        maxCapacity: config.uiMaxCount,
        cpuTargetPercent: config.uiCpuTargetPercent,
      },
      tags,
    });

    const output = (id: string, value: string, description: string) =>
      new TerraformOutput(this, id, { value, description });
    output('ui_url', this.alb.url, 'The churn UI (point your DNS name at it when HTTPS is on)');
    output('api_url', this.api.url, 'The API stage URL (SigV4-signed requests only)');
    output('endpoint_name', this.endpoint.endpoint.name, 'The SageMaker serverless endpoint');
    output('api_repository_url', apiRepository.repositoryUrl, 'ECR repository of the API image');
    output('ui_repository_url', uiRepository.repositoryUrl, 'ECR repository of the UI image');
    output('lambda_log_group', this.lambda.logGroup.name, 'API Lambda logs');
    output('ui_log_group', this.taskDefinition.logGroup.name, 'UI task logs');
    output('endpoint_log_group', this.endpoint.logGroup.name, 'SageMaker serving container logs');
    output('api_access_log_group', this.api.accessLogGroup.name, 'API Gateway access logs');
    output('alarm_topic_arn', this.alarms.topic.arn, 'SNS topic of every alarm');
  }
}

/** The region's first two zones that are available and need no opt-in (no Local Zones). */
function firstTwoAvailableZones(scope: Construct): string[] {
  const zones = new DataAwsAvailabilityZones(scope, 'zones', {
    state: 'available',
    filter: [{ name: 'opt-in-status', values: ['opt-in-not-required'] }],
  });
  return [0, 1].map((i) => Fn.element(zones.names, i) as string);
}

interface ModelLocation {
  readonly bucket: DataAwsS3Bucket;
  readonly keyPrefix: string;
  readonly url: string;
  readonly version: string;
}

/** The artifact in the artifacts bucket (modelKey) or the user's own s3:// URI (modelDataUrl). */
function modelLocation(scope: Construct, config: InfraConfig, artifactsBucket: string): ModelLocation {
  const [bucketName, key] = config.modelDataUrl
    ? (/^s3:\/\/([^/]+)\/(.+)$/.exec(config.modelDataUrl) as RegExpExecArray).slice(1)
    : [artifactsBucket, config.modelKey];
  const bucket = new DataAwsS3Bucket(scope, 'model-bucket', { bucket: bucketName });
  const slash = key.indexOf('/');
  return {
    bucket,
    // SageMaker may read the top folder of the key (model:upload writes models/<sha256>/), not
    // just this model's folder: an endpoint update that fails rolls back to the previous config,
    // whose model must still be able to read its own artifact.
    keyPrefix: slash > 0 ? key.slice(0, slash + 1) : key,
    url: `s3://${bucket.bucket}/${key}`,
    version: config.modelDataUrl ?? key,
  };
}
