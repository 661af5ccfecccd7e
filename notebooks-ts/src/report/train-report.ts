import { FEATURE_NAMES } from '@telco-churn/core/features';
import { TrainingRun } from '../pipeline';
import { Section, charts, page, table } from './page';
import { PALETTE, barChart, groupedBars, heatmap, lineChart } from './svg';
import { PERMUTATION_METHOD } from '../metrics-json';

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

/** `eta 0.0281, max_depth 1, …`: a setting short enough to wrap in a table cell. */
const describeSetting = (setting: Record<string, unknown>): string =>
  Object.entries(setting)
    .map(
      ([k, v]) =>
        `${k} ${typeof v === 'number' && !Number.isInteger(v) ? Number(v.toPrecision(3)) : String(v)}`,
    )
    .join(', ');

/** Every model's permutation importance by request field: a table (rows in XGBoost's order) and the top ten of each. */
function permutationSection(results: TrainingRun['results']): Section {
  const fields = results[0].permutation.map((p) => p.field);
  const drop = (r: (typeof results)[number], field: string): number =>
    r.permutation.find((p) => p.field === field)?.auc_drop ?? 0;
  return {
    title: 'Permutation importance (all five models)',
    text: [
      `${PERMUTATION_METHOD}. Unlike gain and SHAP, this works the same way for every model, and it is measured on rows the model did not see.`,
      `Largest drop per model: ${results.map((r) => `${r.label} — ${r.permutation[0]?.field} (${r.permutation[0]?.auc_drop.toFixed(4)})`).join('; ')}.`,
    ],
    html:
      table(
        ['field', ...results.map((r) => `${r.label} (AUC drop)`)],
        // A drop that rounds to zero prints as 0.0000, not -0.0000.
        fields.map((field) => [
          field,
          ...results.map((r) =>
            drop(r, field)
              .toFixed(4)
              .replace(/^-(0\.0+)$/, '$1'),
          ),
        ]),
      ) +
      charts(
        ...results.map((r, i) =>
          barChart(
            r.permutation.slice(0, 10).map((p) => ({
              label: p.field,
              value: Math.max(0, p.auc_drop),
              color: PALETTE[i % PALETTE.length],
            })),
            { title: `${r.label} (top 10)`, xLabel: 'drop in AUC', format: (v) => v.toFixed(4) },
          ),
        ),
      ),
  };
}

