'use client';
import { FIELDS, type FieldName } from '@telco-churn/core/fields';
import { allowedValues, type FormValues } from '../lib/form-state';

interface Props {
  name: FieldName;
  values: FormValues;
  error?: string;
  onChange: (name: FieldName, value: string) => void;
  onBlur: (name: FieldName) => void;
}

/** One of the 19 fields, drawn from its FIELDS entry: number box, segmented choice or list. */
export function FieldControl({ name, values, error, onChange, onBlur }: Props) {
  const spec = FIELDS[name];
  const id = `f-${name}`;
  const errorId = `${id}-error`;
  const hintId = `${id}-hint`;
  const errorText = error ? (
    <span id={errorId} className="field-error" role="alert">
      {error}
    </span>
  ) : null;

  if (spec.kind !== 'category') {
    return (
      <div className="field">
        <label className="field-label" htmlFor={id}>
          {spec.label} <span className="muted">({spec.unit})</span>
        </label>
        <input
          id={id}
          name={name}
          type="number"
          inputMode={spec.kind === 'integer' ? 'numeric' : 'decimal'}
          step={spec.kind === 'integer' ? 1 : 0.01}
          min={spec.min}
          max={spec.max}
          value={values[name]}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${errorId} ${hintId}` : hintId}
          onChange={(e) => onChange(name, e.target.value)}
          onBlur={() => onBlur(name)}
        />
        <span id={hintId} className="field-hint">
          {spec.min}–{spec.max} {spec.unit}
        </span>
        {errorText}
      </div>
    );
  }

  const options = allowedValues(name, values);
  const locked = options.length === 1 && spec.values.length > 1;
  if (spec.values.length > 3) {
    return (
      <div className="field">
        <label className="field-label" htmlFor={id}>
          {spec.label}
        </label>
        <select
          id={id}
          name={name}
          value={values[name]}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? errorId : undefined}
          onChange={(e) => onChange(name, e.target.value)}
        >
          {options.map((option) => (
            <option key={option} value={option}>
              {option}
            </option>
          ))}
        </select>
        {errorText}
      </div>
    );
  }
  return (
    <fieldset className="field" aria-describedby={error ? errorId : undefined}>
      <legend className="field-label">{spec.label}</legend>
      <div className="segmented">
        {options.map((option) => (
          <label key={option}>
            <input
              type="radio"
              name={name}
              value={option}
              checked={values[name] === option}
              disabled={locked}
              onChange={() => onChange(name, option)}
            />
            <span>{option}</span>
          </label>
        ))}
      </div>
      {errorText}
    </fieldset>
  );
}
