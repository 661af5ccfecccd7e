import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Testing } from 'cdktf';
import { InfraConfig, loadConfig } from '../../config';
import { Json } from '../../shared/testing';
import { BackendSettings, parseBackend, stateKey } from '../backend';
import { buildStacks } from '../index';

const BACKEND_JSON = (bucket: string) =>
  JSON.stringify({
    terraform: {
      backend: {
        s3: {
          bucket,
          key: 'telco-churn/terraform.tfstate',
          region: 'eu-central-1',
          encrypt: true,
          use_lockfile: true,
        },
      },
    },
  });
const backend = parseBackend(BACKEND_JSON('acme-tfstate'));

function synthAll(
  config: InfraConfig = loadConfig({}, {}),
  settings: BackendSettings = backend,
): Record<'state' | 'artifacts' | 'churn', Json> {
  const stacks = buildStacks(Testing.app(), config, settings);
  return {
    state: JSON.parse(Testing.synth(stacks.state)),
    artifacts: JSON.parse(Testing.synth(stacks.artifacts)),
    churn: JSON.parse(Testing.synth(stacks.churn)),
  };
}
const one = (stack: Json, type: string): Json =>
  Object.values(stack.resource[type] as Record<string, Json>)[0];
const statements = (stack: Json): Json[] =>
  Object.values(stack.resource.aws_iam_role_policy as Record<string, Json>).flatMap(
    (p) => JSON.parse(p.policy).Statement,
  );

