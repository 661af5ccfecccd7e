import { stat } from 'node:fs/promises';
import path from 'node:path';
import { runMonitor } from '@telco-churn/core/monitoring/monitor';
import { isOutcomeRecord, isPredictionRecord } from '@telco-churn/core/monitoring/records';
import type { ReferenceProfile } from '@telco-churn/core/monitoring/reference';
import type { MonitorReport } from '@telco-churn/core/monitoring/report';
import { dayFiles, newCounters, readRecords } from '../prediction-log/read';
import { UsageError } from '@telco-churn/config/errors';
import type { MonitorSettings } from './settings';

export interface LocalMonitorOptions {
  predictionsDir: string;
  outcomesDir?: string;
  /** ISO times, `from` inclusive, `to` exclusive. */
  from?: string;
  to?: string;
  reference: ReferenceProfile;
  referenceAuc: number | null;
  settings: MonitorSettings;
}

const isDir = (dir: string): Promise<boolean> =>
  stat(dir).then(
    (s) => s.isDirectory(),
    () => false,
  );

/**
 * The monitor over the local JSON-lines log: day files streamed, only the window's days opened.
 * `predictionsDir` may also be the log's root (PREDICTION_LOG_DIR): its predictions/ folder is
 * read, and its outcomes/ folder too unless `outcomesDir` names another.
 */
export async function monitorLocalLog(options: LocalMonitorOptions): Promise<MonitorReport> {
  const o = { ...options };
  const root = o.predictionsDir;
  if (await isDir(path.join(root, 'predictions'))) {
    o.predictionsDir = path.join(root, 'predictions');
    if (!o.outcomesDir && (await isDir(path.join(root, 'outcomes'))))
      o.outcomesDir = path.join(root, 'outcomes');
  }
  if (!(await isDir(o.predictionsDir)))
    throw new UsageError(`--predictions ${o.predictionsDir} is not a directory`);
  if (o.outcomesDir && !(await isDir(o.outcomesDir)))
    throw new UsageError(`--outcomes ${o.outcomesDir} is not a directory`);
  const fromDay = o.from?.slice(0, 10);
  const toDay = o.to ? new Date(Date.parse(o.to) - 1).toISOString().slice(0, 10) : undefined;
  const counters = newCounters();
  const predictions = readRecords(
    await dayFiles(o.predictionsDir, fromDay, toDay),
    isPredictionRecord,
    counters,
  );
  // Outcomes arrive after their predictions: every outcome file is read, whatever the window.
  const outcomes = o.outcomesDir
    ? readRecords(await dayFiles(o.outcomesDir), isOutcomeRecord, counters)
    : undefined;
  return runMonitor({
    reference: o.reference,
    referenceAuc: o.referenceAuc,
    thresholds: {
      psi: o.settings.psiThreshold,
      auc_drop: o.settings.aucDrop,
      min_predictions: o.settings.minPredictions,
      min_matched: o.settings.minMatched,
    },
    cost: { fn: o.settings.costFn, fp: o.settings.costFp },
    predictions,
    outcomes,
    from: o.from,
    to: o.to,
    skipped: counters,
  });
}
