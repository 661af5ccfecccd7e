import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { EcsTaskDefinition } from '@cdktf/provider-aws/lib/ecs-task-definition';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import { inlinePolicies, Json, onlyResource, synthStack } from '../../shared/testing';
import { ChurnTaskDefinition, ChurnTaskDefinitionProps, fargateSizeProblem } from '../index';

const PARAM = 'arn:aws:ssm:eu-central-1:111122223333:parameter/churn/dev/ui/SESSION_SECRET';
function build(scope: Construct, props: Partial<ChurnTaskDefinitionProps> = {}) {
  const role = (id: string) => new IamRole(scope, id, { assumeRolePolicy: '{}' });
  return new ChurnTaskDefinition(scope, 'ui', {
    family: 'churn-test-ui',
    image: 'repo/ui:abc',
    executionRole: role('exec'),
    taskRole: role('task'),
    environment: { HOSTNAME: '0.0.0.0', PORT: '3000' },
    secrets: [{ name: 'SESSION_SECRET', from: { arn: PARAM } }],
    tags: { Project: 'churn' },
    ...props,
  });
}
const container = (out: string): Json =>
  JSON.parse(onlyResource(out, 'aws_ecs_task_definition').container_definitions)[0];

describe('ChurnTaskDefinition', () => {
  const out = synthStack((s) => build(s));

  it('defines a Fargate awsvpc task of 512 CPU / 1024 MB by default', () => {
    expect(out).toHaveResourceWithProperties(EcsTaskDefinition, {
      requires_compatibilities: ['FARGATE'],
      network_mode: 'awsvpc',
      cpu: '512',
      memory: '1024',
    });
  });

  it('exposes the container port 3000', () => {
    expect(container(out).portMappings).toEqual([{ containerPort: 3000, protocol: 'tcp' }]);
  });

  it('passes plain variables as environment and secrets by ARN', () => {
    expect(container(out).environment).toEqual([
      { name: 'HOSTNAME', value: '0.0.0.0' },
      { name: 'PORT', value: '3000' },
    ]);
    expect(container(out).secrets).toEqual([{ name: 'SESSION_SECRET', valueFrom: PARAM }]);
  });

  it('health-checks the container on /api/health', () => {
    expect(container(out).healthCheck.command.join(' ')).toContain('http://127.0.0.1:3000/api/health');
  });

  it('logs with awslogs to its own log group with retention', () => {
    expect(out).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/ecs/churn-test-ui',
      retention_in_days: 30,
    });
    expect(container(out).logConfiguration).toEqual(expect.objectContaining({ logDriver: 'awslogs' }));
  });

  it('lets the execution role write only that log group', () => {
    const st = inlinePolicies(out)
      .flatMap((p) => p.Statement)
      .find((x) => x.Sid === 'WriteTaskLogs');
    expect(st.Resource.every((r: string) => r.includes('aws_cloudwatch_log_group'))).toBe(true);
  });

  it('rejects a memory size Fargate refuses for the CPU, naming the prop', () => {
    expect(() => synthStack((s) => build(s, { cpu: 256, memory: 4096 }))).toThrow(/"memory".*4096/);
  });

  it('rejects a CPU value Fargate does not offer', () => {
    expect(() => synthStack((s) => build(s, { cpu: 300 }))).toThrow(/"cpu".*300/);
  });

  it('rejects a variable set both plainly and as a secret', () => {
    expect(() => synthStack((s) => build(s, { environment: { SESSION_SECRET: 'x' } }))).toThrow(
      /"secrets".*SESSION_SECRET/,
    );
  });

  it('knows the Fargate size table', () => {
    expect(fargateSizeProblem(256, 512)).toBeUndefined();
    expect(fargateSizeProblem(256, 1536)).toMatch(/512, 1024, 2048/);
    expect(fargateSizeProblem(4096, 30720)).toBeUndefined();
    expect(fargateSizeProblem(8192, 20000)).toMatch(/steps of 4096/);
  });
});
