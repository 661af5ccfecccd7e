import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { Construct } from 'constructs';
import { InvalidPropsError } from '../shared/errors';

export interface PolicyStatement {
  readonly sid: string;
  readonly actions: readonly string[];
  readonly resources: readonly string[];
  readonly conditions?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

/**
 * The only actions allowed on Resource "*": AWS offers no resource-level permissions for them
 * (IAM service authorization reference, "Resource types" column empty). The policy suite checks
 * every synthesized policy against this same list.
 */
export const WILDCARD_ONLY_ACTIONS: readonly string[] = [
  // ECR login: a registry-wide token; the pulls themselves are scoped to repositories.
  'ecr:GetAuthorizationToken',
  // SageMaker's execution role publishes endpoint metrics; PutMetricData takes no resource.
  'cloudwatch:PutMetricData',
];

/** An action with a `*` in it (e.g. `s3:*`, `logs:Put*`) never passes review. */
export function isWildcardAction(action: string): boolean {
  return action.includes('*');
}

export function statementProblem(s: PolicyStatement): string | undefined {
  if (s.actions.length === 0) return `statement ${s.sid} has no actions`;
  if (s.resources.length === 0) return `statement ${s.sid} has no resources`;
  const wildAction = s.actions.find(isWildcardAction);
  if (wildAction) return `statement ${s.sid} uses the wildcard action ${wildAction}`;
  if (s.resources.includes('*')) {
    const unlisted = s.actions.filter((a) => !WILDCARD_ONLY_ACTIONS.includes(a));
    if (unlisted.length > 0) return `statement ${s.sid} grants ${unlisted.join(', ')} on "*"`;
  }
  return undefined;
}

/** The IAM JSON policy document; CDKTF tokens inside ARNs resolve to Terraform interpolations. */
export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: statements.map((s) => ({
      Sid: s.sid,
      Effect: 'Allow',
      Action: [...s.actions],
      Resource: [...s.resources],
      ...(s.conditions ? { Condition: s.conditions } : {}),
    })),
  });
}

/**
 * Trust policy for an AWS service. `conditions` (e.g. aws:SourceAccount / aws:SourceArn) stop the
 * service from assuming the role on behalf of another account (the confused-deputy problem).
 */
export function assumeRolePolicy(service: string, conditions?: PolicyStatement['conditions']): string {
  return JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Effect: 'Allow',
        Principal: { Service: service },
        Action: 'sts:AssumeRole',
        ...(conditions ? { Condition: conditions } : {}),
      },
    ],
  });
}

/**
 * Attaches an inline policy to a role. Constructs that create a resource grant access to it here
 * (the Lambda construct to its endpoint and log group, ...), so each grant names exact ARNs.
 */
export function grant(
  scope: Construct,
  id: string,
  role: IamRole,
  statements: readonly PolicyStatement[],
): IamRolePolicy {
  for (const s of statements) {
    const problem = statementProblem(s);
    if (problem) throw new InvalidPropsError(scope.node.path, id, problem);
  }
  return new IamRolePolicy(scope, id, { name: id, role: role.id, policy: policyDocument(statements) });
}

/** logs:CreateLogStream + PutLogEvents on one log group (the ARN attribute has no ":*" suffix). */
export function writeLogsStatement(sid: string, logGroupArn: string): PolicyStatement {
  return {
    sid,
    actions: ['logs:CreateLogStream', 'logs:PutLogEvents'],
    resources: [logGroupArn, `${logGroupArn}:log-stream:*`],
  };
}
