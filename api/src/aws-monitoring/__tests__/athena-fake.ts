import {
  AthenaClient,
  GetQueryExecutionCommand,
  GetQueryResultsCommand,
  GetQueryResultsCommandInput,
  StartQueryExecutionCommand,
  StartQueryExecutionCommandInput,
} from '@aws-sdk/client-athena';
import { AwsClientStub } from 'aws-sdk-client-mock';
import { FIELD_NAMES } from '@telco-churn/core/fields';
import type { OutcomeRecord, PredictionRecord } from '@telco-churn/core/monitoring/records';

export type Cell = string | null;

/** Athena's answer shape: the header row first, then values as strings, NULL without a value. */
export function resultPages(columns: string[], rows: Cell[][], pageSize: number) {
  const all = [columns, ...rows];
  const pages = [];
  for (let i = 0; i < all.length || pages.length === 0; i += pageSize) {
    pages.push({
      ResultSet: {
        ResultSetMetadata: { ColumnInfo: columns.map((Name) => ({ Name, Type: 'varchar' })) },
        Rows: all
          .slice(i, i + pageSize)
          .map((r) => ({ Data: r.map((v) => (v === null ? {} : { VarCharValue: v })) })),
      },
      NextToken: i + pageSize < all.length ? `page-${i + pageSize}` : undefined,
    });
  }
  return pages;
}

export const PREDICTION_COLUMNS = [
  'prediction_id',
  'time',
  'source',
  'model_version',
  'probability',
  'decision',
  'threshold',
  ...FIELD_NAMES.map((f) => `f_${f.toLowerCase()}`),
  'c_model_version',
  'c_probability',
  'c_decision',
  'c_threshold',
];
export const OUTCOME_COLUMNS = ['prediction_id', 'churned', 'observed_at', 'received_at'];

export function predictionRow(p: PredictionRecord): Cell[] {
  const c = p.challenger;
  return [
    p.prediction_id,
    p.time,
    p.source,
    p.model_version,
    String(p.probability),
    String(p.decision),
    String(p.threshold),
    ...FIELD_NAMES.map((f) => p.fields[f]),
    c ? c.model_version : null,
    c ? String(c.probability) : null,
    c ? String(c.decision) : null,
    c ? String(c.threshold) : null,
  ];
}

export const outcomeRow = (o: OutcomeRecord): Cell[] => [
  o.prediction_id,
  String(o.churned),
  o.observed_at,
  o.received_at,
];

/**
 * Answers the monitor's two queries like Athena: an id per query (by the table it reads), every
 * query SUCCEEDED, results paged by NextToken.
 */
export function serveQueries(
  athena: AwsClientStub<AthenaClient>,
  tables: { predictions: Cell[][]; outcomes: Cell[][] },
  pageSize = 100,
): void {
  const pages = {
    'q-predictions': resultPages(PREDICTION_COLUMNS, tables.predictions, pageSize),
    'q-outcomes': resultPages(OUTCOME_COLUMNS, tables.outcomes, pageSize),
  };
  athena.on(StartQueryExecutionCommand).callsFake((input: StartQueryExecutionCommandInput) => ({
    QueryExecutionId: /"outcomes"/.test(input.QueryString ?? '') ? 'q-outcomes' : 'q-predictions',
  }));
  athena.on(GetQueryExecutionCommand).resolves({ QueryExecution: { Status: { State: 'SUCCEEDED' } } });
  athena.on(GetQueryResultsCommand).callsFake((input: GetQueryResultsCommandInput) => {
    const list = pages[input.QueryExecutionId as keyof typeof pages];
    const at = input.NextToken
      ? list.findIndex((_, i) => i > 0 && list[i - 1].NextToken === input.NextToken)
      : 0;
    return list[at];
  });
}
