import { parseArgs } from 'node:util';
import { FIELDS, FieldName } from '@telco-churn/core/fields';
import { FEATURE_NAMES, createEncoder, fitScaler } from '@telco-churn/core/features';
import { LabelledRow, loadLabelledCsv } from '../data';
import { Section, charts, page, table } from '../report/page';
import { Bar, barChart, heatmap, histogram } from '../report/svg';
import { DEFAULT_DATA, REPORTS_DIR, runCli, writeAtomic } from './cli';

const pct = (v: number): string => `${(v * 100).toFixed(1)}%`;

interface Rate {
  label: string;
  n: number;
  rate: number;
}

function rates(
  rows: readonly LabelledRow[],
  key: (r: LabelledRow) => string,
  order?: readonly string[],
): Rate[] {
  const by = new Map<string, { n: number; churn: number }>();
  for (const r of rows) {
    const k = key(r);
    const s = by.get(k) ?? { n: 0, churn: 0 };
    s.n++;
    s.churn += r.churn ? 1 : 0;
    by.set(k, s);
  }
  const labels = order ?? [...by.keys()].sort();
  return labels
    .filter((l) => by.has(l))
    .map((label) => ({ label, n: by.get(label)!.n, rate: by.get(label)!.churn / by.get(label)!.n }));
}

/** Numbers cut at their quintiles, so each bar holds about a fifth of the customers. */
function quintiles(
  rows: readonly LabelledRow[],
  field: FieldName,
): { key: (r: LabelledRow) => string; order: string[] } {
  const values = rows.map((r) => r.customer[field] as number).sort((a, b) => a - b);
  const cuts = [1, 2, 3, 4].map((q) => values[Math.floor((q * values.length) / 5)]);
  const edges = [values[0], ...cuts, values[values.length - 1]];
  const order = edges.slice(0, -1).map((lo, i) => `${lo.toFixed(0)}–${edges[i + 1].toFixed(0)}`);
  const key = (r: LabelledRow): string => {
    const v = r.customer[field] as number;
    const i = cuts.findIndex((c) => v < c);
    return order[i < 0 ? 4 : i];
  };
  return { key, order };
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa === 0 || sbb === 0 ? 0 : sab / Math.sqrt(saa * sbb);
}

export interface EdaResult {
  html: string;
  findings: string[];
}

