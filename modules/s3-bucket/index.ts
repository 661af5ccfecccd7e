import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketOwnershipControls } from '@cdktf/provider-aws/lib/s3-bucket-ownership-controls';
import { S3BucketPolicy } from '@cdktf/provider-aws/lib/s3-bucket-policy';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { Construct } from 'constructs';
import { ChurnConstruct } from '../shared/construct';
import { check, isLiteral } from '../shared/errors';
import { Tags, withName } from '../shared/tags';

export interface SecureBucketProps {
  /** Exact bucket name (globally unique, 3..63 lowercase characters). */
  readonly bucketName: string;
  /** Old object versions expire after this many days. Default 90. */
  readonly noncurrentVersionExpiryDays?: number;
  /** Current objects under a prefix expire after so many days (log data with a retention). */
  readonly expirations?: readonly PrefixExpiration[];
  /** Terraform refuses to destroy the bucket (use for Terraform state). Default false. */
  readonly preventDestroy?: boolean;
  readonly tags?: Tags;
}

export interface PrefixExpiration {
  /** Key prefix, e.g. `predictions/`; rule ids are derived from it. */
  readonly prefix: string;
  readonly days: number;
}

/**
 * Private, versioned, encrypted (SSE-S3) bucket that refuses plain-HTTP requests: the Terraform
 * state bucket and the model artifact bucket.
 */
export class SecureBucket extends ChurnConstruct {
  readonly bucket: S3Bucket;

  constructor(scope: Construct, id: string, props: SecureBucketProps) {
    super(scope, id, 'SecureBucket', props.tags);
    const { where } = this;
    const expiry = props.noncurrentVersionExpiryDays ?? 90;
    if (isLiteral(props.bucketName)) {
      check(
        /^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/.test(props.bucketName) && !props.bucketName.includes('..'),
        where,
        'bucketName',
        `"${props.bucketName}" is not a valid S3 bucket name (3..63 of a-z 0-9 . -)`,
      );
    }
    check(
      Number.isInteger(expiry) && expiry >= 1,
      where,
      'noncurrentVersionExpiryDays',
      `${expiry} must be a whole number >= 1`,
    );
    for (const e of props.expirations ?? []) {
      check(
        /^[^/].*\/$/.test(e.prefix),
        where,
        'expirations',
        `prefix "${e.prefix}" must be a folder ("name/"): an empty one would expire the whole bucket`,
      );
      check(
        Number.isInteger(e.days) && e.days >= 1,
        where,
        'expirations',
        `${e.days} must be a whole number >= 1`,
      );
    }

    this.bucket = new S3Bucket(this, 'bucket', {
      bucket: props.bucketName,
      tags: withName(props.tags, props.bucketName),
      lifecycle: props.preventDestroy ? { preventDestroy: true } : undefined,
    });
    const bucket = this.bucket.id;
    new S3BucketVersioningA(this, 'versioning', { bucket, versioningConfiguration: { status: 'Enabled' } });
    new S3BucketServerSideEncryptionConfigurationA(this, 'encryption', {
      bucket,
      rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' }, bucketKeyEnabled: true }],
    });
    new S3BucketPublicAccessBlock(this, 'public-access', {
      bucket,
      blockPublicAcls: true,
      blockPublicPolicy: true,
      ignorePublicAcls: true,
      restrictPublicBuckets: true,
    });
    new S3BucketOwnershipControls(this, 'ownership', {
      bucket,
      rule: { objectOwnership: 'BucketOwnerEnforced' },
    });
    new S3BucketLifecycleConfiguration(this, 'lifecycle', {
      bucket,
      // AWS's default for new configurations, written out: left unset, a mocked apply stores a
      // random value that the real provider then refuses on the next plan.
      transitionDefaultMinimumObjectSize: 'all_storage_classes_128K',
      rule: [
        {
          id: 'expire-old-versions',
          status: 'Enabled',
          filter: [{ prefix: '' }],
          noncurrentVersionExpiration: [{ noncurrentDays: expiry }],
          abortIncompleteMultipartUpload: [{ daysAfterInitiation: 7 }],
        },
        ...(props.expirations ?? []).map((e) => ({
          id: `expire-${e.prefix.replace(/[^A-Za-z0-9-]+/g, '-').replace(/-+$/, '')}`,
          status: 'Enabled',
          filter: [{ prefix: e.prefix }],
          expiration: [{ days: e.days }],
        })),
      ],
    });
    new S3BucketPolicy(this, 'tls-only', {
      bucket,
      policy: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'DenyInsecureTransport',
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:*',
            Resource: [this.bucket.arn, `${this.bucket.arn}/*`],
            Condition: { Bool: { 'aws:SecureTransport': 'false' } },
          },
        ],
      }),
    });
  }
}
