'use client';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import type { InvalidRow } from '../lib/batch-types';
import { downloadCsv, pickedFile } from '../lib/download';
import {
  CAMPAIGN_SETTING_KEYS,
  campaignCsv,
  cumulativeCurve,
  type CampaignPlan,
  type CampaignSettings,
} from '../lib/campaign';
import { formatMoney, formatPercent, numberOrText, type Assumptions } from '../lib/retention';
import type { UiError } from '../lib/ui-error';
import { useAssumptions } from './assumptions-editor';
import { InvalidList } from './batch-client';
import { CampaignChart } from './campaign-chart';

const SETTINGS: { key: keyof CampaignSettings; label: string; hint: string }[] = [
  { key: 'budget', label: 'Budget ($)', hint: 'committed cost of all contacted, if every one accepts' },
  { key: 'capacity', label: 'Capacity (customers)', hint: 'how many the team can contact' },
  { key: 'holdout_fraction', label: 'Holdout fraction', hint: '0–0.5 of the selected get no offer' },
  { key: 'seed', label: 'Seed', hint: 'same seed, same holdout; empty draws one' },
];
const ROWS_SHOWN = 100;

type Phase =
  | { state: 'idle' }
  | { state: 'busy' }
  | { state: 'done'; plan: CampaignPlan; fileName: string }
  | { state: 'failed'; message: string; invalid?: InvalidRow[] };

/** The batch page's campaign mode: whom to contact, with which offer, within the budget. */
export function CampaignClient({ assumptions }: { assumptions?: Assumptions }) {
  const [settings, setSettings] = useState<CampaignSettings>({
    budget: '2000',
    capacity: '',
    holdout_fraction: '0.1',
    seed: '42',
  });
  const [settingErrors, setSettingErrors] = useState<Partial<Record<keyof CampaignSettings, string>>>({});
  const editable = useAssumptions(assumptions);
  const [phase, setPhase] = useState<Phase>({ state: 'idle' });
  const fileInput = useRef<HTMLInputElement>(null);
  const [ready, setReady] = useState(false);
  useEffect(() => setReady(true), []);

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    const file = pickedFile(fileInput.current);
    if (typeof file === 'string') return setPhase({ state: 'failed', message: file });
    const { overrides, offerIds } = editable.request();
    const sent = Object.fromEntries(
      CAMPAIGN_SETTING_KEYS.filter((k) => settings[k].trim() !== '').map((k) => [
        k,
        numberOrText(settings[k]),
      ]),
    );
    setPhase({ state: 'busy' });
    try {
      const response = await fetch('/api/campaign', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ csv: await file.text(), ...sent, ...overrides }),
      });
      if (response.status === 401) return window.location.assign('/login?error=expired');
      const body = (await response.json().catch(() => ({}))) as {
        plan?: CampaignPlan;
        error?: UiError & { invalidRows?: InvalidRow[] };
      };
      if (response.ok && body.plan) {
        setSettingErrors({});
        editable.showErrors([], offerIds);
        return setPhase({ state: 'done', plan: body.plan, fileName: file.name });
      }
      const split = editable.showErrors(body.error?.fieldErrors ?? [], offerIds);
      setSettingErrors(
        Object.fromEntries(
          split.other
            .filter((e) => (CAMPAIGN_SETTING_KEYS as readonly string[]).includes(e.field))
            .map((e) => [e.field, e.message]),
        ),
      );
      setPhase({
        state: 'failed',
        message: body.error?.message ?? `Planning failed (HTTP ${response.status}).`,
        invalid: body.error?.invalidRows,
      });
    } catch {
      setPhase({ state: 'failed', message: 'The connection to the UI server broke off while planning.' });
    }
  }

  const busy = phase.state === 'busy';
  return (
    <div className="stack">
      <form
        className="panel stack"
        onSubmit={onSubmit}
        aria-labelledby="campaign-h"
        data-ready={ready}
        noValidate
      >
        <h2 id="campaign-h">Plan a campaign</h2>
        <p className="muted small" style={{ margin: 0 }}>
          Up to 10,000 customers in one CSV (the same formats as scoring). Each gets the offer with the
          highest expected net value; the most value for the money is taken first until the budget or the
          capacity runs out, and a random holdout among them gets no offer, to measure the real effect later.
        </p>
        <div className="fields">
          <div className="field">
            <label className="field-label" htmlFor="campaign-file">
              CSV file
            </label>
            <input id="campaign-file" ref={fileInput} type="file" accept=".csv,text/csv" disabled={busy} />
          </div>
          {SETTINGS.map((s) => (
            <div className="field" key={s.key}>
              <label className="field-label" htmlFor={`c-${s.key}`}>
                {s.label}
              </label>
              <input
                id={`c-${s.key}`}
                type="text"
                inputMode="decimal"
                value={settings[s.key]}
                aria-invalid={settingErrors[s.key] ? true : undefined}
                aria-describedby={settingErrors[s.key] ? `c-${s.key}-error` : `c-${s.key}-hint`}
                onChange={(e) => setSettings({ ...settings, [s.key]: e.target.value })}
              />
              {settingErrors[s.key] ? (
                <span id={`c-${s.key}-error`} className="field-error" role="alert">
                  {settingErrors[s.key]}
                </span>
              ) : (
                <span id={`c-${s.key}-hint`} className="field-hint">
                  {s.hint}
                </span>
              )}
            </div>
          ))}
        </div>
        <div className="actions-row">
          <button className="btn" type="submit" disabled={busy}>
            {busy ? 'Planning…' : 'Plan campaign'}
          </button>
          {phase.state === 'done' && (
            <button
              type="button"
              className="btn secondary"
              onClick={() => downloadCsv(campaignCsv(phase.plan.rows), phase.fileName, 'campaign')}
            >
              Download campaign CSV
            </button>
          )}
        </div>
        {busy && (
          <p className="alert info small" role="status">
            Scoring every customer with every offer and choosing within the budget…
          </p>
        )}
        {phase.state === 'failed' && (
          <p className="alert error" role="alert" data-testid="campaign-error">
            {phase.message}
          </p>
        )}
      </form>
      {editable.editor}
      {phase.state === 'failed' && phase.invalid && phase.invalid.length > 0 && (
        <InvalidList rows={phase.invalid} />
      )}
      {phase.state === 'done' && <CampaignResult plan={phase.plan} />}
    </div>
  );
}

