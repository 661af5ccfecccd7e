import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Booster, ModelFormatError, loadModel } from '@telco-churn/xgboost-runtime';
import type { MetricsJson } from './contracts';
import { Encoder, createEncoder } from './features';
import { ModelParams, parseModelParams } from './model-params';

export interface Artifact {
  dir: string;
  booster: Booster;
  params: ModelParams;
  encoder: Encoder;
  metrics?: MetricsJson;
}

async function readJson(file: string, required: boolean): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    if (!required && (cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ModelFormatError(`${file}: cannot read it (${(cause as Error).message})`, { cause });
  }
  try {
    return JSON.parse(text);
  } catch (cause) {
    throw new ModelFormatError(`${file}: not valid JSON (${(cause as Error).message})`, { cause });
  }
}

/**
 * A model directory as training writes it and the API serves it: `xgboost-model` (or
 * model.tar.gz), `model_params.json` (feature order, scaler, threshold) and, optionally,
 * `metrics.json`. The booster and the parameters must agree on the feature count.
 */
export async function loadArtifact(dir: string): Promise<Artifact> {
  const booster = await loadModel(dir);
  const params = parseModelParams(
    await readJson(path.join(dir, 'model_params.json'), true),
    path.join(dir, 'model_params.json'),
  );
  if (booster.numFeature !== params.featureNames.length) {
    throw new ModelFormatError(
      `${dir}: the model expects ${booster.numFeature} features but model_params.json lists ` +
        `${params.featureNames.length} feature_names: they belong to different models`,
    );
  }
  if (booster.featureNames) {
    const mismatch = booster.featureNames.findIndex((name, i) => name !== params.featureNames[i]);
    if (mismatch >= 0) {
      throw new ModelFormatError(
        `${dir}: feature ${mismatch} is "${booster.featureNames[mismatch]}" in the model but ` +
          `"${params.featureNames[mismatch]}" in model_params.json`,
      );
    }
  }
  const metrics = (await readJson(path.join(dir, 'metrics.json'), false)) as MetricsJson | undefined;
  return { dir, booster, params, encoder: createEncoder(params.featureNames, params.scaler), metrics };
}
