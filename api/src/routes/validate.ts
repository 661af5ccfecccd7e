import type { Customer } from '../core/fields';
import { FieldError, Validation, validateCustomer } from '../core/schema';
import { isPlainlyValid } from '../core/telco-csv';

const isObject = (input: unknown): input is Record<string, unknown> =>
  typeof input === 'object' && input !== null && !Array.isArray(input);

/**
 * JSON.parse makes `"__proto__"` an own key, but joi skips it, so a body carrying one would
 * pass with an unknown field ignored. Unknown fields are errors, that one included.
 */
export function protoKeyError(input: unknown): FieldError | undefined {
  return isObject(input) && Object.hasOwn(input, '__proto__')
    ? { field: '__proto__', message: '__proto__ is not a known field' }
    : undefined;
}

/**
 * joi costs ~90 µs a customer, most of a /predict request's budget. A customer that the plain
 * checks (the schema's rules read from FIELDS) pass is valid for joi too, so only the others go
 * to joi, which decides and words the errors. The property tests hold the two to that.
 */
export function checkCustomer(input: unknown): Validation<Customer> {
  if (!isObject(input)) return validateCustomer(input);
  if (isPlainlyValid(input)) return { ok: true, value: input as Customer };
  const result = validateCustomer(input);
  const errors = result.ok ? [] : result.errors.map(emptyKey);
  const proto = protoKeyError(input);
  if (proto) errors.push(proto);
  return errors.length === 0 ? result : { ok: false, errors };
}

/**
 * The schema names a whole-body problem "(body)", which for an object can only be the key ""
 * (an empty path): say so rather than blame the body.
 */
const emptyKey = (error: FieldError): FieldError =>
  error.field === '(body)' ? { field: '', message: 'the empty key "" is not a known field' } : error;
