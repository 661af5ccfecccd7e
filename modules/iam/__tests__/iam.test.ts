import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { Construct } from 'constructs';
import { inlinePolicies, Json, resourcesOf, synthStack } from '../../shared/testing';
import { ChurnIam, ChurnIamProps, grant } from '../index';

const props: ChurnIamProps = {
  name: 'churn-test',
  modelArtifact: { bucket: { arn: 'arn:aws:s3:::models-bucket' }, keyPrefix: 'models/abc/' },
  servingImage: { repositoryArn: 'arn:aws:ecr:eu-central-1:492215442770:repository/sagemaker-xgboost' },
  uiRepository: { arn: 'arn:aws:ecr:eu-central-1:111122223333:repository/churn-ui' },
  uiSecrets: [{ arn: 'arn:aws:ssm:eu-central-1:111122223333:parameter/churn/dev/SESSION_SECRET' }],
  tags: { Project: 'churn' },
};
const build = (s: Construct, overrides: Partial<ChurnIamProps> = {}) =>
  new ChurnIam(s, 'iam', { ...props, ...overrides });
const statement = (policies: Json[], sid: string) =>
  policies.flatMap((p) => p.Statement).find((st: Json) => st.Sid === sid);

describe('ChurnIam', () => {
  const out = synthStack((s) => build(s));
  const policies = inlinePolicies(out);

  it('lets SageMaker assume the SageMaker execution role', () => {
    expect(out).toHaveResourceWithProperties(IamRole, {
      name_prefix: 'churn-test-sagemaker-',
      assume_role_policy: expect.stringContaining('"Service":"sagemaker.amazonaws.com"'),
    });
  });

  it('names every role with a prefix, so the same stack can be deployed in a second region', () => {
    const roles = Object.values(resourcesOf(out, 'aws_iam_role'));
    expect(roles.map((r) => r.name_prefix).sort()).toEqual([
      'churn-test-ecs-execution-',
      'churn-test-ecs-task-',
      'churn-test-lambda-',
      'churn-test-sagemaker-',
    ]);
    expect(roles.every((r) => r.name === undefined)).toBe(true);
  });

  it('lets ECS tasks assume both ECS roles', () => {
    const roles = Object.values(resourcesOf(out, 'aws_iam_role')).filter((r) =>
      r.assume_role_policy.includes('ecs-tasks.amazonaws.com'),
    );
    expect(roles.map((r) => r.name_prefix).sort()).toEqual([
      'churn-test-ecs-execution-',
      'churn-test-ecs-task-',
    ]);
  });

  it('lets the SageMaker role read only the model artifact prefix', () => {
    expect(statement(policies, 'ReadModelArtifact')).toEqual(
      expect.objectContaining({
        Action: ['s3:GetObject'],
        Resource: ['arn:aws:s3:::models-bucket/models/abc/*'],
      }),
    );
  });

  it('lets the SageMaker role pull only the serving image repository', () => {
    expect(statement(policies, 'PullServingImage').Resource).toEqual([props.servingImage.repositoryArn]);
  });

  it('lets the ECS execution role pull only the UI repository', () => {
    expect(statement(policies, 'PullUiImage').Resource).toEqual([props.uiRepository.arn]);
  });

  it('lets the ECS execution role read only the UI parameters', () => {
    expect(statement(policies, 'ReadUiParameters')).toEqual(
      expect.objectContaining({ Action: ['ssm:GetParameters'], Resource: [props.uiSecrets![0].arn] }),
    );
  });

  it('reads Secrets Manager secrets with GetSecretValue', () => {
    const sm = inlinePolicies(
      synthStack((s) =>
        build(s, { uiSecrets: [{ arn: 'arn:aws:secretsmanager:eu-central-1:111122223333:secret:churn-x' }] }),
      ),
    );
    expect(statement(sm, 'ReadUiSecrets').Action).toEqual(['secretsmanager:GetSecretValue']);
  });

  it('gives the Lambda and task roles no permissions of their own', () => {
    const roles = resourcesOf(out, 'aws_iam_role');
    const attachedTo = Object.values(resourcesOf(out, 'aws_iam_role_policy')).map((p) => p.role);
    const lambdaKey = Object.keys(roles).find((k) => roles[k].name === 'churn-test-lambda');
    expect(attachedTo.some((r: string) => r.includes(lambdaKey!))).toBe(false);
  });

  it('attaches the permissions boundary to every role when given', () => {
    const out2 = synthStack((s) =>
      build(s, { permissionsBoundaryArn: 'arn:aws:iam::111122223333:policy/boundary' }),
    );
    expect(
      Object.values(resourcesOf(out2, 'aws_iam_role')).every(
        (r) => r.permissions_boundary === 'arn:aws:iam::111122223333:policy/boundary',
      ),
    ).toBe(true);
  });

  it('rejects a model key prefix with a leading slash', () => {
    expect(() =>
      synthStack((s) =>
        build(s, { modelArtifact: { bucket: { arn: 'arn:aws:s3:::b' }, keyPrefix: '/models/' } }),
      ),
    ).toThrow(/"modelArtifact.keyPrefix"/);
  });

  it('rejects a UI secret that is neither a parameter nor a secret', () => {
    expect(() => synthStack((s) => build(s, { uiSecrets: [{ arn: 'arn:aws:s3:::bucket/secret' }] }))).toThrow(
      /"uiSecrets"/,
    );
  });

  it('refuses a grant of a scoped action on "*"', () => {
    expect(() =>
      synthStack((s) =>
        grant(s, 'bad', build(s).lambdaRole, [{ sid: 'Bad', actions: ['s3:GetObject'], resources: ['*'] }]),
      ),
    ).toThrow(/s3:GetObject on "\*"/);
  });

  it('refuses a wildcard action in a grant', () => {
    const wild = [
      { sid: 'Wild', actions: ['sagemaker:*'], resources: ['arn:aws:sagemaker:eu-central-1:1:endpoint/x'] },
    ];
    expect(() => synthStack((s) => grant(s, 'wild', build(s).lambdaRole, wild))).toThrow(
      /wildcard action sagemaker:\*/,
    );
  });
});
