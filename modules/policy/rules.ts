import { WILDCARD_ONLY_ACTIONS } from '../iam/policy';
import { isTaggable } from './taggable';

/* eslint-disable @typescript-eslint/no-explicit-any -- synthesized Terraform JSON is untyped */
type Json = Record<string, any>;

export interface Violation {
  readonly rule: RuleName;
  /** Terraform address, e.g. `aws_iam_role_policy.lambda_access_1234`. */
  readonly address: string;
  readonly message: string;
}

export type RuleName =
  | 'iam-wildcard'
  | 'managed-full-access'
  | 'open-ingress'
  | 'public-task-ip'
  | 'bucket-encryption'
  | 'log-retention'
  | 'stream-encryption'
  | 'query-results-encryption'
  | 'required-tags';

export interface PolicyOptions {
  /** Tag keys every taggable resource must carry (resource tags or provider default_tags). */
  readonly requiredTags: readonly string[];
  readonly wildcardOnlyActions?: readonly string[];
}

interface Resource {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly body: Json;
}

function resources(stack: Json): Resource[] {
  return Object.entries((stack.resource ?? {}) as Record<string, Record<string, Json>>).flatMap(
    ([type, byName]) =>
      Object.entries(byName).map(([name, body]) => ({ type, name, address: `${type}.${name}`, body })),
  );
}

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** Identity policies (what a role may do); resource policies such as bucket policies are not. */
function identityPolicies(all: Resource[]): Array<{ address: string; document: Json }> {
  const out: Array<{ address: string; document: Json }> = [];
  for (const r of all) {
    if (
      r.type === 'aws_iam_role_policy' ||
      r.type === 'aws_iam_policy' ||
      r.type === 'aws_iam_user_policy' ||
      r.type === 'aws_iam_group_policy'
    ) {
      out.push({ address: r.address, document: JSON.parse(r.body.policy) });
    }
    if (r.type === 'aws_iam_role') {
      for (const inline of asArray(r.body.inline_policy))
        out.push({ address: r.address, document: JSON.parse(inline.policy) });
    }
  }
  return out;
}

/** A whole-service resource such as `arn:aws:s3:::*` is as broad as "*". */
const SERVICE_WIDE = /^arn:[^:]+:[^:]+:[^:]*:[^:]*:\*$/;

export function iamWildcards(all: Resource[], allowList: readonly string[]): Violation[] {
  const out: Violation[] = [];
  for (const { address, document } of identityPolicies(all)) {
    for (const st of asArray<Json>(document.Statement)) {
      if (st.Effect !== 'Allow') continue;
      const sid = st.Sid ? ` (${st.Sid})` : '';
      if (st.NotAction || st.NotResource)
        out.push({ rule: 'iam-wildcard', address, message: `statement${sid} uses NotAction/NotResource` });
      const actions = asArray<string>(st.Action);
      for (const action of actions.filter((a) => a.includes('*'))) {
        out.push({
          rule: 'iam-wildcard',
          address,
          message: `statement${sid} allows the wildcard action ${action}`,
        });
      }
      const broad = asArray<string>(st.Resource).filter((r) => r === '*' || SERVICE_WIDE.test(r));
      if (broad.length > 0) {
        for (const action of actions.filter((a) => !allowList.includes(a))) {
          out.push({
            rule: 'iam-wildcard',
            address,
            message: `statement${sid} allows ${action} on ${broad[0]}, which is not in the wildcard allow-list`,
          });
        }
      }
    }
  }
  return out;
}

