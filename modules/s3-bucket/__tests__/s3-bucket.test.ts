import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { onlyResource, synthStack } from '../../shared/testing';
import { SecureBucket, SecureBucketProps } from '../index';

const synth = (props: Partial<SecureBucketProps> = {}) =>
  synthStack(
    (s) => new SecureBucket(s, 'b', { bucketName: 'acme-churn-state', tags: { Project: 'churn' }, ...props }),
  );

describe('SecureBucket', () => {
  const out = synth();

  it('versions the bucket', () => {
    expect(out).toHaveResourceWithProperties(S3BucketVersioningA, {
      versioning_configuration: { status: 'Enabled' },
    });
  });

  it('encrypts with SSE-S3 by default', () => {
    expect(out).toHaveResourceWithProperties(S3BucketServerSideEncryptionConfigurationA, {
      rule: [
        expect.objectContaining({ apply_server_side_encryption_by_default: { sse_algorithm: 'AES256' } }),
      ],
    });
  });

  it('blocks every kind of public access', () => {
    expect(out).toHaveResourceWithProperties(S3BucketPublicAccessBlock, {
      block_public_acls: true,
      block_public_policy: true,
      ignore_public_acls: true,
      restrict_public_buckets: true,
    });
  });

  it('denies requests that do not use TLS', () => {
    const st = JSON.parse(onlyResource(out, 'aws_s3_bucket_policy').policy).Statement[0];
    expect(st).toEqual(
      expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
    );
  });

  it('protects a state bucket from terraform destroy', () => {
    expect(synth({ preventDestroy: true })).toHaveResourceWithProperties(S3Bucket, {
      lifecycle: { prevent_destroy: true },
    });
  });

  it('rejects an invalid bucket name, naming the prop', () => {
    expect(() => synth({ bucketName: 'REPLACE-with-your-state-bucket' })).toThrow(/"bucketName"/);
  });
});
