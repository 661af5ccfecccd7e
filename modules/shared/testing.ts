import { Testing, TerraformStack } from 'cdktf';
import { setupJest } from 'cdktf/lib/testing/adapters/jest';
import { Construct } from 'constructs';

setupJest();

/** Synthesizes one small stack built by `build`; per-construct tests stay fast this way. */
export function synthStack(build: (scope: Construct) => void): string {
  const app = Testing.app();
  const stack = new TerraformStack(app, 'test');
  build(stack);
  return Testing.synth(stack);
}

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */
export type Json = Record<string, any>;

/** All resources of one Terraform type in a synthesized stack, keyed by logical id. */
export function resourcesOf(synth: string, type: string): Record<string, Json> {
  return (JSON.parse(synth).resource?.[type] ?? {}) as Record<string, Json>;
}

export function onlyResource(synth: string, type: string): Json {
  const all = Object.values(resourcesOf(synth, type));
  if (all.length !== 1) throw new Error(`expected one ${type}, found ${all.length}`);
  return all[0];
}

/** The parsed IAM policy documents of every inline role policy in the stack. */
export function inlinePolicies(synth: string): Json[] {
  return Object.values(resourcesOf(synth, 'aws_iam_role_policy')).map((p) => JSON.parse(p.policy));
}
