/**
 * Small SVG charts drawn on the server (no chart library, no client JavaScript). Every chart is
 * an `img` with a title and a text alternative, so screen readers get the numbers.
 */

import type { ReactNode } from 'react';

const ticks = [0, 0.25, 0.5, 0.75, 1];

/** The frame every chart shares: an `img` titled and described by its own numbers. */
export function ChartFrame(props: {
  id: string;
  title: string;
  description: ReactNode;
  width: number;
  height: number;
  children: ReactNode;
}) {
  const { id, title, description, width, height, children } = props;
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${height}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-t ${id}-d`}
      data-chart={id}
    >
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      {children}
    </svg>
  );
}

interface CurveProps {
  id: string;
  title: string;
  points: readonly (readonly number[])[];
  xLabel: string;
  yLabel: string;
  /** Reference line: the diagonal (ROC) or a horizontal base rate (precision-recall). */
  reference?: { kind: 'diagonal' } | { kind: 'horizontal'; y: number };
  marker?: { x: number; y: number; label: string };
  summary: string;
}

export function CurveChart({ id, title, points, xLabel, yLabel, reference, marker, summary }: CurveProps) {
  const size = 300;
  const pad = { left: 46, right: 12, top: 12, bottom: 40 };
  const w = size - pad.left - pad.right;
  const h = size - pad.top - pad.bottom;
  const x = (v: number) => pad.left + v * w;
  const y = (v: number) => pad.top + (1 - v) * h;
  const path = points
    .map(([px, py], i) => `${i === 0 ? 'M' : 'L'}${x(px).toFixed(1)},${y(py).toFixed(1)}`)
    .join(' ');
  const area = `${path} L${x(points[points.length - 1]?.[0] ?? 1)},${y(0)} L${x(points[0]?.[0] ?? 0)},${y(0)} Z`;
  return (
    <ChartFrame id={id} title={title} description={summary} width={size} height={size}>
      {ticks.map((t) => (
        <g key={t}>
          <line x1={x(0)} x2={x(1)} y1={y(t)} y2={y(t)} stroke="#e6eaef" />
          <line x1={x(t)} x2={x(t)} y1={y(0)} y2={y(1)} stroke="#e6eaef" />
          <text x={x(0) - 6} y={y(t) + 4} fontSize="10" textAnchor="end">
            {t}
          </text>
          <text x={x(t)} y={y(0) + 14} fontSize="10" textAnchor="middle">
            {t}
          </text>
        </g>
      ))}
      {reference?.kind === 'diagonal' && (
        <line x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} stroke="#8a95a3" strokeDasharray="4 3" />
      )}
      {reference?.kind === 'horizontal' && (
        <line
          x1={x(0)}
          y1={y(reference.y)}
          x2={x(1)}
          y2={y(reference.y)}
          stroke="#8a95a3"
          strokeDasharray="4 3"
        />
      )}
      <path d={area} fill="var(--brand)" opacity="0.08" />
      <path d={path} fill="none" stroke="var(--brand)" strokeWidth="2.2" />
      {marker && (
        <g>
          <circle cx={x(marker.x)} cy={y(marker.y)} r="5" fill="#f97316" stroke="#fff" strokeWidth="1.5" />
          <text x={x(marker.x) + 8} y={y(marker.y) + 14} fontSize="10.5">
            {marker.label}
          </text>
        </g>
      )}
      <text x={x(0.5)} y={size - 6} fontSize="11" textAnchor="middle">
        {xLabel}
      </text>
      <text x={12} y={y(0.5)} fontSize="11" textAnchor="middle" transform={`rotate(-90 12 ${y(0.5)})`}>
        {yLabel}
      </text>
    </ChartFrame>
  );
}

export function ConfusionMatrix({ tp, fp, tn, fn }: { tp: number; fp: number; tn: number; fn: number }) {
  const total = tp + fp + tn + fn || 1;
  const cells = [
    { label: 'true negatives', v: tn, row: 0, col: 0, good: true, name: 'True negatives' },
    { label: 'false alarms', v: fp, row: 0, col: 1, good: false, name: 'False positives' },
    { label: 'missed leavers', v: fn, row: 1, col: 0, good: false, name: 'False negatives' },
    { label: 'caught leavers', v: tp, row: 1, col: 1, good: true, name: 'True positives' },
  ];
  const max = Math.max(...cells.map((c) => c.v), 1);
  const cell = 110;
  const left = 86;
  const top = 34;
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${left + 2 * cell + 8} ${top + 2 * cell + 8}`}
      width="100%"
      role="img"
      aria-labelledby="cm-t"
      data-chart="confusion"
    >
      <title id="cm-t">
        {`Confusion matrix on the test set: ${cells.map((c) => `${c.name} ${c.v}`).join(', ')}`}
      </title>
      <text x={left + cell} y={12} fontSize="11" textAnchor="middle" fontWeight="600">
        Predicted
      </text>
      <text x={left + cell / 2} y={28} fontSize="10.5" textAnchor="middle">
        stay
      </text>
      <text x={left + 1.5 * cell} y={28} fontSize="10.5" textAnchor="middle">
        churn
      </text>
      <text x={10} y={top + cell / 2 + 4} fontSize="10.5">
        stayed
      </text>
      <text x={10} y={top + 1.5 * cell + 4} fontSize="10.5">
        churned
      </text>
      {cells.map((c) => {
        // Light fills so the dark numbers stay readable (WCAG contrast) at any cell value.
        const strength = 0.12 + 0.38 * (c.v / max);
        return (
          <g key={c.name}>
            <rect
              x={left + c.col * cell}
              y={top + c.row * cell}
              width={cell - 4}
              height={cell - 4}
              rx="6"
              fill={c.good ? '#1f5fbf' : '#c2410c'}
              opacity={strength}
            />
            <text
              x={left + c.col * cell + cell / 2 - 2}
              y={top + c.row * cell + 48}
              fontSize="20"
              fontWeight="700"
              textAnchor="middle"
              fill="#0f1722"
            >
              {c.v}
            </text>
            <text
              x={left + c.col * cell + cell / 2 - 2}
              y={top + c.row * cell + 68}
              fontSize="10.5"
              textAnchor="middle"
              fill="#0f1722"
            >
              {`${((c.v / total) * 100).toFixed(1)}%`}
            </text>
            <text
              x={left + c.col * cell + cell / 2 - 2}
              y={top + c.row * cell + 86}
              fontSize="9.5"
              textAnchor="middle"
              fill="#0f1722"
            >
              {c.label}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface Bar {
  label: string;
  value: number;
  note?: string;
}

/** Horizontal bars, longest first as given. */
export function BarChart({
  id,
  title,
  bars,
  format,
}: {
  id: string;
  title: string;
  bars: readonly Bar[];
  format: (v: number) => string;
}) {
  const row = 24;
  const labelWidth = 230;
  const width = 620;
  const barMax = width - labelWidth - 70;
  const max = Math.max(...bars.map((b) => b.value), 1e-9);
  return (
    <svg
      className="chart"
      viewBox={`0 0 ${width} ${bars.length * row + 6}`}
      width="100%"
      role="img"
      aria-labelledby={`${id}-t`}
      data-chart={id}
    >
      <title
        id={`${id}-t`}
      >{`${title}: ${bars.map((b) => `${b.label} ${format(b.value)}`).join(', ')}`}</title>
      {bars.map((b, i) => (
        <g key={b.label}>
          <text x={labelWidth - 8} y={i * row + 17} fontSize="11.5" textAnchor="end">
            {b.label}
          </text>
          <rect
            x={labelWidth}
            y={i * row + 5}
            width={Math.max((b.value / max) * barMax, 1)}
            height={row - 8}
            rx="3"
            fill="var(--brand)"
          />
          <text x={labelWidth + (b.value / max) * barMax + 6} y={i * row + 17} fontSize="11">
            {format(b.value)}
          </text>
        </g>
      ))}
    </svg>
  );
}
