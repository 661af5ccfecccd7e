/**
 * The one rewrite the offline Terraform checks need, and nothing else.
 *
 * `@cdktf/provider-aws` 21.x pins the AWS provider to 6.25.0, but the plugin directory on this
 * machine (and in CI) holds 5.100.0 and no registry is reachable. Two things differ between the
 * two for our stacks, and only these two are changed:
 *  1. `terraform.required_providers.aws.version`: the pin "6.25.0" becomes "5.100.0";
 *  2. `data.aws_region.<name>.region` (the v6 attribute) becomes `.name` (its v5 spelling).
 * Everything else (resources, attributes, lifecycle) stays byte for byte, so Terraform still
 * reports every real error. If the stack pins something other than 6.25.0, or uses no aws
 * provider, the rewrite refuses: a new pin must be looked at, not silently bent.
 */
export const SYNTH_PROVIDER_VERSION = '6.25.0';
export const OFFLINE_PROVIDER_VERSION = '5.100.0';

export class OfflineRewriteError extends Error {
  constructor(detail: string) {
    super(`offline provider rewrite: ${detail}`);
    this.name = 'OfflineRewriteError';
  }
}

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */
type Json = Record<string, any>;

const REGION_REF = /\bdata\.aws_region\.([A-Za-z0-9_-]+)\.region\b/g;

/** Returns the rewritten stack JSON (the input is not modified) and how many region references changed. */
export function rewriteForOfflineProvider(stack: Json): { stack: Json; regionReferences: number } {
  const aws = stack.terraform?.required_providers?.aws;
  if (!aws) throw new OfflineRewriteError('the stack requires no aws provider');
  if (aws.version !== SYNTH_PROVIDER_VERSION) {
    throw new OfflineRewriteError(
      `the stack pins aws ${aws.version}, expected ${SYNTH_PROVIDER_VERSION}: review what changed before adjusting this rewrite`,
    );
  }
  let regionReferences = 0;
  const text = JSON.stringify(stack).replace(REGION_REF, (_match, name: string) => {
    regionReferences += 1;
    return `data.aws_region.${name}.name`;
  });
  const out = JSON.parse(text) as Json;
  out.terraform.required_providers.aws.version = OFFLINE_PROVIDER_VERSION;
  return { stack: out, regionReferences };
}
