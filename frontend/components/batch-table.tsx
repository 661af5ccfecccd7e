'use client';
import { useMemo, useState } from 'react';
import type { RiskLevel } from '@telco-churn/core/contracts';
import type { ScoredRow } from '../lib/batch-types';
import { formatPercent } from '../lib/retention';

type SortKey =
  'probability' | 'line' | 'customerId' | 'tenure' | 'monthlyCharges' | 'contract' | 'internetService';
const PAGE = 25;

const COLUMNS: { key: SortKey; label: string; numeric?: boolean }[] = [
  { key: 'line', label: 'Line', numeric: true },
  { key: 'customerId', label: 'Customer' },
  { key: 'probability', label: 'Churn probability', numeric: true },
  { key: 'tenure', label: 'Tenure', numeric: true },
  { key: 'contract', label: 'Contract' },
  { key: 'monthlyCharges', label: 'Monthly', numeric: true },
  { key: 'internetService', label: 'Internet' },
];

/** Sorts a copy of the rows; ties keep file order, so the table is stable between clicks. */
export function sortRows(rows: readonly ScoredRow[], key: SortKey, descending: boolean): ScoredRow[] {
  const sign = descending ? -1 : 1;
  return [...rows].sort((a, b) => {
    const x = a[key] ?? '';
    const y = b[key] ?? '';
    const order = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
    return order !== 0 ? sign * order : a.line - b.line;
  });
}

export function BatchTable({ rows }: { rows: readonly ScoredRow[] }) {
  const [sort, setSort] = useState<{ key: SortKey; descending: boolean }>({
    key: 'probability',
    descending: true,
  });
  const [risk, setRisk] = useState<'all' | RiskLevel>('all');
  const [page, setPage] = useState(0);
  const filtered = useMemo(() => (risk === 'all' ? rows : rows.filter((r) => r.risk === risk)), [rows, risk]);
  const sorted = useMemo(() => sortRows(filtered, sort.key, sort.descending), [filtered, sort]);
  const pages = Math.max(1, Math.ceil(sorted.length / PAGE));
  const current = Math.min(page, pages - 1);
  const visible = sorted.slice(current * PAGE, current * PAGE + PAGE);

  const toggle = (key: SortKey) => {
    setSort((old) => ({ key, descending: old.key === key ? !old.descending : key === 'probability' }));
    setPage(0);
  };

  return (
    <section className="panel stack" aria-labelledby="results-h">
      <div className="actions-row" style={{ justifyContent: 'space-between' }}>
        <h2 id="results-h" style={{ margin: 0 }}>
          Results
        </h2>
        <div className="field" style={{ gridAutoFlow: 'column', alignItems: 'center', gap: '0.5rem' }}>
          <label className="field-label" htmlFor="risk-filter">
            Show
          </label>
          <select
            id="risk-filter"
            value={risk}
            onChange={(e) => {
              setRisk(e.target.value as 'all' | RiskLevel);
              setPage(0);
            }}
          >
            <option value="all">all risk levels</option>
            <option value="high">high risk only</option>
            <option value="medium">medium risk only</option>
            <option value="low">low risk only</option>
          </select>
        </div>
      </div>
      <div className="table-wrap">
        <table className="results" data-testid="results-table">
          <caption className="visually-hidden">
            Scored customers, sorted by {COLUMNS.find((c) => c.key === sort.key)?.label}{' '}
            {sort.descending ? 'descending' : 'ascending'}
          </caption>
          <thead>
            <tr>
              {COLUMNS.map((column) => (
                <th
                  key={column.key}
                  scope="col"
                  className={column.numeric ? 'num' : undefined}
                  aria-sort={
                    sort.key === column.key ? (sort.descending ? 'descending' : 'ascending') : undefined
                  }
                >
                  <button type="button" onClick={() => toggle(column.key)}>
                    {column.label}
                    <span aria-hidden="true">
                      {sort.key === column.key ? (sort.descending ? ' ▼' : ' ▲') : ''}
                    </span>
                  </button>
                </th>
              ))}
              <th scope="col">Top drivers</th>
            </tr>
          </thead>
          <tbody>
            {visible.map((row) => (
              <tr key={row.line}>
                <td className="num">{row.line}</td>
                <td>{row.customerId ?? '–'}</td>
                <td className="num" data-probability={row.probability}>
                  {formatPercent(row.probability)}{' '}
                  <span className={`badge risk-${row.risk}`}>{row.risk}</span>
                </td>
                <td className="num">{row.tenure}</td>
                <td>{row.contract}</td>
                <td className="num">{row.monthlyCharges.toFixed(2)}</td>
                <td>{row.internetService}</td>
                <td className="small drivers">{row.drivers.join('; ') || '–'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="actions-row">
        <button
          type="button"
          className="btn secondary small"
          disabled={current === 0}
          onClick={() => setPage(current - 1)}
        >
          Previous
        </button>
        <span className="small" aria-live="polite">
          Page {current + 1} of {pages} · {sorted.length.toLocaleString('en-US')} customers
        </span>
        <button
          type="button"
          className="btn secondary small"
          disabled={current >= pages - 1}
          onClick={() => setPage(current + 1)}
        >
          Next
        </button>
      </div>
    </section>
  );
}
