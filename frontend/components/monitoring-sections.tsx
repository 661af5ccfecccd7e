import { FIELDS, type FieldName } from '@telco-churn/core/fields';
import type { Alert, ChallengerComparison, MonitorReport } from '@telco-churn/core/monitoring/report';
import { DailyChart } from './monitoring-charts';

export const fieldLabel = (name: string) => FIELDS[name as FieldName]?.label ?? name;
const fixed = (v: number | null | undefined, digits = 3) => (typeof v === 'number' ? v.toFixed(digits) : '–');

/** One sentence per alert, in the words an on-call engineer acts on. */
export function alertText(alert: Alert, report: MonitorReport): string {
  if (alert.kind === 'performance') {
    const card = report.thresholds.reference_auc;
    return `Realised AUC ${fixed(alert.value)} is below ${fixed(alert.threshold)}${
      card !== null ? ` (the model card's ${fixed(card)} minus ${report.thresholds.auc_drop})` : ''
    }.`;
  }
  const subject = alert.subject === 'score' ? 'The score distribution' : fieldLabel(alert.subject);
  return `${subject} drifted from training: PSI ${fixed(alert.value)} (alert at ${alert.threshold}).`;
}

export function AlertList({ report }: { report: MonitorReport }) {
  if (report.alerts.length === 0) {
    return (
      <p className="alert info" data-testid="no-alerts">
        No alerts: every field and the score stay within PSI {report.thresholds.psi}
        {report.realised?.auc != null ? ', and realised AUC holds up' : ''}.
      </p>
    );
  }
  return (
    <section className="panel" aria-labelledby="alerts-title" data-testid="alerts">
      <h2 id="alerts-title">
        {report.alerts.length} alert{report.alerts.length > 1 ? 's' : ''}
      </h2>
      <ul>
        {[...report.alerts]
          .sort((a, b) => (a.kind === b.kind ? b.value - a.value : a.kind === 'performance' ? -1 : 1))
          .map((a) => (
            <li
              key={`${a.kind}-${a.subject}`}
              className="alert error"
              data-kind={a.kind}
              data-subject={a.subject}
            >
              <strong>{a.kind === 'drift' ? 'Drift' : 'Performance'}:</strong> {alertText(a, report)}
            </li>
          ))}
      </ul>
    </section>
  );
}

const OUTCOME_EXAMPLE = `curl -X POST $API_URL/outcomes -H 'content-type: application/json' \\
  -d '{"outcomes":[{"prediction_id":"01KBT3M6Z8QF7J6W2ZB9X4C1DE","churned":true}]}'`;

/** Realised performance needs outcomes; until then the page says how to send them. */
export function RealisedSection({ report }: { report: MonitorReport }) {
  const r = report.realised;
  if (!r) {
    return (
      <section className="panel empty" aria-labelledby="realised-title" data-testid="no-outcomes">
        <h2 id="realised-title">Realised performance: no outcomes yet</h2>
        <p>
          Drift shows that customers look different; only outcomes show whether the model is still right.
          Every answer of <code>/predict</code> and <code>/predict/batch</code> (and the batch download)
          carries a <code>prediction_id</code>. When you learn whether a customer left, send it back:
        </p>
        <pre>{OUTCOME_EXAMPLE}</pre>
        <p className="muted">
          Up to 10,000 outcomes per call, or load a CSV with the outcomes command (see the API README). The
          next monitor run matches them to their predictions and reports AUC, F1, Brier score and calibration
          here.
        </p>
      </section>
    );
  }
  const card = report.thresholds.reference_auc;
  const daily = report.daily.filter((d) => d.matched > 0);
  return (
    <section className="panel" aria-labelledby="realised-title" data-testid="realised">
      <h2 id="realised-title">Realised performance</h2>
      <div className="stat-grid">
        {[
          ['AUC', fixed(r.auc), card !== null ? `card ${fixed(card)}` : undefined],
          ['F1 at the threshold', fixed(r.f1), undefined],
          ['Brier score', fixed(r.brier), 'lower is better'],
          ['Calibration error', fixed(r.calibration), 'ECE, 10 bins'],
          [
            'Matched predictions',
            r.matched.toLocaleString('en-US'),
            `${r.positives.toLocaleString('en-US')} churned`,
          ],
        ].map(([k, v, note]) => (
          <div className="stat" key={k}>
            <div className="v" data-testid={`realised-${String(k).split(' ')[0].toLowerCase()}`}>
              {v}
            </div>
            <div className="k">
              {k}
              {note ? ` · ${note}` : ''}
            </div>
          </div>
        ))}
      </div>
      {daily.length > 1 ? (
        <DailyChart
          id="daily-auc"
          title="Realised AUC by day of prediction"
          points={daily.map((d) => ({ date: d.date, value: d.auc }))}
          format={(v) => v.toFixed(2)}
          reference={
            card !== null ? { value: card - report.thresholds.auc_drop, label: 'alert below' } : undefined
          }
        />
      ) : (
        <p className="muted">Realised AUC over time appears once outcomes cover two or more days.</p>
      )}
    </section>
  );
}

export function ChallengerSection({ challenger }: { challenger: ChallengerComparison | null }) {
  if (!challenger) {
    return (
      <p className="muted" data-testid="no-challenger">
        No challenger: start the API with <code>CHALLENGER_MODEL_DIR</code> to score every request with a
        second model in the shadow and compare them here.
      </p>
    );
  }
  const rows: [string, (m: ChallengerComparison['champion']) => string][] = [
    ['AUC', (m) => fixed(m.auc)],
    ['F1', (m) => fixed(m.f1)],
    [
      `Cost (missed churner ${challenger.cost.fn}, needless offer ${challenger.cost.fp})`,
      (m) => m.cost.toLocaleString('en-US'),
    ],
  ];
  return (
    <section className="panel" aria-labelledby="challenger-title" data-testid="challenger">
      <h2 id="challenger-title">Champion vs challenger</h2>
      <p className="muted">
        Challenger {challenger.model_version}: scored {challenger.scored.toLocaleString('en-US')} requests,{' '}
        {challenger.matched.toLocaleString('en-US')} with an outcome. Model-based comparison on the same
        customers.
      </p>
      <div className="table-wrap">
        <table>
          <thead>
            <tr>
              <th scope="col">On matched outcomes</th>
              <th scope="col">Champion</th>
              <th scope="col">Challenger</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(([label, value]) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{value(challenger.champion)}</td>
                <td>{value(challenger.challenger)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
