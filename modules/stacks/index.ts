import { Annotations, App } from 'cdktf';
import { InfraConfig } from '../config';
import { ArtifactsStack } from './artifacts-stack';
import { BackendSettings, isPlaceholder } from './backend';
import { ChurnStack } from './churn-stack';
import { StateStack } from './state-stack';

export { ArtifactsStack } from './artifacts-stack';
export { ChurnStack } from './churn-stack';
export { StateStack } from './state-stack';

export interface ChurnApp {
  readonly state: StateStack;
  readonly artifacts: ArtifactsStack;
  readonly churn: ChurnStack;
}

/** The three stacks in deploy order: state (local state), artifacts, churn. */
export function buildStacks(app: App, config: InfraConfig, backend: BackendSettings): ChurnApp {
  const stacks = {
    state: new StateStack(app, 'state', { config, backend }),
    artifacts: new ArtifactsStack(app, 'artifacts', { config, backend }),
    churn: new ChurnStack(app, 'churn', { config, backend }),
  };
  if (isPlaceholder(backend)) {
    for (const stack of [stacks.artifacts, stacks.churn]) {
      Annotations.of(stack).addWarning(
        'backend.tf.json names no state bucket yet: run `npm run deploy:state` first (modules/README.md).',
      );
    }
  }
  return stacks;
}
