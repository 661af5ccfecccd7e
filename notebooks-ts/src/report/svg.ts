/**
 * Small inline-SVG charts for the HTML reports: no scripts, no CDN, readable in any browser and
 * in a saved file. Every chart has a <title> for screen readers.
 */

export const PALETTE = ['#2563eb', '#dc2626', '#16a34a', '#9333ea', '#ea580c', '#0891b2', '#4b5563'];

export const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const fmt = (v: number): string =>
  Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 1 ? v.toFixed(1) : v.toFixed(2);
const f1 = (v: number): string => v.toFixed(1);

export interface Series {
  name: string;
  points: readonly (readonly [number, number])[];
  color?: string;
}

interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

const FRAME: Frame = { width: 420, height: 320, left: 52, right: 12, top: 24, bottom: 44 };

function axes(
  title: string,
  xLabel: string,
  yLabel: string,
  x: [number, number],
  y: [number, number],
  frame = FRAME,
): { open: string; sx: (v: number) => number; sy: (v: number) => number } {
  const { width, height, left, right, top, bottom } = frame;
  const sx = (v: number): number => left + ((v - x[0]) / (x[1] - x[0] || 1)) * (width - left - right);
  const sy = (v: number): number =>
    height - bottom - ((v - y[0]) / (y[1] - y[0] || 1)) * (height - top - bottom);
  const ticks = [0, 0.25, 0.5, 0.75, 1];
  const grid = ticks
    .map((t) => {
      const xv = x[0] + t * (x[1] - x[0]);
      const yv = y[0] + t * (y[1] - y[0]);
      return (
        `<line x1="${f1(sx(xv))}" y1="${top}" x2="${f1(sx(xv))}" y2="${height - bottom}" class="grid"/>` +
        `<text x="${f1(sx(xv))}" y="${height - bottom + 14}" text-anchor="middle">${fmt(xv)}</text>` +
        `<line x1="${left}" y1="${f1(sy(yv))}" x2="${width - right}" y2="${f1(sy(yv))}" class="grid"/>` +
        `<text x="${left - 4}" y="${f1(sy(yv) + 4)}" text-anchor="end">${fmt(yv)}</text>`
      );
    })
    .join('');
  const open =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" class="chart">` +
    `<title>${escapeHtml(title)}</title>${grid}` +
    `<rect x="${left}" y="${top}" width="${width - left - right}" height="${height - top - bottom}" class="frame"/>` +
    `<text x="${(left + width - right) / 2}" y="${height - 6}" text-anchor="middle" class="label">${escapeHtml(xLabel)}</text>` +
    `<text x="12" y="${(top + height - bottom) / 2}" text-anchor="middle" class="label" transform="rotate(-90 12 ${(top + height - bottom) / 2})">${escapeHtml(yLabel)}</text>` +
    `<text x="${left}" y="15" class="title">${escapeHtml(title)}</text>`;
  return { open, sx, sy };
}

function legend(series: readonly Series[], x: number, y: number): string {
  return series
    .map((s, i) => {
      const color = s.color ?? PALETTE[i % PALETTE.length];
      return `<rect x="${x}" y="${y + i * 14 - 8}" width="10" height="10" fill="${color}"/><text x="${x + 14}" y="${y + i * 14 + 1}">${escapeHtml(s.name)}</text>`;
    })
    .join('');
}

export interface LineChartOptions {
  title: string;
  xLabel: string;
  yLabel: string;
  x?: [number, number];
  y?: [number, number];
  /** Draw y = x (ROC chance line, perfect calibration). */
  diagonal?: boolean;
  /** Mark each point with a dot (calibration bins). */
  dots?: boolean;
  legendAt?: 'bottom-right' | 'top-right';
}

