import type { Metadata } from 'next';
import type { MonitorReport } from '@telco-churn/core/monitoring/report';
import { DistributionChart, PsiChart } from '../../../components/monitoring-charts';
import {
  AlertList,
  ChallengerSection,
  fieldLabel,
  RealisedSection,
} from '../../../components/monitoring-sections';
import { getConfig } from '../../../lib/config';
import { loadLatestReport, type LoadedReport } from '../../../lib/monitor-report';
import { formatPercent } from '../../../lib/retention';

export const metadata: Metadata = { title: 'Monitoring' };

/** Fields shown with their distributions: the ones that moved, at least the top three. */
const SHOWN_MIN = 3;

function NoReport({ loaded }: { loaded: Exclude<LoadedReport, { state: 'ok' }> }) {
  if (loaded.state === 'invalid') {
    return (
      <p className="alert error" role="alert">
        The report at {loaded.where} cannot be shown: {loaded.problem}.
      </p>
    );
  }
  return (
    <section className="panel empty" data-testid="no-report">
      <h2>No monitoring report yet</h2>
      {loaded.state === 'missing' ? (
        <p>Nothing at {loaded.where} yet.</p>
      ) : (
        <p>This UI has no report location set.</p>
      )}
      <p>
        Every prediction is logged (binned fields only). Locally, build a report from the log and point the UI
        at it:
      </p>
      <pre>{`npm run monitor -- --predictions var/prediction-log --out var/monitor
MONITOR_REPORT_DIR=var/monitor npm start`}</pre>
      <p className="muted">
        On AWS the monitor job runs every morning, writes reports/latest/monitor.json to the prediction log
        bucket, and this page reads it (MONITOR_REPORT_S3_URI).
      </p>
    </section>
  );
}

function Drift({ report }: { report: MonitorReport }) {
  const threshold = report.thresholds.psi;
  const bars = Object.entries(report.fields)
    .map(([name, f]) => ({ name, label: fieldLabel(name), psi: f.psi }))
    .sort((a, b) => b.psi - a.psi);
  const shown = bars.filter((b, i) => b.psi >= threshold / 2 || i < SHOWN_MIN);
  return (
    <section className="panel" aria-labelledby="drift-title">
      <h2 id="drift-title">Drift by field</h2>
      <p className="muted">
        Population stability index of each request field, this window against the training rows: below 0.1
        stable, 0.1–{threshold} moving, {threshold} or more an alert.
      </p>
      <PsiChart bars={bars} threshold={threshold} />
      {shown.map((b) => {
        const f = report.fields[b.name as keyof MonitorReport['fields']];
        return (
          <div key={b.name} data-testid={`distribution-${b.name}`}>
            <h3>
              {b.label}: PSI {b.psi.toFixed(3)}
              {f.unknown > 0
                ? ` · ${f.unknown.toLocaleString('en-US')} values outside the training bins`
                : ''}
            </h3>
            <DistributionChart
              id={`dist-${b.name}`}
              title={`${b.label}: share of customers per value, training vs now`}
              bins={f.bins}
              reference={f.reference}
              current={f.current}
            />
          </div>
        );
      })}
    </section>
  );
}

export default async function MonitoringPage() {
  const loaded = await loadLatestReport(getConfig()).catch((error: unknown): LoadedReport => ({
    state: 'invalid',
    where: 'the report location',
    problem: `it could not be read (${error instanceof Error ? error.name : 'error'})`,
  }));
  if (loaded.state !== 'ok') {
    return (
      <>
        <h1>Monitoring</h1>
        <NoReport loaded={loaded} />
      </>
    );
  }
  const { report } = loaded;
  const w = report.window;
  return (
    <>
      <div className="page-head">
        <div>
          <h1>Monitoring</h1>
          <p data-testid="report-window">
            {w.from ? w.from.slice(0, 10) : 'start'} to {w.to ? w.to.slice(0, 10) : 'now'} ·{' '}
            {w.predictions.toLocaleString('en-US')} predictions · {w.outcomes.toLocaleString('en-US')}{' '}
            outcomes · model {report.model_version} · generated{' '}
            {report.generated_at.slice(0, 16).replace('T', ' ')} UTC
          </p>
        </div>
      </div>
      <div className="stack">
        <AlertList report={report} />
        {w.predictions === 0 ? (
          <p className="alert info">
            No predictions were logged in this window, so there is no drift to measure.
          </p>
        ) : (
          <>
            <Drift report={report} />
            <section className="panel" aria-labelledby="score-title">
              <h2 id="score-title">Score distribution: PSI {report.score.psi.toFixed(3)}</h2>
              <p className="muted">
                Flagged as likely to churn: {formatPercent(report.positive_rate)} now,{' '}
                {formatPercent(report.reference_positive_rate)} on the training rows.
              </p>
              <DistributionChart
                id="dist-score"
                title="Churn probability: share of customers per score band, training vs now"
                bins={report.score.bins}
                reference={report.score.reference}
                current={report.score.current}
              />
            </section>
          </>
        )}
        <RealisedSection report={report} />
        <ChallengerSection challenger={report.challenger} />
        {report.skipped.bad_lines + report.skipped.torn_lines > 0 && (
          <p className="muted">
            Skipped while reading the log: {report.skipped.bad_lines} unreadable and{' '}
            {report.skipped.torn_lines} torn lines.
          </p>
        )}
      </div>
    </>
  );
}
