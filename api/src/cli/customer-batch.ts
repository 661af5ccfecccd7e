/**
 * Scoring one batch of customer records into CSV lines: the work the score CLI spreads over
 * worker threads. A batch is a run of consecutive records of the input, sent as one string with
 * the records' offsets in it (one string crosses threads far cheaper than thousands of fields).
 */
import { CsvRecord, eachCsvRecord, toCsv } from '@telco-churn/core/csv';
import { TelcoRow, TelcoRowReader, RowError, telcoRowReader } from '@telco-churn/core/telco-csv';
import { Artifact } from '@telco-churn/core/artifact';
import { topFactors } from '@telco-churn/core/factors';
import { explain, predictProba } from '@telco-churn/xgboost-runtime';

export interface CustomerBatch {
  seq: number;
  /** The batch's records as they stand in the input, one after the other. */
  text: string;
  /** Start and end offset in `text` of each record, in pairs. */
  bounds: Int32Array;
  /** Physical line on which each record starts. */
  lines: Int32Array;
  /** Records the reader found malformed: [index in the batch, message]. */
  malformed: [number, string][];
}

export interface BatchResult {
  seq: number;
  /** CSV lines of the scored rows, in input order. */
  csv: string;
  /** One stderr line per problem found, in input order. */
  report: string;
  scored: number;
  /** Input lines skipped because they had errors. */
  failed: number;
}

/** The score CLI's output header for this input header. */
export function outputHeader(hasId: boolean, k: number): string[] {
  const header = ['line', ...(hasId ? ['customerID'] : []), 'churn_probability', 'will_churn'];
  for (let i = 1; i <= k; i++) header.push(`factor_${i}`);
  return header;
}

export const hasIdColumn = (header: readonly string[]): boolean =>
  header.some((h) => h.trim().toLowerCase() === 'customerid');

const factorText = (f: { field: string; value: string | number; effect: number }): string =>
  `${f.field}=${f.value} (${f.effect >= 0 ? '+' : ''}${f.effect.toFixed(3)})`;

export const errorLine = (e: RowError): string =>
  `score: line ${e.line}${e.customerId ? ` (${e.customerId})` : ''}, ${e.field}: ${e.message}\n`;

/** A scorer for batches under this header (which the caller has already checked). */
export function createBatchScorer(
  artifact: Artifact,
  header: CsvRecord,
  k: number,
): (batch: CustomerBatch) => BatchResult {
  const read = telcoRowReader(header) as TelcoRowReader;
  const hasId = hasIdColumn(header.fields);
  const { encoder, booster, params } = artifact;
  const width = encoder.featureNames.length;
  return (batch) => {
    const rows: TelcoRow[] = [];
    let report = '';
    let failed = 0;
    const malformed = new Map(batch.malformed);
    for (let r = 0; r < batch.lines.length; r++) {
      const line = batch.lines[r];
      const error = malformed.get(r);
      let record: CsvRecord | undefined;
      if (error !== undefined) record = { line, fields: [], error };
      else
        eachCsvRecord(batch.text.slice(batch.bounds[2 * r], batch.bounds[2 * r + 1]), (one) => {
          record = { line, fields: one.fields };
        });
      const out = read(record ?? { line, fields: [''] });
      if (Array.isArray(out)) {
        for (const e of out) report += errorLine(e);
        failed++;
      } else rows.push(out);
    }
    if (rows.length === 0) return { seq: batch.seq, csv: '', report, scored: 0, failed };
    const x = encoder.encodeMany(rows.map((row) => row.customer));
    const proba = predictProba(booster, x, rows.length);
    const out = rows.map((row, i) => {
      const contribs = explain(booster, x.subarray(i * width, (i + 1) * width));
      const factors = topFactors(contribs, encoder.featureNames, row.customer, k, params.scaler).map(
        factorText,
      );
      const p = proba[i];
      return [
        row.line,
        ...(hasId ? [row.customerId ?? ''] : []),
        String(Math.round(p * 1e6) / 1e6),
        p >= params.threshold ? 'Yes' : 'No',
        ...factors,
        ...Array<string>(k - factors.length).fill(''),
      ];
    });
    return { seq: batch.seq, csv: toCsv(out), report, scored: rows.length, failed };
  };
}
