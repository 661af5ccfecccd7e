import { Writable } from 'node:stream';
import { AthenaClient, StartQueryExecutionCommand } from '@aws-sdk/client-athena';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import { createBinner } from '@telco-churn/core/monitoring/binning';
import { buildReferenceProfile } from '@telco-churn/core/monitoring/profile';
import type { OutcomeRecord, PredictionRecord } from '@telco-churn/core/monitoring/records';
import { MONITOR_METRICS } from '@telco-churn/core/monitoring/metrics';
import type { MonitorReport } from '@telco-churn/core/monitoring/report';
import { createRng } from '@telco-churn/core/random';
import { generateCustomers } from '@telco-churn/core/synthetic';
import { createLogger } from '../../logger';
import { loadMonitorJobConfig } from '../config';
import { MonitorJobDeps, runMonitorJob, windowOf } from '../monitor-job';
import { outcomeRow, predictionRow, serveQueries } from './athena-fake';

const athena = mockClient(AthenaClient);
const s3 = mockClient(S3Client);
const cloudwatch = mockClient(CloudWatchClient);
beforeEach(() => {
  athena.reset();
  s3.reset();
  cloudwatch.reset();
  s3.on(PutObjectCommand).resolves({});
  cloudwatch.on(PutMetricDataCommand).resolves({});
});

const NOW = new Date('2026-12-06T05:15:00.000Z');
const config = loadMonitorJobConfig({
  ATHENA_WORKGROUP: 'churn-test-monitoring',
  PREDICTION_LOG_DATABASE: 'churn_test_monitoring',
  PREDICTIONS_TABLE: 'predictions',
  OUTCOMES_TABLE: 'outcomes',
  REPORT_BUCKET: 'churn-test-monitoring-bucket',
  METRIC_DEPLOYMENT: 'churn-test-monitor',
});

// A seeded toy model: the score rises with month-to-month contracts and short tenure.
const rng = createRng(7);
const score = (c: { contract: string; tenure: number }) =>
  Math.min(
    0.98,
    Math.max(
      0.02,
      (c.contract === 'Month-to-month' ? 0.45 : 0.1) + (c.tenure < 12 ? 0.2 : 0) + (rng() - 0.5) * 0.2,
    ),
  );
const training = generateCustomers(2000, 1);
const reference = buildReferenceProfile({
  customers: training.map((t) => t.customer),
  scores: training.map((t) => score(t.customer)),
  threshold: 0.4,
  modelVersion: 'test-model',
});
const bin = createBinner(reference);

/** A shifted population: every customer on a month-to-month contract. */
function shiftedTraffic(n: number): { predictions: PredictionRecord[]; outcomes: OutcomeRecord[] } {
  const live = generateCustomers(n, 99).map((l) => ({
    ...l,
    customer: { ...l.customer, contract: 'Month-to-month' as const },
  }));
  const predictions = live.map((l, i) => {
    const probability = Number(score(l.customer).toFixed(6));
    return {
      prediction_id: `01KBT3M6Z8QF7J6W2ZB${String(i).padStart(7, '0')}`,
      time: new Date(Date.parse('2026-12-01T00:00:00.000Z') + i * 60_000).toISOString(),
      source: '/predict',
      model_version: 'test-model',
      probability,
      decision: probability >= 0.4,
      threshold: 0.4,
      fields: bin(l.customer),
    };
  });
  const outcomes = predictions.slice(0, n / 2).map((p, i) => ({
    prediction_id: p.prediction_id,
    churned: live[i].churn,
    observed_at: '2026-12-04T00:00:00.000Z',
    received_at: '2026-12-05T00:00:00.000Z',
  }));
  return { predictions, outcomes };
}

/** AUC by counting ordered pairs, independent of the core's rank-based rocAuc. */
function pairAuc(y: boolean[], p: number[]): number {
  let wins = 0;
  let pairs = 0;
  for (let i = 0; i < y.length; i++)
    for (let j = 0; j < y.length; j++)
      if (y[i] && !y[j]) {
        pairs++;
        wins += p[i] > p[j] ? 1 : p[i] === p[j] ? 0.5 : 0;
      }
  return wins / pairs;
}

