import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { predictProba } from '@telco-churn/xgboost-runtime';
import { loadArtifact } from '@telco-churn/core/artifact';
import { evaluate } from '../metrics';
import { encodeRows, prepare } from '../prepare';

const ROOT = join(__dirname, '..', '..', '..');
const DATA = join(ROOT, '..', 'shared', 'data', 'telco-customer-churn.csv');
const IDS = join(ROOT, '..', 'shared', 'data', 'seed-test-customer-ids.txt');
const MODEL = join(ROOT, 'api', 'model-artifact');
const present = existsSync(DATA) && existsSync(IDS);
if (!present) console.warn(`skipped: the real data set is not at ${DATA}`);

(present ? describe : describe.skip)('the shipped model in api/model-artifact', () => {
  it('scores the older system’s test customers to the figures its metrics.json reports', async () => {
    const metrics = JSON.parse(readFileSync(join(MODEL, 'metrics.json'), 'utf8'));
    const artifact = await loadArtifact(MODEL);
    const prepared = prepare({ dataPath: DATA, testIdsPath: IDS, seed: 42 });
    // The scaler in model_params.json is the one fitted on the training rows.
    expect(artifact.params.scaler.means).toEqual(prepared.scaler.means);
    expect(metrics.data.data_hash).toBe(`sha256:${prepared.data.hash}`);
    const test = encodeRows(artifact.encoder, prepared.testRows);
    const scores = predictProba(artifact.booster, test.x, test.nRows);
    const e = evaluate(test.y, scores, artifact.params.threshold);
    expect(e.auc).toBeCloseTo(metrics.test.auc, 4);
    expect(e.f1).toBeCloseTo(metrics.test.f1, 4);
    expect(e.confusion_matrix).toEqual(metrics.test.confusion_matrix);
    // The targets, on a split nothing was chosen on.
    expect(e.auc).toBeGreaterThanOrEqual(0.848);
    expect(e.f1).toBeGreaterThanOrEqual(0.635);
  });
});
