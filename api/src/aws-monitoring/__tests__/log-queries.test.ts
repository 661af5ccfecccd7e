import { FIELD_NAMES } from '@telco-churn/core/fields';
import type { PredictionRecord } from '@telco-churn/core/monitoring/records';
import { outcomeFromRow, outcomesSql, predictionFromRow, predictionsSql } from '../log-queries';
import { PREDICTION_COLUMNS, predictionRow } from './athena-fake';

const tables = { database: 'churn_test_monitoring', predictions: 'predictions', outcomes: 'outcomes' };
const window = { from: new Date('2026-11-29T00:00:00.000Z'), to: new Date('2026-12-06T00:00:00.000Z') };
const record: PredictionRecord = {
  prediction_id: '01KBT3M6Z8QF7J6W2ZB9X4C1DE',
  time: '2026-12-01T10:00:00.000Z',
  source: '/predict',
  model_version: 'm1',
  probability: 0.537057,
  decision: true,
  threshold: 0.382799,
  fields: Object.fromEntries(FIELD_NAMES.map((f, i) => [f, `v${i}`])) as PredictionRecord['fields'],
};
const row = (p: PredictionRecord) =>
  Object.fromEntries(PREDICTION_COLUMNS.map((c, i) => [c, predictionRow(p)[i] ?? undefined]));

describe('predictionsSql', () => {
  const sql = predictionsSql(tables, window);

  it('prunes partitions to the window plus the arrival day after it', () => {
    expect(sql).toContain("WHERE dt BETWEEN '2026-11-29' AND '2026-12-07'");
  });

  it('cuts the window exactly on the prediction time', () => {
    expect(sql).toContain(`AND "time" >= '2026-11-29T00:00:00.000Z' AND "time" < '2026-12-06T00:00:00.000Z'`);
  });

  it('selects every field as its own lowercase column', () => {
    expect(sql).toContain('fields.seniorCitizen AS "f_seniorcitizen"');
    expect(sql.match(/fields\.\w+ AS/g)).toHaveLength(19);
    expect(sql).toContain('FROM "churn_test_monitoring"."predictions"');
  });

  it('refuses a table name that could smuggle SQL in', () => {
    expect(() => predictionsSql({ ...tables, predictions: 'p; DROP TABLE x' }, window)).toThrow(
      /not a Glue table/,
    );
  });
});

describe('outcomesSql', () => {
  it('reads the outcomes received from the window start until today', () => {
    expect(outcomesSql(tables, window, new Date('2026-12-20T05:15:00Z'))).toContain(
      "WHERE dt BETWEEN '2026-11-29' AND '2026-12-20'",
    );
  });
});

describe('rows to records', () => {
  it('rebuilds a prediction record exactly as it was logged', () => {
    expect(predictionFromRow(row(record))).toEqual(record);
  });

  it('keeps the challenger score when the row has one', () => {
    const withChallenger = {
      ...record,
      challenger: { model_version: 'm2', probability: 0.41, decision: true, threshold: 0.4 },
    };
    expect(predictionFromRow(row(withChallenger))).toEqual(withChallenger);
  });

  it('skips a row the SerDe could not read (all NULL)', () => {
    expect(predictionFromRow({})).toBeUndefined();
    expect(outcomeFromRow({ prediction_id: 'x', churned: undefined })).toBeUndefined();
  });

  it('reads an outcome', () => {
    expect(
      outcomeFromRow({
        prediction_id: 'x',
        churned: 'false',
        observed_at: '2026-12-20T00:00:00.000Z',
        received_at: '2026-12-21T00:00:00.000Z',
      }),
    ).toEqual({
      prediction_id: 'x',
      churned: false,
      observed_at: '2026-12-20T00:00:00.000Z',
      received_at: '2026-12-21T00:00:00.000Z',
    });
  });
});
