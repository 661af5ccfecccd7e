import { FIELDS, FIELD_NAMES } from '@telco-churn/core/fields';
import type { MonitorReport } from '@telco-churn/core/monitoring/report';
import { barRows, dailyLines, escapeHtml } from './charts';

const CSS = `body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#111827;background:#f9fafb}
main{max-width:1100px;margin:0 auto;padding:24px}h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:0 0 8px}
.meta{color:#4b5563;margin-bottom:16px}section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:14px 18px;margin:0 0 14px}
table{border-collapse:collapse;font-variant-numeric:tabular-nums;margin:6px 0}th,td{border-bottom:1px solid #e5e7eb;padding:3px 10px;text-align:right}
th:first-child,td:first-child{text-align:left}th{background:#f3f4f6}.alert{color:#b91c1c;font-weight:600}.ok{color:#15803d}
.charts{display:flex;flex-wrap:wrap;gap:16px}.chart{font-size:11px}.chart .title{font-size:13px;font-weight:600}`;

const num = (v: number | null | undefined, digits = 4): string =>
  v === null || v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits);
const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

function table(headers: string[], rows: (string | number)[][], rowClass?: (i: number) => string): string {
  const head = headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const body = rows
    .map(
      (r, i) =>
        `<tr class="${rowClass?.(i) ?? ''}">${r.map((c) => `<td>${escapeHtml(String(c))}</td>`).join('')}</tr>`,
    )
    .join('');
  return `<table><thead><tr>${head}</tr></thead><tbody>${body}</tbody></table>`;
}

const section = (title: string, html: string): string =>
  `<section><h2>${escapeHtml(title)}</h2>${html}</section>`;

function alertsSection(r: MonitorReport): string {
  if (r.alerts.length === 0 && r.window.predictions < r.thresholds.min_predictions)
    return section(
      'Alerts',
      `<p>None possible yet: ${r.window.predictions} predictions in the window, drift alerts need ${r.thresholds.min_predictions}.</p>`,
    );
  if (r.alerts.length === 0)
    return section(
      'Alerts',
      `<p class="ok">None: no field or score PSI at or above ${r.thresholds.psi}, realised AUC within ${r.thresholds.auc_drop} of the model card's.</p>`,
    );
  const rows = r.alerts.map((a) => [
    a.kind,
    a.subject === 'auc' || a.subject === 'score'
      ? a.subject
      : `${a.subject} (${FIELDS[a.subject as keyof typeof FIELDS]?.label ?? a.subject})`,
    num(a.value),
    a.kind === 'drift' ? `PSI ≥ ${a.threshold}` : `AUC < ${num(a.threshold)}`,
  ]);
  return section(
    'Alerts',
    table(['kind', 'subject', 'value', 'rule'], rows, () => 'alert'),
  );
}

function driftSection(r: MonitorReport): string {
  const fields = [...FIELD_NAMES].sort((a, b) => r.fields[b].psi - r.fields[a].psi);
  const psiChart = barRows(
    fields.map((name) => ({
      label: FIELDS[name].label,
      values: [r.fields[name].psi],
      note: num(r.fields[name].psi, 3),
      alert: r.fields[name].psi >= r.thresholds.psi,
    })),
    {
      title: 'PSI by field (red: at or above the alert threshold)',
      names: ['PSI'],
      max: Math.max(r.thresholds.psi * 1.5, ...fields.map((f) => r.fields[f].psi)),
    },
  );
  // The fields that moved most, bin by bin: training share against the window's.
  const moved = fields.slice(0, 4).map((name) => {
    const f = r.fields[name];
    const rows = f.bins.map((bin, i) => ({ label: bin, values: [f.reference[i], f.current[i]] }));
    if (f.unknown > 0)
      rows.push({ label: '(not in training)', values: [0, f.unknown / Math.max(1, r.window.predictions)] });
    return barRows(rows, {
      title: `${FIELDS[name].label}: PSI ${num(f.psi, 3)}`,
      names: ['training', 'window'],
      percent: true,
    });
  });
  return section('Drift: which fields moved', `<div class="charts">${psiChart}${moved.join('')}</div>`);
}

