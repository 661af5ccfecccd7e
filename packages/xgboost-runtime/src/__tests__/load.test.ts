import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import {
  ModelFormatError,
  loadModel,
  packModelTarGz,
  parseModel,
  predictMargin,
  readTar,
  writeTar,
} from '..';
import { FIXTURES, expected, fixtureBytes, inputs } from './fixtures';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'model-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const e = expected('early-stopped');
const x = inputs(e);
const margins = (b: Awaited<ReturnType<typeof loadModel>>): number[] => [...predictMargin(b, x, e.nRows)];

describe('saving and reloading a model', () => {
  it.each(['json', 'bin'] as const)(
    'reloads a %s model from a file, a directory and a model.tar.gz',
    async (format) => {
      const bytes = fixtureBytes('early-stopped', format);
      writeFileSync(path.join(dir, 'xgboost-model'), bytes);
      writeFileSync(path.join(dir, 'model.tar.gz'), packModelTarGz(bytes));
      const fromFile = await loadModel(path.join(dir, 'xgboost-model'));
      const fromDir = await loadModel(dir);
      const fromTar = await loadModel(path.join(dir, 'model.tar.gz'));
      for (const booster of [fromFile, fromDir, fromTar]) {
        expect(booster.numTrees).toBe(e.treesUsed);
        expect(margins(booster)).toEqual(e.margin);
      }
    },
  );

  it('reads the same trees from JSON and from the legacy binary format', () => {
    const a = parseModel(fixtureBytes('deep', 'json'));
    const b = parseModel(fixtureBytes('deep', 'bin'));
    expect(b.trees.left).toEqual(a.trees.left);
    expect(b.trees.value).toEqual(a.trees.value);
    expect(b.trees.defaultLeft).toEqual(a.trees.defaultLeft);
    expect(b.trees.cover).toEqual(a.trees.cover);
    expect(b.baseMargin).toBe(a.baseMargin);
  });

  it('reads base_score of a pre-1.0 binary model as a margin, as xgboost 1.x does', () => {
    const old = fixtureBytes('small', 'bin').slice();
    const view = new DataView(old.buffer, old.byteOffset, old.byteLength);
    view.setFloat32(4, 1, true); // "binf", then base_score
    view.setUint32(4 + 20, 0, true); // major_version 0
    const booster = parseModel(old);
    expect(booster.baseScore).toBeCloseTo(1 / (1 + Math.exp(-1)), 6);
    expect(booster.baseMargin).toBeCloseTo(1, 6);
  });

  it('reads a model.tar.gz written by Python tarfile (pax format)', async () => {
    const booster = await loadModel(path.join(FIXTURES, 'small.model.tar.gz'));
    const small = expected('small');
    expect([...predictMargin(booster, inputs(small), small.nRows)]).toEqual(small.margin);
  });

  it('packs exactly one regular file named xgboost-model', () => {
    const entries = readTar(gunzipSync(packModelTarGz(Uint8Array.of(1, 2, 3))), 't');
    expect(entries).toEqual([{ name: 'xgboost-model', type: '0', data: Uint8Array.of(1, 2, 3) }]);
  });

  it('takes long names from pax and GNU records, and skips directories and dot files', () => {
    const text = (s: string): Uint8Array => new TextEncoder().encode(s);
    const model = fixtureBytes('small', 'bin');
    const longName = `${'deep/'.repeat(25)}xgboost-model`;
    const record = ` path=${longName}\n`;
    const pax = `${record.length + String(record.length + 3).length}${record}`;
    const tar = writeTar([
      { name: 'deep/', type: '5', data: new Uint8Array(0) },
      { name: '._xgboost-model', type: '0', data: text('resource fork') },
      { name: 'PaxHeader', type: 'x', data: text(pax) },
      { name: 'ignored', type: '0', data: model },
    ]);
    expect(readTar(tar, 't').map((e) => e.name)).toEqual(['deep/', '._xgboost-model', longName]);
    expect(parseModel(tar, 't').numTrees).toBe(20);
    const gnu = writeTar([
      { name: '././@LongLink', type: 'L', data: text(`${longName}\0`) },
      { name: 'ignored', type: '0', data: model },
    ]);
    expect(readTar(gnu, 't').map((e) => e.name)).toEqual([longName]);
  });

  it('says a tar header with a bad checksum is corrupt', () => {
    const tar = writeTar([{ name: 'xgboost-model', type: '0', data: fixtureBytes('small', 'json') }]);
    tar[10] ^= 1;
    expect(() => parseModel(tar, 't')).toThrow(
      't: tar header at byte 0 has a bad checksum: not a tar file, or corrupt',
    );
  });

  it('refuses an archive with several model files, as SageMaker would average them', () => {
    const one = gunzipSync(packModelTarGz(fixtureBytes('small', 'json')));
    const two = gunzipSync(packModelTarGz(fixtureBytes('small', 'json'), 'other-model'));
    const both = Buffer.concat([one.subarray(0, one.length - 1024), two]);
    expect(() => parseModel(both, 'm.tar')).toThrow(/holds 2 files \(xgboost-model, other-model\)/);
  });

  it('says which path does not exist', async () => {
    await expect(loadModel(path.join(dir, 'nope'))).rejects.toThrow(ModelFormatError);
    await expect(loadModel(dir)).rejects.toThrow(/holds neither xgboost-model nor model.tar.gz/);
  });
});
