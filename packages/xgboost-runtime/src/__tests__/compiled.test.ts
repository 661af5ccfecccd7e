import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ModelFormatError, explain, loadModel, parseModel, predictMargin } from '..';
import { COMPILED_FILE, compileBooster, readCompiledBooster } from '../compiled';
import { buildLeafTables } from '../leaf-shap';
import { FIXTURE_NAMES, expected, fixtureBytes, inputs } from './fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'compiled-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const contributions = (b: ReturnType<typeof parseModel>, x: Float32Array, rows: number, width: number) =>
  Array.from({ length: rows }, (_, r) => [...explain(b, x.subarray(r * width, (r + 1) * width))]);

describe('a compiled booster, saved and reloaded', () => {
  it.each(FIXTURE_NAMES)(
    'gives %s trees, leaf tables, margins and SHAP values identical to the parsed model',
    async (name) => {
      const source = fixtureBytes(name, 'json');
      const e = expected(name);
      const x = inputs(e);
      const parsed = parseModel(source);
      const compiled = compileBooster(parsed, source);
      const reloaded = readCompiledBooster(compiled, source, 'booster.bin');
      if (!reloaded) throw new Error('expected the compiled booster to match its source');
      expect(reloaded.booster.trees).toEqual(parsed.trees);
      expect({ ...reloaded.booster, trees: undefined }).toEqual({ ...parsed, trees: undefined });
      expect(reloaded.tables).toEqual(buildLeafTables(parsed) ?? null);
      // Through loadModel, so explain runs on the compiled tables rather than building its own.
      writeFileSync(path.join(dir, 'xgboost-model'), source);
      writeFileSync(path.join(dir, COMPILED_FILE), compiled);
      const loaded = await loadModel(dir);
      expect([...predictMargin(loaded, x, e.nRows)]).toEqual([...predictMargin(parsed, x, e.nRows)]);
      expect(contributions(loaded, x, e.nRows, e.nCols)).toEqual(contributions(parsed, x, e.nRows, e.nCols));
    },
  );

  it('is not used for another model file than the one it was compiled from', () => {
    const source = fixtureBytes('small', 'json');
    const compiled = compileBooster(parseModel(source), source);
    expect(readCompiledBooster(compiled, fixtureBytes('deep', 'json'), 'booster.bin')).toBeUndefined();
  });

  it.each([
    ['foreign bytes', () => Buffer.from('{"learner": {}}'), /booster\.bin: not a compiled booster/],
    ['a cut header', (c: Buffer) => c.subarray(0, 20), /booster\.bin: truncated in its header/],
    ['cut arrays', (c: Buffer) => c.subarray(0, c.length - 16), /booster\.bin: truncated in array/],
  ])('refuses %s with an error naming the file', (_what, damage, message) => {
    const source = fixtureBytes('small', 'json');
    const compiled = compileBooster(parseModel(source), source);
    expect(() => readCompiledBooster(damage(compiled), source, 'booster.bin')).toThrow(ModelFormatError);
    expect(() => readCompiledBooster(damage(compiled), source, 'booster.bin')).toThrow(message);
  });
});

describe('loading a model directory with a compiled booster', () => {
  it('loads the compiled booster when it was made from the directory’s xgboost-model', async () => {
    const source = fixtureBytes('small', 'json');
    writeFileSync(path.join(dir, 'xgboost-model'), source);
    // Another model's trees under this source's hash: only the compiled file can give them.
    writeFileSync(
      path.join(dir, COMPILED_FILE),
      compileBooster(parseModel(fixtureBytes('deep', 'json')), source),
    );
    expect((await loadModel(dir)).numTrees).toBe(parseModel(fixtureBytes('deep', 'json')).numTrees);
  });

  it('parses xgboost-model again when the compiled booster is stale', async () => {
    const source = fixtureBytes('small', 'json');
    const other = fixtureBytes('deep', 'json');
    writeFileSync(path.join(dir, 'xgboost-model'), source);
    writeFileSync(path.join(dir, COMPILED_FILE), compileBooster(parseModel(other), other));
    expect((await loadModel(dir)).trees).toEqual(parseModel(source).trees);
  });

  it('fails naming the compiled booster when it is damaged', async () => {
    writeFileSync(path.join(dir, 'xgboost-model'), fixtureBytes('small', 'json'));
    writeFileSync(path.join(dir, COMPILED_FILE), 'not a booster');
    await expect(loadModel(dir)).rejects.toThrow(`${path.join(dir, COMPILED_FILE)}: not a compiled booster`);
  });
});