function deps(extra: Partial<MonitorJobDeps> = {}): MonitorJobDeps & { logs: string[] } {
  const logs: string[] = [];
  const stream = new Writable({
    write(chunk, _e, done) {
      logs.push(String(chunk));
      done();
    },
  });
  return {
    config,
    athena: new AthenaClient({ region: 'eu-central-1' }),
    s3: new S3Client({ region: 'eu-central-1' }),
    cloudwatch: new CloudWatchClient({ region: 'eu-central-1' }),
    model: { reference, metrics: { test: { auc: 0.85 } } },
    logger: createLogger({ level: 'info', stream }),
    now: () => NOW,
    athenaPollMs: 1,
    logs,
    ...extra,
  };
}

const written = (key: string): string =>
  String(s3.commandCalls(PutObjectCommand).find((c) => c.args[0].input.Key === key)!.args[0].input.Body);

describe('runMonitorJob', () => {
  const traffic = shiftedTraffic(400);

  it('flags the shifted field, not an unshifted one, and computes AUC like an independent count', async () => {
    serveQueries(athena, {
      predictions: traffic.predictions.map(predictionRow),
      outcomes: traffic.outcomes.map(outcomeRow),
    });
    const result = await runMonitorJob({}, deps());
    const report = JSON.parse(written('reports/2026-12-06/monitor.json')) as MonitorReport;
    expect(report.window).toEqual({
      from: '2026-11-29T00:00:00.000Z',
      to: '2026-12-06T00:00:00.000Z',
      predictions: 400,
      outcomes: 200,
    });
    expect(report.fields.contract.psi).toBeGreaterThanOrEqual(0.2);
    expect(report.fields.gender.psi).toBeLessThan(0.1);
    expect(report.alerts).toContainEqual(expect.objectContaining({ kind: 'drift', subject: 'contract' }));
    expect(report.alerts.map((a) => a.subject)).not.toContain('gender');
    const matched = traffic.outcomes.map((o, i) => [o.churned, traffic.predictions[i].probability] as const);
    expect(report.realised?.auc).toBeCloseTo(
      pairAuc(
        matched.map((m) => m[0]),
        matched.map((m) => m[1]),
      ),
      10,
    );
    expect(result.alerts).toEqual(report.alerts);
  });

  it('reads all pages of both queries', async () => {
    serveQueries(
      athena,
      { predictions: traffic.predictions.map(predictionRow), outcomes: traffic.outcomes.map(outcomeRow) },
      37,
    );
    const result = await runMonitorJob({}, deps());
    expect([result.predictions, result.outcomes]).toEqual([400, 200]);
    expect(athena.commandCalls(StartQueryExecutionCommand).map((c) => c.args[0].input.QueryString)).toEqual([
      expect.stringContaining('"outcomes"'),
      expect.stringContaining("dt BETWEEN '2026-11-29' AND '2026-12-07'"),
    ]);
  });

  it('writes the dated report before latest/, with HTML when a renderer is given', async () => {
    serveQueries(athena, { predictions: traffic.predictions.map(predictionRow), outcomes: [] });
    await runMonitorJob({}, deps({ renderHtml: (r) => `<html>${r.window.predictions}</html>` }));
    expect(
      s3
        .commandCalls(PutObjectCommand)
        .map((c) => [c.args[0].input.Bucket, c.args[0].input.Key, c.args[0].input.ContentType]),
    ).toEqual([
      ['churn-test-monitoring-bucket', 'reports/2026-12-06/monitor.json', 'application/json; charset=utf-8'],
      ['churn-test-monitoring-bucket', 'reports/2026-12-06/monitor.html', 'text/html; charset=utf-8'],
      ['churn-test-monitoring-bucket', 'reports/latest/monitor.json', 'application/json; charset=utf-8'],
      ['churn-test-monitoring-bucket', 'reports/latest/monitor.html', 'text/html; charset=utf-8'],
    ]);
    expect(written('reports/latest/monitor.html')).toBe('<html>400</html>');
  });

  it('publishes max field PSI, score PSI, realised AUC and the shortfall from the card', async () => {
    serveQueries(athena, {
      predictions: traffic.predictions.map(predictionRow),
      outcomes: traffic.outcomes.map(outcomeRow),
    });
    await runMonitorJob({}, deps());
    const report = JSON.parse(written('reports/latest/monitor.json')) as MonitorReport;
    const input = cloudwatch.commandCalls(PutMetricDataCommand)[0].args[0].input;
    expect(input.Namespace).toBe('TelcoChurn/Monitoring');
    const values = Object.fromEntries((input.MetricData ?? []).map((d) => [d.MetricName, d.Value]));
    expect(values).toEqual({
      Predictions: 400,
      MaxFieldPsi: Math.max(...Object.values(report.fields).map((f) => f.psi)),
      ScorePsi: report.score.psi,
      RealisedAuc: report.realised!.auc,
      AucShortfall: 0.85 - report.realised!.auc!,
    });
    // Every metric the alarms of modules/monitor-job may name: the two share MONITOR_METRICS.
    expect(Object.keys(values).sort()).toEqual(Object.values(MONITOR_METRICS).sort());
    for (const d of input.MetricData ?? []) {
      expect(d.Dimensions).toEqual([{ Name: 'Deployment', Value: 'churn-test-monitor' }]);
      expect(d.Timestamp).toEqual(new Date('2026-12-06T00:00:00.000Z'));
    }
  });

  it('publishes only the count on a day without traffic, so no drift alarm fires on nothing', async () => {
    serveQueries(athena, { predictions: [], outcomes: [] });
    await runMonitorJob({}, deps());
    const data = cloudwatch.commandCalls(PutMetricDataCommand)[0].args[0].input.MetricData ?? [];
    expect(data.map((d) => [d.MetricName, d.Value])).toEqual([['Predictions', 0]]);
  });

  it('publishes no PSI from fewer predictions than MONITOR_MIN_PREDICTIONS, the noise of a handful of rows', async () => {
    serveQueries(athena, { predictions: traffic.predictions.slice(0, 60).map(predictionRow), outcomes: [] });
    await runMonitorJob({}, deps());
    const data = cloudwatch.commandCalls(PutMetricDataCommand)[0].args[0].input.MetricData ?? [];
    expect(data.map((d) => [d.MetricName, d.Value])).toEqual([['Predictions', 60]]);
  });

  it('counts unreadable rows as bad lines in the report', async () => {
    const rows = traffic.predictions.slice(0, 10).map(predictionRow);
    rows.push(rows[0].map(() => null));
    serveQueries(athena, { predictions: rows, outcomes: [] });
    await runMonitorJob({}, deps());
    const report = JSON.parse(written('reports/latest/monitor.json')) as MonitorReport;
    expect([report.window.predictions, report.skipped.bad_lines]).toEqual([10, 1]);
  });

  it('refuses to run without a reference profile, before any query', async () => {
    await expect(runMonitorJob({}, deps({ model: {} }))).rejects.toThrow(/no reference_profile.json/);
    expect(athena.commandCalls(StartQueryExecutionCommand)).toHaveLength(0);
  });
});

describe('windowOf', () => {
  it('covers whole UTC days ending at midnight before the run', () => {
    expect(windowOf({ windowDays: 3 }, 7, NOW)).toEqual({
      from: new Date('2026-12-03T00:00:00.000Z'),
      to: new Date('2026-12-06T00:00:00.000Z'),
    });
  });

  it('re-runs an explicit window', () => {
    const w = windowOf({ from: '2026-11-01T00:00:00Z', to: '2026-11-08T00:00:00Z' }, 7, NOW);
    expect(w.to.toISOString()).toBe('2026-11-08T00:00:00.000Z');
  });

  it('rejects a window that is backwards, unreadable or too long, saying which', () => {
    expect(() => windowOf({ from: '2026-11-08T00:00:00Z', to: '2026-11-01T00:00:00Z' }, 7, NOW)).toThrow(
      /must be before/,
    );
    expect(() => windowOf({ from: 'yesterday' }, 7, NOW)).toThrow(/ISO 8601/);
    expect(() => windowOf({ windowDays: 0 }, 7, NOW)).toThrow(/"windowDays"/);
  });
});
