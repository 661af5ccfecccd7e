import type Joi from 'joi';

/** The subset of OpenAPI 3.0's Schema Object this generator writes. */
export interface OpenApiSchema {
  type?: 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean';
  properties?: Record<string, OpenApiSchema>;
  required?: string[];
  additionalProperties?: boolean | OpenApiSchema;
  items?: OpenApiSchema;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: boolean;
  exclusiveMaximum?: boolean;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  title?: string;
  description?: string;
  example?: unknown;
  nullable?: boolean;
  $ref?: string;
  oneOf?: OpenApiSchema[];
  'x-conditions'?: { when: string; is: unknown[]; then?: unknown[]; otherwise?: unknown[] }[];
}

/** The shape `Joi.Schema.describe()` returns, as far as this generator reads it. */
interface Description {
  type: string;
  flags?: { presence?: string; only?: boolean; unknown?: boolean; description?: string };
  allow?: unknown[];
  rules?: { name: string; args?: { limit?: unknown; regex?: string } }[];
  keys?: Record<string, Description>;
  items?: Description[];
  whens?: { ref?: { path?: string[] }; is?: Description; then?: Description; otherwise?: Description }[];
  preferences?: { presence?: string };
}

// joi marks `.valid(x, {override: true})`-style entries as objects; only literal values are enum members.
const literals = (values: unknown[] | undefined): unknown[] =>
  (values ?? []).filter((v) => v === null || typeof v !== 'object');

const numericType = (d: Description): 'integer' | 'number' =>
  d.rules?.some((r) => r.name === 'integer') ? 'integer' : 'number';

function applyRules(d: Description, out: OpenApiSchema): void {
  for (const rule of d.rules ?? []) {
    const limit = rule.args?.limit;
    if (typeof limit !== 'number') continue;
    if (d.type === 'number') {
      if (rule.name === 'min') out.minimum = limit;
      if (rule.name === 'max') out.maximum = limit;
      if (rule.name === 'greater') Object.assign(out, { minimum: limit, exclusiveMinimum: true });
      if (rule.name === 'less') Object.assign(out, { maximum: limit, exclusiveMaximum: true });
    } else if (d.type === 'array') {
      if (rule.name === 'min') out.minItems = limit;
      if (rule.name === 'max') out.maxItems = limit;
      if (rule.name === 'length') Object.assign(out, { minItems: limit, maxItems: limit });
    } else if (d.type === 'string') {
      if (rule.name === 'min') out.minLength = limit;
      if (rule.name === 'max') out.maxLength = limit;
      if (rule.name === 'length') Object.assign(out, { minLength: limit, maxLength: limit });
    }
  }
}

/**
 * A `when` makes the allowed values depend on another field. OpenAPI 3.0 cannot say that, so
 * the enum is the union of every branch (what any request may hold) and the rule itself goes
 * into `x-conditions` and the description.
 */
function applyWhens(d: Description, out: OpenApiSchema): void {
  if (!d.whens?.length) return;
  const union = new Set<unknown>(out.enum ?? []);
  out['x-conditions'] = [];
  const sentences: string[] = [];
  for (const w of d.whens) {
    const then = literals(w.then?.allow);
    const otherwise = literals(w.otherwise?.allow);
    for (const v of [...then, ...otherwise]) union.add(v);
    const on = (w.ref?.path ?? []).join('.');
    const is = literals(w.is?.allow);
    out['x-conditions'].push({ when: on, is, then, otherwise });
    const isText = is.map((v) => JSON.stringify(v)).join(' or ');
    if (then.length)
      sentences.push(`When ${on} is ${isText}: ${then.map((v) => JSON.stringify(v)).join(', ')}.`);
    if (otherwise.length) sentences.push(`Otherwise: ${otherwise.map((v) => JSON.stringify(v)).join(', ')}.`);
  }
  if (union.size) out.enum = [...union];
  out.description = [out.description, ...sentences].filter(Boolean).join(' ');
}

function convert(d: Description, inheritedPresence?: string): OpenApiSchema {
  const out: OpenApiSchema = {};
  if (d.flags?.description) out.description = d.flags.description;
  switch (d.type) {
    case 'object': {
      out.type = 'object';
      const presence = d.preferences?.presence ?? inheritedPresence;
      const properties: Record<string, OpenApiSchema> = {};
      const required: string[] = [];
      for (const [name, child] of Object.entries(d.keys ?? {})) {
        properties[name] = convert(child, presence);
        const childPresence = child.flags?.presence ?? child.preferences?.presence ?? presence;
        if (childPresence === 'required') required.push(name);
      }
      if (d.keys) out.properties = properties;
      if (required.length) out.required = required;
      out.additionalProperties = d.flags?.unknown === true;
      break;
    }
    case 'array':
      out.type = 'array';
      out.items = d.items?.length === 1 ? convert(d.items[0]) : {};
      break;
    case 'number':
      out.type = numericType(d);
      break;
    case 'string':
    case 'boolean':
      out.type = d.type;
      break;
    default:
      // `any` with `.valid(...)`: the type follows the values.
      if (literals(d.allow).every((v) => typeof v === 'string') && d.allow?.length) out.type = 'string';
  }
  if (d.flags?.only) {
    const values = literals(d.allow);
    if (values.length) out.enum = values;
  }
  applyRules(d, out);
  applyWhens(d, out);
  return out;
}

/** OpenAPI 3.0 schema of a joi schema, from its `describe()` output (one source of truth). */
export function joiToOpenApi(schema: Joi.Schema): OpenApiSchema {
  return convert(schema.describe() as Description);
}
