import { FIELD_NAMES } from '@telco-churn/core/fields';

/** A Glue column: Hive type names, as Athena reads them. */
export interface GlueColumn {
  readonly name: string;
  readonly type: string;
  readonly comment: string;
}

/**
 * The prediction log's JSON lines as Glue columns (records.ts in the churn core is the source of
 * the shape). `fields` is a struct of the 19 request fields as strings: categories as sent,
 * numeric fields as their training bin label, never raw values.
 */
export const PREDICTION_COLUMNS: readonly GlueColumn[] = [
  { name: 'prediction_id', type: 'string', comment: 'ULID, sorts by time' },
  { name: 'time', type: 'string', comment: 'ISO 8601 UTC, milliseconds' },
  { name: 'source', type: 'string', comment: 'API route that made the prediction' },
  { name: 'model_version', type: 'string', comment: "champion's version" },
  { name: 'probability', type: 'double', comment: "champion's churn probability" },
  { name: 'decision', type: 'boolean', comment: 'probability >= threshold' },
  { name: 'threshold', type: 'double', comment: 'decision threshold in force' },
  {
    name: 'fields',
    type: `struct<${FIELD_NAMES.map((f) => `${f}:string`).join(',')}>`,
    comment: 'request fields, numeric ones binned',
  },
  {
    name: 'challenger',
    type: 'struct<model_version:string,probability:double,decision:boolean,threshold:double>',
    comment: 'shadow model score, absent without a challenger',
  },
];

export const OUTCOME_COLUMNS: readonly GlueColumn[] = [
  { name: 'prediction_id', type: 'string', comment: 'the prediction this outcome answers' },
  { name: 'churned', type: 'boolean', comment: 'whether the customer left' },
  { name: 'observed_at', type: 'string', comment: 'when the outcome was observed, ISO 8601' },
  { name: 'received_at', type: 'string', comment: 'when the API stored it, ISO 8601' },
];
