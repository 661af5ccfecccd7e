/**
 * The monitoring page's SVG charts, drawn on the server like charts.tsx: each is an `img` whose
 * title and description carry the numbers for screen readers.
 */
import { ChartFrame } from './charts';

const pct = (v: number) => `${(v * 100).toFixed(1)}%`;

/** Bin labels of score deciles carry 16 digits: two decimals say the same to a reader. */
export const shortBin = (label: string) => label.replace(/-?\d+\.\d{3,}/g, (n) => Number(n).toFixed(2));

export interface PsiBar {
  name: string;
  label: string;
  psi: number;
}

/** PSI per field, largest first, with the alert threshold drawn as a dashed line. */
export function PsiChart({ bars, threshold }: { bars: readonly PsiBar[]; threshold: number }) {
  const row = 22;
  const labelWidth = 170;
  const width = 620;
  const barMax = width - labelWidth - 60;
  const max = Math.max(threshold * 1.5, ...bars.map((b) => b.psi));
  const x = (v: number) => labelWidth + (Math.min(v, max) / max) * barMax;
  const height = bars.length * row + 24;
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-labelledby="psi-t"
      data-chart="psi"
    >
      <title id="psi-t">{`PSI per field against the training data (alert at ${threshold}): ${bars
        .map((b) => `${b.label} ${b.psi.toFixed(3)}`)
        .join(', ')}`}</title>
      {bars.map((b, i) => {
        const over = b.psi >= threshold;
        return (
          <g key={b.name} data-field={b.name} data-drifted={over}>
            <text x={labelWidth - 8} y={i * row + 15} fontSize="11.5" textAnchor="end">
              {b.label}
            </text>
            <rect
              x={labelWidth}
              y={i * row + 4}
              width={Math.max(x(b.psi) - labelWidth, 1)}
              height={row - 7}
              rx="3"
              fill={over ? '#dc2626' : b.psi >= threshold / 2 ? '#f59e0b' : 'var(--brand)'}
            />
            <text x={x(b.psi) + 6} y={i * row + 15} fontSize="11">
              {b.psi.toFixed(3)}
            </text>
          </g>
        );
      })}
      <line
        x1={x(threshold)}
        x2={x(threshold)}
        y1={0}
        y2={height - 18}
        stroke="#991b1b"
        strokeDasharray="4 3"
      />
      <text x={x(threshold)} y={height - 4} fontSize="10.5" textAnchor="middle">
        {`alert at ${threshold}`}
      </text>
    </svg>
  );
}

/** Shares per bin, training (grey) beside now (brand colour). */
export function DistributionChart({
  id,
  title,
  bins,
  reference,
  current,
}: {
  id: string;
  title: string;
  bins: readonly string[];
  reference: readonly number[];
  current: readonly number[];
}) {
  const width = 620;
  const height = 210;
  const pad = { left: 40, right: 8, top: 22, bottom: 52 };
  const slot = (width - pad.left - pad.right) / Math.max(bins.length, 1);
  const max = Math.max(...reference, ...current, 1e-9);
  const h = height - pad.top - pad.bottom;
  const y = (v: number) => pad.top + h - (v / max) * h;
  const bar = Math.min(slot / 2 - 3, 28);
  return (
    <ChartFrame
      id={id}
      title={title}
      width={width}
      height={height}
      description={bins
        .map((b, i) => `${shortBin(b)}: training ${pct(reference[i])}, now ${pct(current[i] ?? 0)}`)
        .join('; ')}
    >
      <rect x={pad.left} y={4} width={10} height={10} fill="#9aa5b1" />
      <text x={pad.left + 14} y={13} fontSize="10.5">
        training
      </text>
      <rect x={pad.left + 70} y={4} width={10} height={10} fill="var(--brand)" />
      <text x={pad.left + 84} y={13} fontSize="10.5">
        now
      </text>
      <line x1={pad.left} x2={width - pad.right} y1={y(0)} y2={y(0)} stroke="#c7ced6" />
      <text x={pad.left - 4} y={y(max) + 4} fontSize="10" textAnchor="end">
        {pct(max)}
      </text>
      {bins.map((b, i) => {
        const cx = pad.left + slot * i + slot / 2;
        return (
          <g key={b}>
            <rect
              x={cx - bar - 1}
              y={y(reference[i])}
              width={bar}
              height={y(0) - y(reference[i])}
              fill="#9aa5b1"
            />
            <rect
              x={cx + 1}
              y={y(current[i] ?? 0)}
              width={bar}
              height={y(0) - y(current[i] ?? 0)}
              fill="var(--brand)"
            />
            <text
              x={cx}
              y={y(0) + 12}
              fontSize="9.5"
              textAnchor="end"
              transform={`rotate(-30 ${cx} ${y(0) + 12})`}
            >
              {shortBin(b).length > 24 ? `${shortBin(b).slice(0, 23)}…` : shortBin(b)}
            </text>
          </g>
        );
      })}
    </ChartFrame>
  );
}

