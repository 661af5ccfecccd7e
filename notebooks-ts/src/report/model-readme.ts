import { TrainingRun } from '../pipeline';

const f = (v: number): string => v.toFixed(3);

/** A Markdown table padded the way Prettier writes it, so the generated file passes `prettier --check`. */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = headers.map((h, j) => Math.max(3, h.length, ...rows.map((r) => r[j].length)));
  const line = (cells: readonly string[]): string =>
    `| ${cells.map((c, j) => c.padEnd(widths[j])).join(' | ')} |`;
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** The README written beside a trained model: what it is, its figures, and the command that made it. */
export function modelReadme(run: TrainingRun, command: string, rule: string): string {
  const { xgb, prepared, modelParams } = run;
  const files = markdownTable(
    ['file', 'what'],
    [
      [
        '`xgboost-model`',
        "the model, XGBoost 1.7 JSON (loads in xgboost 1.7 and SageMaker's XGBoost 1.7-1 container)",
      ],
      ['`model.tar.gz`', 'the same file alone, as SageMaker expects it in S3'],
      [
        '`model_params.json`',
        "feature names and scaler (the older system's keys) plus threshold, version, data hash",
      ],
      [
        '`metrics.json`',
        'test and CV metrics of the served XGBoost and of all five models, curves, importances',
      ],
    ],
  );
  const rows = markdownTable(
    ['model', 'CV AUC', 'CV F1', 'test AUC', 'test F1', 'accuracy', 'precision', 'recall', 'threshold'],
    run.results.map((r) => [
      r.label,
      f(r.cv.auc),
      f(r.cv.f1),
      f(r.test.auc),
      f(r.test.f1),
      f(r.test.accuracy),
      f(r.test.precision),
      f(r.test.recall),
      f(r.threshold),
    ]),
  );
  return `# Churn model ${modelParams.modelVersion}

Written by \`npm run train\` (notebooks-ts): XGBoost (binary:logistic, XGBoost 1.7 JSON) trained by the
project's own trainer, with the 46-feature contract of \`packages/churn-core/src/features.ts\`.

${files}

Data: ${prepared.data.rows.length} rows (${modelParams.dataHash}), ${prepared.train.nRows} for training,
${prepared.test.nRows} held out (${prepared.split}). Decision threshold ${f(xgb.result.threshold)}:
${rule} (training rows only).

${rows}

Made with (from the repository root; ${run.seconds.toFixed(0)} s wall clock, ${run.cpuSeconds.toFixed(0)} s of CPU):

\`\`\`sh
${command}
\`\`\`
`;
}