export function managedFullAccess(all: Resource[]): Violation[] {
  const out: Violation[] = [];
  for (const r of all) {
    const arns = [
      ...([
        'aws_iam_role_policy_attachment',
        'aws_iam_policy_attachment',
        'aws_iam_user_policy_attachment',
        'aws_iam_group_policy_attachment',
      ].includes(r.type)
        ? [r.body.policy_arn]
        : []),
      ...(r.type === 'aws_iam_role' ? asArray<string>(r.body.managed_policy_arns) : []),
      ...(r.type === 'aws_iam_role_policy_attachments_exclusive' ? asArray<string>(r.body.policy_arns) : []),
    ];
    for (const arn of arns.filter(
      (a) => typeof a === 'string' && /FullAccess|AdministratorAccess|PowerUserAccess/.test(a),
    )) {
      out.push({
        rule: 'managed-full-access',
        address: r.address,
        message: `attaches the AWS managed policy ${arn}`,
      });
    }
  }
  return out;
}

/** `${aws_security_group.name.id}` -> `aws_security_group.name`. */
const sgRef = (ref: string): string | undefined => /^\$\{(aws_security_group\.[^.]+)\.id\}$/.exec(ref)?.[1];

export function openIngress(all: Resource[]): Violation[] {
  const albGroups = new Set(
    all
      .filter((r) => r.type === 'aws_lb' || r.type === 'aws_alb')
      .flatMap((r) => asArray<string>(r.body.security_groups).map(sgRef)),
  );
  const rules: Array<{
    address: string;
    group?: string;
    cidrs: string[];
    from?: number;
    to?: number;
    protocol: string;
  }> = [];
  for (const r of all) {
    if (r.type === 'aws_vpc_security_group_ingress_rule') {
      rules.push({
        address: r.address,
        group: sgRef(r.body.security_group_id),
        cidrs: [r.body.cidr_ipv4, r.body.cidr_ipv6].filter(Boolean),
        from: r.body.from_port,
        to: r.body.to_port,
        protocol: String(r.body.ip_protocol),
      });
    } else if (r.type === 'aws_security_group_rule' && r.body.type === 'ingress') {
      rules.push({
        address: r.address,
        group: sgRef(r.body.security_group_id),
        cidrs: [...asArray<string>(r.body.cidr_blocks), ...asArray<string>(r.body.ipv6_cidr_blocks)],
        from: r.body.from_port,
        to: r.body.to_port,
        protocol: String(r.body.protocol),
      });
    } else if (r.type === 'aws_security_group') {
      for (const ing of asArray<Json>(r.body.ingress)) {
        rules.push({
          address: r.address,
          group: r.address,
          cidrs: [...asArray<string>(ing.cidr_blocks), ...asArray<string>(ing.ipv6_cidr_blocks)],
          from: ing.from_port,
          to: ing.to_port,
          protocol: String(ing.protocol),
        });
      }
    }
  }
  const out: Violation[] = [];
  for (const rule of rules) {
    if (!rule.cidrs.some((c) => c === '0.0.0.0/0' || c === '::/0')) continue;
    const webPort =
      rule.protocol === 'tcp' && rule.from === rule.to && (rule.from === 80 || rule.from === 443);
    if (webPort && rule.group !== undefined && albGroups.has(rule.group)) continue;
    const ports =
      rule.protocol === '-1' ? 'all ports' : `port ${rule.from}${rule.to !== rule.from ? `-${rule.to}` : ''}`;
    out.push({
      rule: 'open-ingress',
      address: rule.address,
      message: `admits the whole internet on ${ports}${webPort ? " to a group that is not a load balancer's" : ''}`,
    });
  }
  return out;
}

export function publicTaskIps(all: Resource[]): Violation[] {
  return all
    .filter(
      (r) =>
        r.type === 'aws_ecs_service' &&
        asArray<Json>(r.body.network_configuration).some(
          (n) => n.assign_public_ip === true || n.assign_public_ip === 'true',
        ),
    )
    .map((r) => ({
      rule: 'public-task-ip' as const,
      address: r.address,
      message: 'gives its tasks a public IP',
    }));
}

