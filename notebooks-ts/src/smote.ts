import { createRng } from '@telco-churn/core/random';
import { Dataset, countPositives } from './dataset';

/**
 * Which encoded columns are continuous (interpolated) and which form categorical groups (a
 * one-hot group, or a single 0/1 column), for SMOTE-NC.
 */
export interface ColumnKinds {
  continuous: number[];
  groups: number[][];
  /**
   * Makes a synthetic row consistent after interpolation and voting (columns derived from others,
   * such as a tenure group from the tenure), in place. `from` is the minority row it was grown from.
   */
  repair?: (row: Float32Array, from: Float32Array) => void;
}

export interface SmoteOptions {
  /** Neighbours among the minority rows (imbalanced-learn's default 5). */
  k?: number;
  /** Wanted minority/majority ratio after resampling; 1 balances the classes. */
  ratio?: number;
  seed: number;
}

export interface SmoteResult {
  data: Dataset;
  /** For each synthetic row (appended after the originals), the input row it was grown from. */
  origin: Int32Array;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * SMOTE-NC (Chawla et al. 2002, §6.1): for a minority row, a random one of its k nearest
 * minority neighbours gives the continuous columns by interpolation; each categorical group
 * takes the value most frequent among the k neighbours. Distance adds the median standard
 * deviation of the continuous columns, squared, for every categorical group that differs.
 * Only the rows given are used: call it on training rows only.
 */
export function smoteNc(data: Dataset, kinds: ColumnKinds, options: SmoteOptions): SmoteResult {
  const { x, y, nRows, nCols } = data;
  const k = options.k ?? 5;
  const minorityLabel = countPositives(y) * 2 <= nRows ? 1 : 0;
  const minority: number[] = [];
  for (let i = 0; i < nRows; i++) if (y[i] === minorityLabel) minority.push(i);
  const majorityCount = nRows - minority.length;
  const wanted = Math.round(majorityCount * (options.ratio ?? 1)) - minority.length;
  if (wanted <= 0) return { data, origin: new Int32Array(0) };
  if (minority.length <= k)
    throw new RangeError(`SMOTE-NC needs more than ${k} minority rows, got ${minority.length}`);

  const stds = kinds.continuous.map((c) => {
    let mean = 0;
    for (const i of minority) mean += x[i * nCols + c];
    mean /= minority.length;
    let sq = 0;
    for (const i of minority) sq += (x[i * nCols + c] - mean) ** 2;
    return Math.sqrt(sq / minority.length);
  });
  const penalty = kinds.continuous.length > 0 ? median(stds) ** 2 : 1;
  // Which value each row takes in each group: the hot column's index (or the 0/1 value).
  const code = (i: number, group: number[]): number => {
    if (group.length === 1) return x[i * nCols + group[0]];
    for (const c of group) if (x[i * nCols + c] === 1) return c;
    return -1;
  };
  const codes = minority.map((i) => kinds.groups.map((g) => code(i, g)));

  const neighbours = minority.map((i, a) => {
    const best: { b: number; d: number }[] = [];
    for (let b = 0; b < minority.length; b++) {
      if (b === a) continue;
      const j = minority[b];
      let d = 0;
      for (const c of kinds.continuous) d += (x[i * nCols + c] - x[j * nCols + c]) ** 2;
      for (let g = 0; g < kinds.groups.length; g++) if (codes[a][g] !== codes[b][g]) d += penalty;
      if (best.length < k || d < best[best.length - 1].d) {
        best.push({ b, d });
        best.sort((u, v) => u.d - v.d || u.b - v.b);
        if (best.length > k) best.pop();
      }
    }
    return best.map((n) => n.b);
  });

  const rng = createRng(options.seed);
  const total = nRows + wanted;
  const out = new Float32Array(total * nCols);
  out.set(x.subarray(0, nRows * nCols));
  const outY = new Float32Array(total);
  outY.set(y);
  const origin = new Int32Array(wanted);
  for (let s = 0; s < wanted; s++) {
    const a = Math.floor(rng() * minority.length);
    const nn = neighbours[a];
    const b = nn[Math.floor(rng() * nn.length)];
    const i = minority[a];
    const j = minority[b];
    const row = (nRows + s) * nCols;
    const gap = rng();
    for (const c of kinds.continuous)
      out[row + c] = x[i * nCols + c] + gap * (x[j * nCols + c] - x[i * nCols + c]);
    kinds.groups.forEach((group, g) => {
      // Most frequent value among the k neighbours; ties go to the nearest neighbour's value.
      const votes = new Map<number, number>();
      for (const n of nn) votes.set(codes[n][g], (votes.get(codes[n][g]) ?? 0) + 1);
      let value = codes[nn[0]][g];
      for (const [v, count] of votes) if (count > (votes.get(value) ?? 0)) value = v;
      if (group.length === 1) out[row + group[0]] = value;
      else for (const c of group) out[row + c] = c === value ? 1 : 0;
    });
    kinds.repair?.(out.subarray(row, row + nCols), x.subarray(i * nCols, (i + 1) * nCols));
    outY[nRows + s] = minorityLabel;
    origin[s] = i;
  }
  const weight = data.weight ? new Float32Array(total).fill(1) : undefined;
  if (weight && data.weight) weight.set(data.weight);
  return { data: { x: out, nRows: total, nCols, y: outY, weight }, origin };
}