export function lineChart(series: readonly Series[], o: LineChartOptions): string {
  const x = o.x ?? [0, 1];
  const y = o.y ?? [0, 1];
  const { open, sx, sy } = axes(o.title, o.xLabel, o.yLabel, x, y);
  const diagonal = o.diagonal
    ? `<line x1="${sx(x[0])}" y1="${sy(y[0])}" x2="${sx(x[1])}" y2="${sy(y[1])}" class="diagonal"/>`
    : '';
  const lines = series
    .map((s, i) => {
      const color = s.color ?? PALETTE[i % PALETTE.length];
      const path = s.points.map(([a, b], k) => `${k ? 'L' : 'M'}${f1(sx(a))},${f1(sy(b))}`).join('');
      const dots = o.dots
        ? s.points
            .map(([a, b]) => `<circle cx="${f1(sx(a))}" cy="${f1(sy(b))}" r="2.5" fill="${color}"/>`)
            .join('')
        : '';
      return `<path d="${path}" fill="none" stroke="${color}" stroke-width="1.8"/>${dots}`;
    })
    .join('');
  const ly =
    o.legendAt === 'top-right' ? FRAME.top + 14 : FRAME.height - FRAME.bottom - 8 - 14 * (series.length - 1);
  return `${open}${diagonal}${lines}${legend(series, FRAME.width - FRAME.right - 150, ly)}</svg>`;
}

export interface Bar {
  label: string;
  value: number;
  /** Optional second value drawn as a thin marker (e.g. the overall rate). */
  note?: string;
  color?: string;
}

/** Horizontal bars, one per row, labels on the left: churn rate by category, importances. */
export function barChart(
  bars: readonly Bar[],
  o: {
    title: string;
    xLabel: string;
    max?: number;
    reference?: number;
    format?: (v: number) => string;
    width?: number;
  },
): string {
  const rowH = 18;
  const left = Math.min(240, 12 + 6.2 * Math.max(...bars.map((b) => b.label.length)));
  const width = o.width ?? left + 250;
  const top = 28;
  const height = top + bars.length * rowH + 34;
  const max = o.max ?? Math.max(...bars.map((b) => b.value), 1e-9);
  const sx = (v: number): number => left + (v / max) * (width - left - 90);
  const format = o.format ?? fmt;
  const rows = bars
    .map((b, i) => {
      const y = top + i * rowH;
      return (
        `<text x="${left - 6}" y="${y + 13}" text-anchor="end">${escapeHtml(b.label)}</text>` +
        `<rect x="${left}" y="${y + 3}" width="${f1(Math.max(0, sx(b.value) - left))}" height="${rowH - 6}" fill="${b.color ?? PALETTE[0]}"/>` +
        `<text x="${f1(sx(b.value) + 4)}" y="${y + 13}">${escapeHtml(format(b.value))}${b.note ? ` ${escapeHtml(b.note)}` : ''}</text>`
      );
    })
    .join('');
  const reference =
    o.reference === undefined
      ? ''
      : `<line x1="${f1(sx(o.reference))}" y1="${top}" x2="${f1(sx(o.reference))}" y2="${height - 30}" class="diagonal"/>`;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" class="chart">` +
    `<title>${escapeHtml(o.title)}</title><text x="4" y="16" class="title">${escapeHtml(o.title)}</text>${rows}${reference}` +
    `<text x="${(left + width) / 2}" y="${height - 8}" text-anchor="middle" class="label">${escapeHtml(o.xLabel)}</text></svg>`
  );
}

/** Bars side by side per group: CV against test for each model. */
export function groupedBars(
  groups: readonly string[],
  series: readonly { name: string; values: readonly number[] }[],
  o: { title: string; yLabel: string; y: [number, number] },
): string {
  const frame = { ...FRAME, width: Math.max(420, 90 * groups.length + 80) };
  const { open, sy } = axes(o.title, '', o.yLabel, [0, 1], o.y, { ...frame });
  const inner = frame.width - frame.left - frame.right;
  const slot = inner / groups.length;
  const barW = (slot * 0.7) / series.length;
  const bars = groups
    .map((g, i) => {
      const x0 = frame.left + i * slot + slot * 0.15;
      const cells = series
        .map((s, k) => {
          const v = Math.max(o.y[0], s.values[i]);
          const color = PALETTE[k % PALETTE.length];
          return `<rect x="${f1(x0 + k * barW)}" y="${f1(sy(v))}" width="${f1(barW - 2)}" height="${f1(sy(o.y[0]) - sy(v))}" fill="${color}"><title>${escapeHtml(`${g} ${s.name}: ${s.values[i].toFixed(4)}`)}</title></rect>`;
        })
        .join('');
      return `${cells}<text x="${f1(x0 + slot * 0.35)}" y="${frame.height - frame.bottom + 28}" text-anchor="middle">${escapeHtml(g)}</text>`;
    })
    .join('');
  // The x tick labels of `axes` are meaningless here: cover them.
  const cover = `<rect x="0" y="${frame.height - frame.bottom + 2}" width="${frame.width}" height="16" fill="#fff"/>`;
  return `${open}${cover}${bars}${legend(
    series.map((s) => ({ name: s.name, points: [] })),
    frame.width - frame.right - 110,
    frame.top + 14,
  )}</svg>`;
}

