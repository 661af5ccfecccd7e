'use client';
import type { Customer } from '@telco-churn/core/fields';
import type { RiskLevel } from '@telco-churn/core/contracts';
import { formatPercent } from '../lib/retention';

export interface RecentEntry {
  at: number;
  customer: Customer;
  probability: number;
  risk: RiskLevel;
}

const KEY = 'churn-desk.recent';
export const RECENT_LIMIT = 8;

/** This browser tab's recent predictions (sessionStorage: gone when the tab closes). */
export function loadRecent(): RecentEntry[] {
  try {
    const parsed = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as RecentEntry[];
    return Array.isArray(parsed) ? parsed.slice(0, RECENT_LIMIT) : [];
  } catch {
    return [];
  }
}

export function saveRecent(entries: RecentEntry[]): void {
  try {
    sessionStorage.setItem(KEY, JSON.stringify(entries.slice(0, RECENT_LIMIT)));
  } catch {
    // Storage full or disabled: the list is a convenience, scoring goes on without it.
  }
}

export function RecentList({ entries, onPick }: { entries: RecentEntry[]; onPick: (c: Customer) => void }) {
  if (entries.length === 0) return null;
  return (
    <section className="panel" aria-labelledby="recent-h">
      <h2 id="recent-h">Recent in this tab</h2>
      <ul className="recent">
        {entries.map((entry) => (
          <li key={entry.at}>
            <button type="button" onClick={() => onPick(entry.customer)}>
              <span className={`badge risk-${entry.risk}`}>{formatPercent(entry.probability)}</span>{' '}
              {entry.customer.contract}, {entry.customer.tenure} months, {entry.customer.internetService}{' '}
              internet, ${entry.customer.monthlyCharges.toFixed(2)}/month
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
