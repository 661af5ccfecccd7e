import { Booster } from './booster';
import { compiledScorer } from './compile';
import { expf32 } from './expf32';

function checkBatch(b: Booster, x: Float32Array, nRows: number, out?: Float32Array): Float32Array {
  if (!Number.isInteger(nRows) || nRows < 0)
    throw new RangeError(`nRows must be a whole number, got ${nRows}`);
  if (x.length !== nRows * b.numFeature) {
    throw new RangeError(
      `expected ${nRows} rows x ${b.numFeature} features = ${nRows * b.numFeature} values, got ${x.length}`,
    );
  }
  if (out === undefined) return new Float32Array(nRows);
  if (out.length < nRows) throw new RangeError(`the output array holds ${out.length} values, need ${nRows}`);
  return out;
}

/**
 * Raw margins (log-odds), exactly as xgboost computes them: the inputs are float32 (the array
 * type), thresholds float32, `x < threshold` goes left, NaN follows default_left, and the sum
 * starts at the base margin and adds tree by tree in float32. Runs the compiled trees
 * (compile.ts); the interpreter below gives the same bits and serves models too large to compile.
 */
export function predictMargin(b: Booster, x: Float32Array, nRows: number, out?: Float32Array): Float32Array {
  const chunks = compiledScorer(b);
  if (chunks === null) return predictMarginInterpreted(b, x, nRows, out);
  const result = checkBatch(b, x, nRows, out);
  result.fill(b.baseMargin, 0, nRows);
  for (let i = 0; i < chunks.length; i++) chunks[i](x, nRows, b.numFeature, result);
  return result;
}

/** The same margins by walking the node arrays. */
export function predictMarginInterpreted(
  b: Booster,
  x: Float32Array,
  nRows: number,
  out?: Float32Array,
): Float32Array {
  const result = checkBatch(b, x, nRows, out);
  const { root, left, splitIndex, value, defaultLeft } = b.trees;
  const nTrees = b.numTrees;
  const nf = b.numFeature;
  for (let r = 0, off = 0; r < nRows; r++, off += nf) {
    let margin = b.baseMargin;
    for (let t = 0; t < nTrees; t++) {
      let n = root[t];
      let c: number;
      while ((c = left[n]) >= 0) {
        const v = x[off + splitIndex[n]];
        n = v < value[n] || (v !== v && defaultLeft[n] === 1) ? c : c + 1;
      }
      margin = Math.fround(margin + value[n]);
    }
    result[r] = margin;
  }
  return result;
}

const EXP_CLAMP = Math.fround(88.7);

/**
 * xgboost's float32 logistic: `1 / (1 + expf(min(-m, 88.7)))`, each step rounded to float32,
 * with glibc's `expf` (Math.exp rounded to float32 differs in about 1 input in 1,600).
 */
export function sigmoid32(margin: number): number {
  const e = expf32(Math.min(-margin, EXP_CLAMP));
  return Math.fround(1 / Math.fround(e + 1));
}

export function predictProba(b: Booster, x: Float32Array, nRows: number, out?: Float32Array): Float32Array {
  const result = predictMargin(b, x, nRows, out);
  for (let r = 0; r < nRows; r++) result[r] = sigmoid32(result[r]);
  return result;
}