export function unencryptedBuckets(all: Resource[]): Violation[] {
  const encrypted = new Set(
    all
      .filter((r) => r.type === 'aws_s3_bucket_server_side_encryption_configuration')
      .map((r) => /^\$\{(aws_s3_bucket\.[^.]+)\.(id|bucket)\}$/.exec(r.body.bucket)?.[1]),
  );
  return all
    .filter(
      (r) =>
        r.type === 'aws_s3_bucket' &&
        !encrypted.has(r.address) &&
        !r.body.server_side_encryption_configuration,
    )
    .map((r) => ({
      rule: 'bucket-encryption' as const,
      address: r.address,
      message: 'has no server-side encryption configuration',
    }));
}

export function logRetention(all: Resource[]): Violation[] {
  return all
    .filter((r) => r.type === 'aws_cloudwatch_log_group' && !(Number(r.body.retention_in_days) > 0))
    .map((r) => ({
      rule: 'log-retention' as const,
      address: r.address,
      message: 'keeps logs forever (no retention_in_days)',
    }));
}

/** The prediction log holds customer data (binned): Firehose must encrypt it at rest too. */
export function unencryptedStreams(all: Resource[]): Violation[] {
  return all
    .filter(
      (r) =>
        r.type === 'aws_kinesis_firehose_delivery_stream' &&
        // A Kinesis-sourced stream is encrypted by its source stream's settings instead.
        !r.body.kinesis_source_configuration &&
        !asArray<Json>(r.body.server_side_encryption).some((e) => e.enabled === true || e.enabled === 'true'),
    )
    .map((r) => ({
      rule: 'stream-encryption' as const,
      address: r.address,
      message: 'accepts records without server-side encryption',
    }));
}

/**
 * Athena writes query results (rows of the log) wherever a caller says unless the workgroup
 * enforces its own encrypted location.
 */
export function unencryptedQueryResults(all: Resource[]): Violation[] {
  const out: Violation[] = [];
  for (const r of all.filter((res) => res.type === 'aws_athena_workgroup')) {
    const config = asArray<Json>(r.body.configuration)[0] ?? {};
    const result = asArray<Json>(config.result_configuration)[0] ?? {};
    const encryption = asArray<Json>(result.encryption_configuration)[0]?.encryption_option;
    if (!encryption)
      out.push({
        rule: 'query-results-encryption',
        address: r.address,
        message: 'does not encrypt query results',
      });
    if (config.enforce_workgroup_configuration !== true && config.enforce_workgroup_configuration !== 'true')
      out.push({
        rule: 'query-results-encryption',
        address: r.address,
        message: 'lets callers override its result location and encryption',
      });
  }
  return out;
}

export function requiredTags(stack: Json, all: Resource[], required: readonly string[]): Violation[] {
  // default_tags count only when every aws provider block carries them (aliases included).
  const providers = asArray<Json>(stack.provider?.aws);
  const defaults =
    providers.length === 0
      ? {}
      : providers
          .map((p) => asArray<Json>(p.default_tags)[0]?.tags ?? {})
          .reduce((a, b) => Object.fromEntries(Object.entries(a).filter(([k]) => k in b)));
  const out: Violation[] = [];
  for (const r of all.filter((res) => isTaggable(res.type))) {
    const tags = { ...defaults, ...(r.body.tags ?? {}) };
    const missing = required.filter((key) => typeof tags[key] !== 'string' || tags[key] === '');
    if (missing.length > 0)
      out.push({
        rule: 'required-tags',
        address: r.address,
        message: `lacks the tags ${missing.join(', ')}`,
      });
  }
  return out;
}

/** Every rule over one synthesized stack (the cdk.tf.json of `cdktf synth`). */
export function checkStack(stack: Json, options: PolicyOptions): Violation[] {
  const all = resources(stack);
  return [
    ...iamWildcards(all, options.wildcardOnlyActions ?? WILDCARD_ONLY_ACTIONS),
    ...managedFullAccess(all),
    ...openIngress(all),
    ...publicTaskIps(all),
    ...unencryptedBuckets(all),
    ...logRetention(all),
    ...unencryptedStreams(all),
    ...unencryptedQueryResults(all),
    ...requiredTags(stack, all, options.requiredTags),
  ];
}
