import fc from 'fast-check';
import { ModelFormatError, packModelTarGz, parseModel } from '..';
import { fixtureBytes } from './fixtures';

const json = fixtureBytes('small', 'json');
const bin = fixtureBytes('small', 'bin');
const doc = () => JSON.parse(new TextDecoder().decode(json));
const encode = (value: unknown): Uint8Array => new TextEncoder().encode(JSON.stringify(value));

/** Parses and returns the ModelFormatError, failing the test on success or on any other error. */
function formatError(bytes: Uint8Array): ModelFormatError {
  try {
    parseModel(bytes, 'm');
  } catch (error) {
    if (error instanceof ModelFormatError) return error;
    throw error;
  }
  throw new Error('expected a ModelFormatError');
}

describe('a model file the runtime cannot use', () => {
  it('says the file is empty', () => {
    expect(formatError(new Uint8Array(0)).message).toBe('m: the model file is empty');
  });

  it('says truncated JSON is not valid JSON', () => {
    expect(formatError(json.subarray(0, json.length / 2)).message).toMatch(
      /^m: not valid JSON .*truncated\?$/,
    );
  });

  it('says where a truncated legacy binary model ends', () => {
    for (const cut of [3, 100, 150, 400, 2000, bin.length - 1]) {
      expect(formatError(bin.subarray(0, cut)).message).toMatch(/truncated|not an XGBoost model/);
    }
  });

  it('says bytes after the end of a binary model are corrupt', () => {
    const longer = new Uint8Array(bin.length + 3);
    longer.set(bin);
    expect(formatError(longer).message).toMatch(/3 unexpected bytes after the model end/);
  });

  it('says random bytes are not an XGBoost model', () => {
    const noise = Uint8Array.from({ length: 300 }, (_, i) => (i * 37 + 11) % 251);
    expect(formatError(noise).message).toMatch(/not an XGBoost model/);
  });

  it('refuses a multiclass model by its objective name', () => {
    const d = doc();
    d.learner.objective.name = 'multi:softprob';
    d.learner.learner_model_param.num_class = '3';
    expect(formatError(encode(d)).message).toMatch(/objective "multi:softprob" is not supported/);
  });

  it('refuses a multiclass model even under the logistic objective', () => {
    const d = doc();
    d.learner.learner_model_param.num_class = '3';
    expect(formatError(encode(d)).message).toMatch(/multiclass model \(num_class 3\)/);
  });

  it('refuses a regression model by its objective name', () => {
    const d = doc();
    d.learner.objective.name = 'reg:squarederror';
    expect(formatError(encode(d)).message).toMatch(/objective "reg:squarederror" is not supported/);
  });

  it('refuses a linear booster by name', () => {
    const d = doc();
    d.learner.gradient_booster = { name: 'gblinear', model: { weights: [] } };
    expect(formatError(encode(d)).message).toMatch(/booster "gblinear" is not supported/);
  });

  it('names a dart model without one weight per tree', () => {
    const d = doc();
    const gbtree = d.learner.gradient_booster;
    d.learner.gradient_booster = { name: 'dart', gbtree, weight_drop: [1, 1] };
    expect(formatError(encode(d)).message).toBe(
      'm: a dart model needs one weight_drop per tree (20), found 2',
    );
  });

  it('names a missing tree array', () => {
    const d = doc();
    delete d.learner.gradient_booster.model.trees[2].split_conditions;
    expect(formatError(encode(d)).message).toBe('m: tree 2 has no array "split_conditions"');
  });

  it('names a child that points outside its tree', () => {
    const d = doc();
    d.learner.gradient_booster.model.trees[1].left_children[0] = 999;
    expect(formatError(encode(d)).message).toMatch(/tree 1 node 0 points at child 999/);
  });

  it('names a split on a feature the model does not have', () => {
    const d = doc();
    d.learner.gradient_booster.model.trees[0].split_indices[0] = 8;
    expect(formatError(encode(d)).message).toMatch(/splits on feature 8, but the model has 8/);
  });

  it('names a best_ntree_limit beyond the trees in the file', () => {
    const d = doc();
    d.learner.attributes = { best_ntree_limit: '21' };
    expect(formatError(encode(d)).message).toMatch(/best_ntree_limit "21" is not a tree count in 1..20/);
  });

  it('refuses UBJSON and pickles with what to do instead', () => {
    expect(formatError(Uint8Array.from([0x7b, 0x4c, 0, 0])).message).toMatch(/UBJSON .*save it as JSON/);
    expect(formatError(Uint8Array.from([0x80, 4, 0x95])).message).toMatch(/Python pickle/);
  });

  it('says a truncated model.tar.gz is corrupt', () => {
    const tarGz = packModelTarGz(json);
    expect(formatError(tarGz.subarray(0, tarGz.length - 20)).message).toMatch(/corrupt or truncated gzip/);
  });

  it('keeps the underlying error as the cause', () => {
    expect(formatError(json.subarray(0, 50)).cause).toBeInstanceOf(SyntaxError);
  });

  it('never throws anything but a ModelFormatError on truncated or bit-flipped files', () => {
    fc.assert(
      fc.property(fc.constantFrom(json, bin), fc.nat(), fc.nat(255), fc.boolean(), (file, at, byte, cut) => {
        const i = at % file.length;
        const bytes = cut ? file.slice(0, i) : file.slice();
        if (!cut) bytes[i] ^= byte;
        try {
          parseModel(bytes, 'm');
        } catch (error) {
          expect(error).toBeInstanceOf(ModelFormatError);
        }
      }),
      { numRuns: 300, seed: 42 },
    );
  });
});
