import { RISK_LEVELS, type Prediction } from '@telco-churn/core/contracts';
import { formatPercent, RISK_TEXT } from '../lib/retention';
import { FactorChart } from './factor-chart';
import { RiskGauge } from './risk-gauge';

// Shown when GET /model is unavailable; the API documents the same constants.
const DEFAULT_BANDS = RISK_LEVELS;

interface Props {
  prediction: Prediction;
  elapsedMs?: number;
  bands?: { medium: number; high: number };
  /** The probability before the latest edit, for a what-if comparison. */
  previous?: number;
  stale?: boolean;
}

function Change({ from, to }: { from: number; to: number }) {
  const points = (to - from) * 100;
  if (Math.abs(points) < 0.05)
    return <span className="muted small">No change from the previous prediction.</span>;
  return (
    <span className={`small ${points > 0 ? 'up' : 'down'}`} data-testid="change">
      {points > 0 ? '▲ +' : '▼ −'}
      {Math.abs(points).toFixed(1)} points since the previous prediction ({formatPercent(from)})
    </span>
  );
}

export function ResultPanel({ prediction, elapsedMs, bands = DEFAULT_BANDS, previous, stale }: Props) {
  const risk = prediction.risk_level;
  return (
    <section className="panel stack" aria-labelledby="result-title" data-testid="result">
      <div>
        <h2 id="result-title">Prediction</h2>
        {stale && (
          <p className="alert info small" data-testid="stale">
            The form has changed since this prediction: press <strong>Predict churn</strong> to update it.
          </p>
        )}
        <div className="result-head">
          <span className="probability" data-testid="probability" data-value={prediction.churn_probability}>
            {formatPercent(prediction.churn_probability)}
          </span>
          <div className="stack" style={{ gap: '0.3rem' }}>
            <span className={`badge risk-${risk}`} data-testid="risk">
              {RISK_TEXT[risk]}
            </span>
            <span data-testid="will-churn">
              {prediction.will_churn ? <strong>Likely to churn</strong> : <strong>Likely to stay</strong>}
            </span>
          </div>
        </div>
        {previous !== undefined && <Change from={previous} to={prediction.churn_probability} />}
        <p className="muted small">
          Churn probability. Customers at or above the {formatPercent(prediction.threshold)} threshold are
          flagged.
        </p>
        <RiskGauge
          probability={prediction.churn_probability}
          threshold={prediction.threshold}
          bands={bands}
        />
      </div>
      {prediction.top_factors.length > 0 && (
        <div>
          <h3>Why: the strongest factors</h3>
          <FactorChart factors={prediction.top_factors} />
        </div>
      )}
      <p className="muted small">
        Model {prediction.model_version}
        {elapsedMs !== undefined ? ` · answered in ${Math.round(elapsedMs)} ms` : ''}
      </p>
    </section>
  );
}
