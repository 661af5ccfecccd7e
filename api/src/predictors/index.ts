import type { Config } from '../config';
import type { Artifact } from '@telco-churn/core/artifact';
import { createLocalPredictor } from './local';
import type { Predictor } from './types';

export type { Predictor, PredictorKind, ScoreContext } from './types';
export { PredictorError } from './types';

/**
 * The predictor the config names. The SageMaker one is imported only when chosen, so the local
 * server never loads the AWS SDK (start-up time, memory).
 */
export async function createPredictor(config: Config, artifact: Artifact): Promise<Predictor> {
  if (config.predictor === 'local') return createLocalPredictor(artifact.booster);
  const { createSageMakerPredictor } = await import('./sagemaker');
  const { endpointName, region, endpointUrl, timeoutMs, maxAttempts } = config.sagemaker;
  if (!endpointName) throw new Error('SAGEMAKER_ENDPOINT_NAME is required for the sagemaker predictor');
  return createSageMakerPredictor({
    endpointName,
    region,
    endpointUrl,
    timeoutMs,
    retry: { maxAttempts },
    width: artifact.encoder.featureNames.length,
  });
}
