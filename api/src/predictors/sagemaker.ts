import { InvokeEndpointCommand, SageMakerRuntimeClient } from '@aws-sdk/client-sagemaker-runtime';
import type { Predictor, ScoreContext } from './types';
import { toCsvPayload } from './sagemaker-csv';
import { InvokeTimeoutError, isRetryable, sageMakerRequestId, toPredictorError } from './sagemaker-errors';
import { parseScores } from './sagemaker-response';
import { backoffDelayMs, RetryPolicy } from './sagemaker-retry';

export interface SageMakerPredictorOptions {
  endpointName: string;
  /** Unset: the SDK's own lookup (AWS_REGION, AWS_DEFAULT_REGION, the profile); us-east-1 for a loopback stub. */
  region?: string;
  /** Features per row the model reads; every CSV line is checked against it. */
  width: number;
  /** Where InvokeEndpoint goes instead of AWS, e.g. the stub at http://127.0.0.1:8080. */
  endpointUrl?: string;
  /** Budget for the whole call, retries included; 15 s by default (API Gateway gives up at 30 s). */
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  /** `text/csv` (the container's default) or `application/json`; both are parsed. */
  accept?: 'text/csv' | 'application/json';
  /** Forwarded to the container as `X-Amzn-SageMaker-Custom-Attributes` (the stub reads faults from it). */
  customAttributes?: string;
  /** A ready client, e.g. one shared with other code; otherwise one is built from the options above. */
  client?: SageMakerRuntimeClient;
  sleep?: (ms: number) => Promise<void>;
}

export const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_RETRY: RetryPolicy = {
  maxAttempts: 3,
  baseDelayMs: 100,
  maxDelayMs: 1_000,
  random: Math.random,
};

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const isLoopback = (endpointUrl: string | undefined) =>
  endpointUrl !== undefined && LOOPBACK.has(new URL(endpointUrl).hostname);

/**
 * The SDK signs every request, so it needs credentials even for the stub, which ignores them.
 * A loopback endpoint with no credentials in the environment gets dummy ones instead of a
 * slow, failing walk through the default chain (profile files, IMDS).
 */
function stubCredentials(endpointUrl: string | undefined) {
  if (process.env.AWS_ACCESS_KEY_ID || process.env.AWS_PROFILE) return undefined;
  return isLoopback(endpointUrl) ? { accessKeyId: 'stub', secretAccessKey: 'stub' } : undefined;
}

export function createSageMakerClient(options: Pick<SageMakerPredictorOptions, 'region' | 'endpointUrl'>) {
  return new SageMakerRuntimeClient({
    region: options.region ?? (isLoopback(options.endpointUrl) ? 'us-east-1' : undefined),
    endpoint: options.endpointUrl,
    credentials: stubCredentials(options.endpointUrl),
    // Our retry loop is the only one: it knows which failures are worth another attempt.
    maxAttempts: 1,
  });
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export function createSageMakerPredictor(options: SageMakerPredictorOptions): Predictor {
  const client = options.client ?? createSageMakerClient(options);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const retry: RetryPolicy = { ...DEFAULT_RETRY, ...options.retry };
  const accept = options.accept ?? 'text/csv';
  const sleep = options.sleep ?? delay;

  async function invokeOnce(body: string, nRows: number, budgetMs: number) {
    const abort = new AbortController();
    const timer = setTimeout(() => abort.abort(), budgetMs);
    try {
      const output = await client.send(
        new InvokeEndpointCommand({
          EndpointName: options.endpointName,
          ContentType: 'text/csv',
          Accept: accept,
          CustomAttributes: options.customAttributes,
          Body: Buffer.from(body, 'utf8'),
        }),
        { abortSignal: abort.signal },
      );
      let scores: Float64Array;
      try {
        scores = parseScores(output.Body, output.ContentType, nRows);
      } catch (error) {
        // Keep SageMaker's request id on an unreadable answer: it is what AWS support asks for.
        throw Object.assign(error as Error, { $metadata: output.$metadata });
      }
      return { scores, requestId: output.$metadata.requestId, variant: output.InvokedProductionVariant };
    } catch (error) {
      if (abort.signal.aborted) throw new InvokeTimeoutError(timeoutMs, { cause: error });
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  return {
    kind: 'sagemaker',
    async close() {
      if (!options.client) client.destroy();
    },
    async score(features: Float32Array, nRows: number, ctx: ScoreContext): Promise<Float64Array> {
      const started = Date.now();
      const deadline = started + timeoutMs;
      const log = { request_id: ctx.requestId, endpoint: options.endpointName, rows: nRows };
      let body: string;
      try {
        body = toCsvPayload(features, nRows, options.width);
      } catch (error) {
        throw toPredictorError(error);
      }
      for (let attempt = 1; ; attempt += 1) {
        try {
          const answer = await invokeOnce(body, nRows, Math.max(1, deadline - Date.now()));
          ctx.logger.info('sagemaker invoke', {
            ...log,
            sagemaker_request_id: answer.requestId,
            variant: answer.variant,
            attempts: attempt,
            latency_ms: Date.now() - started,
          });
          return answer.scores;
        } catch (error) {
          const wait = backoffDelayMs(retry, attempt);
          const again = isRetryable(error) && attempt < retry.maxAttempts && Date.now() + wait < deadline;
          const mapped = toPredictorError(error);
          ctx.logger[again ? 'info' : 'warn'](again ? 'sagemaker invoke retry' : 'sagemaker invoke failed', {
            ...log,
            sagemaker_request_id: sageMakerRequestId(error),
            attempt,
            error: (error as Error).name,
            error_message: (error as Error).message,
            status: mapped.status,
            code: mapped.code,
            ...(again ? { retry_in_ms: wait } : { latency_ms: Date.now() - started }),
          });
          if (!again) throw mapped;
          await sleep(wait);
        }
      }
    },
  };
}
