/**
 * The request body of the SageMaker path: `text/csv`, no header, one line per row, the
 * model's features in order. The container parses each value as a double and casts it to
 * float32, so each value is written with the fewest digits that come back as the very same
 * float32 after that double-then-float32 trip (`0.1`, not `0.10000000149011612`).
 */
export function formatFloat32(value: number): string {
  const f = Math.fround(value);
  // An empty CSV field is a missing value to XGBoost, the same as NaN to our runtime.
  if (Number.isNaN(f)) return '';
  if (!Number.isFinite(f)) return f > 0 ? 'inf' : '-inf';
  if (Number.isInteger(f) && Math.abs(f) < 2 ** 24) return String(f);
  for (let digits = 1; digits <= 9; digits += 1) {
    const text = String(Number(f.toPrecision(digits)));
    if (Math.fround(Number(text)) === f) return text;
  }
  // Nine significant digits always identify a float32; the widened double is exact anyway.
  return String(f);
}

export class PayloadWidthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PayloadWidthError';
  }
}

/**
 * Rows of `width` features as CSV lines. The width is checked here because the container
 * does not: a line with too few columns is scored with the rest treated as missing.
 */
export function toCsvPayload(features: Float32Array, nRows: number, width: number): string {
  if (!Number.isInteger(nRows) || nRows < 1) {
    throw new PayloadWidthError(`expected at least one row to score, got ${nRows}`);
  }
  if (features.length !== nRows * width) {
    throw new PayloadWidthError(
      `expected ${nRows} rows of ${width} features (${nRows * width} values), got ${features.length} values`,
    );
  }
  const lines = new Array<string>(nRows);
  const fields = new Array<string>(width);
  for (let row = 0; row < nRows; row += 1) {
    const offset = row * width;
    for (let col = 0; col < width; col += 1) fields[col] = formatFloat32(features[offset + col]);
    lines[row] = fields.join(',');
  }
  return lines.join('\n') + '\n';
}
