import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { DataAwsRegion } from '@cdktf/provider-aws/lib/data-aws-region';
import { DataAwsSagemakerPrebuiltEcrImage } from '@cdktf/provider-aws/lib/data-aws-sagemaker-prebuilt-ecr-image';
import { Construct } from 'constructs';

/** A serving image: its URI for the model and its repository ARN for the execution role. */
export interface ServingImage {
  readonly imageUri: string;
  readonly repositoryArn: string;
  /** A synth-time literal that changes with the image (e.g. `sagemaker-xgboost:1.7-1`); names the model. */
  readonly reference?: string;
}

/**
 * SageMaker's built-in XGBoost image. The registry account differs per region, so it comes from
 * the aws_sagemaker_prebuilt_ecr_image data source; the tag must be explicit (REFERENCE.md).
 */
export class PrebuiltXgboostImage extends Construct implements ServingImage {
  static readonly REPOSITORY = 'sagemaker-xgboost';
  readonly imageUri: string;
  readonly repositoryArn: string;
  readonly reference: string;

  constructor(scope: Construct, id: string, props: { readonly version?: string } = {}) {
    super(scope, id);
    const tag = props.version ?? '1.7-1';
    const image = new DataAwsSagemakerPrebuiltEcrImage(this, 'image', {
      repositoryName: PrebuiltXgboostImage.REPOSITORY,
      imageTag: tag,
    });
    this.reference = `${PrebuiltXgboostImage.REPOSITORY}:${tag}`;
    const partition = new DataAwsPartition(this, 'partition');
    const region = new DataAwsRegion(this, 'region');
    this.imageUri = image.registryPath;
    this.repositoryArn = `arn:${partition.partition}:ecr:${region.region}:${image.registryId}:repository/${PrebuiltXgboostImage.REPOSITORY}`;
  }
}
