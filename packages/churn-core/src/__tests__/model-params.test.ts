import { readFileSync } from 'fs';
import { join } from 'path';
import { FEATURE_NAMES, createEncoder } from '../features';
import { ModelParamsError, parseModelParams, toModelParamsJson } from '../model-params';
import { generateCustomers } from '../synthetic';

const legacy = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'legacy-model-params.json'), 'utf8'));

const refusal = (json: unknown): string => {
  try {
    parseModelParams(json, 'params.json');
  } catch (error) {
    expect(error).toBeInstanceOf(ModelParamsError);
    return (error as Error).message;
  }
  throw new Error('expected parseModelParams to refuse the file');
};

describe('parseModelParams', () => {
  it("loads the older system's file (feature_names + scaler only) unchanged, with a 0.5 threshold", () => {
    const params = parseModelParams(legacy);
    expect(params.featureNames).toEqual([...FEATURE_NAMES]);
    expect(params.scaler).toEqual(legacy.scaler);
    expect(params.threshold).toBe(0.5);
    expect(params.modelVersion).toBe('unversioned');
    expect(createEncoder(params.featureNames, params.scaler).featureNames).toHaveLength(46);
  });

  it('round-trips our additions through toModelParamsJson, older keys first', () => {
    const ours = {
      ...parseModelParams(legacy),
      threshold: 0.41,
      modelVersion: '2026-11-24-xgb-abcdef12',
      createdAt: '2026-11-24T01:00:00.000Z',
      dataHash: 'sha256:00',
      libraryVersions: { node: '20.19.0' },
    };
    const json = toModelParamsJson(ours);
    expect(Object.keys(json).slice(0, 2)).toEqual(['feature_names', 'scaler']);
    expect(parseModelParams(JSON.parse(JSON.stringify(json)))).toEqual(ours);
  });

  it('keeps the order of feature_names from the file, and the encoder follows it', () => {
    const reversed = parseModelParams({ ...legacy, feature_names: [...legacy.feature_names].reverse() });
    expect(reversed.featureNames[0]).toBe('TenureGroup_4_6yr');
    const customer = generateCustomers(1, 3)[0].customer;
    const standard = createEncoder(FEATURE_NAMES, legacy.scaler).encodeMany([customer]);
    const fromFile = createEncoder(reversed.featureNames, reversed.scaler).encodeMany([customer]);
    expect(Array.from(fromFile)).toEqual(Array.from(standard).reverse());
  });

  it('refuses a file without feature_names, naming the key', () => {
    const { feature_names: _drop, ...rest } = legacy;
    expect(refusal(rest)).toBe('params.json: feature_names is required');
  });

  it('refuses an unknown feature name, naming it', () => {
    const names = [...legacy.feature_names, 'Contract_Three_year'];
    expect(refusal({ ...legacy, feature_names: names })).toBe(
      'params.json: unknown feature names Contract_Three_year',
    );
  });

  it('refuses scaler arrays of different lengths', () => {
    const scaler = { ...legacy.scaler, means: [1, 2] };
    expect(refusal({ ...legacy, scaler })).toMatch(/same length \(5, 2, 5\)/);
  });

  it('refuses a scaled column that is not a model input', () => {
    const names = legacy.feature_names.filter((n: string) => n !== 'TotalServices');
    expect(refusal({ ...legacy, feature_names: names })).toMatch(/not in feature_names: TotalServices/);
  });

  it.each([
    ['a negative std', { scaler: { ...legacy.scaler, stds: [1, 1, 1, 1, -1] } }, 'scaler.stds[4]'],
    ['a threshold of 1', { threshold: 1 }, 'threshold'],
    ['a duplicated feature', { feature_names: [...legacy.feature_names, 'tenure'] }, 'feature_names[46]'],
  ])('refuses %s, naming where', (_what, change, where) => {
    expect(refusal({ ...legacy, ...change })).toContain(where);
  });

  it('refuses a file that is not a JSON object', () => {
    expect(refusal([])).toMatch(/^params\.json: /);
  });
});
