import path from 'node:path';
import type { Environment } from '@telco-churn/config/env';
import { DEFAULT_PREDICTION_LOG_DIR, loadConfig } from '../config';
import { ConfigError } from '@telco-churn/config/errors';

function settingAtFault(env: Environment): string {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return `${error.setting}: ${error.message}`;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('prediction log settings', () => {
  it('log to JSON lines under var/prediction-log by default, so npm start keeps a log', () => {
    expect(loadConfig({}).predictionLog).toEqual({
      kind: 'jsonl',
      dir: DEFAULT_PREDICTION_LOG_DIR,
      flushMs: 200,
      firehose: undefined,
    });
    expect(DEFAULT_PREDICTION_LOG_DIR).toBe(
      path.resolve(__dirname, '..', '..', '..', 'var', 'prediction-log'),
    );
  });

  it('keep no log on Lambda unless one is named, since its disk is read-only', () => {
    expect(loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'churn-api' }).predictionLog.kind).toBe('off');
    expect(
      loadConfig({ AWS_LAMBDA_FUNCTION_NAME: 'churn-api', PREDICTION_LOG: 'jsonl' }).predictionLog.kind,
    ).toBe('jsonl');
  });

  it('can be turned off', () => {
    expect(loadConfig({ PREDICTION_LOG: 'OFF' }).predictionLog.kind).toBe('off');
  });

  it('name a log kind that does not exist', () => {
    expect(settingAtFault({ PREDICTION_LOG: 'kafka' })).toMatch(
      /^PREDICTION_LOG: invalid setting PREDICTION_LOG/,
    );
  });

  it('need both Firehose streams for the firehose log', () => {
    expect(settingAtFault({ PREDICTION_LOG: 'firehose', FIREHOSE_OUTCOMES_STREAM: 'o' })).toMatch(
      /^FIREHOSE_PREDICTIONS_STREAM: .*required when PREDICTION_LOG is "firehose"/,
    );
    expect(
      loadConfig({
        PREDICTION_LOG: 'firehose',
        FIREHOSE_PREDICTIONS_STREAM: 'p',
        FIREHOSE_OUTCOMES_STREAM: 'o',
      }).predictionLog.firehose,
    ).toEqual({ predictionsStream: 'p', outcomesStream: 'o', endpointUrl: undefined });
  });

  it('refuse a flush interval that is not a positive whole number of milliseconds', () => {
    expect(settingAtFault({ PREDICTION_LOG_FLUSH_MS: '0' })).toMatch(/^PREDICTION_LOG_FLUSH_MS: /);
    expect(settingAtFault({ PREDICTION_LOG_FLUSH_MS: 'soon' })).toMatch(/^PREDICTION_LOG_FLUSH_MS: /);
  });

  it('resolve the log folder and the challenger model to absolute paths', () => {
    const config = loadConfig({ PREDICTION_LOG_DIR: 'tmp/log', CHALLENGER_MODEL_DIR: 'models/next' });
    expect(config.predictionLog.dir).toBe(path.resolve('tmp/log'));
    expect(config.challengerModelDir).toBe(path.resolve('models/next'));
  });
});
