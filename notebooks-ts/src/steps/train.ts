import type { MetricsJson } from '@telco-churn/core/contracts';
import { parseArgs } from 'node:util';
import { packModelTarGz } from '@telco-churn/xgboost-runtime';
import { checkOutDir, writeArtifact } from '../artifact';
import { buildMetricsJson, modelParamsJson } from '../metrics-json';
import { MODEL_NAMES } from '../model-families';
import { ModelName } from '../model-families/types';
import { TrainingOptions, runTraining } from '../pipeline';
import { modelReadme } from '../report/model-readme';
import { trainReport } from '../report/train-report';
import { Balance } from '../search';
import { ThresholdRule, describeRule } from '../threshold';
import { DEFAULT_DATA, REPORTS_DIR, UsageError, numberOption, runCli, writeAtomic } from './cli';

export const TRAIN_USAGE = `usage: npm run train -- --data <csv> [--test-ids <file>] --out <dir>
  [--seed 42] [--folds 5] [--budget 8] [--xgb-budget 24] [--balance none,weight,smote]
  [--cost-fn <n> --cost-fp <n>] [--models xgboost,logistic_regression,knn,random_forest,svm]
  [--jobs 2] [--report reports/train.html] [--quiet]`;

export interface TrainCliResult {
  files: string[];
  metrics: MetricsJson;
}

/** Parses the train step's arguments into pipeline options (errors name the option). */
export function parseTrainArgs(args: string[]): { options: TrainingOptions; out: string; report: string } {
  const { values } = parseArgs({
    args,
    options: {
      data: { type: 'string', default: DEFAULT_DATA },
      'test-ids': { type: 'string' },
      out: { type: 'string' },
      seed: { type: 'string' },
      folds: { type: 'string' },
      budget: { type: 'string' },
      'xgb-budget': { type: 'string' },
      balance: { type: 'string', default: 'none,weight,smote' },
      'cost-fn': { type: 'string' },
      'cost-fp': { type: 'string' },
      models: { type: 'string', default: MODEL_NAMES.join(',') },
      report: { type: 'string', default: `${REPORTS_DIR}/train.html` },
      quiet: { type: 'boolean', default: false },
      jobs: { type: 'string' },
    },
  });
  if (!values.out) throw new UsageError(`--out <dir> is required\n${TRAIN_USAGE}`);
  const positiveInt = (v: number): boolean => Number.isInteger(v) && v >= 1;
  const balances = values.balance!.split(',').map((b) => b.trim());
  const badBalance = balances.find((b) => !['none', 'weight', 'smote'].includes(b));
  if (badBalance !== undefined)
    throw new UsageError(`--balance takes none, weight and/or smote, got "${badBalance}"`);
  const models = values.models!.split(',').map((m) => m.trim());
  const badModel = models.find((m) => !MODEL_NAMES.includes(m as ModelName));
  if (badModel !== undefined)
    throw new UsageError(`--models takes ${MODEL_NAMES.join(', ')}, got "${badModel}"`);
  if (!models.includes('xgboost'))
    throw new UsageError('--models must include xgboost: it is the model the API serves');
  let thresholdRule: ThresholdRule = { kind: 'max-f1' };
  if (values['cost-fn'] !== undefined || values['cost-fp'] !== undefined) {
    const nonNegative = (v: number): boolean => v >= 0;
    thresholdRule = {
      kind: 'cost',
      costFn: numberOption(values['cost-fn'], 'cost-fn', 1, nonNegative),
      costFp: numberOption(values['cost-fp'], 'cost-fp', 1, nonNegative),
    };
    if (thresholdRule.costFn + thresholdRule.costFp === 0)
      throw new UsageError('--cost-fn and --cost-fp cannot both be 0');
  }
  checkOutDir(values.out);
  return {
    out: values.out,
    report: values.report!,
    options: {
      dataPath: values.data!,
      testIdsPath: values['test-ids'],
      seed: numberOption(values.seed, 'seed', 42, Number.isInteger),
      folds: numberOption(values.folds, 'folds', 5, (v) => positiveInt(v) && v >= 2),
      budget: numberOption(values.budget, 'budget', 8, positiveInt),
      xgbBudget: numberOption(values['xgb-budget'], 'xgb-budget', 24, positiveInt),
      balances: balances as Balance[],
      thresholdRule,
      models: models as ModelName[],
      quiet: values.quiet,
      jobs: numberOption(values.jobs, 'jobs', 2, (v) => v === 1 || v === 2),
    },
  };
}

/** The whole `npm run train`: nothing is written until every model is trained and evaluated. */
export async function trainCli(
  args: string[],
  overrides?: TrainingOptions['overrides'],
): Promise<TrainCliResult> {
  const { options, out, report } = parseTrainArgs(args);
  const command = ['npm run train --', ...args].join(' ');
  const log = options.quiet ? () => undefined : (line: string) => console.log(line);
  log(
    `train: ${options.dataPath} -> ${out}; ${options.folds}-fold CV, ${options.xgbBudget} XGBoost settings, ${options.budget} per other model, seed ${options.seed}; threshold by ${describeRule(options.thresholdRule)}`,
  );
  const run = await runTraining({ ...options, overrides, log });
  const metrics = buildMetricsJson(run, options.thresholdRule, command);
  const modelBytes = run.xgb.model.bytes;
  const files = writeArtifact(out, {
    'xgboost-model': modelBytes,
    'model_params.json': `${JSON.stringify(modelParamsJson(run), null, 2)}\n`,
    'metrics.json': `${JSON.stringify(metrics, null, 1)}\n`,
    'model.tar.gz': packModelTarGz(modelBytes),
    'README.md': modelReadme(run, command, describeRule(options.thresholdRule)),
  });
  writeAtomic(report, trainReport(run, command));
  writeAtomic(report.replace(/\.html$/, '') + '.metrics.json', `${JSON.stringify(metrics, null, 1)}\n`);
  const x = run.xgb.result;
  log(
    `xgboost test: auc ${x.test.auc.toFixed(4)} f1 ${x.test.f1.toFixed(4)} accuracy ${x.test.accuracy.toFixed(4)} precision ${x.test.precision.toFixed(4)} recall ${x.test.recall.toFixed(4)} (threshold ${x.threshold.toFixed(3)})`,
  );
  log(
    `wrote ${files.join(', ')} and ${report} in ${run.seconds.toFixed(0)} s (${run.cpuSeconds.toFixed(0)} s of CPU)`,
  );
  return { files, metrics };
}

if (require.main === module) runCli(async () => void (await trainCli(process.argv.slice(2))));
