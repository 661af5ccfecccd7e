import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { OFFLINE_PROVIDER_VERSION } from './offline-provider';

/** Where the offline checks find Terraform and the AWS provider, or why they cannot run. */
export type Toolchain =
  | { readonly ok: true; readonly terraform: string; readonly version: string; readonly pluginDir: string }
  | { readonly ok: false; readonly reason: string };

/** Environment variables as read here (tests pass a bare PATH). */
export type Env = Readonly<Record<string, string | undefined>>;

const PROVIDER_PATH = ['registry.terraform.io', 'hashicorp', 'aws', OFFLINE_PROVIDER_VERSION, 'linux_amd64'];

/**
 * Plugin directories Terraform itself searches (implied local mirrors) plus the machine's
 * /opt/tf-plugins. TF_PLUGIN_DIR, when set, is the only candidate: a wrong setting fails loudly
 * rather than falling back to something else.
 */
export function pluginDirCandidates(env: Env = process.env): string[] {
  if (env.TF_PLUGIN_DIR) return [env.TF_PLUGIN_DIR];
  const home = env.HOME ?? homedir();
  const xdg = env.XDG_DATA_HOME ?? join(home, '.local', 'share');
  return [
    '/opt/tf-plugins',
    join(home, '.terraform.d', 'plugins'),
    join(xdg, 'terraform', 'plugins'),
    '/usr/local/share/terraform/plugins',
    '/usr/share/terraform/plugins',
  ];
}

export function hasAwsProvider(dir: string): boolean {
  const leaf = join(dir, ...PROVIDER_PATH);
  return existsSync(leaf) && readdirSync(leaf).some((f) => f.startsWith('terraform-provider-aws_'));
}

export function findToolchain(env: Env = process.env): Toolchain {
  const probe = spawnSync('terraform', ['version'], {
    encoding: 'utf8',
    env: { ...env } as NodeJS.ProcessEnv,
  });
  if (probe.error || probe.status !== 0) return { ok: false, reason: '`terraform` is not on PATH' };
  const version = /Terraform v(\d+\.\d+\.\d+)/.exec(probe.stdout)?.[1] ?? 'unknown';
  const [major, minor] = version.split('.').map(Number);
  if (!(major > 1 || (major === 1 && minor >= 10)))
    return { ok: false, reason: `Terraform ${version} is too old (test state_key needs 1.10+)` };
  const candidates = pluginDirCandidates(env);
  const pluginDir = candidates.find(hasAwsProvider);
  if (!pluginDir) {
    const where = env.TF_PLUGIN_DIR ? `TF_PLUGIN_DIR=${env.TF_PLUGIN_DIR}` : candidates.join(', ');
    return {
      ok: false,
      reason: `no hashicorp/aws ${OFFLINE_PROVIDER_VERSION} (linux_amd64) in ${where}; set TF_PLUGIN_DIR to a plugin directory root`,
    };
  }
  return { ok: true, terraform: 'terraform', version, pluginDir };
}
