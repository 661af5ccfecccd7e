import type { PredictorKind } from '../config';
import type { Logger } from '../logger';
import { PredictorError, PredictorStatus } from '../errors';

export { PredictorError };
export type { PredictorStatus };

export type { PredictorKind };

export interface ScoreContext {
  /** The request's id; put it in every log entry as `request_id`. */
  requestId: string;
  /** The app's logger (not a per-request child: children cost an allocation per request). */
  logger: Logger;
}

/**
 * Scores encoded rows. The app validates and encodes, then makes exactly one `score` call per
 * request (one InvokeEndpoint call for SageMaker, whatever the batch size).
 */
export interface Predictor {
  readonly kind: PredictorKind;
  /**
   * Probabilities for `nRows` rows of encoded features (row-major, width = the artifact's
   * feature count), in row order. Failures of the backend reject with a PredictorError;
   * anything else becomes a 500.
   */
  score(features: Float32Array, nRows: number, ctx: ScoreContext): Promise<Float64Array>;
  /** Releases clients and sockets (tests, graceful shutdown). */
  close?(): Promise<void>;
}
