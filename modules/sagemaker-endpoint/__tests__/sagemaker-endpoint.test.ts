import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { SagemakerEndpoint } from '@cdktf/provider-aws/lib/sagemaker-endpoint';
import { SagemakerEndpointConfiguration } from '@cdktf/provider-aws/lib/sagemaker-endpoint-configuration';
import { DataAwsSagemakerPrebuiltEcrImage } from '@cdktf/provider-aws/lib/data-aws-sagemaker-prebuilt-ecr-image';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { SagemakerModel } from '@cdktf/provider-aws/lib/sagemaker-model';
import { Construct } from 'constructs';
import { CloudwatchLogGroup } from '@cdktf/provider-aws/lib/cloudwatch-log-group';
import { inlinePolicies, onlyResource, synthStack } from '../../shared/testing';
import { ChurnSagemakerEndpoint, ChurnSagemakerEndpointProps } from '../index';

const MODEL = 's3://churn-models-bucket/models/3f2a/model.tar.gz';
function build(scope: Construct, props: Partial<ChurnSagemakerEndpointProps> = {}) {
  const role = new IamRole(scope, 'role', { assumeRolePolicy: '{}' });
  return new ChurnSagemakerEndpoint(scope, 'sm', {
    name: 'churn-test',
    executionRole: role,
    modelDataUrl: MODEL,
    tags: { Project: 'churn' },
    ...props,
  });
}

describe('ChurnSagemakerEndpoint', () => {
  const out = synthStack((s) => build(s));

  it('serves the model artifact with the prebuilt XGBoost 1.7-1 image', () => {
    expect(out).toHaveDataSourceWithProperties(DataAwsSagemakerPrebuiltEcrImage, {
      repository_name: 'sagemaker-xgboost',
      image_tag: '1.7-1',
    });
    expect(onlyResource(out, 'aws_sagemaker_model').primary_container).toEqual(
      expect.objectContaining({ model_data_url: MODEL, image: expect.stringMatching(/registry_path/) }),
    );
  });

  it('configures a serverless variant with 2048 MB and concurrency 5 by default', () => {
    expect(onlyResource(out, 'aws_sagemaker_endpoint_configuration').production_variants).toEqual([
      expect.objectContaining({
        variant_name: 'AllTraffic',
        serverless_config: { memory_size_in_mb: 2048, max_concurrency: 5 },
      }),
    ]);
  });

  it('gives the endpoint config a name prefix and create-before-destroy', () => {
    expect(out).toHaveResourceWithProperties(SagemakerEndpointConfiguration, {
      name_prefix: 'churn-test-',
      lifecycle: { create_before_destroy: true },
    });
  });

  it('names the model after the artifact so a new artifact replaces it', () => {
    const name = onlyResource(out, 'aws_sagemaker_model').name;
    const other = onlyResource(
      synthStack((s) => build(s, { modelDataUrl: 's3://churn-models-bucket/models/9b1c/model.tar.gz' })),
      'aws_sagemaker_model',
    ).name;
    expect(name).toMatch(/^churn-test-[0-9a-f]{10}$/);
    expect(other).not.toBe(name);
    expect(out).toHaveResourceWithProperties(SagemakerModel, { lifecycle: { create_before_destroy: true } });
  });

  it('renames the model when the serving image changes', () => {
    const image = (tag: string) => ({
      imageUri: `img:${tag}`,
      repositoryArn: 'arn:aws:ecr:eu-central-1:1:repository/x',
    });
    const named = (tag: string) =>
      onlyResource(
        synthStack((s) => build(s, { image: image(tag) })),
        'aws_sagemaker_model',
      ).name;
    expect(named('1.7-1')).not.toBe(named('1.5-1'));
  });

  it('keeps the model name when only the serverless memory changes', () => {
    const named = (memorySizeInMb: number) =>
      onlyResource(
        synthStack((s) => build(s, { memorySizeInMb })),
        'aws_sagemaker_model',
      ).name;
    expect(named(2048)).toBe(named(4096));
  });

  it('keeps a stable endpoint name that points at the current config', () => {
    expect(out).toHaveResourceWithProperties(SagemakerEndpoint, {
      name: 'churn-test',
      endpoint_config_name: expect.stringMatching(/aws_sagemaker_endpoint_configuration\..*\.name/),
    });
  });

  it('alarms on endpoint invocation errors', () => {
    expect(out).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      namespace: 'AWS/SageMaker',
      metric_name: 'Invocation5XXErrors',
      dimensions: { EndpointName: 'churn-test', VariantName: 'AllTraffic' },
    });
  });

  it('keeps the container logs in a retained log group only the execution role writes', () => {
    expect(out).toHaveResourceWithProperties(CloudwatchLogGroup, {
      name: '/aws/sagemaker/Endpoints/churn-test',
      retention_in_days: 30,
    });
    const st = inlinePolicies(out)
      .flatMap((p) => p.Statement)
      .find((x) => x.Sid === 'WriteEndpointLogs');
    expect(st.Resource.every((r: string) => r.startsWith('${aws_cloudwatch_log_group.sm_logs'))).toBe(true);
  });

  it('rejects a memory size serverless endpoints refuse, naming the prop', () => {
    expect(() => synthStack((s) => build(s, { memorySizeInMb: 1500 }))).toThrow(/"memorySizeInMb".*1500/);
  });

  it('rejects a max concurrency above 200', () => {
    expect(() => synthStack((s) => build(s, { maxConcurrency: 500 }))).toThrow(/"maxConcurrency"/);
  });

  it('rejects a model URL that is not an S3 tarball', () => {
    expect(() => synthStack((s) => build(s, { modelDataUrl: 'https://example.com/model.json' }))).toThrow(
      /"modelDataUrl"/,
    );
  });
});

describe('ChurnSagemakerEndpoint with a model URL known only at plan time', () => {
  it('names the model after the given modelVersion', () => {
    const withVersion = (version: string) =>
      synthStack((s) => {
        const bucket = new IamRole(s, 'stand-in-for-a-looked-up-bucket', { assumeRolePolicy: '{}' }).name;
        build(s, { modelDataUrl: `s3://${bucket}/m/model.tar.gz`, modelVersion: version });
      });
    expect(onlyResource(withVersion('m/a'), 'aws_sagemaker_model').name).not.toBe(
      onlyResource(withVersion('m/b'), 'aws_sagemaker_model').name,
    );
  });
});
