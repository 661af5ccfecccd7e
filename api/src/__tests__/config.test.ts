import path from 'node:path';
import { DEFAULT_MODEL_DIR, Environment, loadConfig } from '../config';
import { ConfigError } from '../errors';

function configError(env: Environment): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('listens on loopback unless HOST opens another interface', () => {
    expect(loadConfig({ HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig({ HOST: '' }).host).toBe('127.0.0.1');
  });

  it('defaults to the local predictor, the shipped model, port 8000 and a 1mb body limit', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ predictor: 'local', port: 8000, bodyLimit: '1mb', logLevel: 'info' });
    expect(config.host).toBe('127.0.0.1');
    expect(config.modelDir).toBe(DEFAULT_MODEL_DIR);
    expect(config.threshold).toBeUndefined();
  });

  it('finds the shipped model from the source tree, not from the working directory', () => {
    expect(DEFAULT_MODEL_DIR).toBe(path.resolve(__dirname, '..', '..', 'model-artifact'));
  });

  it('chooses SageMaker when an endpoint name is set and no predictor is named', () => {
    const config = loadConfig({ SAGEMAKER_ENDPOINT_NAME: 'churn-xgb', AWS_REGION: 'us-east-1' });
    expect(config.predictor).toBe('sagemaker');
    expect(config.sagemaker).toMatchObject({
      endpointName: 'churn-xgb',
      region: 'us-east-1',
      maxAttempts: 3,
    });
  });

  it('keeps the local predictor when it is named, even with an endpoint name', () => {
    expect(loadConfig({ PREDICTOR: 'local', SAGEMAKER_ENDPOINT_NAME: 'churn-xgb' }).predictor).toBe('local');
  });

  it('requires an endpoint name for the SageMaker predictor', () => {
    const error = configError({ PREDICTOR: 'sagemaker' });
    expect(error.setting).toBe('SAGEMAKER_ENDPOINT_NAME');
    expect(error.message).toMatch(/SAGEMAKER_ENDPOINT_NAME is required when PREDICTOR is "sagemaker"/);
  });

  it.each([
    ['PREDICTOR', 'remote'],
    ['PORT', '80a'],
    ['PORT', '70000'],
    ['HOST', 'not a host'],
    ['CHURN_THRESHOLD', '1'],
    ['CHURN_THRESHOLD', '0'],
    ['CHURN_THRESHOLD', 'high'],
    ['LOG_LEVEL', 'loud'],
    ['BODY_LIMIT', 'big'],
    ['SAGEMAKER_TIMEOUT_MS', '-5'],
    ['SAGEMAKER_MAX_ATTEMPTS', '0'],
    ['SAGEMAKER_ENDPOINT_URL', 'not a url'],
    ['AWS_REGION', 'Frankfurt'],
  ])('stops on a bad %s (%s) and names it', (setting, value) => {
    const error = configError({ [setting]: value });
    expect(error.setting).toBe(setting);
    expect(error.message).toContain(setting);
  });

  it('reads numbers from their text and resolves MODEL_DIR to an absolute path', () => {
    const config = loadConfig({
      PORT: '9001',
      CHURN_THRESHOLD: '0.35',
      MODEL_DIR: 'some/dir',
      LOG_LEVEL: 'DEBUG',
    });
    expect(config).toMatchObject({ port: 9001, threshold: 0.35, logLevel: 'debug' });
    expect(config.modelDir).toBe(path.resolve('some/dir'));
  });

  it('treats empty variables as unset', () => {
    expect(loadConfig({ PORT: '', PREDICTOR: ' ', SAGEMAKER_ENDPOINT_NAME: '' })).toMatchObject({
      port: 8000,
      predictor: 'local',
    });
  });
});
