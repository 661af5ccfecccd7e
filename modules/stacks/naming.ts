import { DataAwsCallerIdentity } from '@cdktf/provider-aws/lib/data-aws-caller-identity';
import { DataAwsPartition } from '@cdktf/provider-aws/lib/data-aws-partition';
import { Construct } from 'constructs';
import { InfraConfig, stem } from '../config';

/** Names the artifacts stack creates and the churn stack looks up: one function for both. */
export interface ArtifactNames {
  readonly apiRepository: string;
  readonly uiRepository: string;
  /** `<stem>-artifacts-<account>-<region>`: unique without hard-coding an account. */
  readonly artifactsBucket: string;
  readonly accountId: string;
  /** aws, aws-cn or aws-us-gov: ARNs are built with it, never with a literal "aws". */
  readonly partition: string;
}

export function artifactNames(scope: Construct, config: InfraConfig): ArtifactNames {
  const account = new DataAwsCallerIdentity(scope, 'account');
  const partition = new DataAwsPartition(scope, 'partition');
  return {
    apiRepository: `${stem(config)}-api`,
    uiRepository: `${stem(config)}-ui`,
    artifactsBucket: `${stem(config)}-artifacts-${account.accountId}-${config.region}`,
    accountId: account.accountId,
    partition: partition.partition,
  };
}
