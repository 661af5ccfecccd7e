import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { onlyResource, synthStack } from '../../shared/testing';
import { ChurnEcrRepository, ChurnEcrRepositoryProps } from '../index';

const synth = (props: Partial<ChurnEcrRepositoryProps> = {}) =>
  synthStack(
    (s) =>
      new ChurnEcrRepository(s, 'repo', { name: 'churn-test-api', tags: { Project: 'churn' }, ...props }),
  );

describe('ChurnEcrRepository', () => {
  const out = synth();

  it('scans every pushed image', () => {
    expect(out).toHaveResourceWithProperties(EcrRepository, {
      name: 'churn-test-api',
      image_scanning_configuration: { scan_on_push: true },
    });
  });

  it('expires untagged images and keeps the last 20', () => {
    const rules = JSON.parse(onlyResource(out, 'aws_ecr_lifecycle_policy').policy).rules;
    expect(rules.map((r: { selection: object }) => r.selection)).toEqual([
      { tagStatus: 'untagged', countType: 'sinceImagePushed', countUnit: 'days', countNumber: 7 },
      { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: 20 },
    ]);
  });

  it('lets only matching Lambda functions pull through the service principal', () => {
    const pattern = 'arn:aws:lambda:eu-central-1:111122223333:function:churn-test-*';
    const st = JSON.parse(
      onlyResource(synth({ lambdaPullFunctionArnPattern: pattern }), 'aws_ecr_repository_policy').policy,
    ).Statement[0];
    expect(st).toEqual(
      expect.objectContaining({
        Principal: { Service: 'lambda.amazonaws.com' },
        Condition: { StringLike: { 'aws:sourceArn': pattern } },
      }),
    );
  });

  it('rejects an uppercase repository name, naming the prop', () => {
    expect(() => synth({ name: 'Churn' })).toThrow(/"name"/);
  });
});
