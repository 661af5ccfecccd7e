import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fixtureBytes } from '@telco-churn/xgboost-runtime/__tests__/fixtures';
import { loadArtifact } from '../artifact';
import { FEATURE_NAMES, SCALED_FEATURES } from '../features';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'model-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('loadArtifact', () => {
  const params = (featureNames: string[]) => ({
    feature_names: featureNames,
    scaler: { features: SCALED_FEATURES, means: [30, 65, 2000, 60, 2], stds: [24, 30, 2200, 30, 1.8] },
    threshold: 0.4,
    model_version: 'test-1',
  });

  it('loads the booster, the parameters, an encoder in feature order and the metrics', async () => {
    writeFileSync(path.join(dir, 'xgboost-model'), fixtureBytes('telco46', 'json'));
    writeFileSync(path.join(dir, 'model_params.json'), JSON.stringify(params([...FEATURE_NAMES])));
    writeFileSync(path.join(dir, 'metrics.json'), JSON.stringify({ model_version: 'test-1' }));
    const artifact = await loadArtifact(dir);
    expect(artifact.booster.numFeature).toBe(46);
    expect(artifact.params.threshold).toBe(0.4);
    expect(artifact.encoder.featureNames).toEqual(FEATURE_NAMES);
    expect(artifact.metrics).toEqual({ model_version: 'test-1' });
  });

  it('loads without metrics.json', async () => {
    writeFileSync(path.join(dir, 'xgboost-model'), fixtureBytes('telco46', 'bin'));
    writeFileSync(path.join(dir, 'model_params.json'), JSON.stringify(params([...FEATURE_NAMES])));
    expect((await loadArtifact(dir)).metrics).toBeUndefined();
  });

  it('says so when the model and model_params.json disagree on the feature count', async () => {
    writeFileSync(path.join(dir, 'xgboost-model'), fixtureBytes('small', 'json'));
    writeFileSync(path.join(dir, 'model_params.json'), JSON.stringify(params([...FEATURE_NAMES])));
    await expect(loadArtifact(dir)).rejects.toThrow(
      /the model expects 8 features but model_params.json lists 46 feature_names/,
    );
  });

  it('says so when the model names its features in another order', async () => {
    const swapped: string[] = [...FEATURE_NAMES];
    [swapped[0], swapped[1]] = [swapped[1], swapped[0]];
    writeFileSync(path.join(dir, 'xgboost-model'), fixtureBytes('telco46', 'json'));
    writeFileSync(path.join(dir, 'model_params.json'), JSON.stringify(params(swapped)));
    await expect(loadArtifact(dir)).rejects.toThrow(/feature 0 is "gender" in the model but "SeniorCitizen"/);
  });

  it('names a missing model_params.json', async () => {
    writeFileSync(path.join(dir, 'xgboost-model'), fixtureBytes('telco46', 'json'));
    await expect(loadArtifact(dir)).rejects.toThrow(/model_params.json: cannot read it/);
  });
});
