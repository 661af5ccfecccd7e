import type { Metadata } from 'next';
import { BarChart, ConfusionMatrix, CurveChart } from '../../../components/charts';
import { ApiError, callApi } from '../../../lib/api-client';
import type { MetricsJson, ModelInfo, TestMetrics } from '@telco-churn/core/contracts';
import { formatPercent } from '../../../lib/retention';

export const metadata: Metadata = { title: 'Model' };

const METRIC_ROWS: { key: keyof TestMetrics; label: string; help: string }[] = [
  { key: 'auc', label: 'ROC AUC', help: 'How well the scores rank churners above stayers (0.5 = chance).' },
  { key: 'pr_auc', label: 'PR AUC', help: 'Average precision over all thresholds.' },
  { key: 'f1', label: 'F1', help: 'Balance of precision and recall at the threshold.' },
  { key: 'precision', label: 'Precision', help: 'Of the customers flagged, the share who really left.' },
  { key: 'recall', label: 'Recall', help: 'Of the customers who left, the share flagged in time.' },
  { key: 'specificity', label: 'Specificity', help: 'Of the customers who stayed, the share left alone.' },
  { key: 'accuracy', label: 'Accuracy', help: 'Share of all predictions that were right.' },
  { key: 'mcc', label: 'MCC', help: 'Matthews correlation: one number for the whole confusion matrix.' },
  { key: 'brier', label: 'Brier score', help: 'Mean squared error of the probabilities (lower is better).' },
];

const num = (v: unknown, digits = 3) => (typeof v === 'number' ? v.toFixed(digits) : '–');
const prettyFeature = (name: string) => name.replace(/_/g, ' ');
const MODEL_NAMES: Record<string, string> = {
  xgboost: 'XGBoost',
  logistic_regression: 'Logistic regression',
  knn: 'k-nearest neighbours',
  random_forest: 'Random forest',
  svm: 'Support vector machine',
};
const modelName = (key: string) => MODEL_NAMES[key] ?? key.replace(/_/g, ' ');

function ThresholdText({ metrics, info }: { metrics: MetricsJson; info: ModelInfo }) {
  const cm = metrics.test?.confusion_matrix;
  const flagged = cm ? cm.tp + cm.fp : undefined;
  return (
    <section className="panel" aria-labelledby="threshold-title">
      <h2 id="threshold-title">The threshold: {formatPercent(info.threshold)}</h2>
      <p>
        A customer is marked <strong>likely to churn</strong> when the model&apos;s probability is at least{' '}
        {formatPercent(info.threshold)}.{' '}
        {metrics.threshold_rule ? `Chosen by: ${metrics.threshold_rule}.` : ''}
      </p>
      {cm && (
        <p>
          On the {(cm.tp + cm.fp + cm.tn + cm.fn).toLocaleString('en-US')} test customers this flagged{' '}
          {flagged}: it caught {cm.tp} of the {cm.tp + cm.fn} who left (recall {num(metrics.test?.recall, 2)}
          ), and {cm.tp} of the {flagged} flagged really left (precision {num(metrics.test?.precision, 2)}).
        </p>
      )}
      <p className="muted">
        A lower threshold catches more leavers but sends offers to more customers who would have stayed; a
        higher one saves offers and misses leavers. Risk levels are separate bands for urgency: low below{' '}
        {formatPercent(info.risk_levels.medium, 0)}, medium up to {formatPercent(info.risk_levels.high, 0)},
        high from there.
      </p>
    </section>
  );
}

