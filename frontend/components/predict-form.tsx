'use client';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import {
  FIELD_NAMES,
  FIELDS,
  type Customer,
  type FieldGroup,
  type FieldName,
} from '@telco-churn/core/fields';
import type { FieldError } from '@telco-churn/core/contracts';
import type { Prediction } from '@telco-churn/core/contracts';
import type { UiError } from '../lib/ui-error';
import { validateForm } from '../lib/client-validate';
import { DEFAULT_CUSTOMER, PRESETS, setField, toFormValues, type FormValues } from '../lib/form-state';
import { FieldControl } from './field-control';
import { loadRecent, RecentList, saveRecent, type RecentEntry } from './recent-list';
import { ResultPanel } from './result-panel';
import { useAssumptions } from './assumptions-editor';
import { OffersPanel, type OffersStatus } from './offers-panel';
import { applyChanges, type Assumptions, type OfferResult, type RetentionAnswer } from '../lib/retention';

const GROUPS: { id: FieldGroup; title: string }[] = [
  { id: 'demographics', title: 'Demographics' },
  { id: 'account', title: 'Account' },
  { id: 'services', title: 'Services' },
];
const MAX_ATTEMPTS = 4;

type Status =
  | { state: 'idle' }
  | { state: 'busy'; note?: string }
  | { state: 'done'; prediction: Prediction; elapsedMs: number }
  | { state: 'error'; message: string };

const byField = (errors: FieldError[]): Partial<Record<FieldName, string>> =>
  Object.fromEntries(errors.map((e) => [e.field, e.message]));
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Props {
  bands?: { medium: number; high: number };
  /** The API's retention assumptions; without them (API down) the page predicts without offers. */
  assumptions?: Assumptions;
}