describe('the churn app', () => {
  const { state, artifacts, churn } = synthAll();
  const container = JSON.parse(one(churn, 'aws_ecs_task_definition').container_definitions)[0];
  const env = Object.fromEntries(
    container.environment.map((e: { name: string; value: string }) => [e.name, e.value]),
  );

  it('keeps each remote stack in its own key of the S3 backend, with S3 locking', () => {
    expect(churn.terraform.backend.s3).toEqual({
      bucket: 'acme-tfstate',
      key: 'telco-churn/churn.tfstate',
      region: 'eu-central-1',
      encrypt: true,
      use_lockfile: true,
    });
    expect(artifacts.terraform.backend.s3.key).toBe('telco-churn/artifacts.tfstate');
  });

  it('keeps the state stack on local state and creates the bucket backend.tf.json names', () => {
    expect(state.terraform.backend).toEqual({ local: { path: '../../../terraform.state.tfstate' } });
    expect(one(state, 'aws_s3_bucket')).toEqual(
      expect.objectContaining({ bucket: 'acme-tfstate', lifecycle: { prevent_destroy: true } }),
    );
  });

  it('generates a unique state bucket name while backend.tf.json holds the placeholder', () => {
    const placeholder = synthAll(
      loadConfig({}, {}),
      parseBackend(BACKEND_JSON('REPLACE-with-your-state-bucket')),
    );
    expect(one(placeholder.state, 'aws_s3_bucket').bucket).toMatch(
      /^churn-dev-tfstate-\$\{data\.aws_caller_identity\..*\.account_id\}-eu-central-1$/,
    );
  });

  it('creates both ECR repositories and the artifacts bucket before the platform', () => {
    expect(
      Object.values(artifacts.resource.aws_ecr_repository)
        .map((r) => (r as Json).name)
        .sort(),
    ).toEqual(['churn-dev-api', 'churn-dev-ui']);
    expect(one(artifacts, 'aws_s3_bucket').bucket).toMatch(/^churn-dev-artifacts-/);
  });

  it('runs the Lambda from the API repository at the configured tag', () => {
    expect(one(churn, 'aws_lambda_function').image_uri).toBe(
      '${data.aws_ecr_repository.api-repository.repository_url}:latest',
    );
  });

  it('points the Lambda at the endpoint it may invoke', () => {
    expect(one(churn, 'aws_lambda_function').environment.variables.SAGEMAKER_ENDPOINT_NAME).toMatch(
      /^\$\{aws_sagemaker_endpoint\.endpoint_.*\.name\}$/,
    );
  });

  it('serves the model from the artifacts bucket and lets SageMaker read the models/ root', () => {
    const model = loadConfig({ modelKey: 'models/0123456789abcdef/model.tar.gz' }, {});
    const { churn: stack } = synthAll(model);
    expect(one(stack, 'aws_sagemaker_model').primary_container.model_data_url).toBe(
      's3://${data.aws_s3_bucket.model-bucket.bucket}/models/0123456789abcdef/model.tar.gz',
    );
    // The root, not the model's own folder: an endpoint rolled back to the previous model must
    // still be able to read that model's artifact.
    expect(statements(stack).find((s) => s.Sid === 'ReadModelArtifact')!.Resource).toEqual([
      '${data.aws_s3_bucket.model-bucket.arn}/models/*',
    ]);
  });

  it('creates the model and the endpoint only after SageMaker may read the artifact', () => {
    const access = Object.keys(churn.resource.aws_iam_role_policy).find((k) =>
      k.startsWith('iam_sagemaker-model-access'),
    );
    for (const type of ['aws_sagemaker_model', 'aws_sagemaker_endpoint']) {
      expect(one(churn, type).depends_on).toContain(`aws_iam_role_policy.${access}`);
    }
  });

  it('takes the first two available zones of the region when none are configured', () => {
    const tokyo = synthAll(loadConfig({ region: 'ap-northeast-1' }, {})).churn;
    expect(Object.values(tokyo.data.aws_availability_zones)).toEqual([
      expect.objectContaining({ state: 'available' }),
    ]);
    const zones = Object.values(tokyo.resource.aws_subnet as Record<string, Json>).map(
      (s) => s.availability_zone,
    );
    expect(new Set(zones)).toEqual(
      new Set([
        expect.stringMatching(/^\$\{element\(data\.aws_availability_zones\.\w+\.names, 0\)\}$/),
        expect.stringMatching(/^\$\{element\(data\.aws_availability_zones\.\w+\.names, 1\)\}$/),
      ]),
    );
    expect(zones.every((z) => !/ap-northeast-1b/.test(z))).toBe(true);
  });

  it('gives the UI task the API stage URL, IAM auth and the Next.js binding', () => {
    expect(env).toEqual(
      expect.objectContaining({
        HOSTNAME: '0.0.0.0',
        PORT: '3000',
        NODE_ENV: 'production',
        API_AUTH: 'iam',
        API_URL: expect.stringMatching(/aws_apigatewayv2_stage\..*\.invoke_url/),
        TRUSTED_PROXY_HOPS: '1',
      }),
    );
  });

  it('marks the session cookie secure only when the ALB serves HTTPS', () => {
    expect(env.COOKIE_SECURE).toBe('false');
    const tls = synthAll(
      loadConfig({ certificateArn: 'arn:aws:acm:eu-central-1:111122223333:certificate/abc' }, {}),
    );
    const tlsEnv = JSON.parse(one(tls.churn, 'aws_ecs_task_definition').container_definitions)[0].environment;
    expect(tlsEnv).toContainEqual({ name: 'COOKIE_SECURE', value: 'true' });
  });

  it('injects the three UI secrets from SSM parameters under /churn/dev/ui/', () => {
    expect(container.secrets.map((s: Json) => [s.name, s.valueFrom.replace(/^.*:parameter/, '')])).toEqual([
      ['ADMIN_USERNAME', '/churn/dev/ui/ADMIN_USERNAME'],
      ['ADMIN_PASSWORD_HASH', '/churn/dev/ui/ADMIN_PASSWORD_HASH'],
      ['SESSION_SECRET', '/churn/dev/ui/SESSION_SECRET'],
    ]);
  });

  it('lets the ECS task role invoke this API and nothing else', () => {
    const roles = churn.resource.aws_iam_role_policy as Record<string, Json>;
    const taskPolicies = Object.values(roles).filter((p) => /aws_iam_role\.iam_ecs-task_/.test(p.role));
    expect(taskPolicies.flatMap((p) => JSON.parse(p.policy).Statement)).toEqual([
      expect.objectContaining({
        Action: ['execute-api:Invoke'],
        Resource: [
          expect.stringMatching(
            /^\$\{aws_apigatewayv2_api\..*\.execution_arn\}\/\$\{aws_apigatewayv2_stage\..*\.name\}\/\*$/,
          ),
        ],
      }),
    ]);
  });

  it('admits the tasks only from the ALB group on port 3000', () => {
    const rules = Object.values(
      churn.resource.aws_vpc_security_group_ingress_rule as Record<string, Json>,
    ).filter((r) => /ui-task-sg/.test(r.security_group_id));
    expect(rules).toEqual([
      expect.objectContaining({
        from_port: 3000,
        to_port: 3000,
        referenced_security_group_id: expect.stringMatching(/aws_security_group\.alb-sg_/),
      }),
    ]);
  });

  it('outputs the UI and API URLs, endpoint name, repositories and log groups', () => {
    expect(Object.keys(churn.output).sort()).toEqual([
      'alarm_topic_arn',
      'api_access_log_group',
      'api_repository_url',
      'api_url',
      'endpoint_log_group',
      'endpoint_name',
      'lambda_log_group',
      'ui_log_group',
      'ui_repository_url',
      'ui_url',
    ]);
  });

  it('uses a user-supplied model URI and scopes SageMaker to it', () => {
    const own = synthAll(loadConfig({ modelDataUrl: 's3://my-models/churn/v7/model.tar.gz' }, {}));
    expect(one(own.churn, 'aws_sagemaker_model').primary_container.model_data_url).toBe(
      's3://${data.aws_s3_bucket.model-bucket.bucket}/churn/v7/model.tar.gz',
    );
    expect(own.churn.data.aws_s3_bucket['model-bucket'].bucket).toBe('my-models');
    expect(statements(own.churn).find((s) => s.Sid === 'ReadModelArtifact')!.Resource).toEqual([
      '${data.aws_s3_bucket.model-bucket.arn}/churn/*',
    ]);
  });
});