export function runEda(path: string): EdaResult {
  const data = loadLabelledCsv(path);
  const rows = data.rows;
  const churnRate = rows.filter((r) => r.churn).length / rows.length;
  const findings: string[] = [];
  const sections: Section[] = [];

  // Data quality.
  const duplicates = rows.length - new Set(rows.map((r) => JSON.stringify(r.customer))).size;
  const quality = [
    ['rows', rows.length],
    ['columns', 21],
    ['churn rate', pct(churnRate)],
    ['blank TotalCharges (imputed with MonthlyCharges)', data.imputed],
    ['rows with the same 19 fields as an earlier row', duplicates],
    ['file sha256', data.hash.slice(0, 16)],
  ] as [string, string | number][];
  const types = (Object.entries(FIELDS) as [FieldName, (typeof FIELDS)[FieldName]][]).map(([name, spec]) => [
    `${spec.csv} (${name})`,
    spec.kind,
    spec.kind === 'category' ? spec.values.join(', ') : `${spec.min}..${spec.max} ${spec.unit}`,
  ]);
  findings.push(
    `${rows.length} customers, ${pct(churnRate)} churned: an imbalanced problem, so accuracy alone misleads and F1/AUC are reported.`,
    `${data.imputed} rows had a blank TotalCharges (all new customers); they take MonthlyCharges, and every row passes the API's validation.`,
  );
  sections.push({
    title: 'Data quality',
    text: findings.slice(),
    html: table(['check', 'value'], quality) + table(['column', 'type', 'values'], types),
  });

  // Churn rate by every field.
  const fieldCharts: string[] = [];
  const fieldText: string[] = [];
  for (const [name, spec] of Object.entries(FIELDS) as [FieldName, (typeof FIELDS)[FieldName]][]) {
    const r =
      spec.kind === 'category'
        ? rates(rows, (row) => String(row.customer[name]), spec.values)
        : (() => {
            const q = quintiles(rows, name);
            return rates(rows, q.key, q.order);
          })();
    const bars: Bar[] = r.map((x) => ({ label: x.label, value: x.rate, note: `(n=${x.n})` }));
    fieldCharts.push(
      barChart(bars, {
        title: `Churn rate by ${spec.label}`,
        xLabel: 'churn rate',
        max: Math.max(...r.map((x) => x.rate)) * 1.05,
        reference: churnRate,
        format: pct,
      }),
    );
    const hi = r.reduce((a, b) => (b.rate > a.rate ? b : a));
    const lo = r.reduce((a, b) => (b.rate < a.rate ? b : a));
    if (hi.rate - lo.rate > 0.1)
      fieldText.push(
        `${spec.label}: ${hi.label} churn ${pct(hi.rate)} against ${pct(lo.rate)} for ${lo.label}.`,
      );
  }
  const spread = fieldText.length;
  fieldText.push(
    `${spread} of 19 fields move the churn rate by more than 10 points; the dashed line is the overall rate.`,
  );
  findings.push(...fieldText);
  sections.push({ title: 'Churn rate by field', text: fieldText, html: charts(...fieldCharts) });

  // Distributions by churn.
  const dist: string[] = [];
  const distText: string[] = [];
  for (const field of ['tenure', 'monthlyCharges', 'totalCharges'] as const) {
    const yes = rows.filter((r) => r.churn).map((r) => r.customer[field]);
    const no = rows.filter((r) => !r.churn).map((r) => r.customer[field]);
    dist.push(
      histogram(
        [
          { name: 'churned', values: yes },
          { name: 'stayed', values: no },
        ],
        { title: `${FIELDS[field].label} by churn`, xLabel: FIELDS[field].unit },
      ),
    );
    const median = (v: number[]): number => [...v].sort((a, b) => a - b)[v.length >> 1];
    distText.push(
      `${FIELDS[field].label}: median ${median(yes).toFixed(0)} for churners against ${median(no).toFixed(0)} for the others.`,
    );
  }
  findings.push(...distText);
  sections.push({ title: 'Distributions by churn', text: distText, html: charts(...dist) });

  // Correlations of the 46 encoded features (scaled on all rows: description only, no model sees this).
  const encoder = createEncoder(FEATURE_NAMES, fitScaler(rows.map((r) => r.customer)));
  const x = encoder.encodeMany(rows.map((r) => r.customer));
  const w = FEATURE_NAMES.length;
  const columns = FEATURE_NAMES.map((_, j) =>
    Float64Array.from({ length: rows.length }, (_, i) => x[i * w + j]),
  );
  const y = Float64Array.from(rows, (r) => (r.churn ? 1 : 0));
  const matrix = columns.map((a) => columns.map((b) => pearson(a, b)));
  const withChurn = FEATURE_NAMES.map((name, j) => ({ name, r: pearson(columns[j], y) })).sort(
    (a, b) => Math.abs(b.r) - Math.abs(a.r),
  );
  const corrText = [
    `Strongest links with churn: ${withChurn
      .slice(0, 5)
      .map((c) => `${c.name} (${c.r >= 0 ? '+' : ''}${c.r.toFixed(2)})`)
      .join(', ')}.`,
    'One-hot groups are correlated by construction (e.g. the six "No internet service" columns are identical); tree models and L1 cope, the report keeps all 46 for the feature contract.',
  ];
  findings.push(...corrText);
  sections.push({
    title: 'Correlations',
    text: corrText,
    html: charts(
      barChart(
        withChurn.map((c) => ({
          label: c.name,
          value: Math.abs(c.r),
          note: c.r >= 0 ? '(+)' : '(−)',
          color: c.r >= 0 ? '#dc2626' : '#2563eb',
        })),
        { title: '|Pearson r| with churn', xLabel: '|r|' },
      ),
      heatmap(FEATURE_NAMES, FEATURE_NAMES, matrix, {
        title: 'Pearson correlation of the 46 features',
        min: -1,
        max: 1,
        cell: 12,
      }),
    ),
  });
  const html = page(
    'Exploratory data analysis',
    `${path} · ${rows.length} rows · generated ${new Date().toISOString()}`,
    sections,
  );
  return { html, findings };
}

if (require.main === module) {
  runCli(() => {
    const { values } = parseArgs({
      options: {
        data: { type: 'string', default: DEFAULT_DATA },
        out: { type: 'string', default: `${REPORTS_DIR}/eda.html` },
      },
    });
    console.log(
      `EDA: reading ${values.data}: data quality, churn rate by each of the 19 fields, distributions, correlations`,
    );
    const { html, findings } = runEda(values.data!);
    for (const f of findings) console.log(`  - ${f}`);
    writeAtomic(values.out!, html);
    console.log(`wrote ${values.out}`);
  });
}
