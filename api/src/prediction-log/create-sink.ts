import type { PredictionLogConfig } from '../config';
import { ConfigError } from '@telco-churn/config/errors';
import type { Logger } from '../logger';
import { createJsonlSink } from './jsonl-sink';
import { RecordSink, createOffSink } from './sink';

/** The sink PREDICTION_LOG names. The Firehose one (and its SDK) is imported only when chosen. */
export async function createSink(config: PredictionLogConfig, logger: Logger): Promise<RecordSink> {
  switch (config.kind) {
    case 'off':
      return createOffSink();
    case 'jsonl':
      return createJsonlSink({ dir: config.dir, flushMs: config.flushMs, logger });
    case 'firehose': {
      const streams = config.firehose;
      if (!streams)
        throw new ConfigError(
          'PREDICTION_LOG',
          'invalid setting PREDICTION_LOG: firehose needs its two stream names',
        );
      const { createFirehoseSink } = await import('./firehose-sink');
      // The region comes from the SDK's chain (AWS_REGION, which Lambda always sets).
      return createFirehoseSink({ ...streams, flushMs: config.flushMs, logger });
    }
  }
}