describe('backend.tf.json', () => {
  it('derives per-stack keys beside the configured key', () => {
    expect(stateKey(backend, 'artifacts')).toBe('telco-churn/artifacts.tfstate');
  });

  it('names the missing field', () => {
    expect(() =>
      parseBackend(JSON.stringify({ terraform: { backend: { s3: { bucket: 'b', key: 'k.tfstate' } } } })),
    ).toThrow(/terraform\.backend\.s3\.region/);
  });

  it('creates a DynamoDB lock table and uses it when backend.tf.json names one', () => {
    const withTable = parseBackend(
      JSON.stringify({
        terraform: {
          backend: {
            s3: {
              bucket: 'acme-tfstate',
              key: 'a/b.tfstate',
              region: 'eu-central-1',
              dynamodb_table: 'acme-tf-locks',
            },
          },
        },
      }),
    );
    const stacks = synthAll(loadConfig({}, {}), withTable);
    expect(one(stacks.state, 'aws_dynamodb_table')).toEqual(
      expect.objectContaining({ name: 'acme-tf-locks', hash_key: 'LockID', billing_mode: 'PAY_PER_REQUEST' }),
    );
    expect(stacks.churn.terraform.backend.s3.dynamodb_table).toBe('acme-tf-locks');
  });

  it('refuses a backend without any state locking', () => {
    expect(() =>
      parseBackend(
        JSON.stringify({
          terraform: {
            backend: { s3: { bucket: 'b', key: 'k.tfstate', region: 'eu-central-1', use_lockfile: false } },
          },
        }),
      ),
    ).toThrow(/state locking is off/);
  });

  it('rejects a file without an S3 backend block', () => {
    expect(() => parseBackend('{"terraform":{}}')).toThrow(/no terraform\.backend\.s3 block/);
  });
});

describe('construct hygiene', () => {
  const constructs = [
    'iam',
    'vpc',
    'security-group',
    'sagemaker-endpoint',
    'lambda',
    'api-gateway',
    'alb',
    'ecs',
    'ecs-task-definition',
    'ecs-service',
    'ecr',
    's3-bucket',
    'monitoring',
  ];

  it.each(constructs)('%s creates no provider and no output (stacks own those)', (name) => {
    const dir = join(__dirname, '..', '..', name);
    const source = readdirSync(dir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n');
    expect(source).not.toMatch(/AwsProvider|TerraformOutput|S3Backend|LocalBackend/);
  });
});
