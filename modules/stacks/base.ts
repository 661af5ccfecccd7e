import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { LocalBackend, TerraformStack } from 'cdktf';
import { Construct } from 'constructs';
import { InfraConfig, projectTags } from '../config';
import { BackendSettings, useRemoteState } from './backend';

export interface ChurnStackProps {
  readonly config: InfraConfig;
  readonly backend: BackendSettings;
}

/** Where a stack keeps its state and which region its provider works in. */
export interface StackPlacement {
  readonly region: string;
  /** Local state file (relative to cdktf.out/stacks/<stack>); default: the S3 backend. */
  readonly localStatePath?: string;
}

/** What every stack opens with: its backend, its one AWS provider and the project's tags. */
export abstract class ChurnStackBase extends TerraformStack {
  /** Project, Environment, ManagedBy and the configured extra tags. */
  protected readonly tags: Record<string, string>;

  protected constructor(scope: Construct, id: string, props: ChurnStackProps, placement: StackPlacement) {
    super(scope, id);
    if (placement.localStatePath) new LocalBackend(this, { path: placement.localStatePath });
    else useRemoteState(this, props.backend, id);
    new AwsProvider(this, 'aws', { region: placement.region });
    this.tags = projectTags(props.config);
  }
}
