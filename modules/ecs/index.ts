import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { Construct } from 'constructs';
import { ChurnConstruct } from '../shared/construct';
import { check } from '../shared/errors';
import { Tags, withName } from '../shared/tags';

export interface ChurnEcsClusterProps {
  /** Cluster name, e.g. `churn-dev`. */
  readonly name: string;
  /** Default true: per-task CPU/memory metrics in CloudWatch (billed as custom metrics). */
  readonly containerInsights?: boolean;
  /**
   * Weight of FARGATE_SPOT in the cluster's default strategy (0 = off, the default). FARGATE keeps
   * base 1, so at least one task never runs on interruptible capacity.
   */
  readonly fargateSpotWeight?: number;
  readonly tags?: Tags;
}

export interface CapacityShare {
  readonly capacityProvider: 'FARGATE' | 'FARGATE_SPOT';
  readonly base?: number;
  readonly weight: number;
}

/** Fargate cluster with FARGATE and FARGATE_SPOT capacity providers and Container Insights. */
export class ChurnEcsCluster extends ChurnConstruct {
  readonly cluster: EcsCluster;
  readonly capacityProviders: EcsClusterCapacityProviders;
  /** The default strategy; services reuse it so the spot opt-in lives in one place. */
  readonly capacityStrategy: readonly CapacityShare[];

  constructor(scope: Construct, id: string, props: ChurnEcsClusterProps) {
    super(scope, id, 'ChurnEcsCluster', props.tags);
    const { where } = this;
    const spot = props.fargateSpotWeight ?? 0;
    check(/^[A-Za-z0-9_-]{1,255}$/.test(props.name), where, 'name', 'use 1..255 of A-Z a-z 0-9 _ -');
    check(
      Number.isInteger(spot) && spot >= 0 && spot <= 1000,
      where,
      'fargateSpotWeight',
      `${spot} is outside 0..1000`,
    );

    this.cluster = new EcsCluster(this, 'cluster', {
      name: props.name,
      setting: [
        { name: 'containerInsights', value: props.containerInsights === false ? 'disabled' : 'enabled' },
      ],
      tags: withName(props.tags, props.name),
    });
    this.capacityStrategy = [
      { capacityProvider: 'FARGATE', base: 1, weight: 1 },
      ...(spot > 0 ? [{ capacityProvider: 'FARGATE_SPOT' as const, weight: spot }] : []),
    ];
    this.capacityProviders = new EcsClusterCapacityProviders(this, 'capacity', {
      clusterName: this.cluster.name,
      capacityProviders: ['FARGATE', 'FARGATE_SPOT'],
      defaultCapacityProviderStrategy: this.capacityStrategy.map((s) => ({ ...s })),
    });
  }
}
