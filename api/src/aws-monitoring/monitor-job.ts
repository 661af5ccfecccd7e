import type { AthenaClient } from '@aws-sdk/client-athena';
import { CloudWatchClient, PutMetricDataCommand } from '@aws-sdk/client-cloudwatch';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { runMonitor } from '@telco-churn/core/monitoring/monitor';
import type { ReferenceProfile } from '@telco-churn/core/monitoring/reference';
import type { Alert, MonitorReport } from '@telco-churn/core/monitoring/report';
import type { Logger } from '../logger';
import type { MonitorJobConfig } from './config';
import { LogTables, readOutcomes, readPredictions, Window } from './log-queries';
import { reportMetrics } from './metrics';

/** The part of metrics.json the job reads: the card's test AUC, the performance alarm's baseline. */
export interface ModelCard {
  test?: { auc?: number };
}

/** What EventBridge Scheduler sends (`{"windowDays": 7}`), or a person re-running a window. */
export interface MonitorEvent {
  windowDays?: number;
  /** ISO times; both or neither. */
  from?: string;
  to?: string;
}

/** The event asked for something the job cannot do; nothing was read or written. */
export class MonitorEventError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'MonitorEventError';
  }
}

export interface MonitorJobDeps {
  config: MonitorJobConfig;
  athena: AthenaClient;
  s3: S3Client;
  cloudwatch: CloudWatchClient;
  /** The model artifact's reference profile and card (metrics.json). */
  model: { reference?: ReferenceProfile; metrics?: ModelCard };
  logger: Logger;
  /** monitor.html beside monitor.json when given. */
  renderHtml?: (report: MonitorReport) => string;
  now?: () => Date;
  athenaPollMs?: number;
}

export interface MonitorRunResult {
  from: string;
  to: string;
  predictions: number;
  outcomes: number;
  alerts: Alert[];
  reportKeys: string[];
}

const DAY_MS = 86_400_000;

/** Whole UTC days ending at today's midnight unless the event names a window. */
export function windowOf(event: MonitorEvent, defaultDays: number, now: Date): Window {
  if (event.from !== undefined || event.to !== undefined) {
    const from = new Date(event.from ?? '');
    const to = new Date(event.to ?? '');
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime()))
      throw new MonitorEventError('event: "from" and "to" must both be ISO 8601 times');
    if (from >= to)
      throw new MonitorEventError(`event: "from" (${event.from}) must be before "to" (${event.to})`);
    if (to.getTime() - from.getTime() > 90 * DAY_MS)
      throw new MonitorEventError('event: the window is longer than 90 days');
    return { from, to };
  }
  const days = event.windowDays ?? defaultDays;
  if (!Number.isInteger(days) || days < 1 || days > 90)
    throw new MonitorEventError(
      `event: "windowDays" must be a whole number of days from 1 to 90, not ${days}`,
    );
  const to = new Date(Math.floor(now.getTime() / DAY_MS) * DAY_MS);
  return { from: new Date(to.getTime() - days * DAY_MS), to };
}

function testAuc(metrics: ModelCard | undefined): number | null {
  const auc = metrics?.test?.auc;
  return typeof auc === 'number' && Number.isFinite(auc) ? auc : null;
}

/**
 * One scheduled run: read the window's predictions and the outcomes received since it began
 * through Athena, compute the report with the same pure function as `npm run monitor`, write it
 * under `<prefix><day>/` and then `<prefix>latest/` (latest always names a complete report),
 * and publish the drift and AUC metrics the alarms watch. Any failure throws: the function's
 * Errors alarm says the watch is down.
 */
export async function runMonitorJob(event: MonitorEvent, deps: MonitorJobDeps): Promise<MonitorRunResult> {
  const { config, logger } = deps;
  const now = (deps.now ?? (() => new Date()))();
  const window = windowOf(event ?? {}, config.windowDays, now);
  const reference = deps.model.reference;
  if (!reference)
    throw new MonitorEventError(`the model in ${config.modelDir} has no reference_profile.json: retrain it`);
  const athena = {
    client: deps.athena,
    workgroup: config.workgroup,
    database: config.database,
    pollMs: deps.athenaPollMs,
  };
  const tables: LogTables = {
    database: config.database,
    predictions: config.predictionsTable,
    outcomes: config.outcomesTable,
  };
  const skipped = { bad_lines: 0 };
  const outcomes = await readOutcomes(athena, tables, window, now, skipped);
  const predictions = await readPredictions(athena, tables, window, skipped);
  // Both queries are finished before the pass starts, so a failed query leaves nothing half-written.
  const report = await runMonitor({
    reference,
    referenceAuc: testAuc(deps.model.metrics),
    thresholds: config.thresholds,
    cost: config.cost,
    outcomes,
    predictions,
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    // A getter: the count is only final once the pass has read every row.
    skipped: {
      torn_lines: 0,
      get bad_lines() {
        return skipped.bad_lines;
      },
    },
    now,
  });

  const day = window.to.toISOString().slice(0, 10);
  const files: Array<[string, string, string]> = [
    ['monitor.json', `${JSON.stringify(report, null, 2)}\n`, 'application/json; charset=utf-8'],
  ];
  if (deps.renderHtml) files.push(['monitor.html', deps.renderHtml(report), 'text/html; charset=utf-8']);
  const keys: string[] = [];
  for (const folder of [day, 'latest']) {
    for (const [name, body, type] of files) {
      const key = `${config.reportPrefix}${folder}/${name}`;
      await deps.s3.send(
        new PutObjectCommand({
          Bucket: config.reportBucket,
          Key: key,
          Body: body,
          ContentType: type,
          CacheControl: 'no-cache',
        }),
      );
      keys.push(key);
    }
  }
  await deps.cloudwatch.send(
    new PutMetricDataCommand({
      Namespace: config.metricNamespace,
      MetricData: reportMetrics(report, config.deployment, window.to),
    }),
  );
  const result: MonitorRunResult = {
    from: window.from.toISOString(),
    to: window.to.toISOString(),
    predictions: report.window.predictions,
    outcomes: report.window.outcomes,
    alerts: report.alerts,
    reportKeys: keys,
  };
  logger.info('monitor report written', {
    ...result,
    bad_lines: skipped.bad_lines,
    alerts: report.alerts.length,
  });
  return result;
}
