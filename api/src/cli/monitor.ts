/** `npm run monitor`: drift and realised performance of the prediction log, as monitor.json and monitor.html. */
import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_MODEL_DIR } from '../config';
import { loadArtifact } from '@telco-churn/core/artifact';
import { renderMonitorHtml } from '../monitoring/html';
import { monitorLocalLog } from '../monitoring/local-job';
import { loadMonitorSettings } from '../monitoring/settings';
import { UsageError } from '@telco-churn/config/errors';
import { runMain } from './run-main';

export const MONITOR_USAGE = `usage: npm run monitor -- --predictions <dir> [--outcomes <dir>] [--from <date>] [--to <date>] --out <dir>
  --predictions     the predictions/ folder of the log, or the log's root (then its outcomes/ is read too)
  [--model <dir>]   the champion's artifact: its reference_profile.json and metrics.json (default MODEL_DIR or api/model)
  --from/--to       days (YYYY-MM-DD, both included) or ISO times (--to excluded); default: everything logged
Settings: MONITOR_PSI_THRESHOLD (0.2), MONITOR_AUC_DROP (0.05), MONITOR_COST_FN (5), MONITOR_COST_FP (1),
  MONITOR_MIN_PREDICTIONS (100: fewer raise no drift alert), MONITOR_MIN_MATCHED (50: fewer raise no AUC alert).
Exit codes: 0 written, no alert; 3 written, with alerts; 2 bad usage or input.`;

const DAY = /^\d{4}-\d{2}-\d{2}$/;

/** A day or an ISO time as an ISO time; `to` days include the whole day. */
export function windowBound(value: string | undefined, name: 'from' | 'to'): string | undefined {
  if (value === undefined) return undefined;
  const t = Date.parse(DAY.test(value) ? `${value}T00:00:00.000Z` : value);
  if (Number.isNaN(t) || !/^\d{4}-\d{2}-\d{2}/.test(value))
    throw new UsageError(`--${name} must be a date (2026-12-01) or an ISO time, got "${value}"`);
  return new Date(DAY.test(value) && name === 'to' ? t + 86_400_000 : t).toISOString();
}

async function writeAtomic(file: string, text: string): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, text);
  await rename(tmp, file);
}

export async function monitorCli(args: string[], env = process.env): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      predictions: { type: 'string' },
      outcomes: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      out: { type: 'string' },
      model: { type: 'string' },
    },
  });
  if (!values.predictions || !values.out)
    throw new UsageError(`--predictions and --out are required\n${MONITOR_USAGE}`);
  const from = windowBound(values.from, 'from');
  const to = windowBound(values.to, 'to');
  if (from && to && from >= to) throw new UsageError(`--from ${values.from} is not before --to ${values.to}`);
  const settings = loadMonitorSettings(env);
  const modelDir = path.resolve(values.model ?? env.MODEL_DIR ?? DEFAULT_MODEL_DIR);
  const artifact = await loadArtifact(modelDir);
  if (!artifact.reference)
    throw new UsageError(
      `${modelDir} has no reference_profile.json: train it again, or run npm run reference -- --model ${modelDir}`,
    );
  const testAuc = (artifact.metrics?.test as { auc?: unknown } | undefined)?.auc;
  const started = performance.now();
  const report = await monitorLocalLog({
    predictionsDir: values.predictions,
    outcomesDir: values.outcomes,
    from,
    to,
    reference: artifact.reference,
    referenceAuc: typeof testAuc === 'number' ? testAuc : null,
    settings,
  });
  const seconds = (performance.now() - started) / 1000;
  await mkdir(values.out, { recursive: true });
  await writeAtomic(path.join(values.out, 'monitor.json'), `${JSON.stringify(report, null, 1)}\n`);
  await writeAtomic(path.join(values.out, 'monitor.html'), renderMonitorHtml(report));
  const maxField = Object.entries(report.fields).sort(([, a], [, b]) => b.psi - a.psi)[0];
  console.log(
    `monitor: ${report.window.predictions} predictions, ${report.window.outcomes} outcomes (${report.realised?.matched ?? 0} matched) in ${seconds.toFixed(1)} s; ` +
      `max field PSI ${maxField[1].psi.toFixed(3)} (${maxField[0]}), score PSI ${report.score.psi.toFixed(3)}, realised AUC ${report.realised?.auc?.toFixed(4) ?? '–'}; ` +
      `${report.alerts.length} alert(s); wrote ${path.join(values.out, 'monitor.json')} and monitor.html`,
  );
  for (const a of report.alerts)
    console.log(
      `  ALERT ${a.kind} ${a.subject}: ${a.value.toFixed(4)} (threshold ${a.threshold.toFixed(4)})`,
    );
  return report.alerts.length > 0 ? 3 : 0;
}

if (require.main === module) runMain('monitor', (args) => monitorCli(args));
