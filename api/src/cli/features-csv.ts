import { parsePythonFloat } from '@telco-churn/xgboost-runtime/python-float';

/*
 * The `text/csv` payload SageMaker's XGBoost 1.7-1 container takes: no header, no label, one
 * row per line, values separated by commas without quoting. The container strips trailing
 * newlines, splits each line on commas, reads an empty field as NaN (a missing value) and each
 * value with Python's float(), then casts to float32; a Float32Array does the same cast.
 */

export interface FeatureRows {
  x: Float32Array;
  nRows: number;
}

export interface LineError {
  line: number;
  message: string;
}

/**
 * Every line must hold exactly `width` values: the container would silently read a short row
 * as missing values, which scores a different customer, so a wrong width is an error here.
 * All errors are collected (line by line) so that a user fixes the file in one pass.
 */
export function parseFeatureCsv(text: string, width: number): { rows: FeatureRows; errors: LineError[] } {
  const lines = text.replace(/(\r?\n)+$/, '').split(/\r?\n/);
  if (lines.length === 1 && lines[0] === '')
    return { rows: { x: new Float32Array(0), nRows: 0 }, errors: [] };
  const x = new Float32Array(lines.length * width);
  const errors: LineError[] = [];
  lines.forEach((line, i) => {
    const values = line.split(',');
    if (values.length !== width) {
      const what = line.trim() === '' ? 'is empty' : `has ${values.length} values`;
      errors.push({ line: i + 1, message: `line ${i + 1} ${what}; the model takes ${width} features` });
      return;
    }
    for (let j = 0; j < width; j++) {
      const v = parsePythonFloat(values[j]);
      if (v === undefined) {
        const shown = values[j].trim().slice(0, 40);
        errors.push({ line: i + 1, message: `line ${i + 1}, column ${j + 1}: "${shown}" is not a number` });
        return;
      }
      x[i * width + j] = v;
    }
  });
  return { rows: { x, nRows: lines.length }, errors };
}