export function PredictForm({ bands, assumptions }: Props) {
  const [values, setValues] = useState<FormValues>(() => toFormValues(DEFAULT_CUSTOMER));
  const [errors, setErrors] = useState<Partial<Record<FieldName, string>>>({});
  const [status, setStatus] = useState<Status>({ state: 'idle' });
  // The last probability shown for this customer: edits become a what-if ("−18 points").
  const [previous, setPrevious] = useState<number | undefined>();
  // The form was edited after the result on screen was computed.
  const [stale, setStale] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  // Marks the form interactive once React has hydrated it (browser tests wait for it).
  const [ready, setReady] = useState(false);
  const [recent, setRecent] = useState<RecentEntry[]>([]);
  const editable = useAssumptions(assumptions, () => setStale(true));
  const [offers, setOffers] = useState<OffersStatus | undefined>();
  useEffect(() => {
    setRecent(loadRecent());
    setReady(true);
  }, []);

  const revalidate = (next: FormValues, name: FieldName) => {
    // Only fields already flagged are re-checked while typing; new errors wait for blur or submit.
    if (!errors[name]) return;
    const result = validateForm(next);
    setErrors((old) => ({ ...old, [name]: result.ok ? undefined : byField(result.errors)[name] }));
  };
  const onChange = (name: FieldName, value: string) => {
    const next = setField(values, name, value);
    setValues(next);
    setStale(true);
    revalidate(next, name);
  };
  const onBlur = (name: FieldName) => {
    const result = validateForm(values);
    setErrors((old) => ({ ...old, [name]: result.ok ? undefined : byField(result.errors)[name] }));
  };
  const focusFirstError = (fields: Partial<Record<FieldName, string>>) => {
    const first = FIELD_NAMES.find((name) => fields[name]);
    if (first) formRef.current?.querySelector<HTMLElement>(`[name="${first}"]`)?.focus();
  };

  /** The exact what-if of every offer, with the analyst's assumptions as overrides. */
  async function loadOffers(customer: Customer) {
    if (!editable.enabled) return;
    const { overrides, offerIds } = editable.request();
    setOffers({ state: 'busy' });
    try {
      const response = await fetch('/api/retention', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ customer, ...overrides }),
      });
      const body = (await response.json().catch(() => ({}))) as {
        retention?: RetentionAnswer;
        error?: UiError;
      };
      if (response.ok && body.retention) {
        editable.showErrors([], offerIds);
        return setOffers({ state: 'done', answer: body.retention });
      }
      const { named } = editable.showErrors(body.error?.fieldErrors ?? [], offerIds);
      setOffers({
        state: 'error',
        message: named
          ? `The offers could not be worked out: ${named === 1 ? 'an assumption needs' : `${named} assumptions need`} attention.`
          : (body.error?.message ?? `The offers could not be worked out (HTTP ${response.status}).`),
      });
    } catch {
      setOffers({ state: 'error', message: 'The UI server is unreachable. Check your connection.' });
    }
  }

  const applyOffer = (offer: OfferResult) => {
    const next = applyChanges(values, offer.changes);
    setValues(next);
    void predict(next);
  };

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    void predict(values);
  }

  async function predict(values: FormValues) {
    const checked = validateForm(values);
    if (!checked.ok) {
      const fields = byField(checked.errors);
      setErrors(fields);
      focusFirstError(fields);
      return;
    }
    setErrors({});
    if (status.state === 'done') setPrevious(status.prediction.churn_probability);
    setStatus({ state: 'busy' });
    const started = performance.now();
    for (let attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      let response: Response;
      try {
        response = await fetch('/api/predict', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify(checked.value),
        });
      } catch {
        setStatus({ state: 'error', message: 'The UI server is unreachable. Check your connection.' });
        return;
      }
      if (response.status === 401) {
        window.location.assign('/login?error=expired');
        return;
      }
      const body = (await response.json().catch(() => ({}))) as { prediction?: Prediction; error?: UiError };
      if (response.ok && body.prediction) {
        setStatus({ state: 'done', prediction: body.prediction, elapsedMs: performance.now() - started });
        setStale(false);
        void loadOffers(checked.value);
        const entry: RecentEntry = {
          at: Date.now(),
          customer: checked.value,
          probability: body.prediction.churn_probability,
          risk: body.prediction.risk_level,
        };
        const next = [entry, ...recent];
        setRecent(next);
        saveRecent(next);
        return;
      }
      const error = body.error ?? {
        kind: 'failed',
        message: `The UI server failed (HTTP ${response.status}).`,
      };
      if (error.kind === 'warming' && attempt < MAX_ATTEMPTS) {
        setStatus({ state: 'busy', note: `${error.message} (attempt ${attempt + 1} of ${MAX_ATTEMPTS})` });
        await sleep((error.retryAfterSeconds ?? 3) * 1000);
        continue;
      }
      if (error.kind === 'validation' && error.fieldErrors) {
        const fields = byField(error.fieldErrors);
        setErrors(fields);
        focusFirstError(fields);
      }
      setStatus({ state: 'error', message: error.message });
      return;
    }
  }

  const loadCustomer = (customer: Customer) => {
    setValues(toFormValues(customer));
    setErrors({});
    setStatus({ state: 'idle' });
    setOffers(undefined);
    setPrevious(undefined);
  };
  const loadPreset = (index: number) => loadCustomer(PRESETS[index].customer);
  const suggestedTotal = Number(values.tenure) * Number(values.monthlyCharges);
  const errorCount = Object.values(errors).filter(Boolean).length;

  return (
    <div className="grid-2">
      <form ref={formRef} onSubmit={onSubmit} noValidate aria-label="Customer" data-ready={ready}>
        <div className="actions-row" style={{ marginBottom: '0.8rem' }}>
          <span className="muted small">Start from:</span>
          {PRESETS.map((preset, i) => (
            <button
              key={preset.name}
              type="button"
              className="btn secondary small"
              onClick={() => loadPreset(i)}
            >
              {preset.name}
            </button>
          ))}
          <button
            type="button"
            className="btn secondary small"
            onClick={() => loadCustomer(DEFAULT_CUSTOMER)}
          >
            Reset
          </button>
        </div>
        {GROUPS.map((group) => (
          <fieldset key={group.id} className="form-group">
            <legend>{group.title}</legend>
            <div className="fields">
              {FIELD_NAMES.filter((name) => FIELDS[name].group === group.id).map((name) => (
                <FieldControl
                  key={name}
                  name={name}
                  values={values}
                  error={errors[name]}
                  onChange={onChange}
                  onBlur={onBlur}
                />
              ))}
            </div>
            {group.id === 'account' && Number.isFinite(suggestedTotal) && suggestedTotal <= 10000 && (
              <p className="field-hint">
                Tenure × monthly charges ≈ {suggestedTotal.toFixed(2)}.{' '}
                <button
                  type="button"
                  className="btn secondary small"
                  onClick={() => onChange('totalCharges', suggestedTotal.toFixed(2))}
                >
                  Use as total charges
                </button>
              </p>
            )}
          </fieldset>
        ))}
        <div className="actions-row">
          <button className="btn" type="submit" disabled={status.state === 'busy'}>
            {status.state === 'busy' ? 'Scoring…' : 'Predict churn'}
          </button>
          {errorCount > 0 && (
            <span className="field-error" role="status">
              {errorCount === 1 ? '1 field needs' : `${errorCount} fields need`} attention.
            </span>
          )}
        </div>
      </form>
      <div aria-live="polite" className="stack" style={{ position: 'sticky', top: '1rem' }}>
        {status.state === 'done' && (
          <ResultPanel
            prediction={status.prediction}
            elapsedMs={status.elapsedMs}
            bands={bands}
            previous={previous}
            stale={stale}
          />
        )}
        {status.state === 'done' && offers && <OffersPanel status={offers} onApply={applyOffer} />}
        {editable.editor}
        {status.state === 'busy' && (
          <p className="alert info" role="status">
            {status.note ?? 'Scoring…'}
          </p>
        )}
        {status.state === 'error' && (
          <p className="alert error" role="alert" data-testid="predict-error">
            {status.message}
          </p>
        )}
        {status.state === 'idle' && (
          <div className="empty">
            Fill in the customer and press <strong>Predict churn</strong> to see the churn probability, what
            drives it and what to offer.
          </div>
        )}
        <RecentList entries={recent} onPick={loadCustomer} />
      </div>
    </div>
  );
}
