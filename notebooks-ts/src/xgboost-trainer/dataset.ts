import { TrainerInputError } from './params';
import { stdSortEntries } from './std-sort';

/** Rows of features (row-major, `NaN` = missing) with 0/1 labels and optional row weights. */
export interface Dataset {
  x: Float32Array;
  nRows: number;
  nCols: number;
  y: Float32Array;
  weight?: Float32Array;
}

/** Throws a TrainerInputError naming the first thing wrong with `data` (`name` says which set). */
export function checkDataset(data: Dataset, name: string, nCols?: number): void {
  const { x, y, nRows, weight } = data;
  if (!Number.isInteger(nRows) || nRows < 1)
    throw new TrainerInputError(`${name}: nRows must be an integer >= 1, got ${nRows}`);
  if (!Number.isInteger(data.nCols) || data.nCols < 1) {
    throw new TrainerInputError(`${name}: nCols must be an integer >= 1, got ${data.nCols}`);
  }
  if (nCols !== undefined && data.nCols !== nCols) {
    throw new TrainerInputError(`${name}: has ${data.nCols} columns but the training set has ${nCols}`);
  }
  if (!(x instanceof Float32Array) || x.length !== nRows * data.nCols) {
    throw new TrainerInputError(
      `${name}: x must be a Float32Array of nRows * nCols = ${nRows * data.nCols} values`,
    );
  }
  if (!(y instanceof Float32Array) || y.length !== nRows) {
    throw new TrainerInputError(`${name}: y must be a Float32Array of nRows = ${nRows} labels`);
  }
  for (let i = 0; i < x.length; i++) {
    const v = x[i];
    if (v === Infinity || v === -Infinity) {
      throw new TrainerInputError(
        `${name}: row ${Math.floor(i / data.nCols)}, column ${i % data.nCols} is infinite (use NaN for missing)`,
      );
    }
  }
  for (let r = 0; r < nRows; r++) {
    if (!(y[r] >= 0 && y[r] <= 1)) {
      throw new TrainerInputError(
        `${name}: label of row ${r} must be in [0, 1] for binary:logistic, got ${y[r]}`,
      );
    }
  }
  if (weight !== undefined) {
    if (!(weight instanceof Float32Array) || weight.length !== nRows) {
      throw new TrainerInputError(`${name}: weight must be a Float32Array of nRows = ${nRows} values`);
    }
    for (let r = 0; r < nRows; r++) {
      if (!(weight[r] >= 0 && Number.isFinite(weight[r]))) {
        throw new TrainerInputError(
          `${name}: weight of row ${r} must be a finite number >= 0, got ${weight[r]}`,
        );
      }
    }
  }
}

/**
 * Each feature's present values sorted ascending, as XGBoost's column-major `SortedCSCPage`:
 * column f holds entries `start[f] .. start[f+1]-1` of `row`/`value`. Missing values are absent,
 * which is what lets the split search learn where they go.
 */
export interface SortedColumns {
  start: Int32Array;
  row: Int32Array;
  value: Float32Array;
  /** Share of rows with a value, which decides whether XGBoost also scans forward. */
  density: Float32Array;
  /** End of each column's run of its lowest value (`start[f]` .. `minRunEnd[f]-1`). */
  minRunEnd: Int32Array;
}

export function sortColumns(data: Dataset): SortedColumns {
  const { x, nRows, nCols } = data;
  const start = new Int32Array(nCols + 1);
  for (let i = 0; i < x.length; i++) if (!Number.isNaN(x[i])) start[(i % nCols) + 1]++;
  for (let f = 0; f < nCols; f++) start[f + 1] += start[f];
  const nnz = start[nCols];
  const row = new Int32Array(nnz);
  const value = new Float32Array(nnz);
  const density = new Float32Array(nCols);
  const fill = start.slice(0, nCols);
  for (let r = 0; r < nRows; r++) {
    for (let f = 0; f < nCols; f++) {
      const v = x[r * nCols + f];
      if (Number.isNaN(v)) continue;
      row[fill[f]] = r;
      value[fill[f]++] = v;
    }
  }
  const minRunEnd = new Int32Array(nCols);
  for (let f = 0; f < nCols; f++) {
    stdSortEntries(row, value, start[f], start[f + 1]);
    let k = start[f];
    while (k < start[f + 1] && value[k] === value[start[f]]) k++;
    minRunEnd[f] = k;
    // float32, like XGBoost's column_densities_.
    density[f] = Math.fround(1 - Math.fround((nRows - (start[f + 1] - start[f])) / nRows));
  }
  return { start, row, value, density, minRunEnd };
}
