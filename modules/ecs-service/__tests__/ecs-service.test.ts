import { AppautoscalingPolicy } from '@cdktf/provider-aws/lib/appautoscaling-policy';
import { AppautoscalingTarget } from '@cdktf/provider-aws/lib/appautoscaling-target';
import { EcsService } from '@cdktf/provider-aws/lib/ecs-service';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import { ChurnAlb } from '../../alb';
import { ChurnEcsCluster } from '../../ecs';
import { ChurnTaskDefinition } from '../../ecs-task-definition';
import { ChurnSecurityGroup } from '../../security-group';
import { onlyResource, synthStack } from '../../shared/testing';
import { ChurnVpc } from '../../vpc';
import { ChurnEcsService, ChurnEcsServiceProps } from '../index';

function build(scope: Construct, props: Partial<ChurnEcsServiceProps> = {}) {
  const net = new ChurnVpc(scope, 'net', {
    name: 'churn-test',
    availabilityZones: ['eu-central-1a', 'eu-central-1b'],
  });
  const sg = (id: string) => new ChurnSecurityGroup(scope, id, { name: id, description: id, vpc: net.vpc });
  const role = (id: string) => new IamRole(scope, id, { assumeRolePolicy: '{}' });
  const loadBalancer = new ChurnAlb(scope, 'alb', {
    name: 'churn-test-ui',
    vpc: net.vpc,
    subnets: net.publicSubnets,
    securityGroup: sg('alb-sg'),
  });
  const cluster = new ChurnEcsCluster(scope, 'cluster', { name: 'churn-test', fargateSpotWeight: 2 });
  const taskDefinition = new ChurnTaskDefinition(scope, 'td', {
    family: 'churn-test-ui',
    image: 'img:1',
    executionRole: role('exec'),
    taskRole: role('task'),
  });
  return new ChurnEcsService(scope, 'svc', {
    name: 'churn-test-ui',
    cluster,
    taskDefinition,
    subnets: net.privateSubnets,
    securityGroup: sg('task-sg'),
    loadBalancer,
    tags: { Project: 'churn' },
    ...props,
  });
}

describe('ChurnEcsService', () => {
  const out = synthStack((s) => build(s));
  const service = onlyResource(out, 'aws_ecs_service');

  it('runs the tasks in the private subnets without a public IP', () => {
    expect(service.network_configuration.assign_public_ip).toBe(false);
    expect(service.network_configuration.subnets).toEqual([
      expect.stringMatching(/aws_subnet\.net_private-0/),
      expect.stringMatching(/aws_subnet\.net_private-1/),
    ]);
  });

  it('registers the container port in the ALB target group', () => {
    expect(service.load_balancer).toEqual([
      {
        container_name: 'churn-test-ui',
        container_port: 3000,
        target_group_arn: expect.stringMatching(/aws_lb_target_group\./),
      },
    ]);
  });

  it('rolls back a failing deployment with the circuit breaker', () => {
    expect(out).toHaveResourceWithProperties(EcsService, {
      deployment_circuit_breaker: { enable: true, rollback: true },
    });
  });

  it('starts a new deployment when the capacity strategy changes, instead of replacing the service', () => {
    expect(service.force_new_deployment).toBe(true);
  });

  it('waits for the service to reach a steady state before a deploy reports success', () => {
    expect(service.wait_for_steady_state).toBe(true);
  });

  it('uses the cluster capacity strategy, spot included when opted in', () => {
    expect(service.capacity_provider_strategy).toEqual([
      { capacity_provider: 'FARGATE', base: 1, weight: 1 },
      { capacity_provider: 'FARGATE_SPOT', weight: 2 },
    ]);
  });

  it('waits for the listener before registering targets', () => {
    expect(service.depends_on).toEqual(expect.arrayContaining([expect.stringMatching(/^aws_lb_listener\./)]));
  });

  it('leaves the task count to auto scaling after the first deploy', () => {
    expect(service.lifecycle.ignore_changes).toEqual(['desired_count']);
    expect(out).toHaveResourceWithProperties(AppautoscalingTarget, {
      min_capacity: 1,
      max_capacity: 4,
      scalable_dimension: 'ecs:service:DesiredCount',
    });
  });

  it('tracks 60 % average CPU by default', () => {
    expect(out).toHaveResourceWithProperties(AppautoscalingPolicy, {
      policy_type: 'TargetTrackingScaling',
      target_tracking_scaling_policy_configuration: expect.objectContaining({ target_value: 60 }),
    });
  });

  it('rejects a desired count outside the scaling range, naming the prop', () => {
    expect(() => synthStack((s) => build(s, { desiredCount: 9 }))).toThrow(/"desiredCount"/);
  });

  it('rejects max capacity below min capacity', () => {
    expect(() =>
      synthStack((s) => build(s, { desiredCount: 3, autoScaling: { minCapacity: 3, maxCapacity: 2 } })),
    ).toThrow(/"autoScaling.maxCapacity"/);
  });
});