function scoreSection(r: MonitorReport): string {
  const rows = r.score.bins.map((bin, i) => ({
    label: bin.replace(/(\d\.\d{3})\d+/g, '$1'),
    values: [r.score.reference[i], r.score.current[i]],
  }));
  const chart = barRows(rows, {
    title: `Probability by training decile: PSI ${num(r.score.psi, 3)}`,
    names: ['training', 'window'],
    percent: true,
  });
  const text = `<p>Predicted churners: ${pct(r.positive_rate)} of the window against ${pct(r.reference_positive_rate)} of the training rows.</p>`;
  return section('Score distribution', text + chart);
}

function realisedSection(r: MonitorReport): string {
  const x = r.realised;
  if (!x)
    return section(
      'Realised performance',
      '<p>No outcomes matched a prediction in this window. Post what became of scored customers to <code>POST /outcomes</code> (<code>{"outcomes":[{"prediction_id","churned"}]}</code>) or load a CSV with <code>npm run outcomes -- --file outcomes.csv</code>, then run the monitor with <code>--outcomes</code>.</p>',
    );
  const summary = table(
    ['matched', 'churned', 'AUC', 'model card AUC', 'F1 at threshold', 'Brier', 'ECE'],
    [
      [
        x.matched,
        x.positives,
        num(x.auc),
        num(r.thresholds.reference_auc),
        num(x.f1),
        num(x.brier),
        num(x.calibration),
      ],
    ],
  );
  const calibration = barRows(
    x.calibration_bins.map((b) => ({
      label: `${b.lo.toFixed(1)}–${b.hi.toFixed(1)} (${b.count})`,
      values: [b.mean_predicted, b.fraction_positive],
    })),
    {
      title: 'Calibration: mean predicted vs observed churn rate',
      names: ['predicted', 'observed'],
      max: 1,
      percent: true,
    },
  );
  return section('Realised performance', summary + calibration);
}

function dailySection(r: MonitorReport): string {
  if (r.daily.length === 0) return '';
  const days = r.daily.map((d) => d.date);
  const chart = dailyLines(
    days,
    [
      { name: 'positive rate', values: r.daily.map((d) => d.positive_rate) },
      { name: 'mean probability', values: r.daily.map((d) => d.mean_probability) },
      { name: 'realised AUC', values: r.daily.map((d) => d.auc) },
    ],
    'By day',
  );
  const rows = r.daily.map((d) => [
    d.date,
    d.predictions,
    pct(d.positive_rate),
    num(d.mean_probability),
    d.matched,
    num(d.auc),
  ]);
  return section(
    'Over time',
    chart + table(['day', 'predictions', 'positive rate', 'mean probability', 'matched', 'AUC'], rows),
  );
}

function challengerSection(r: MonitorReport): string {
  const c = r.challenger;
  if (!c) return '';
  const rows = [
    [`champion ${r.model_version}`, num(c.champion.auc), num(c.champion.f1), c.champion.cost],
    [`challenger ${c.model_version}`, num(c.challenger.auc), num(c.challenger.f1), c.challenger.cost],
  ];
  return section(
    'Champion vs challenger (shadow)',
    `<p>${c.scored} predictions scored by the challenger, ${c.matched} of them with an outcome. Cost = missed churners × ${c.cost.fn} + needless offers × ${c.cost.fp} (assumed costs, model-based estimate).</p>` +
      table(['model', 'AUC', 'F1', 'cost'], rows),
  );
}

/** monitor.html: the report as a self-contained page (inline CSS and SVG, no script). */
export function renderMonitorHtml(r: MonitorReport): string {
  const versions = Object.entries(r.model_versions)
    .map(([v, n]) => `${v} (${n})`)
    .join(', ');
  const meta =
    `Window ${r.window.from ?? '–'} to ${r.window.to ?? '–'}: ${r.window.predictions} predictions, ${r.window.outcomes} outcomes. ` +
    `Reference: model ${r.model_version}; logged by ${versions || 'no model'}. ` +
    `Skipped: ${r.skipped.torn_lines} torn and ${r.skipped.bad_lines} bad lines, ${r.skipped.unmatched_outcomes} outcomes without a prediction in the window. Generated ${r.generated_at}.`;
  const sections = [
    alertsSection(r),
    driftSection(r),
    scoreSection(r),
    realisedSection(r),
    dailySection(r),
    challengerSection(r),
  ];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Churn model monitoring</title><style>${CSS}</style></head>
<body><main><h1>Churn model monitoring</h1><div class="meta">${escapeHtml(meta)}</div>
${sections.join('\n')}
</main></body></html>
`;
}
