import { App } from 'cdktf';
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, RawSettings } from '@telco-churn/infrastructure/config';
import { buildStacks } from '@telco-churn/infrastructure/stacks';
import { readBackend } from '@telco-churn/infrastructure/stacks/backend';

/**
 * Three stacks, deployed in this order: `state` (the state bucket, local state), `artifacts`
 * (ECR repositories and the model bucket) and `churn` (the platform). See modules/README.md.
 */
const root = __dirname;
const context = (JSON.parse(readFileSync(join(root, 'cdktf.json'), 'utf8')).context ?? {}) as RawSettings;
// The cdktf CLI tells the app where to write (CDKTF_OUTDIR); `npm run synth` writes cdktf.out/.
const outdir = process.env.CDKTF_OUTDIR ?? join(root, 'cdktf.out');
mkdirSync(outdir, { recursive: true }); // App creates only the last level of a new CDKTF_OUTDIR
const app = new App({ outdir });
buildStacks(app, loadConfig(context, process.env), readBackend(join(root, 'backend.tf.json')));
app.synth();
