import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { Subnet } from '@cdktf/provider-aws/lib/subnet';
import { Construct } from 'constructs';
import { ChurnConstruct } from '../shared/construct';
import { ChurnAlb } from '../alb';
import { ChurnEcsCluster } from '../ecs';
import { ChurnTaskDefinition } from '../ecs-task-definition';
import { ChurnSecurityGroup } from '../security-group';
import { check } from '../shared/errors';
import { Tags, withName } from '../shared/tags';

export interface ServiceAutoScaling {
  readonly minCapacity: number;
  readonly maxCapacity: number;
  /** Average CPU utilisation the service is kept at. Default 60. */
  readonly cpuTargetPercent?: number;
}

export interface ChurnEcsServiceProps {
  /** Service name, e.g. `churn-dev-ui`. */
  readonly name: string;
  readonly cluster: ChurnEcsCluster;
  readonly taskDefinition: ChurnTaskDefinition;
  /** Private subnets: tasks get no public IP and reach out through NAT. */
  readonly subnets: readonly Subnet[];
  /** The tasks' group (ingress only from the ALB's group on the container port). */
  readonly securityGroup: ChurnSecurityGroup;
  /** The ALB whose target group the tasks register in. */
  readonly loadBalancer: ChurnAlb;
  /** Tasks at first deploy (auto scaling owns the count afterwards). Default 2. */
  readonly desiredCount?: number;
  /** Default min 1, max 4, CPU 60 %. */
  readonly autoScaling?: ServiceAutoScaling;
  /** Seconds ALB health checks are ignored after a task starts. Default 60. */
  readonly healthCheckGracePeriodSeconds?: number;
  readonly tags?: Tags;
}

/** Fargate service in private subnets behind the ALB, with circuit breaker and CPU auto scaling. */
export class ChurnEcsService extends ChurnConstruct {
  readonly service: EcsService;
  readonly scalingTarget: AppautoscalingTarget;
  readonly cpuScalingPolicy: AppautoscalingPolicy;

  constructor(scope: Construct, id: string, props: ChurnEcsServiceProps) {
    super(scope, id, 'ChurnEcsService', props.tags);
    const { where } = this;
    const desired = props.desiredCount ?? 2;
    const scaling = props.autoScaling ?? { minCapacity: 1, maxCapacity: 4 };
    const cpuTarget = scaling.cpuTargetPercent ?? 60;
    const grace = props.healthCheckGracePeriodSeconds ?? 60;
    check(/^[A-Za-z0-9_-]{1,255}$/.test(props.name), where, 'name', 'use 1..255 of A-Z a-z 0-9 _ -');
    check(
      props.subnets.length >= 2,
      where,
      'subnets',
      `spread tasks over at least 2 AZs, got ${props.subnets.length} subnet(s)`,
    );
    check(
      Number.isInteger(scaling.minCapacity) && scaling.minCapacity >= 0,
      where,
      'autoScaling.minCapacity',
      `${scaling.minCapacity} must be a whole number >= 0`,
    );
    check(
      Number.isInteger(scaling.maxCapacity) && scaling.maxCapacity >= Math.max(1, scaling.minCapacity),
      where,
      'autoScaling.maxCapacity',
      `${scaling.maxCapacity} must be >= minCapacity (${scaling.minCapacity}) and >= 1`,
    );
    check(
      Number.isInteger(desired) && desired >= scaling.minCapacity && desired <= scaling.maxCapacity,
      where,
      'desiredCount',
      `${desired} must lie within autoScaling min..max (${scaling.minCapacity}..${scaling.maxCapacity})`,
    );
    check(
      cpuTarget > 0 && cpuTarget <= 100,
      where,
      'autoScaling.cpuTargetPercent',
      `${cpuTarget} is outside 1..100`,
    );
    check(
      Number.isInteger(grace) && grace >= 0 && grace <= 2147483647,
      where,
      'healthCheckGracePeriodSeconds',
      `${grace} must be a whole number >= 0`,
    );

    const td = props.taskDefinition;
    this.service = new EcsService(this, 'service', {
      name: props.name,
      cluster: props.cluster.cluster.arn,
      taskDefinition: td.taskDefinition.arn,
      desiredCount: desired,
      schedulingStrategy: 'REPLICA', // AWS's default, stated so the plan holds no value only AWS fills in (modules/terraform: redeploy plans)
      capacityProviderStrategy: props.cluster.capacityStrategy.map((s) => ({ ...s })),
      networkConfiguration: {
        subnets: props.subnets.map((s) => s.id),
        securityGroups: [props.securityGroup.securityGroup.id],
        assignPublicIp: false,
      },
      loadBalancer: [
        {
          targetGroupArn: props.loadBalancer.targetGroup.arn,
          containerName: td.containerName,
          containerPort: td.containerPort,
        },
      ],
      healthCheckGracePeriodSeconds: grace,
      deploymentCircuitBreaker: { enable: true, rollback: true },
      // A changed capacity strategy (the spot weight) is applied by a new deployment: without it
      // provider 6.x refuses the plan and 5.x replaces the whole service (downtime).
      forceNewDeployment: true,
      // `deploy` returns only once the tasks run and pass their health checks (or fails after
      // the circuit breaker rolls back), never while a broken task set is still starting.
      waitForSteadyState: true,
      deploymentMinimumHealthyPercent: 100,
      deploymentMaximumPercent: 200,
      propagateTags: 'SERVICE',
      enableEcsManagedTags: true,
      tags: withName(props.tags, props.name),
      // Auto scaling changes the count; Terraform must not reset it on every apply.
      lifecycle: { ignoreChanges: ['desired_count'] },
      // The target group must be attached to a listener before a service can register in it.
      dependsOn: [props.loadBalancer.servingListener, props.cluster.capacityProviders],
    });

    const resourceId = `service/${props.cluster.cluster.name}/${this.service.name}`;
    this.scalingTarget = new AppautoscalingTarget(this, 'scaling-target', {
      serviceNamespace: 'ecs',
      scalableDimension: 'ecs:service:DesiredCount',
      resourceId,
      minCapacity: scaling.minCapacity,
      maxCapacity: scaling.maxCapacity,
      tags: withName(props.tags, `${props.name}-scaling`),
    });
    this.cpuScalingPolicy = new AppautoscalingPolicy(this, 'cpu-scaling', {
      name: `${props.name}-cpu-target`,
      policyType: 'TargetTrackingScaling',
      serviceNamespace: this.scalingTarget.serviceNamespace,
      scalableDimension: this.scalingTarget.scalableDimension,
      resourceId: this.scalingTarget.resourceId,
      targetTrackingScalingPolicyConfiguration: {
        targetValue: cpuTarget,
        predefinedMetricSpecification: { predefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        scaleInCooldown: 120,
        scaleOutCooldown: 60,
      },
    });
  }
}
