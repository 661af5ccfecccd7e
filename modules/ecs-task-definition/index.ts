import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import { ChurnConstruct } from '../shared/construct';
import { grant, HasArn, writeLogsStatement } from '../iam';
import { check } from '../shared/errors';
import { checkRetention, DEFAULT_LOG_RETENTION_DAYS, retainedLogGroup } from '../shared/logs';
import { Tags, withName } from '../shared/tags';
import { fargateSizeProblem } from './fargate';

export { fargateSizeProblem } from './fargate';

export interface ContainerSecret {
  /** Environment variable name inside the container, e.g. `SESSION_SECRET`. */
  readonly name: string;
  /** The SSM parameter or Secrets Manager secret (the execution role must be allowed to read it). */
  readonly from: HasArn;
}

export interface ChurnTaskDefinitionProps {
  /** Task family and container name, e.g. `churn-dev-ui`. */
  readonly family: string;
  /** Image URI with tag or digest. */
  readonly image: string;
  /** Role the ECS agent uses (pull, logs, secrets); this construct grants it its log group. */
  readonly executionRole: IamRole;
  /** Role the application uses. */
  readonly taskRole: IamRole;
  /** Default 3000. */
  readonly containerPort?: number;
  /** Fargate CPU units. Default 512. */
  readonly cpu?: number;
  /** MB, must fit the CPU (Fargate table). Default 1024. */
  readonly memory?: number;
  /** Plain environment variables. */
  readonly environment?: Readonly<Record<string, string>>;
  /** Values injected from SSM / Secrets Manager at start (never stored in the task definition). */
  readonly secrets?: readonly ContainerSecret[];
  /** HTTP path polled by the container health check. Default `/api/health`. */
  readonly healthCheckPath?: string;
  /** Default "X86_64"; must match the image. */
  readonly cpuArchitecture?: 'X86_64' | 'ARM64';
  /** Default 30 days. */
  readonly logRetentionDays?: number;
  readonly tags?: Tags;
}

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Fargate task with one container, a container health check and awslogs to its log group. */
export class ChurnTaskDefinition extends ChurnConstruct {
  readonly taskDefinition: EcsTaskDefinition;
  readonly logGroup: CloudwatchLogGroup;
  readonly containerName: string;
  readonly containerPort: number;

  constructor(scope: Construct, id: string, props: ChurnTaskDefinitionProps) {
    super(scope, id, 'ChurnTaskDefinition', props.tags);
    const { where } = this;
    const cpu = props.cpu ?? 512;
    const memory = props.memory ?? 1024;
    const port = props.containerPort ?? 3000;
    const healthPath = props.healthCheckPath ?? '/api/health';
    const retention = props.logRetentionDays ?? DEFAULT_LOG_RETENTION_DAYS;
    check(/^[A-Za-z0-9_-]{1,255}$/.test(props.family), where, 'family', 'use 1..255 of A-Z a-z 0-9 _ -');
    check(props.image.length > 0, where, 'image', 'must name an image');
    const size = fargateSizeProblem(cpu, memory);
    check(size === undefined || !size.startsWith('cpu'), where, 'cpu', size ?? '');
    check(size === undefined, where, 'memory', size ?? '');
    check(
      Number.isInteger(port) && port >= 1 && port <= 65535,
      where,
      'containerPort',
      `${port} is not a port`,
    );
    check(
      /^\/[A-Za-z0-9/_.-]*$/.test(healthPath),
      where,
      'healthCheckPath',
      `"${healthPath}" must be a plain path starting with "/"`,
    );
    const names = [...Object.keys(props.environment ?? {}), ...(props.secrets ?? []).map((s) => s.name)];
    const badName = names.find((n) => !ENV_NAME.test(n));
    check(badName === undefined, where, 'environment', `"${badName}" is not a valid variable name`);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    check(
      dup === undefined,
      where,
      'secrets',
      `"${dup}" is set both as a plain variable and a secret (or twice)`,
    );
    checkRetention(where, 'logRetentionDays', retention);

    this.containerName = props.family;
    this.containerPort = port;
    this.logGroup = retainedLogGroup(this, 'logs', `/ecs/${props.family}`, retention, props.tags);
    grant(this, 'execution-logs', props.executionRole, [
      writeLogsStatement('WriteTaskLogs', this.logGroup.arn),
    ]);
    const region = new DataAwsRegion(this, 'region');

    const container = {
      name: this.containerName,
      image: props.image,
      essential: true,
      portMappings: [{ containerPort: port, protocol: 'tcp' }],
      environment: Object.entries(props.environment ?? {}).map(([name, value]) => ({ name, value })),
      secrets: (props.secrets ?? []).map((s) => ({ name: s.name, valueFrom: s.from.arn })),
      // node is in every Next.js image, curl/wget are not: probe with its fetch().
      healthCheck: {
        command: [
          'CMD',
          'node',
          '-e',
          `fetch('http://127.0.0.1:${port}${healthPath}').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
        ],
        interval: 30,
        timeout: 5,
        retries: 3,
        startPeriod: 30,
      },
      logConfiguration: {
        logDriver: 'awslogs',
        options: {
          'awslogs-group': this.logGroup.name,
          'awslogs-region': region.region,
          'awslogs-stream-prefix': 'ui',
        },
      },
      linuxParameters: { initProcessEnabled: true },
      stopTimeout: 30,
    };

    this.taskDefinition = new EcsTaskDefinition(this, 'task', {
      family: props.family,
      requiresCompatibilities: ['FARGATE'],
      networkMode: 'awsvpc',
      cpu: String(cpu),
      memory: String(memory),
      executionRoleArn: props.executionRole.arn,
      taskRoleArn: props.taskRole.arn,
      runtimePlatform: { operatingSystemFamily: 'LINUX', cpuArchitecture: props.cpuArchitecture ?? 'X86_64' },
      containerDefinitions: JSON.stringify([container]),
      tags: withName(props.tags, props.family),
    });
  }
}
