import { parseArgs } from 'node:util';
import { toModelParamsJson } from '@telco-churn/core/model-params';
import { FEATURE_NAMES } from '@telco-churn/core/features';
import { writeArtifact } from '../artifact';
import { stratifiedSplit } from '../cv';
import { columnKinds } from '../data';
import { Dataset, countPositives, subset } from '../dataset';
import { prepare } from '../prepare';
import { Section, page, table } from '../report/page';
import { smoteNc } from '../smote';
import { DEFAULT_DATA, REPORTS_DIR, numberOption, runCli, writeAtomic } from './cli';

/** 9 significant digits name a float32 exactly, so SageMaker reads back the very value we encoded. */
const float32Text = (v: number): string => String(Number(v.toPrecision(9)));

/** SageMaker's built-in XGBoost CSV: label first, no header; `withLabel: false` for batch transform input. */
export function toSageMakerCsv(data: Dataset, withLabel = true): string {
  const lines: string[] = [];
  for (let i = 0; i < data.nRows; i++) {
    const cells: string[] = withLabel ? [String(data.y[i])] : [];
    for (let j = 0; j < data.nCols; j++) cells.push(float32Text(data.x[i * data.nCols + j]));
    lines.push(cells.join(','));
  }
  return lines.join('\n') + '\n';
}

export interface PreprocessOptions {
  dataPath: string;
  testIdsPath?: string;
  seed: number;
  validationFraction: number;
  smote: boolean;
}

/**
 * Cleaning, split, scaler on training rows, optional SMOTE-NC on the fit rows only (never on
 * validation or test), and the SageMaker CSVs with the matching `model_params.json`.
 */
export function preprocess(o: PreprocessOptions): {
  files: Record<string, string>;
  html: string;
  summary: string[];
} {
  const prepared = prepare({ dataPath: o.dataPath, testIdsPath: o.testIdsPath, seed: o.seed });
  const { train, test, scaler } = prepared;
  const inner = stratifiedSplit(train.y, o.validationFraction, o.seed + 1);
  let fit = subset(train, inner.train);
  const validation = subset(train, inner.test);
  const before = { rows: fit.nRows, churners: countPositives(fit.y) };
  if (o.smote) fit = smoteNc(fit, columnKinds(FEATURE_NAMES, scaler), { seed: o.seed }).data;
  const params = toModelParamsJson({
    featureNames: [...FEATURE_NAMES],
    scaler,
    threshold: 0.5,
    modelVersion: `preprocessed-${prepared.data.hash.slice(0, 8)}`,
    dataHash: `sha256:${prepared.data.hash}`,
  });
  const files = {
    'train.csv': toSageMakerCsv(fit),
    'validation.csv': toSageMakerCsv(validation),
    'test.csv': toSageMakerCsv(test),
    'test-features.csv': toSageMakerCsv(test, false),
    'model_params.json': `${JSON.stringify(params, null, 2)}\n`,
  };
  const rate = (d: Dataset): string => `${((countPositives(d.y) / d.nRows) * 100).toFixed(1)}%`;
  const rows: [string, number, string, string][] = [
    [
      'train.csv (fit rows)',
      fit.nRows,
      rate(fit),
      o.smote ? `SMOTE-NC: ${before.rows} rows (${before.churners} churners) -> ${fit.nRows}` : 'as read',
    ],
    [
      'validation.csv (from training rows)',
      validation.nRows,
      rate(validation),
      'never resampled; for early stopping / tuning',
    ],
    ['test.csv (held out)', test.nRows, rate(test), prepared.split],
  ];
  const summary = rows.map(([name, n, r, note]) => `${name}: ${n} rows, churn ${r} — ${note}`);
  const sections: Section[] = [
    {
      title: 'Splits',
      text: [
        `${prepared.data.rows.length} rows read from ${o.dataPath}; ${prepared.data.imputed} blank TotalCharges took MonthlyCharges.`,
        `The scaler was fitted on the ${train.nRows} training rows only (fit + validation), never on test rows.`,
        'CSV layout: label first, then the 46 features in the contract order, no header (SageMaker built-in XGBoost).',
      ],
      html: table(['file', 'rows', 'churn rate', 'note'], rows),
    },
    {
      title: 'Scaler (population mean and standard deviation, training rows)',
      html: table(
        ['feature', 'mean', 'std'],
        scaler.features.map((f, i) => [f, scaler.means[i], scaler.stds[i]]),
      ),
    },
  ];
  const html = page(
    'Preprocessing',
    `${o.dataPath} · seed ${o.seed} · generated ${new Date().toISOString()}`,
    sections,
  );
  return { files, html, summary };
}

if (require.main === module) {
  runCli(() => {
    const { values } = parseArgs({
      options: {
        data: { type: 'string', default: DEFAULT_DATA },
        'test-ids': { type: 'string' },
        out: { type: 'string', default: `${REPORTS_DIR}/preprocessed` },
        seed: { type: 'string' },
        'validation-fraction': { type: 'string' },
        smote: { type: 'boolean', default: false },
        report: { type: 'string', default: `${REPORTS_DIR}/preprocess.html` },
      },
    });
    const options: PreprocessOptions = {
      dataPath: values.data!,
      testIdsPath: values['test-ids'],
      seed: numberOption(values.seed, 'seed', 42, Number.isInteger),
      validationFraction: numberOption(
        values['validation-fraction'],
        'validation-fraction',
        0.2,
        (v) => v > 0 && v < 1,
      ),
      smote: values.smote!,
    };
    console.log(
      `preprocess: ${options.dataPath}: clean, split, fit the scaler on training rows${options.smote ? ', SMOTE-NC on the fit rows' : ''}, write SageMaker CSVs to ${values.out}`,
    );
    const { files, html, summary } = preprocess(options);
    for (const line of summary) console.log(`  ${line}`);
    const written = writeArtifact(values.out!, files);
    writeAtomic(values.report!, html);
    console.log(`wrote ${written.join(', ')} and ${values.report}`);
  });
}
