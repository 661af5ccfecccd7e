import { App, Annotations } from 'cdktf';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, RawSettings } from './modules/config';
import { ArtifactsStack } from './modules/stacks/artifacts-stack';
import { isPlaceholder, readBackend } from './modules/stacks/backend';
import { ChurnStack } from './modules/stacks/churn-stack';
import { StateStack } from './modules/stacks/state-stack';

/**
 * Three stacks, deployed in this order: `state` (the state bucket, local state), `artifacts`
 * (ECR repositories and the model bucket) and `churn` (the platform). See modules/README.md.
 */
const root = __dirname;
const context = (JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')).context ?? {}) as RawSettings;
const config = loadConfig(context, process.env);
const backend = readBackend(join(root, 'backend.tf.json'));

const app = new App({ outdir: join(root, 'cdktf.out') });
new StateStack(app, 'state', { config, backend });
const remote = [
  new ArtifactsStack(app, 'artifacts', { config, backend }),
  new ChurnStack(app, 'churn', { config, backend }),
];
if (isPlaceholder(backend)) {
  for (const stack of remote) {
    Annotations.of(stack).addWarning(
      'backend.tf.json names no state bucket yet: run `npm run deploy:state` first (modules/README.md).',
    );
  }
}
app.synth();
