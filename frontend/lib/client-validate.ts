import {
  ADD_ONS,
  FIELD_NAMES,
  FIELDS,
  quoteList,
  type Customer,
  type FieldName,
} from '@telco-churn/core/fields';
import type { FieldError } from '@telco-churn/core/contracts';
import { allowedValues, type FormValues } from './form-state';

/**
 * The browser's copy of the API's validation, built from the same FIELDS table so the joi
 * library stays out of the page's JavaScript. For each field it gives the schema's first
 * message, word for word (a unit test compares the two on generated input); the server
 * validates again with joi.
 */

function numberError(name: FieldName, text: string): string | undefined {
  const spec = FIELDS[name];
  if (spec.kind === 'category') return undefined;
  if (text.trim() === '') return `${name} is required`;
  const range = `from ${spec.min} to ${spec.max}`;
  const what = spec.kind === 'integer' ? 'a whole number' : 'a number';
  const value = Number(text);
  if (!Number.isFinite(value)) return `${name} must be ${what} ${range}`;
  // joi reports the range before the integer rule; the form shows a field's first message.
  if (value < spec.min || value > spec.max) return `${name} must be ${what} ${range}`;
  if (spec.kind === 'integer' && !Number.isInteger(value))
    return `${name} must be a whole number of ${spec.unit} ${range}`;
  return undefined;
}

function categoryError(name: FieldName, values: FormValues): string | undefined {
  const spec = FIELDS[name];
  if (spec.kind !== 'category') return undefined;
  const value = values[name];
  if (value === undefined || value === '') return `${name} is required`;
  const dependent = name === 'multipleLines' || (ADD_ONS as readonly string[]).includes(name);
  if (!dependent)
    return spec.values.includes(value) ? undefined : `${name} must be one of ${quoteList(spec.values)}`;
  const parent = name === 'multipleLines' ? 'phoneService' : 'internetService';
  const allowed = allowedValues(name, values);
  if (allowed.includes(value)) return undefined;
  const condition = values[parent] === 'No' ? `${parent} is "No"` : `${parent} is not "No"`;
  return `${name} must be ${quoteList(allowed)} when ${condition}`;
}

export function validateForm(
  values: FormValues,
): { ok: true; value: Customer } | { ok: false; errors: FieldError[] } {
  const errors: FieldError[] = [];
  for (const name of FIELD_NAMES) {
    const message =
      FIELDS[name].kind === 'category' ? categoryError(name, values) : numberError(name, values[name] ?? '');
    if (message) errors.push({ field: name, message });
  }
  if (errors.length > 0) return { ok: false, errors };
  const value = Object.fromEntries(
    FIELD_NAMES.map((name) => [name, FIELDS[name].kind === 'category' ? values[name] : Number(values[name])]),
  ) as Customer;
  return { ok: true, value };
}
