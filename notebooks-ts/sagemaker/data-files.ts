/**
 * The CSVs SageMaker's XGBoost trains on: label (0/1) first, then the features, no header.
 * They are checked here before any upload, because the container reports a bad file only after
 * an instance has started (minutes and money later), and reads a short row as missing values.
 */
import { readFile } from 'node:fs/promises';
import { DataFileError } from './errors';

export interface LabelledFeatures {
  x: Float32Array;
  y: Float32Array;
  nRows: number;
  nCols: number;
  positives: number;
}

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$|^[+-]?(inf|infinity|nan)$/i;

/** Parses label-first CSV text; `nCols` (feature count) is fixed by the first row unless given. */
export function parseLabelledCsv(text: string, file: string, nCols?: number): LabelledFeatures {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) throw new DataFileError(file, 1, 'the file is empty');
  const width = nCols ?? lines[0].split(',').length - 1;
  if (width < 1) throw new DataFileError(file, 1, 'a row needs the label and at least one feature');
  const x = new Float32Array(lines.length * width);
  const y = new Float32Array(lines.length);
  let positives = 0;
  for (let i = 0; i < lines.length; i++) {
    const cells = lines[i].split(',');
    if (cells.length !== width + 1) {
      throw new DataFileError(
        file,
        i + 1,
        `expected the label and ${width} features (${width + 1} columns), found ${cells.length}`,
      );
    }
    const label = cells[0].trim();
    if (label !== '0' && label !== '1' && label !== '0.0' && label !== '1.0') {
      const hint = i === 0 && !NUMBER.test(label) ? ' (a header line? these files have none)' : '';
      throw new DataFileError(file, i + 1, `column 1 (the label) must be 0 or 1, found "${label}"${hint}`);
    }
    y[i] = Number(label);
    positives += y[i];
    for (let j = 1; j <= width; j++) {
      const cell = cells[j].trim();
      // An empty cell is a missing value for XGBoost; anything else must be a number.
      if (cell === '') x[i * width + j - 1] = NaN;
      else if (NUMBER.test(cell)) x[i * width + j - 1] = Number(cell);
      else throw new DataFileError(file, i + 1, `column ${j + 1} must be a number, found "${cell}"`);
    }
  }
  if (positives === 0 || positives === lines.length) {
    throw new DataFileError(
      file,
      lines.length,
      `every label is ${positives === 0 ? 0 : 1}: a binary classifier needs both classes`,
    );
  }
  return { x, y, nRows: lines.length, nCols: width, positives };
}

export async function readLabelledCsv(file: string, nCols?: number): Promise<LabelledFeatures> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    throw new DataFileError(file, 0, `cannot read it (${(cause as Error).message})`);
  }
  return parseLabelledCsv(text, file, nCols);
}
