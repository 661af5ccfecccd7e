import { thinCurve, type CurvePoint } from '../lib/campaign';
import { formatMoney } from '../lib/retention';

const W = 560;
const H = 260;
const PAD = { left: 64, right: 16, top: 14, bottom: 40 };

/**
 * Cumulative expected net value against cumulative cost, customers taken most value for the
 * money first (as the budgeted selection takes them): the curve rises while customers pay for their offer and bends down after the peak,
 * where adding customers stops paying. An SVG drawn without a chart library, with a text
 * alternative.
 */
export function CampaignChart({
  points,
  peak,
  budget,
}: {
  points: readonly CurvePoint[];
  peak: CurvePoint;
  budget?: number;
}) {
  const shown = thinCurve(points, peak);
  const maxCost = Math.max(1, ...shown.map((p) => p.cost), budget ?? 0);
  const values = shown.map((p) => p.value);
  const top = Math.max(1, ...values);
  const bottom = Math.min(0, ...values);
  const x = (cost: number) => PAD.left + (cost / maxCost) * (W - PAD.left - PAD.right);
  const y = (value: number) => PAD.top + ((top - value) / (top - bottom)) * (H - PAD.top - PAD.bottom);
  const path = shown
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(p.cost).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(' ');
  const last = points[points.length - 1];
  const summary = `Contacting the ${peak.count} best customers costs ${formatMoney(peak.cost)} and is expected to return ${formatMoney(peak.value)} net; contacting all ${last.count} with an offer costs ${formatMoney(last.cost)} for ${formatMoney(last.value)}.`;
  const yTicks = [bottom, (bottom + top) / 2, top];
  const xTicks = [0, maxCost / 2, maxCost];
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${W} ${H}`}
      width="100%"
      style={{ maxWidth: '46rem' }}
      role="img"
      aria-labelledby="cv-t cv-d"
      data-chart="campaign"
    >
      <title id="cv-t">Cumulative expected net value against cumulative cost</title>
      <desc id="cv-d">{summary}</desc>
      {yTicks.map((t) => (
        <g key={`y${t}`}>
          <line x1={PAD.left} x2={W - PAD.right} y1={y(t)} y2={y(t)} stroke="#e6eaef" />
          <text x={PAD.left - 6} y={y(t) + 4} fontSize="10" textAnchor="end">
            {formatMoney(Math.round(t))}
          </text>
        </g>
      ))}
      {xTicks.map((t, i) => (
        <text
          key={`x${t}`}
          x={x(t)}
          y={H - PAD.bottom + 14}
          fontSize="10"
          textAnchor={(['start', 'middle', 'end'] as const)[i]}
        >
          {formatMoney(Math.round(t))}
        </text>
      ))}
      <line x1={PAD.left} x2={W - PAD.right} y1={y(0)} y2={y(0)} stroke="#8a95a3" />
      {budget !== undefined && budget <= maxCost && (
        <g data-testid="budget-line">
          <line
            x1={x(budget)}
            x2={x(budget)}
            y1={PAD.top}
            y2={H - PAD.bottom}
            stroke="#8a95a3"
            strokeDasharray="4 3"
          />
          <text x={x(budget) + 4} y={PAD.top + 10} fontSize="10" textAnchor="start">
            budget
          </text>
        </g>
      )}
      <path d={path} fill="none" stroke="var(--brand)" strokeWidth="2.2" />
      <circle cx={x(peak.cost)} cy={y(peak.value)} r="5" fill="#f97316" stroke="#fff" strokeWidth="1.5" />
      <text
        x={x(peak.cost) > W / 2 ? x(peak.cost) - 8 : x(peak.cost) + 8}
        y={y(peak.value) + 18}
        fontSize="10.5"
        textAnchor={x(peak.cost) > W / 2 ? 'end' : 'start'}
      >
        stops paying after {peak.count} customers
      </text>
      <text x={(PAD.left + W - PAD.right) / 2} y={H - 6} fontSize="11" textAnchor="middle">
        Cumulative cost if every contacted customer accepts
      </text>
      <text x={12} y={H / 2} fontSize="11" textAnchor="middle" transform={`rotate(-90 12 ${H / 2})`}>
        Expected net value
      </text>
    </svg>
  );
}
