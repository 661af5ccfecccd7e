import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Encoder, createEncoder } from '../core/features';
import { ModelParams, parseModelParams } from '../core/model-params';
import { parseReferenceProfile } from '../core/monitoring/profile';
import { REFERENCE_FILE, ReferenceProfile } from '../core/monitoring/reference';
import { Booster } from './booster';
import { ModelFormatError } from './errors';
import { parseModel } from './parse';

/** The SageMaker name of the model file, inside a model directory and inside model.tar.gz. */
export const MODEL_FILE = 'xgboost-model';

async function readModelFile(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(cause);
    throw new ModelFormatError(`${file}: cannot read the model (${why})`, { cause });
  }
}

/** A model file (JSON or legacy binary), a model.tar.gz, or a directory holding `xgboost-model` or `model.tar.gz`. */
export async function loadModel(location: string): Promise<Booster> {
  let info;
  try {
    info = await stat(location);
  } catch (cause) {
    throw new ModelFormatError(`${location}: no such model file or directory`, { cause });
  }
  if (!info.isDirectory()) return parseModel(await readModelFile(location), location);
  for (const name of [MODEL_FILE, 'model.tar.gz']) {
    const file = path.join(location, name);
    const found = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (found) return parseModel(await readModelFile(file), file);
  }
  throw new ModelFormatError(`${location}: the directory holds neither ${MODEL_FILE} nor model.tar.gz`);
}

export interface Metrics {
  model_version?: string;
  threshold?: number;
  [key: string]: unknown;
}

export interface Artifact {
  dir: string;
  booster: Booster;
  params: ModelParams;
  encoder: Encoder;
  metrics?: Metrics;
  /** The training rows' profile (`reference_profile.json`), which the prediction log bins by. */
  reference?: ReferenceProfile;
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
 * `metrics.json` and `reference_profile.json`. The booster and the parameters must agree on the feature count.
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
  const metrics = (await readJson(path.join(dir, 'metrics.json'), false)) as Metrics | undefined;
  const referenceFile = path.join(dir, REFERENCE_FILE);
  const referenceJson = await readJson(referenceFile, false);
  let reference: ReferenceProfile | undefined;
  if (referenceJson !== undefined) {
    try {
      reference = parseReferenceProfile(referenceJson, referenceFile);
    } catch (cause) {
      throw new ModelFormatError((cause as Error).message, { cause });
    }
  }
  const encoder = createEncoder(params.featureNames, params.scaler);
  return { dir, booster, params, encoder, metrics, reference };
}