export interface DailyPoint {
  date: string;
  value: number | null;
}

/** One value per day; days without a value (no outcomes, one class only) leave a gap. */
export function DailyChart({
  id,
  title,
  points,
  format,
  reference,
}: {
  id: string;
  title: string;
  points: readonly DailyPoint[];
  format: (v: number) => string;
  reference?: { value: number; label: string };
}) {
  const width = 620;
  const height = 200;
  const pad = { left: 48, right: 12, top: 12, bottom: 34 };
  const values = points.flatMap((p) => (p.value === null ? [] : [p.value]));
  const all = reference ? [...values, reference.value] : values;
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const span = hi - lo || 1;
  const [min, max] = [lo - span * 0.1, hi + span * 0.1];
  const x = (i: number) =>
    pad.left + (points.length > 1 ? (i / (points.length - 1)) * (width - pad.left - pad.right) : 0);
  const y = (v: number) => pad.top + (1 - (v - min) / (max - min)) * (height - pad.top - pad.bottom);
  const segments: string[] = [];
  let open = false;
  points.forEach((p, i) => {
    if (p.value === null) return void (open = false);
    segments.push(`${open ? 'L' : 'M'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`);
    open = true;
  });
  const every = Math.max(1, Math.ceil(points.length / 8));
  return (
    <ChartFrame
      id={id}
      title={title}
      width={width}
      height={height}
      description={points
        .map((p) => `${p.date}: ${p.value === null ? 'no value' : format(p.value)}`)
        .join('; ')}
    >
      {[min + (max - min) * 0.1, (min + max) / 2, max - (max - min) * 0.1].map((t) => (
        <g key={t}>
          <line x1={pad.left} x2={width - pad.right} y1={y(t)} y2={y(t)} stroke="#e6eaef" />
          <text x={pad.left - 6} y={y(t) + 4} fontSize="10" textAnchor="end">
            {format(t)}
          </text>
        </g>
      ))}
      {reference && (
        <g>
          <line
            x1={pad.left}
            x2={width - pad.right}
            y1={y(reference.value)}
            y2={y(reference.value)}
            stroke="#991b1b"
            strokeDasharray="4 3"
          />
          <text x={width - pad.right} y={y(reference.value) - 4} fontSize="10" textAnchor="end">
            {reference.label}
          </text>
        </g>
      )}
      <path d={segments.join(' ')} fill="none" stroke="var(--brand)" strokeWidth="2" />
      {points.map((p, i) =>
        p.value === null ? null : <circle key={p.date} cx={x(i)} cy={y(p.value)} r="3" fill="var(--brand)" />,
      )}
      {points.map((p, i) =>
        i % every === 0 ? (
          <text key={`l-${p.date}`} x={x(i)} y={height - 12} fontSize="10" textAnchor="middle">
            {p.date.slice(5)}
          </text>
        ) : null,
      )}
    </ChartFrame>
  );
}