function CampaignResult({ plan }: { plan: CampaignPlan }) {
  const { summary, rows } = plan;
  const curve = cumulativeCurve(rows);
  const stats: [string, string, string][] = [
    [
      'selected',
      summary.selected.toLocaleString('en-US'),
      `selected of ${rows.length.toLocaleString('en-US')}`,
    ],
    ['treatment', summary.treatment.toLocaleString('en-US'), 'treatment (get the offer)'],
    ['holdout', summary.holdout.toLocaleString('en-US'), 'holdout (no offer, to measure)'],
    [
      'selected-cost',
      formatMoney(summary.selected_cost),
      summary.budget === null
        ? 'committed cost of the selected'
        : `committed cost of the selected, budget ${formatMoney(summary.budget)}`,
    ],
    ['net-value', formatMoney(summary.expected_net_value), 'expected net value of the treatment'],
    ['seed', String(summary.seed), 'holdout seed'],
  ];
  return (
    <>
      <section className="panel stack" aria-labelledby="plan-h" data-testid="campaign-summary">
        <h2 id="plan-h">The plan</h2>
        <div className="stat-grid">
          {stats.map(([id, v, k]) => (
            <div className="stat" key={id}>
              <div className="v" data-testid={`campaign-${id}`}>
                {v}
              </div>
              <div className="k">{k}</div>
            </div>
          ))}
        </div>
        {curve.points.length > 1 ? (
          <CampaignChart points={curve.points} peak={curve.peak} budget={summary.budget ?? undefined} />
        ) : (
          <p className="muted">No customer has an offer worth its cost under these assumptions.</p>
        )}
        <p className="muted small">
          Model-based estimates, not causal effects. Compare the treatment group&apos;s churn with the
          holdout&apos;s after the campaign to measure what it really did.
        </p>
      </section>
      {plan.invalid.length > 0 && <InvalidList rows={plan.invalid} />}
      <section className="panel" aria-labelledby="ranked-h">
        <h2 id="ranked-h">Ranked by expected net value</h2>
        <div className="table-wrap">
          <table className="results small" data-testid="campaign-table">
            <thead>
              <tr>
                <th scope="col" className="num">
                  Rank
                </th>
                <th scope="col">Customer</th>
                <th scope="col" className="num">
                  Churn
                </th>
                <th scope="col" className="num">
                  Value at risk
                </th>
                <th scope="col">Best offer</th>
                <th scope="col" className="num">
                  Expected net value
                </th>
                <th scope="col" className="num">
                  Cost
                </th>
                <th scope="col">Group</th>
              </tr>
            </thead>
            <tbody>
              {rows.slice(0, ROWS_SHOWN).map((r, i) => (
                <tr key={r.line} data-group={r.group}>
                  <td className="num">{i + 1}</td>
                  <td>{r.customerId ?? `line ${r.line}`}</td>
                  <td className="num">{formatPercent(r.probability)}</td>
                  <td className="num">{formatMoney(r.valueAtRisk)}</td>
                  <td>{r.bestOffer ?? '–'}</td>
                  <td className="num">{formatMoney(r.expectedNetValue)}</td>
                  <td className="num">{formatMoney(r.cost)}</td>
                  <td>{r.group === 'none' ? 'not selected' : r.group}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        {rows.length > ROWS_SHOWN && (
          <p className="muted small">
            The first {ROWS_SHOWN} of {rows.length.toLocaleString('en-US')}; the download has them all.
          </p>
        )}
      </section>
    </>
  );
}
