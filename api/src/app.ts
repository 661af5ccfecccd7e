import express from 'express';
import type { Express, RequestHandler } from 'express';
import type { Config } from './config';
import type { Logger } from './logger';
import { errorHandler, notFound } from './middleware/errors';
import { jsonBody } from './middleware/json-body';
import { requestContext } from './middleware/request-context';
import { Artifact, loadArtifact } from '@telco-churn/core/artifact';
import { openApiDocument } from './openapi/document';
import { createSink } from './prediction-log/create-sink';
import { Challenger, PredictionRecorder, createRecorder } from './prediction-log/recorder';
import { RecordSink, createOffSink } from './prediction-log/sink';
import { createPredictor } from './predictors';
import type { Predictor } from './predictors/types';
import { docsHandlers } from './routes/docs';
import { metaHandlers } from './routes/meta';
import { OUTCOMES_BODY_LIMIT, outcomesHandler } from './routes/outcomes';
import { predictHandlers } from './routes/predict';
import { campaignBody, retentionHandlers } from './routes/retention';
import { Catalogue, DEFAULT_CATALOGUE } from '@telco-churn/core/retention/catalogue';
import { createScorer } from './routes/scoring';
import { version as API_VERSION } from '../../package.json';

export interface AppDeps {
  config: Pick<Config, 'bodyLimit' | 'threshold'>;
  /** The loaded model: encoder and booster for explanations, params for the card. */
  artifact: Artifact;
  predictor: Predictor;
  logger: Logger;
  /** Where prediction and outcome records go; none kept when left out (ids are still given). */
  sink?: RecordSink;
  recorder?: PredictionRecorder;
  /** Retention economics and offers; the shipped `retention.json` unless given. */
  retention?: Catalogue;
}

/** The Express app, not listening: the server and the Lambda handler both wrap it. */
export function createApp({ config, artifact, predictor, logger, retention, ...log }: AppDeps): Express {
  const sink = log.sink ?? createOffSink();
  const recorder = log.recorder ?? createRecorder({ sink, artifact, logger });
  const threshold = config.threshold ?? artifact.params.threshold;
  const modelVersion = artifact.params.modelVersion;
  const app = express();
  app.disable('x-powered-by');
  // The answers are computed per request (predictions) or tiny: ETag hashing would only cost.
  app.set('etag', false);

  const methodsByPath = new Map<string, string[]>();
  const route = (method: 'get' | 'post', path: string, ...handlers: RequestHandler[]): void => {
    app[method](path, ...handlers);
    const key = path.toLowerCase();
    methodsByPath.set(key, [...(methodsByPath.get(key) ?? []), method.toUpperCase()]);
  };

  app.use(requestContext(logger, { predictor: predictor.kind, modelVersion }));

  // The router tries its layers in order: the busiest route first.
  const body = jsonBody(config.bodyLimit);
  const predict = predictHandlers(createScorer(artifact, predictor, threshold), logger, recorder);
  route('post', '/predict', ...body, predict.predictOne);
  route('post', '/predict/batch', ...body, predict.predictBatch);
  route('post', '/outcomes', ...jsonBody(OUTCOMES_BODY_LIMIT, 'outcomes'), outcomesHandler(sink));

  const retain = retentionHandlers({
    catalogue: retention ?? DEFAULT_CATALOGUE,
    encoder: artifact.encoder,
    predictor,
    modelVersion,
    threshold,
    logger,
    recorder,
  });
  route('post', '/retention', ...body, retain.retention);
  route('get', '/retention/assumptions', retain.assumptions);
  route('post', '/campaign', ...campaignBody(config.bodyLimit), retain.campaign);

  const meta = metaHandlers(artifact, threshold, predictor.kind);
  route('get', '/health', meta.health);
  route('get', '/model', meta.model);

  const docs = docsHandlers(() => openApiDocument({ version: API_VERSION, modelVersion }));
  route('get', '/openapi.json', docs.openApi);
  route('get', '/docs', docs.page);
  route('get', '/docs/init.js', docs.init);
  route('get', '/docs/:asset', docs.asset);

  app.use(notFound(methodsByPath));
  app.use(errorHandler(logger));
  return app;
}

/**
 * Loads the model, the predictor, the prediction log and the optional challenger the config
 * names, then builds the app: what both entry points do.
 */
export async function createAppFromConfig(config: Config, logger: Logger) {
  const artifact = await loadArtifact(config.modelDir);
  const predictor = await createPredictor(config, artifact);
  const sink = await createSink(config.predictionLog, logger);
  let challenger: Challenger | undefined;
  if (config.challengerModelDir) {
    const shadow = await loadArtifact(config.challengerModelDir);
    challenger = { artifact: shadow, threshold: shadow.params.threshold };
  }
  const recorder = createRecorder({ sink, artifact, challenger, logger });
  const app = createApp({ config, artifact, predictor, logger, sink, recorder });
  return { app, artifact, predictor, sink, recorder, challenger };
}
