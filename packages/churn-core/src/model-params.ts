import Joi from 'joi';
import { Scaler, isKnownFeature } from './features';

/**
 * `model_params.json`: the older system's keys (`feature_names`, `scaler`) load unchanged;
 * ours adds the decision threshold and provenance. Unknown keys are kept, not refused.
 */
export interface ModelParams {
  featureNames: string[];
  scaler: Scaler;
  /** Decision threshold on the probability; 0.5 when the file has none (the older system's). */
  threshold: number;
  modelVersion: string;
  createdAt?: string;
  dataHash?: string;
  libraryVersions?: Record<string, string>;
}

export class ModelParamsError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ModelParamsError';
  }
}

const fileSchema = Joi.object({
  feature_names: Joi.array().items(Joi.string()).min(1).unique().required(),
  scaler: Joi.object({
    features: Joi.array().items(Joi.string()).unique().required(),
    means: Joi.array().items(Joi.number()).required(),
    stds: Joi.array().items(Joi.number().min(0)).required(),
  }).required(),
  threshold: Joi.number().greater(0).less(1),
  model_version: Joi.string(),
  created_at: Joi.string(),
  data_hash: Joi.string(),
  library_versions: Joi.object().pattern(Joi.string(), Joi.string()),
})
  .unknown(true)
  .prefs({ errors: { wrap: { label: false } } });

export function parseModelParams(json: unknown, source = 'model_params.json'): ModelParams {
  const { error, value } = fileSchema.validate(json);
  if (error) throw new ModelParamsError(`${source}: ${error.message}`, { cause: error });
  const { features, means, stds } = value.scaler as Scaler;
  if (means.length !== features.length || stds.length !== features.length) {
    throw new ModelParamsError(
      `${source}: scaler.features, scaler.means and scaler.stds must have the same length (${features.length}, ${means.length}, ${stds.length})`,
    );
  }
  const featureNames = value.feature_names as string[];
  const unknown = featureNames.filter((name) => !isKnownFeature(name));
  if (unknown.length > 0)
    throw new ModelParamsError(`${source}: unknown feature names ${unknown.join(', ')}`);
  const unscaled = features.filter((name) => !featureNames.includes(name));
  if (unscaled.length > 0) {
    throw new ModelParamsError(
      `${source}: scaler.features names columns not in feature_names: ${unscaled.join(', ')}`,
    );
  }
  return {
    featureNames,
    scaler: { features, means, stds },
    threshold: value.threshold ?? 0.5,
    modelVersion: value.model_version ?? 'unversioned',
    createdAt: value.created_at,
    dataHash: value.data_hash,
    libraryVersions: value.library_versions,
  };
}

/** The JSON written beside a model: the older system's keys first, so its tools still read it. */
export function toModelParamsJson(params: ModelParams): Record<string, unknown> {
  return {
    feature_names: params.featureNames,
    scaler: params.scaler,
    threshold: params.threshold,
    model_version: params.modelVersion,
    created_at: params.createdAt,
    data_hash: params.dataHash,
    library_versions: params.libraryVersions,
  };
}