/** A matrix of cells shaded by value: confusion matrices, correlations (diverging when min < 0). */
export function heatmap(
  rows: readonly string[],
  cols: readonly string[],
  values: readonly (readonly number[])[],
  o: { title: string; min?: number; max?: number; cell?: number; format?: (v: number) => string },
): string {
  const cell = o.cell ?? 28;
  const left = Math.min(240, 8 + 6.5 * Math.max(...rows.map((r) => r.length)));
  // Big cells (confusion matrices) get horizontal column labels; small ones (46 features) rotated.
  const flatLabels = cell >= 40;
  const top = flatLabels ? 40 : 24 + Math.min(200, 6.5 * Math.max(...cols.map((c) => c.length)));
  const width = left + cols.length * cell + 8;
  const height = top + rows.length * cell + 8;
  const flat = values.flat();
  const min = o.min ?? Math.min(...flat);
  const max = o.max ?? Math.max(...flat);
  const format = o.format ?? fmt;
  const color = (v: number): string => {
    if (min < 0) {
      const t = Math.max(-1, Math.min(1, v / Math.max(Math.abs(min), Math.abs(max))));
      return t >= 0 ? `rgba(220,38,38,${f1((t * 100) / 100)})` : `rgba(37,99,235,${(-t).toFixed(2)})`;
    }
    return `rgba(37,99,235,${((v - min) / (max - min || 1)).toFixed(2)})`;
  };
  const cells = values
    .map((row, i) =>
      row
        .map((v, j) => {
          const x = left + j * cell;
          const y = top + i * cell;
          const text =
            cell >= 40
              ? `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle">${escapeHtml(format(v))}</text>`
              : '';
          return `<rect x="${x}" y="${y}" width="${cell - 1}" height="${cell - 1}" fill="${color(v)}"><title>${escapeHtml(`${rows[i]} / ${cols[j]}: ${format(v)}`)}</title></rect>${text}`;
        })
        .join(''),
    )
    .join('');
  const rowLabels = rows
    .map(
      (r, i) =>
        `<text x="${left - 4}" y="${top + i * cell + cell / 2 + 4}" text-anchor="end">${escapeHtml(r)}</text>`,
    )
    .join('');
  const colLabels = cols
    .map((c, j) => {
      const x = left + j * cell + cell / 2;
      if (flatLabels) return `<text x="${x}" y="${top - 6}" text-anchor="middle">${escapeHtml(c)}</text>`;
      return `<text x="${x + 4}" y="${top - 4}" transform="rotate(-60 ${x + 4} ${top - 4})">${escapeHtml(c)}</text>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" class="chart">` +
    `<title>${escapeHtml(o.title)}</title><text x="4" y="16" class="title">${escapeHtml(o.title)}</text>${rowLabels}${colLabels}${cells}</svg>`
  );
}

/** Overlaid histograms as shares of each group (so groups of different sizes compare). */
export function histogram(
  groups: readonly { name: string; values: readonly number[] }[],
  o: { title: string; xLabel: string; bins?: number },
): string {
  const all = groups.flatMap((g) => g.values);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const nBins = o.bins ?? 24;
  const width = (hi - lo) / nBins || 1;
  const series: Series[] = groups.map((g) => {
    const counts = new Array<number>(nBins).fill(0);
    for (const v of g.values) counts[Math.min(nBins - 1, Math.floor((v - lo) / width))]++;
    const points: [number, number][] = [];
    counts.forEach((c, b) => {
      const share = c / Math.max(1, g.values.length);
      points.push([lo + b * width, share], [lo + (b + 1) * width, share]);
    });
    return { name: `${g.name} (n=${g.values.length})`, points };
  });
  const yMax = Math.max(...series.flatMap((s) => s.points.map((p) => p[1])), 1e-9) * 1.1;
  return lineChart(series, {
    title: o.title,
    xLabel: o.xLabel,
    yLabel: 'share of group',
    x: [lo, hi],
    y: [0, yMax],
    legendAt: 'top-right',
  });
}
