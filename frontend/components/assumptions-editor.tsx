'use client';
import { useEffect, useRef, useState } from 'react';
import type { FieldError } from '@telco-churn/core/contracts';
import {
  ECONOMICS_KEYS,
  splitAssumptionErrors,
  toDraft,
  toOverrides,
  type Overrides,
  type AssumptionDraft,
  type AssumptionErrors,
  type Assumptions,
  type EconomicsKey,
} from '../lib/retention';

const ECONOMICS_LABELS: Record<EconomicsKey, { label: string; hint: string }> = {
  margin_rate: { label: 'Margin rate', hint: 'share of the monthly bill that is margin (0–1)' },
  horizon_months: { label: 'Horizon (months)', hint: 'months of margin at stake' },
  contact_cost: { label: 'Contact cost ($)', hint: 'per customer contacted' },
};
type OfferInput = 'acceptance_rate' | 'one_off' | 'monthly' | 'discount_percent';
const OFFER_INPUTS: { key: OfferInput; label: string }[] = [
  { key: 'acceptance_rate', label: 'Acceptance (0–1)' },
  { key: 'one_off', label: 'One-off cost ($)' },
  { key: 'monthly', label: 'Monthly cost ($)' },
  { key: 'discount_percent', label: 'Discount (%)' },
];

interface Props {
  defaults: Assumptions;
  draft: AssumptionDraft;
  errors: AssumptionErrors;
  onChange: (draft: AssumptionDraft) => void;
  onReset: () => void;
}

function NumberInput(props: {
  id: string;
  label: string;
  value: string;
  error?: string;
  hidden?: boolean;
  onChange: (value: string) => void;
}) {
  const errorId = `${props.id}-error`;
  return (
    <>
      <input
        id={props.id}
        type="text"
        inputMode="decimal"
        aria-label={props.hidden ? props.label : undefined}
        value={props.value}
        aria-invalid={props.error ? true : undefined}
        aria-describedby={props.error ? errorId : undefined}
        onChange={(e) => props.onChange(e.target.value)}
        style={{ width: '6.5rem' }}
      />
      {props.error && (
        <span id={errorId} className="field-error" role="alert">
          {props.error}
        </span>
      )}
    </>
  );
}

/**
 * The retention assumptions, editable: the defaults come from the API's file (GET
 * /retention/assumptions); what the analyst changes is sent as overrides with each request,
 * and a value the API refuses shows its message beside the input.
 */
export function AssumptionsEditor({ defaults, draft, errors, onChange, onReset }: Props) {
  const setEconomics = (key: EconomicsKey, value: string) =>
    onChange({ ...draft, economics: { ...draft.economics, [key]: value } });
  const setOffer = (index: number, patch: Partial<AssumptionDraft['offers'][number]>) =>
    onChange({ ...draft, offers: draft.offers.map((o, i) => (i === index ? { ...o, ...patch } : o)) });
  const count = Object.keys(errors).length;
  // Opened when the API refuses a value, so its message is seen; otherwise left as the analyst set it.
  const details = useRef<HTMLDetailsElement>(null);
  useEffect(() => {
    if (count > 0 && details.current) details.current.open = true;
  }, [count]);
  return (
    <details ref={details} className="panel assumptions" data-testid="assumptions">
      <summary>
        <strong>Assumptions</strong>{' '}
        <span className="muted small">
          economics and offers used for value figures (defaults from the retention file)
          {count > 0 ? ` · ${count} need attention` : ''}
        </span>
      </summary>
      <div className="fields" style={{ marginTop: '0.6rem' }}>
        {ECONOMICS_KEYS.map((key) => (
          <div className="field" key={key}>
            <label className="field-label" htmlFor={`a-${key}`}>
              {ECONOMICS_LABELS[key].label}
            </label>
            <NumberInput
              id={`a-${key}`}
              label={ECONOMICS_LABELS[key].label}
              value={draft.economics[key]}
              error={errors[`economics.${key}`]}
              onChange={(v) => setEconomics(key, v)}
            />
            <span className="field-hint">
              {ECONOMICS_LABELS[key].hint} (default {String(defaults.economics[key])})
            </span>
          </div>
        ))}
      </div>
      <div className="table-wrap">
        <table className="small">
          <caption className="muted small" style={{ textAlign: 'left' }}>
            Offers catalogue: untick an offer to leave it out
          </caption>
          <thead>
            <tr>
              <th scope="col">Use</th>
              <th scope="col">Offer</th>
              {OFFER_INPUTS.map((c) => (
                <th scope="col" key={c.key}>
                  {c.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {draft.offers.map((offer, i) => {
              const spec = defaults.offers[i];
              return (
                <tr key={offer.id}>
                  <td>
                    <input
                      type="checkbox"
                      aria-label={`Use ${spec.label}`}
                      checked={offer.enabled}
                      onChange={(e) => setOffer(i, { enabled: e.target.checked })}
                    />
                  </td>
                  <td>{spec.label}</td>
                  {OFFER_INPUTS.map((c) =>
                    c.key === 'discount_percent' && !(spec.discount_percent > 0) ? (
                      <td key={c.key} className="muted">
                        –
                      </td>
                    ) : (
                      <td key={c.key}>
                        <NumberInput
                          id={`a-${offer.id}-${c.key}`}
                          label={`${spec.label}: ${c.label}`}
                          hidden
                          value={offer[c.key]}
                          error={errors[`${offer.id}.${c.key}`]}
                          onChange={(v) => setOffer(i, { [c.key]: v })}
                        />
                      </td>
                    ),
                  )}
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <button type="button" className="btn secondary small" onClick={onReset}>
        Reset to the defaults
      </button>
    </details>
  );
}

/**
 * The editable assumptions of a page: the editor to render, the overrides for a request (with
 * the offer ids an error index refers to), and `showErrors`, which puts the API's messages
 * about assumptions next to their inputs and returns the other errors.
 */
export function useAssumptions(defaults: Assumptions | undefined, onEdit?: () => void) {
  const [draft, setDraft] = useState<AssumptionDraft | undefined>(() =>
    defaults ? toDraft(defaults) : undefined,
  );
  const [errors, setErrors] = useState<AssumptionErrors>({});
  const request = (): { overrides: Overrides; offerIds: string[] } =>
    defaults && draft ? toOverrides(defaults, draft) : { overrides: {}, offerIds: [] };
  const showErrors = (fieldErrors: readonly FieldError[], offerIds: readonly string[]) => {
    const split = splitAssumptionErrors(fieldErrors, offerIds);
    setErrors(split.assumptions);
    return { named: Object.keys(split.assumptions).length, other: split.other };
  };
  const editor =
    defaults && draft ? (
      <AssumptionsEditor
        defaults={defaults}
        draft={draft}
        errors={errors}
        onChange={(next) => {
          setDraft(next);
          onEdit?.();
        }}
        onReset={() => {
          setDraft(toDraft(defaults));
          setErrors({});
          onEdit?.();
        }}
      />
    ) : null;
  return { enabled: editor !== null, request, showErrors, editor };
}
