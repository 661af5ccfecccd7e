import { escapeHtml } from './svg';

export interface Section {
  title: string;
  /** Findings in words, shown above the charts. */
  text?: string[];
  html: string;
}

const CSS = `
body{font:14px/1.45 system-ui,-apple-system,Segoe UI,sans-serif;margin:0;color:#111827;background:#f9fafb}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:24px;margin:0 0 4px}h2{font-size:18px;margin:0 0 8px}
.meta{color:#4b5563;margin-bottom:20px}
section{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:16px 20px;margin:0 0 16px}
.charts{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-start}
table{border-collapse:collapse;margin:8px 0;font-variant-numeric:tabular-nums}
th,td{border-bottom:1px solid #e5e7eb;padding:4px 10px;text-align:right}
th:first-child,td:first-child{text-align:left}
td.text,th.text{text-align:left;max-width:640px}
th{background:#f3f4f6}
.chart{font-size:11px;background:#fff}
.chart .title{font-size:13px;font-weight:600}.chart .label{font-size:12px;fill:#374151}
.chart .grid{stroke:#eef0f3}.chart .frame{fill:none;stroke:#9ca3af}
.chart .diagonal{stroke:#9ca3af;stroke-dasharray:4 3}
ul.findings{margin:4px 0 10px;padding-left:20px}
code{background:#f3f4f6;padding:1px 4px;border-radius:3px}
`;

export function table(headers: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (v: string | number): string =>
    escapeHtml(typeof v === 'number' ? (Number.isInteger(v) ? String(v) : v.toFixed(4)) : v);
  return `<table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr>${r.map((v) => (typeof v === 'string' && v.length > 40 ? `<td class="text">${cell(v)}</td>` : `<td>${cell(v)}</td>`)).join('')}</tr>`,
    )
    .join('')}</tbody></table>`;
}

export const charts = (...svgs: string[]): string => `<div class="charts">${svgs.join('')}</div>`;

/** A self-contained HTML page: inline CSS and SVG, no scripts, no network. */
export function page(title: string, meta: string, sections: readonly Section[]): string {
  const body = sections
    .map((s) => {
      const text = s.text?.length
        ? `<ul class="findings">${s.text.map((t) => `<li>${escapeHtml(t)}</li>`).join('')}</ul>`
        : '';
      return `<section><h2>${escapeHtml(s.title)}</h2>${text}${s.html}</section>`;
    })
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${CSS}</style></head>
<body><main><h1>${escapeHtml(title)}</h1><div class="meta">${escapeHtml(meta)}</div>
${body}
</main></body></html>
`;
}