export default async function ModelPage() {
  let info: ModelInfo;
  try {
    info = await callApi<ModelInfo>('GET', '/model');
  } catch (error) {
    const message = error instanceof ApiError ? error.message : 'The model card could not be loaded.';
    return (
      <>
        <h1>Model</h1>
        <p className="alert error" role="alert">
          {message}
        </p>
      </>
    );
  }
  const metrics = info.metrics;
  const test = metrics?.test;
  const cm = test?.confusion_matrix;
  const importance = (metrics?.feature_importance ?? [])
    .map((f) => ({ label: prettyFeature(f.feature), value: f.mean_abs_shap ?? f.gain ?? 0 }))
    .sort((a, b) => b.value - a.value)
    .slice(0, 15);
  const byShap = metrics?.feature_importance?.some((f) => f.mean_abs_shap !== undefined);
  const models = Object.entries(metrics?.models ?? {});
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Model card</h1>
          <p>
            Version <strong data-testid="model-version">{info.model_version}</strong>
            {metrics?.chosen_model ? ` · ${modelName(metrics.chosen_model)}` : ''}
            {info.created_at ? ` · trained ${new Date(info.created_at).toISOString().slice(0, 10)}` : ''}
            {` · ${info.features.length} model inputs`}
          </p>
        </div>
      </div>
      {!metrics ? (
        <p className="alert info">
          This model was shipped without metrics.json, so there is nothing to chart.
        </p>
      ) : (
        <div className="stack">
          {metrics.data && (
            <div className="stat-grid">
              {[
                ['Rows', metrics.data.rows?.toLocaleString('en-US')],
                ['Training rows', metrics.data.train_rows?.toLocaleString('en-US')],
                ['Test rows', metrics.data.test_rows?.toLocaleString('en-US')],
                [
                  'Churn rate',
                  metrics.data.churn_rate !== undefined ? formatPercent(metrics.data.churn_rate) : undefined,
                ],
                ['Test AUC', num(test?.auc)],
                ['Test F1', num(test?.f1)],
              ].map(([k, v]) => (
                <div className="stat" key={k}>
                  <div className="v">{v ?? '–'}</div>
                  <div className="k">{k}</div>
                </div>
              ))}
            </div>
          )}
          <ThresholdText metrics={metrics} info={info} />
          <div className="grid-3">
            {test?.roc_curve && cm && (
              <section className="panel" aria-labelledby="roc-h">
                <h2 id="roc-h">ROC curve</h2>
                <CurveChart
                  id="roc"
                  title={`ROC curve, AUC ${num(test.auc)}`}
                  points={test.roc_curve}
                  xLabel="False positive rate"
                  yLabel="True positive rate"
                  reference={{ kind: 'diagonal' }}
                  marker={{
                    x: cm.fp / (cm.fp + cm.tn || 1),
                    y: cm.tp / (cm.tp + cm.fn || 1),
                    label: 'threshold',
                  }}
                  summary={`Area under the curve ${num(test.auc)}; the dashed diagonal is chance.`}
                />
              </section>
            )}
            {test?.pr_curve && (
              <section className="panel" aria-labelledby="pr-h">
                <h2 id="pr-h">Precision–recall</h2>
                <CurveChart
                  id="pr"
                  title={`Precision-recall curve, average precision ${num(test.pr_auc)}`}
                  points={test.pr_curve}
                  xLabel="Recall"
                  yLabel="Precision"
                  reference={
                    metrics.data?.churn_rate !== undefined
                      ? { kind: 'horizontal', y: metrics.data.churn_rate }
                      : undefined
                  }
                  marker={
                    test.recall !== undefined && test.precision !== undefined
                      ? { x: test.recall, y: test.precision, label: 'threshold' }
                      : undefined
                  }
                  summary="The dashed line is the churn rate, the precision of flagging at random."
                />
              </section>
            )}
            {cm && (
              <section className="panel" aria-labelledby="cm-h">
                <h2 id="cm-h">Confusion matrix (test set)</h2>
                <ConfusionMatrix {...cm} />
              </section>
            )}
          </div>
          <div className="grid-2">
            {importance.length > 0 && (
              <section className="panel" aria-labelledby="fi-h">
                <h2 id="fi-h">Feature importance</h2>
                <p className="muted small">
                  {byShap ? 'Mean absolute SHAP value (log-odds) over the test customers' : 'Total gain'}, top{' '}
                  {importance.length} of {info.features.length} inputs.
                </p>
                <BarChart
                  id="importance"
                  title="Feature importance"
                  bars={importance}
                  format={(v) => v.toFixed(3)}
                />
              </section>
            )}
            <section className="panel" aria-labelledby="mt-h">
              <h2 id="mt-h">Test-set metrics</h2>
              <table data-testid="metrics-table">
                <thead>
                  <tr>
                    <th scope="col">Metric</th>
                    <th scope="col" className="num">
                      Test
                    </th>
                    <th scope="col">What it means</th>
                  </tr>
                </thead>
                <tbody>
                  {METRIC_ROWS.filter((r) => test?.[r.key] !== undefined).map((r) => (
                    <tr key={r.key}>
                      <th scope="row">{r.label}</th>
                      <td className="num">{num(test?.[r.key])}</td>
                      <td className="muted small">{r.help}</td>
                    </tr>
                  ))}
                  {metrics.cv && (
                    <tr>
                      <th scope="row">Cross-validation</th>
                      <td className="num">{num(metrics.cv.auc)}</td>
                      <td className="muted small">
                        AUC over {metrics.cv.folds ?? '?'} folds of the training rows (F1 {num(metrics.cv.f1)}
                        ).
                      </td>
                    </tr>
                  )}
                </tbody>
              </table>
            </section>
          </div>
          {models.length > 1 && (
            <section className="panel" aria-labelledby="cmp-h">
              <h2 id="cmp-h">Models compared</h2>
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">Model</th>
                      {['CV AUC', 'CV F1', 'Test AUC', 'Test F1', 'Precision', 'Recall'].map((h) => (
                        <th scope="col" className="num" key={h}>
                          {h}
                        </th>
                      ))}
                    </tr>
                  </thead>
                  <tbody>
                    {models.map(([name, m]) => (
                      <tr key={name}>
                        <th scope="row">
                          {modelName(name)}
                          {name === metrics.chosen_model ? ' (chosen)' : ''}
                        </th>
                        {[
                          m.cv?.auc,
                          m.cv?.f1,
                          m.test?.auc,
                          m.test?.f1,
                          m.test?.precision,
                          m.test?.recall,
                        ].map((v, i) => (
                          <td className="num" key={i}>
                            {num(v)}
                          </td>
                        ))}
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            </section>
          )}
          {metrics.hyperparameters && (
            <details className="panel">
              <summary>Hyper-parameters</summary>
              <p className="small">
                {Object.entries(metrics.hyperparameters)
                  .map(([k, v]) => `${k} = ${v}`)
                  .join(' · ')}
              </p>
            </details>
          )}
        </div>
      )}
    </>
  );
}
