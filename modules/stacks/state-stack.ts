import { TerraformOutput } from 'cdktf';
import { Construct } from 'constructs';
import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DynamodbTable } from '@cdktf/provider-aws/lib/dynamodb-table';
import { stem } from '../config';
import { SecureBucket } from '../s3-bucket';
import { isPlaceholder } from './backend';
import { ChurnStackBase, ChurnStackProps } from './base';

/**
 * Bootstraps remote state: the S3 bucket backend.tf.json names (versioned, encrypted, private,
 * TLS only). Locking uses S3 lock files, so no table is needed. Its own state stays local
 * (terraform.state.tfstate in the repository root) because the bucket cannot hold the state of its own creation.
 * While backend.tf.json still holds the placeholder, the bucket gets a unique generated name
 * (`<stem>-tfstate-<account>-<region>`) that `npm run deploy:state` writes back into the file.
 */
export class StateStack extends ChurnStackBase {
  readonly stateBucket: SecureBucket;
  readonly lockTable?: DynamodbTable;

  constructor(scope: Construct, id: string, props: ChurnStackProps) {
    // Relative to cdktf.out/stacks/state: the file lives in the repository root (git-ignored), out
    // of cdktf.out, which synth may clear. Keep it safe: it is the only record of the bucket.
    super(scope, id, props, {
      region: props.backend.region,
      localStatePath: '../../../terraform.state.tfstate',
    });
    this.stateBucket = new SecureBucket(this, 'state', {
      bucketName: isPlaceholder(props.backend)
        ? `${stem(props.config)}-tfstate-${new DataAwsCallerIdentity(this, 'account').accountId}-${props.backend.region}`
        : props.backend.bucket,
      preventDestroy: true,
      noncurrentVersionExpiryDays: 365,
      tags: this.tags,
    });
    new TerraformOutput(this, 'state_bucket', { value: this.stateBucket.bucket.bucket });
    if (props.backend.dynamodbTable) {
      // Only for Terraform < 1.10, which cannot lock with S3 lock files.
      this.lockTable = new DynamodbTable(this, 'lock', {
        name: props.backend.dynamodbTable,
        billingMode: 'PAY_PER_REQUEST',
        hashKey: 'LockID',
        attribute: [{ name: 'LockID', type: 'S' }],
        serverSideEncryption: { enabled: true },
        pointInTimeRecovery: { enabled: true },
        deletionProtectionEnabled: true,
        tags: { ...this.tags, Name: props.backend.dynamodbTable },
      });
    }
  }
}
