import { hashSync } from 'bcryptjs';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadConfig, RawSettings } from '@telco-churn/infrastructure/config';
import { UI_SECRET_NAMES, uiParameterPath } from '@telco-churn/infrastructure/stacks/churn-stack';
import { parseOptions, UsageError } from './lib/cli';
import { awsCredentials, commandOnPath, requirePrerequisites } from './lib/prereq';
import { main, ROOT, run } from './lib/run';

const USAGE =
  'CHURN_ADMIN_PASSWORD=... npm run secrets:put -- --username <name>   (or pipe the password: ... --password-stdin)';
const MIN_PASSWORD = 12;

export interface UiSecretValues {
  readonly ADMIN_USERNAME: string;
  readonly ADMIN_PASSWORD_HASH: string;
  readonly SESSION_SECRET: string;
}

/** The UI's three parameters: a bcrypt hash (never the password) and a fresh 256-bit session key. */
export function uiSecretValues(username: string, password: string): UiSecretValues {
  if (!/^\S{1,64}$/.test(username))
    throw new UsageError('--username must be 1..64 characters without spaces', USAGE);
  if (password.length < MIN_PASSWORD)
    throw new UsageError(`the admin password must have at least ${MIN_PASSWORD} characters`, USAGE);
  return {
    ADMIN_USERNAME: username,
    ADMIN_PASSWORD_HASH: hashSync(password, 12),
    SESSION_SECRET: randomBytes(32).toString('base64url'),
  };
}

export function parseSecretArgs(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
  stdin: () => string,
): { username: string; password: string } {
  const args = parseOptions(
    argv,
    { username: { type: 'string' }, 'password-stdin': { type: 'boolean', default: false } },
    USAGE,
  );
  if (!args.username) throw new UsageError('--username is required', USAGE);
  const password = args['password-stdin'] ? stdin().replace(/\r?\n$/, '') : env.CHURN_ADMIN_PASSWORD;
  if (!password)
    throw new UsageError('no password: set CHURN_ADMIN_PASSWORD or pass --password-stdin', USAGE);
  return { username: args.username as string, password };
}

async function putSecrets(argv: readonly string[]): Promise<void> {
  const { username, password } = parseSecretArgs(argv, process.env, () => readFileSync(0, 'utf8'));
  await requirePrerequisites([commandOnPath('aws'), awsCredentials()]);
  const context = (JSON.parse(readFileSync(join(ROOT, 'cdktf.json'), 'utf8')).context ?? {}) as RawSettings;
  const config = loadConfig(context, process.env);
  const values = uiSecretValues(username, password);
  for (const name of UI_SECRET_NAMES) {
    const input = JSON.stringify({
      Name: `${uiParameterPath(config)}${name}`,
      Type: 'SecureString',
      Value: values[name],
      Overwrite: true,
    });
    // The value goes through stdin, never the command line (visible in `ps`).
    run('aws', ['ssm', 'put-parameter', '--region', config.region, '--cli-input-json', 'file:///dev/stdin'], {
      input,
    });
  }
  console.log(
    `\nStored ${UI_SECRET_NAMES.join(', ')} under ${uiParameterPath(config)}. Running UI tasks pick them up on their next start.`,
  );
}

if (require.main === module) main(() => putSecrets(process.argv.slice(2)));
