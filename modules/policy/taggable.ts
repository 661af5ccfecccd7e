/**
 * Whether a Terraform resource type takes `tags`, read from the provider bindings themselves
 * (the class for aws_x_y lives in @cdktf/provider-aws/lib/x-y and has a `tags` accessor when the
 * schema has the attribute), so the policy needs no hand-kept list that could go stale.
 */
const cache = new Map<string, boolean>();

export function isTaggable(type: string): boolean {
  const known = cache.get(type);
  if (known !== undefined) return known;
  const answer = lookup(type);
  cache.set(type, answer);
  return answer;
}

function lookup(type: string): boolean {
  if (!type.startsWith('aws_')) throw new Error(`policy: no provider bindings for resource type ${type}`);
  const modulePath = `@cdktf/provider-aws/lib/${type.slice(4).replace(/_/g, '-')}`;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the module is chosen at run time
  const exports = require(modulePath) as Record<string, unknown>;
  const resource = Object.values(exports).find(
    (value): value is { prototype: object } =>
      typeof value === 'function' && (value as { tfResourceType?: string }).tfResourceType === type,
  );
  if (!resource) throw new Error(`policy: ${modulePath} has no class for ${type}`);
  return Object.getOwnPropertyDescriptor(resource.prototype, 'tags') !== undefined;
}
