import { EcrLifecyclePolicy } from '@cdktf/provider-aws/lib/ecr-lifecycle-policy';
import { EcrRepository } from '@cdktf/provider-aws/lib/ecr-repository';
import { EcrRepositoryPolicy } from '@cdktf/provider-aws/lib/ecr-repository-policy';
import { Construct } from 'constructs';
import { ChurnConstruct } from '../shared/construct';
import { check } from '../shared/errors';
import { Tags, withName } from '../shared/tags';

export interface ChurnEcrRepositoryProps {
  /** Repository name, e.g. `churn-dev-api`. */
  readonly name: string;
  /** Tagged images kept; older ones expire. Default 20. */
  readonly keepImages?: number;
  /** Untagged layers left by re-tagging expire after this many days. Default 7. */
  readonly untaggedExpiryDays?: number;
  /**
   * Lambda functions whose ARNs match this pattern may pull (Lambda reads container images with
   * its service principal, not the function's role), e.g. `arn:aws:lambda:eu-central-1:1111:function:churn-dev-*`.
   */
  readonly lambdaPullFunctionArnPattern?: string;
  /** Delete the repository with its images on destroy. Default false. */
  readonly forceDelete?: boolean;
  readonly tags?: Tags;
}

/** ECR repository: scan on push, encrypted, lifecycle policy, optional Lambda pull policy. */
export class ChurnEcrRepository extends ChurnConstruct {
  readonly repository: EcrRepository;

  constructor(scope: Construct, id: string, props: ChurnEcrRepositoryProps) {
    super(scope, id, 'ChurnEcrRepository', props.tags);
    const { where } = this;
    const keep = props.keepImages ?? 20;
    const expiry = props.untaggedExpiryDays ?? 7;
    check(
      /^[a-z0-9]+(?:[._-][a-z0-9]+)*(?:\/[a-z0-9]+(?:[._-][a-z0-9]+)*)*$/.test(props.name) &&
        props.name.length <= 256,
      where,
      'name',
      'use lowercase letters, digits and single . _ - / separators',
    );
    check(Number.isInteger(keep) && keep >= 1, where, 'keepImages', `${keep} must be a whole number >= 1`);
    check(
      Number.isInteger(expiry) && expiry >= 1,
      where,
      'untaggedExpiryDays',
      `${expiry} must be a whole number >= 1`,
    );

    this.repository = new EcrRepository(this, 'repository', {
      name: props.name,
      // Tags are git SHAs from images:push plus a moving "latest"; MUTABLE allows the latter.
      imageTagMutability: 'MUTABLE',
      imageScanningConfiguration: { scanOnPush: true },
      encryptionConfiguration: [{ encryptionType: 'AES256' }],
      forceDelete: props.forceDelete ?? false,
      tags: withName(props.tags, props.name),
    });
    new EcrLifecyclePolicy(this, 'lifecycle', {
      repository: this.repository.name,
      policy: JSON.stringify({
        rules: [
          {
            rulePriority: 1,
            description: `expire untagged images after ${expiry} days`,
            selection: {
              tagStatus: 'untagged',
              countType: 'sinceImagePushed',
              countUnit: 'days',
              countNumber: expiry,
            },
            action: { type: 'expire' },
          },
          {
            rulePriority: 2,
            description: `keep the last ${keep} images`,
            selection: { tagStatus: 'any', countType: 'imageCountMoreThan', countNumber: keep },
            action: { type: 'expire' },
          },
        ],
      }),
    });
    if (props.lambdaPullFunctionArnPattern) {
      new EcrRepositoryPolicy(this, 'lambda-pull', {
        repository: this.repository.name,
        policy: JSON.stringify({
          Version: '2012-10-17',
          Statement: [
            {
              Sid: 'LambdaPull',
              Effect: 'Allow',
              Principal: { Service: 'lambda.amazonaws.com' },
              Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
              Condition: { StringLike: { 'aws:sourceArn': props.lambdaPullFunctionArnPattern } },
            },
          ],
        }),
      });
    }
  }
}
