import type { OpenApiSchema } from '../joi-to-openapi';

/**
 * Where `value` breaks `schema` (the OpenAPI subset this API writes), as readable paths; empty
 * when it conforms. Enough to hold the documented response shapes to the real answers.
 */
export function violations(
  value: unknown,
  schema: OpenApiSchema,
  components: Record<string, OpenApiSchema>,
  at = '$',
): string[] {
  if (schema.$ref)
    return violations(value, components[schema.$ref.split('/').pop() as string], components, at);
  if (schema.oneOf) {
    const fits = schema.oneOf.filter((s) => violations(value, s, components, at).length === 0);
    return fits.length === 1 ? [] : [`${at}: matches ${fits.length} of oneOf`];
  }
  if (value === null) return schema.nullable ? [] : [`${at}: null`];
  const out: string[] = [];
  const type = Array.isArray(value) ? 'array' : typeof value;
  if (schema.type === 'integer' ? !Number.isInteger(value) : schema.type && schema.type !== type) {
    return [`${at}: ${type}, expected ${schema.type}`];
  }
  if (schema.enum && !schema.enum.includes(value)) out.push(`${at}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) out.push(`${at}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) out.push(`${at}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.maxItems !== undefined && value.length > schema.maxItems)
      out.push(`${at}: over ${schema.maxItems} items`);
    if (schema.items)
      value.forEach((v, i) =>
        out.push(...violations(v, schema.items as OpenApiSchema, components, `${at}[${i}]`)),
      );
  } else if (type === 'object') {
    const record = value as Record<string, unknown>;
    for (const key of schema.required ?? []) if (!(key in record)) out.push(`${at}.${key}: missing`);
    for (const [key, v] of Object.entries(record)) {
      const property = schema.properties?.[key];
      if (property) out.push(...violations(v, property, components, `${at}.${key}`));
      else if (schema.additionalProperties === false) out.push(`${at}.${key}: not in the schema`);
    }
  }
  return out;
}
