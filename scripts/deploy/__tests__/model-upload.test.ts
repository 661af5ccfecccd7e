import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FIXTURES as fixtures } from '@telco-churn/xgboost-runtime/__tests__/fixtures';
import { modelFromTar } from '@telco-churn/xgboost-runtime/tar';
import { bucketRegion, packModel, parseUploadArgs } from '../model-upload';

// `fixtures` holds small real XGBoost models generated with xgboost 1.7.4 for the runtime's tests.

describe('packModel', () => {
  const model = readFileSync(join(fixtures, 'small.json'));

  it('packs a model file as a model.tar.gz holding exactly xgboost-model', () => {
    const packed = packModel(model, 'm.json');
    expect(Buffer.from(modelFromTar(packed.body, 'packed'))).toEqual(model);
  });

  it('gives the same model the same content-addressed key', () => {
    expect(packModel(model, 'a').key).toBe(packModel(packModel(model, 'b').body, 'c.tar.gz').key);
    expect(packModel(model, 'a').key).toMatch(/^models\/[0-9a-f]{16}\/model\.tar\.gz$/);
  });

  it('accepts the legacy binary format SageMaker training writes', () => {
    const binary = readFileSync(join(fixtures, 'small.bin'));
    expect(Buffer.from(modelFromTar(packModel(binary, 'xgboost-model').body, 'packed'))).toEqual(binary);
  });

  it('refuses a file that is not a model', () => {
    expect(() => packModel(Buffer.from('customerID,gender\n'), 'data.csv')).toThrow(/data\.csv/);
  });
});

describe('model:upload arguments', () => {
  it('requires --file', () => {
    expect(() => parseUploadArgs([])).toThrow(/--file is required/);
  });

  it('reads the region from the artifacts bucket name', () => {
    expect(bucketRegion('churn-dev-artifacts-111122223333-eu-central-1')).toBe('eu-central-1');
    expect(bucketRegion('my-models')).toBeUndefined();
  });
});
