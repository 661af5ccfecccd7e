import type { Factor } from '@telco-churn/core/contracts';

/**
 * The top factors as a diverging bar chart: bars to the right raise the churn risk, bars to the
 * left lower it; length is the factor's effect in log-odds (SHAP), the unit the model adds up.
 */
export function FactorChart({ factors }: { factors: readonly Factor[] }) {
  const rowHeight = 30;
  const labelWidth = 210;
  const chartWidth = 560;
  const barArea = chartWidth - labelWidth - 60;
  const hasRaises = factors.some((f) => f.direction === 'raises');
  const hasLowers = factors.some((f) => f.direction === 'lowers');
  // One-sided charts use the whole width; the axis sits where the bars start.
  const mid =
    hasRaises && hasLowers ? labelWidth + barArea / 2 : hasLowers ? labelWidth + barArea : labelWidth;
  const span = hasRaises && hasLowers ? barArea / 2 : barArea;
  const max = Math.max(...factors.map((f) => Math.abs(f.effect)), 1e-9);
  const height = factors.length * rowHeight + 26;
  return (
    <svg
      className="chart"
      role="img"
      aria-labelledby="factor-chart-title"
      viewBox={`0 0 ${chartWidth} ${height}`}
      width="100%"
      data-chart="factors"
    >
      <title id="factor-chart-title">
        {`What drives this prediction: ${factors
          .map((f) => `${f.label} ${f.value} ${f.direction} the risk by ${Math.abs(f.effect).toFixed(2)}`)
          .join('; ')}`}
      </title>
      <line x1={mid} x2={mid} y1={0} y2={height - 20} stroke="#8a95a3" />
      {factors.map((factor, i) => {
        const width = (Math.abs(factor.effect) / max) * span;
        const raises = factor.direction === 'raises';
        const y = i * rowHeight + 4;
        return (
          <g key={`${factor.field}-${i}`}>
            <text x={0} y={y + 17} fontSize="12.5">
              {factor.label}: <tspan fontWeight="600">{String(factor.value)}</tspan>
            </text>
            <rect
              x={raises ? mid : mid - width}
              y={y + 3}
              width={Math.max(width, 1)}
              height={rowHeight - 10}
              rx={3}
              fill={raises ? 'var(--raise)' : 'var(--lower)'}
            />
            <text
              x={raises ? mid + width + 4 : mid - width - 4}
              y={y + 17}
              fontSize="11.5"
              textAnchor={raises ? 'start' : 'end'}
            >
              {`${raises ? '+' : '−'}${Math.abs(factor.effect).toFixed(2)}`}
            </text>
          </g>
        );
      })}
      {hasLowers && (
        <text x={mid - 6} y={height - 4} fontSize="11" textAnchor="end">
          ← lowers risk
        </text>
      )}
      {hasRaises && (
        <text x={mid + 6} y={height - 4} fontSize="11">
          raises risk →
        </text>
      )}
    </svg>
  );
}
