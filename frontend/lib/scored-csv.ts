import { parseCsv, toCsv } from '@telco-churn/core/csv';
import type { InvalidRow, ScoredRow } from './batch-types';

export const SCORE_COLUMNS = [
  'churn_probability',
  'will_churn',
  'risk_level',
  'top_risk_drivers',
  'scoring_error',
  // Last, so readers that take the earlier columns by position keep working.
  'prediction_id',
];

/**
 * The uploaded file with the scores appended: every column and row of the original kept as it
 * was (re-read with the churn core's RFC 4180 reader, which numbers records by physical line as
 * the server's parser does), so the scored file joins back to any system the analyst exported
 * it from. Rows that could not be scored carry the reason instead of a score (`unlisted` for
 * those the server did not list: it lists only the first problems). Every cell goes through the
 * core's writer, which neutralises formulas, so a hostile customerID cannot run in Excel.
 */
export function scoredCsv(
  originalText: string,
  scored: readonly ScoredRow[],
  invalid: readonly InvalidRow[],
  unlisted = 'not scored',
): string {
  const byLine = new Map(scored.map((row) => [row.line, row]));
  const problems = new Map<number, string[]>();
  for (const row of invalid)
    problems.set(row.line, [...(problems.get(row.line) ?? []), `${row.field}: ${row.message}`]);
  const [head, ...body] = parseCsv(originalText);
  if (!head) return toCsv([SCORE_COLUMNS]);
  const out: (string | number)[][] = [[...head.fields, ...SCORE_COLUMNS]];
  for (const record of body) {
    const row = byLine.get(record.line);
    out.push(
      row
        ? [
            ...record.fields,
            row.probability,
            row.willChurn ? 'Yes' : 'No',
            row.risk,
            row.drivers.join('; '),
            '',
            row.predictionId,
          ]
        : [...record.fields, '', '', '', '', (problems.get(record.line) ?? [unlisted]).join('; '), ''],
    );
  }
  return toCsv(out);
}
