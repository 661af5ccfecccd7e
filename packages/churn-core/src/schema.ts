import Joi from 'joi';
import type { FieldError } from './contracts';
import { conditionText, DEPENDENCIES, dependencyOf, dependentValues, SERVICE_OFF } from './dependencies';
import { Customer, FIELD_NAMES, FIELDS, FieldName, FieldSpec, quoteList } from './fields';

function fieldSchema(name: FieldName, spec: FieldSpec): Joi.Schema {
  if (spec.kind === 'category') {
    return Joi.string()
      .valid(...spec.values)
      .required()
      .messages({
        'any.required': `${name} is required`,
        'string.base': `${name} must be a string, one of ${quoteList(spec.values)}`,
        'any.only': `${name} must be one of ${quoteList(spec.values)}`,
      });
  }
  const range = `from ${spec.min} to ${spec.max}`;
  let schema = Joi.number().min(spec.min).max(spec.max).required();
  if (spec.kind === 'integer') schema = schema.integer();
  const what = spec.kind === 'integer' ? 'a whole number' : 'a number';
  return schema.messages({
    'any.required': `${name} is required`,
    'number.base': `${name} must be ${what} ${range}`,
    'number.infinity': `${name} must be ${what} ${range}`,
    'number.integer': `${name} must be a whole number of ${spec.unit} ${range}`,
    'number.min': `${name} must be ${what} ${range}`,
    'number.max': `${name} must be ${what} ${range}`,
    'number.unsafe': `${name} must be ${what} ${range}`,
  });
}

const allowed = (name: string, values: readonly string[], condition: string): Joi.Schema =>
  Joi.valid(...values).messages({ 'any.only': `${name} must be ${quoteList(values)} when ${condition}` });

/**
 * A dependent field (dependencies.ts): its parent service alone decides which values are valid,
 * so the message names the condition.
 */
function dependentSchema(name: FieldName, spec: FieldSpec, base: Joi.Schema): Joi.Schema {
  const dependency = dependencyOf(name);
  if (spec.kind !== 'category' || !dependency) return base;
  const typed = Joi.string()
    .required()
    .messages({
      'any.required': `${name} is required`,
      'string.base': `${name} must be a string, one of ${quoteList(spec.values)}`,
    });
  const { on, off } = dependentValues(dependency);
  return typed.when(dependency.parent, {
    is: SERVICE_OFF,
    then: allowed(name, off, conditionText(dependency, true)),
    otherwise: allowed(name, on, conditionText(dependency, false)),
  });
}

let built: Joi.ObjectSchema<Customer> | undefined;

/**
 * The request body of one prediction. Strict: no type conversion ("42" is not a number),
 * unknown fields are errors, every field is required. Built on first use, not at import: the
 * plain check below answers every valid customer, and building this costs ~20 ms of a cold
 * start (joi clones the schema at every step).
 */
export function customerSchema(): Joi.ObjectSchema<Customer> {
  if (built) return built;
  const keys = Object.fromEntries(
    FIELD_NAMES.map((name) => [name, dependentSchema(name, FIELDS[name], fieldSchema(name, FIELDS[name]))]),
  ) as Record<FieldName, Joi.Schema>;
  built = Joi.object<Customer>(keys)
    .required()
    .prefs({ convert: false, abortEarly: false, errors: { wrap: { label: false } } })
    .messages({
      'object.unknown': '{{#label}} is not a known field',
      'object.base': 'the customer must be a JSON object',
      'any.required': 'the customer must be a JSON object',
    });
  return built;
}

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

function toFieldErrors(error: Joi.ValidationError): FieldError[] {
  return error.details.map((detail) => {
    if (detail.path.length === 0) return { field: '(body)', message: detail.message };
    const field = detail.path.map(String).join('.');
    // joi labels the key "" with the object's own (empty) label: name the key, not the body.
    return field === ''
      ? { field, message: 'the empty key "" is not a known field' }
      : { field, message: detail.message };
  });
}

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

// The dependency table as flat arrays: this check runs for every customer the API scores.
const DEPENDENT_FIELDS = DEPENDENCIES.map((d) => d.field);
const DEPENDENT_PARENTS = DEPENDENCIES.map((d) => d.parent);
const DEPENDENT_WITHOUT = DEPENDENCIES.map((d) => d.without);

const SPECS: readonly (readonly [FieldName, FieldSpec])[] = FIELD_NAMES.map((name) => [name, FIELDS[name]]);

/**
 * The schema's rules as plain checks read from FIELDS: joi costs ~30 µs a customer, this
 * ~0.4 µs. Only a customer that passes skips joi; any other goes to joi, which decides and
 * words the errors. A property test holds the two to the same verdicts.
 */
export function isPlainlyValid(input: unknown): boolean {
  if (!isObject(input)) return false;
  if (Object.keys(input).length !== SPECS.length) return false;
  for (const [name, spec] of SPECS) {
    const value = input[name];
    if (spec.kind === 'category') {
      if (typeof value !== 'string' || !spec.values.includes(value)) return false;
    } else if (
      typeof value !== 'number' ||
      !(value >= spec.min && value <= spec.max) ||
      (spec.kind === 'integer' && !Number.isInteger(value))
    ) {
      return false;
    }
  }
  for (let i = 0; i < DEPENDENT_FIELDS.length; i++)
    if (
      (input[DEPENDENT_PARENTS[i]] === SERVICE_OFF) !==
      (input[DEPENDENT_FIELDS[i]] === DEPENDENT_WITHOUT[i])
    )
      return false;
  return true;
}

/**
 * Validates one customer; every problem is returned, each naming its field. A valid customer
 * is returned as it came (no copy).
 */
export function validateCustomer(input: unknown): Validation<Customer> {
  if (isPlainlyValid(input)) return { ok: true, value: input as Customer };
  const { error, value } = customerSchema().validate(input);
  const errors = error ? toFieldErrors(error) : [];
  const proto = protoKeyError(input);
  if (proto) errors.push(proto);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: value as Customer };
}
