import { formatPercent } from '../lib/retention';

interface Props {
  probability: number;
  threshold: number;
  bands: { medium: number; high: number };
}

/** A 0–100% bar with the risk bands behind it, the decision threshold and the customer's mark. */
export function RiskGauge({ probability, threshold, bands }: Props) {
  const w = 520;
  const x = (p: number) => 10 + p * (w - 20);
  return (
    <svg className="chart" viewBox={`0 0 ${w} 58`} width="100%" role="img" aria-labelledby="gauge-title">
      <title id="gauge-title">
        {`Churn probability ${formatPercent(probability)}; decision threshold ${formatPercent(threshold)}`}
      </title>
      <rect x={x(0)} y={14} width={x(bands.medium) - x(0)} height={14} fill="var(--low-bg)" />
      <rect
        x={x(bands.medium)}
        y={14}
        width={x(bands.high) - x(bands.medium)}
        height={14}
        fill="var(--medium-bg)"
      />
      <rect x={x(bands.high)} y={14} width={x(1) - x(bands.high)} height={14} fill="var(--high-bg)" />
      <rect x={x(0)} y={14} width={x(1) - x(0)} height={14} fill="none" stroke="#c5cdd6" />
      <line x1={x(threshold)} x2={x(threshold)} y1={8} y2={34} stroke="#344050" strokeDasharray="3 2" />
      <text x={x(threshold)} y={46} fontSize="11" textAnchor="middle">
        threshold {formatPercent(threshold, 0)}
      </text>
      <path d={`M${x(probability) - 7} 2 L${x(probability) + 7} 2 L${x(probability)} 13 Z`} fill="#1b2430" />
      <rect x={x(probability) - 1.5} y={12} width={3} height={18} fill="#1b2430" />
      <text x={x(0)} y={56} fontSize="10.5">
        0%
      </text>
      <text x={x(1)} y={56} fontSize="10.5" textAnchor="end">
        100%
      </text>
    </svg>
  );
}
