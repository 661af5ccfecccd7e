import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { stem } from '../config';
import { ChurnEcrRepository } from '../ecr';
import { SecureBucket } from '../s3-bucket';
import { ChurnStackBase, ChurnStackProps } from './base';
import { artifactNames } from './naming';

/**
 * What must exist before the churn stack: the two ECR repositories (a Lambda cannot be created
 * before its image is pushed) and the bucket for model.tar.gz.
 */
export class ArtifactsStack extends ChurnStackBase {
  readonly apiRepository: ChurnEcrRepository;
  readonly uiRepository: ChurnEcrRepository;
  readonly artifactsBucket: SecureBucket;

  constructor(scope: Construct, id: string, props: ChurnStackProps) {
    super(scope, id, props, { region: props.config.region });
    const { config } = props;
    const { tags } = this;
    const names = artifactNames(this, config);

    this.apiRepository = new ChurnEcrRepository(this, 'api', {
      name: names.apiRepository,
      lambdaPullFunctionArnPattern: `arn:${names.partition}:lambda:${config.region}:${names.accountId}:function:${stem(config)}-*`,
      forceDelete: true,
      tags,
    });
    this.uiRepository = new ChurnEcrRepository(this, 'ui', {
      name: names.uiRepository,
      forceDelete: true,
      tags,
    });
    this.artifactsBucket = new SecureBucket(this, 'artifacts', { bucketName: names.artifactsBucket, tags });

    new TerraformOutput(this, 'api_repository_url', { value: this.apiRepository.repository.repositoryUrl });
    new TerraformOutput(this, 'ui_repository_url', { value: this.uiRepository.repository.repositoryUrl });
    new TerraformOutput(this, 'artifacts_bucket', { value: this.artifactsBucket.bucket.bucket });
  }
}
