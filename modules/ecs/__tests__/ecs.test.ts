import { EcsCluster } from '@cdktf/provider-aws/lib/ecs-cluster';
import { EcsClusterCapacityProviders } from '@cdktf/provider-aws/lib/ecs-cluster-capacity-providers';
import { synthStack } from '../../shared/testing';
import { ChurnEcsCluster, ChurnEcsClusterProps } from '../index';

const synth = (props: Partial<ChurnEcsClusterProps> = {}) =>
  synthStack(
    (s) => new ChurnEcsCluster(s, 'ecs', { name: 'churn-test', tags: { Project: 'churn' }, ...props }),
  );

describe('ChurnEcsCluster', () => {
  const out = synth();

  it('enables Container Insights', () => {
    expect(out).toHaveResourceWithProperties(EcsCluster, {
      name: 'churn-test',
      setting: [{ name: 'containerInsights', value: 'enabled' }],
    });
  });

  it('registers FARGATE and FARGATE_SPOT', () => {
    expect(out).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
      capacity_providers: ['FARGATE', 'FARGATE_SPOT'],
    });
  });

  it('runs everything on FARGATE unless spot is opted in', () => {
    expect(out).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
      default_capacity_provider_strategy: [{ capacity_provider: 'FARGATE', base: 1, weight: 1 }],
    });
  });

  it('adds FARGATE_SPOT with the configured weight, keeping one on-demand task', () => {
    expect(synth({ fargateSpotWeight: 3 })).toHaveResourceWithProperties(EcsClusterCapacityProviders, {
      default_capacity_provider_strategy: [
        { capacity_provider: 'FARGATE', base: 1, weight: 1 },
        { capacity_provider: 'FARGATE_SPOT', weight: 3 },
      ],
    });
  });

  it('rejects a negative spot weight, naming the prop', () => {
    expect(() => synth({ fargateSpotWeight: -1 })).toThrow(/"fargateSpotWeight"/);
  });
});