/** The training & evaluation report: every model's test metrics, curves, calibration and the CV vs test gap. */
export function trainReport(run: TrainingRun, command: string): string {
  const { results, xgb, prepared } = run;
  const sections: Section[] = [];
  const best = results.reduce((a, b) => (b.cv.auc > a.cv.auc ? b : a));
  sections.push({
    title: 'Summary',
    text: [
      `${prepared.train.nRows} training rows, ${prepared.test.nRows} test rows (${prepared.split}). Scaler, SMOTE-NC, parameters and thresholds were fitted on training rows only; the test rows were scored once, at the end.`,
      `XGBoost (the model the API serves): test AUC ${xgb.result.test.auc.toFixed(4)}, F1 ${xgb.result.test.f1.toFixed(4)} at threshold ${xgb.result.threshold.toFixed(3)} (${run.modelParams.libraryVersions?.trainer}).`,
      `Highest cross-validated AUC: ${best.label} (${best.cv.auc.toFixed(4)}).`,
      `Run time ${run.seconds.toFixed(0)} s wall clock, ${run.cpuSeconds.toFixed(0)} s of CPU. Command: ${command}`,
    ],
    html: table(
      [
        'model',
        'CV AUC',
        'CV F1',
        'test AUC',
        'test F1',
        'accuracy',
        'precision',
        'recall',
        'specificity',
        'MCC',
        'PR-AUC',
        'Brier',
        'threshold',
        'balance',
      ],
      results.map((r) => [
        r.label,
        `${r.cv.auc.toFixed(4)} ± ${r.cv.auc_sd.toFixed(4)}`,
        r.cv.f1,
        r.test.auc,
        r.test.f1,
        r.test.accuracy,
        r.test.precision,
        r.test.recall,
        r.test.specificity,
        r.test.mcc,
        r.test.pr_auc,
        r.test.brier,
        r.threshold,
        String(r.setting.balance),
      ]),
    ),
  });
  const series = (pick: (r: (typeof results)[number]) => [number, number][]) =>
    results.map((r) => ({ name: r.label, points: pick(r) }));
  sections.push({
    title: 'Test curves',
    text: [
      'ROC and precision-recall on the test rows; calibration bins the predicted probability against the observed churn rate (the dashed line is perfect calibration).',
    ],
    html: charts(
      lineChart(
        series((r) => r.test.roc_curve),
        { title: 'ROC (test)', xLabel: 'false positive rate', yLabel: 'true positive rate', diagonal: true },
      ),
      lineChart(
        series((r) => r.test.pr_curve),
        { title: 'Precision-recall (test)', xLabel: 'recall', yLabel: 'precision', legendAt: 'top-right' },
      ),
      lineChart(
        series((r) =>
          r.test.calibration
            .filter((b) => b.count > 0)
            .map((b): [number, number] => [b.meanPredicted, b.fractionPositive]),
        ),
        {
          title: 'Calibration (test)',
          xLabel: 'mean predicted probability',
          yLabel: 'observed churn rate',
          diagonal: true,
          dots: true,
        },
      ),
    ),
  });
  sections.push({
    title: 'Confusion matrices (test, at each model’s CV threshold; columns are the prediction)',
    html: charts(
      ...results.map((r) => {
        const c = r.test.confusion_matrix;
        return heatmap(
          ['actual churn', 'actual stay'],
          ['churn', 'stay'],
          [
            [c.tp, c.fn],
            [c.fp, c.tn],
          ],
          { title: r.label, cell: 64, format: (v) => String(v) },
        );
      }),
    ),
  });
  const order = FEATURE_NAMES.map((name, j) => ({ name, gain: xgb.gain[j], shap: xgb.meanAbsShap[j] })).sort(
    (a, b) => b.shap - a.shap,
  );
  sections.push({
    title: 'XGBoost feature importance',
    text: [
      'Gain: the mean loss reduction of the splits on a feature (xgboost get_score gain). Mean |SHAP|: how far the feature moves the log-odds, on average over training rows (exact TreeSHAP from the API runtime).',
      `Top by SHAP: ${order
        .slice(0, 5)
        .map((f) => f.name)
        .join(', ')}.`,
    ],
    html: charts(
      barChart(
        order.slice(0, 20).map((f) => ({ label: f.name, value: f.shap })),
        { title: 'Mean |SHAP| (top 20)', xLabel: 'mean |log-odds contribution|' },
      ),
      barChart(
        [...order]
          .sort((a, b) => b.gain - a.gain)
          .slice(0, 20)
          .map((f) => ({ label: f.name, value: f.gain, color: '#16a34a' })),
        { title: 'Gain (top 20)', xLabel: 'mean split gain' },
      ),
    ),
  });
  sections.push(permutationSection(results));
  const lo = Math.max(
    0,
    Math.min(...results.flatMap((r) => [r.cv.auc, r.test.auc, r.cv.f1, r.test.f1])) - 0.05,
  );
  sections.push({
    title: 'CV against test',
    text: results.map(
      (r) =>
        `${r.label}: AUC ${r.cv.auc.toFixed(4)} in CV, ${r.test.auc.toFixed(4)} on test (gap ${(r.test.auc - r.cv.auc >= 0 ? '+' : '') + (r.test.auc - r.cv.auc).toFixed(4)}); F1 ${r.cv.f1.toFixed(4)} → ${r.test.f1.toFixed(4)}.`,
    ),
    html: charts(
      groupedBars(
        results.map((r) => r.label.split(' ')[0]),
        [
          { name: 'CV AUC', values: results.map((r) => r.cv.auc) },
          { name: 'test AUC', values: results.map((r) => r.test.auc) },
        ],
        { title: 'AUC: CV vs test', yLabel: 'AUC', y: [lo, 1] },
      ),
      groupedBars(
        results.map((r) => r.label.split(' ')[0]),
        [
          { name: 'CV F1', values: results.map((r) => r.cv.f1) },
          { name: 'test F1', values: results.map((r) => r.test.f1) },
        ],
        { title: 'F1: CV vs test', yLabel: 'F1', y: [lo, 1] },
      ),
    ),
  });
  sections.push({
    title: 'Hyper-parameter search',
    text: ['Random search, seeded; each setting scored by mean fold AUC. The best five per model:'],
    html: results
      .map(
        (r) =>
          `<h3>${r.label}</h3>` +
          table(
            ['CV AUC', '± sd', 'log-loss', 'seconds', 'setting'],
            r.trials
              .slice(0, 5)
              .map((t) => [t.auc, t.aucSd, t.logLoss, t.seconds.toFixed(1), describeSetting(t.setting)]),
          ),
      )
      .join(''),
  });
  const churnRate = prepared.test.y.reduce((a, b) => a + b, 0) / prepared.test.nRows;
  return page(
    'Training and evaluation',
    `model ${run.modelParams.modelVersion} · test churn rate ${pct(churnRate)} · generated ${run.modelParams.createdAt}`,
    sections,
  );
}
