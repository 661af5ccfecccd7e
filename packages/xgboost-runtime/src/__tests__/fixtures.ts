import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

/** What scripts/make-xgboost-fixtures.py recorded from xgboost 1.7 for one fixture model. */
export interface Expected {
  name: string;
  nRows: number;
  nCols: number;
  x: (number | null)[][];
  margin: number[];
  proba: number[];
  contribs: number[][];
  treesInFile: number;
  treesUsed: number;
  numFeature: number;
}

export const FIXTURES = path.join(__dirname, 'fixtures');
export const FIXTURE_NAMES = ['small', 'early-stopped', 'missing', 'deep', 'telco46', 'dart'] as const;

/** The model file's bytes; most fixtures are gzipped to keep the repository small. */
export function fixtureBytes(name: string, format: 'json' | 'bin'): Uint8Array {
  const file = path.join(FIXTURES, `${name}.${format}`);
  try {
    return readFileSync(file);
  } catch {
    return gunzipSync(readFileSync(`${file}.gz`));
  }
}

export function expected(name: string): Expected {
  return JSON.parse(readFileSync(path.join(FIXTURES, `${name}.expected.json`), 'utf8')) as Expected;
}

/** Row-major float32 inputs, null -> NaN (missing). */
export function inputs(e: Expected, rows = e.nRows): Float32Array {
  const x = new Float32Array(rows * e.nCols);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < e.nCols; c++) x[r * e.nCols + c] = e.x[r][c] ?? NaN;
  }
  return x;
}
