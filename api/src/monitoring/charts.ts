/**
 * Inline SVG for monitor.html: horizontal bars, since bin labels ("[1396.25,2083.1)") are long and
 * read best beside their bar. No script, no external file: the page works saved or mailed.
 */

export const escapeHtml = (s: string): string => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const TRAINING = '#9ca3af';
const CURRENT = '#2563eb';
const ALERT = '#dc2626';
const r1 = (v: number): string => v.toFixed(1);

interface Row {
  label: string;
  values: number[];
  /** Shown after the bars (a PSI, a share). */
  note?: string;
  alert?: boolean;
}

/**
 * One row per label, one bar per series, on a shared 0..max scale. `names` label the series in
 * the legend and in each bar's tooltip.
 */
export function barRows(
  rows: readonly Row[],
  o: { title: string; names: string[]; max?: number; percent?: boolean },
): string {
  const labelW = 190;
  const barArea = 300;
  const noteW = 90;
  const barH = 9;
  const rowH = o.names.length * (barH + 1) + 8;
  const top = 34;
  const width = labelW + barArea + noteW;
  const height = top + rows.length * rowH + 6;
  const max = o.max ?? Math.max(1e-9, ...rows.flatMap((r) => r.values));
  const colors = o.names.length === 1 ? [CURRENT] : [TRAINING, CURRENT];
  const show = (v: number): string => (o.percent ? `${(v * 100).toFixed(1)}%` : v.toFixed(3));
  const legend = o.names
    .map(
      (name, k) =>
        `<rect x="${labelW + k * 120}" y="16" width="10" height="10" fill="${colors[k]}"/><text x="${labelW + 14 + k * 120}" y="25">${escapeHtml(name)}</text>`,
    )
    .join('');
  const body = rows
    .map((row, i) => {
      const y = top + i * rowH;
      const bars = row.values
        .map((v, k) => {
          const w = Math.max(0.5, (Math.min(v, max) / max) * barArea);
          const fill = row.alert && k === row.values.length - 1 ? ALERT : colors[k];
          return `<rect x="${labelW}" y="${r1(y + k * (barH + 1))}" width="${r1(w)}" height="${barH}" fill="${fill}"><title>${escapeHtml(`${row.label} ${o.names[k]}: ${show(v)}`)}</title></rect>`;
        })
        .join('');
      const mid = y + (row.values.length * (barH + 1)) / 2 + 4;
      return (
        `<text x="${labelW - 6}" y="${r1(mid)}" text-anchor="end">${escapeHtml(row.label)}</text>${bars}` +
        (row.note ? `<text x="${labelW + barArea + 6}" y="${r1(mid)}">${escapeHtml(row.note)}</text>` : '')
      );
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" class="chart">` +
    `<title>${escapeHtml(o.title)}</title><text x="0" y="12" class="title">${escapeHtml(o.title)}</text>${legend}${body}</svg>`
  );
}

/** Points joined by lines over days (positive rate, AUC), y on 0..1. */
export function dailyLines(
  days: readonly string[],
  series: readonly { name: string; values: (number | null)[] }[],
  title: string,
): string {
  const width = 560;
  const height = 220;
  const left = 40;
  const bottom = 40;
  const top = 30;
  const inner = width - left - 110;
  const x = (i: number): number => left + (days.length === 1 ? inner / 2 : (i / (days.length - 1)) * inner);
  const y = (v: number): number => top + (1 - v) * (height - top - bottom);
  const palette = [CURRENT, '#16a34a', '#9333ea'];
  const grid = [0, 0.25, 0.5, 0.75, 1]
    .map(
      (t) =>
        `<line x1="${left}" x2="${left + inner}" y1="${r1(y(t))}" y2="${r1(y(t))}" stroke="#eef0f3"/><text x="${left - 4}" y="${r1(y(t) + 4)}" text-anchor="end">${t}</text>`,
    )
    .join('');
  const ticks = days
    .map((d, i) =>
      days.length <= 10 || i % Math.ceil(days.length / 10) === 0
        ? `<text x="${r1(x(i))}" y="${height - bottom + 16}" text-anchor="middle">${d.slice(5)}</text>`
        : '',
    )
    .join('');
  const lines = series
    .map((s, k) => {
      const pts = s.values.flatMap((v, i) => (v === null ? [] : [`${r1(x(i))},${r1(y(v))}`]));
      const dots = s.values
        .map((v, i) =>
          v === null
            ? ''
            : `<circle cx="${r1(x(i))}" cy="${r1(y(v))}" r="3" fill="${palette[k]}"><title>${escapeHtml(`${days[i]} ${s.name}: ${v.toFixed(4)}`)}</title></circle>`,
        )
        .join('');
      return `<polyline points="${pts.join(' ')}" fill="none" stroke="${palette[k]}" stroke-width="2"/>${dots}<text x="${left + inner + 8}" y="${top + 14 + k * 16}" fill="${palette[k]}">${escapeHtml(s.name)}</text>`;
    })
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" class="chart">` +
    `<title>${escapeHtml(title)}</title><text x="0" y="14" class="title">${escapeHtml(title)}</text>${grid}${ticks}${lines}</svg>`
  );
}
