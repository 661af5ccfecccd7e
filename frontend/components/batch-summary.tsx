import type { RiskLevel } from '@telco-churn/core/contracts';
import type { ScoredRow } from '../lib/batch-types';
import { formatPercent } from '../lib/retention';

const BINS = 10;
const COLORS: Record<RiskLevel, string> = { low: '#17754a', medium: '#b7791f', high: '#b42318' };

/** Counts per 10% probability bin, each bin coloured by the risk band its middle falls in. */
export function histogram(rows: readonly ScoredRow[]): number[] {
  const counts = new Array<number>(BINS).fill(0);
  for (const row of rows) counts[Math.min(BINS - 1, Math.floor(row.probability * BINS))]++;
  return counts;
}

export function BatchSummary({
  rows,
  invalidRows,
  threshold,
  bands,
}: {
  rows: readonly ScoredRow[];
  invalidRows: number;
  threshold?: number;
  bands: { medium: number; high: number };
}) {
  const counts = histogram(rows);
  const max = Math.max(...counts, 1);
  const flagged = rows.filter((r) => r.willChurn).length;
  const byRisk = { high: 0, medium: 0, low: 0 } as Record<RiskLevel, number>;
  for (const row of rows) byRisk[row.risk]++;
  const mean = rows.reduce((s, r) => s + r.probability, 0) / (rows.length || 1);
  const w = 560;
  const h = 190;
  const left = 40;
  const bottom = 30;
  const barW = (w - left - 10) / BINS;
  const bandOf = (p: number): RiskLevel => (p >= bands.high ? 'high' : p >= bands.medium ? 'medium' : 'low');
  return (
    <section className="panel stack" aria-labelledby="summary-h" data-testid="batch-summary">
      <h2 id="summary-h">Summary</h2>
      <div className="stat-grid">
        <div className="stat">
          <div className="v">{rows.length.toLocaleString('en-US')}</div>
          <div className="k">scored</div>
        </div>
        <div className="stat">
          <div className="v">{invalidRows.toLocaleString('en-US')}</div>
          <div className="k">rows with errors</div>
        </div>
        <div className="stat">
          <div className="v">{flagged.toLocaleString('en-US')}</div>
          <div className="k">likely to churn ({formatPercent(flagged / (rows.length || 1))})</div>
        </div>
        <div className="stat">
          <div className="v">{formatPercent(mean)}</div>
          <div className="k">mean probability</div>
        </div>
        {(['high', 'medium', 'low'] as const).map((risk) => (
          <div className="stat" key={risk}>
            <div className="v">{byRisk[risk].toLocaleString('en-US')}</div>
            <div className="k">{risk} risk</div>
          </div>
        ))}
      </div>
      <svg
        className="chart"
        viewBox={`0 0 ${w} ${h}`}
        width="100%"
        role="img"
        aria-labelledby="hist-t"
        data-chart="histogram"
      >
        <title id="hist-t">
          {`Customers per churn probability band: ${counts
            .map((c, i) => `${i * 10}–${(i + 1) * 10}%: ${c}`)
            .join(', ')}`}
        </title>
        {counts.map((count, i) => {
          const bh = (count / max) * (h - bottom - 16);
          const x = left + i * barW;
          return (
            <g key={i}>
              <rect
                x={x + 2}
                y={h - bottom - bh}
                width={barW - 4}
                height={bh}
                rx="2"
                fill={COLORS[bandOf((i + 0.5) / BINS)]}
              />
              <text x={x + barW / 2} y={h - bottom - bh - 4} fontSize="10.5" textAnchor="middle">
                {count}
              </text>
              <text x={x + barW / 2} y={h - bottom + 14} fontSize="10" textAnchor="middle">
                {`${i * 10}%`}
              </text>
            </g>
          );
        })}
        {threshold !== undefined && (
          <g>
            <line
              x1={left + threshold * BINS * barW}
              x2={left + threshold * BINS * barW}
              y1={8}
              y2={h - bottom}
              stroke="#1b2430"
              strokeDasharray="4 3"
            />
            <text x={left + threshold * BINS * barW + 4} y={14} fontSize="10.5">
              threshold
            </text>
          </g>
        )}
        <text x={left + (w - left) / 2} y={h - 2} fontSize="11" textAnchor="middle">
          churn probability
        </text>
      </svg>
    </section>
  );
}
