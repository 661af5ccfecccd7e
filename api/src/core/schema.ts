import Joi from 'joi';
import { ADD_ONS, Customer, FIELD_NAMES, FIELDS, FieldName, FieldSpec } from './fields';

/** One validation problem, named by the field it concerns (the API's 422 list items). */
export interface FieldError {
  field: string;
  message: string;
}

const quoteList = (values: readonly string[]): string =>
  values.length === 1
    ? `"${values[0]}"`
    : `${values
        .slice(0, -1)
        .map((v) => `"${v}"`)
        .join(', ')} or "${values[values.length - 1]}"`;

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
 * The consistency rules of the real data: the dependent fields' allowed values depend on
 * phoneService / internetService, so the condition alone decides what is valid.
 */
function dependentSchema(name: FieldName, spec: FieldSpec, base: Joi.Schema): Joi.Schema {
  if (spec.kind !== 'category') return base;
  const [on, off] =
    name === 'multipleLines'
      ? (['phoneService', 'No phone service'] as const)
      : (['internetService', 'No internet service'] as const);
  if (name !== 'multipleLines' && !(ADD_ONS as readonly string[]).includes(name)) return base;
  const typed = Joi.string()
    .required()
    .messages({
      'any.required': `${name} is required`,
      'string.base': `${name} must be a string, one of ${quoteList(spec.values)}`,
    });
  return typed.when(on, {
    is: 'No',
    then: allowed(name, [off], `${on} is "No"`),
    otherwise: allowed(
      name,
      spec.values.filter((v) => v !== off),
      `${on} is not "No"`,
    ),
  });
}

const keys = Object.fromEntries(
  FIELD_NAMES.map((name) => [name, dependentSchema(name, FIELDS[name], fieldSchema(name, FIELDS[name]))]),
) as Record<FieldName, Joi.Schema>;

/**
 * The request body of one prediction. Strict: no type conversion ("42" is not a number),
 * unknown fields are errors, every field is required.
 */
export const customerSchema = Joi.object<Customer>(keys)
  .required()
  .prefs({ convert: false, abortEarly: false, errors: { wrap: { label: false } } })
  .messages({
    'object.unknown': '{{#label}} is not a known field',
    'object.base': 'the customer must be a JSON object',
    'any.required': 'the customer must be a JSON object',
  });

export type Validation<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

function toFieldErrors(error: Joi.ValidationError): FieldError[] {
  return error.details.map((detail) => ({
    field: detail.path.map(String).join('.') || '(body)',
    message: detail.message,
  }));
}

/** Validates one customer; every problem is returned, each naming its field. */
export function validateCustomer(input: unknown): Validation<Customer> {
  const { error, value } = customerSchema.validate(input);
  if (error) return { ok: false, errors: toFieldErrors(error) };
  return { ok: true, value: value as Customer };
}
