import { parseDeployArgs } from '../deploy';
import { writeBucket } from '../deploy-state';
import { dockerBuildArgs, parsePushArgs } from '../images-push';
import { parseSecretArgs, uiSecretValues } from '../secrets-put';
import { parseTeardownArgs } from '../teardown';
import { compareSync } from 'bcryptjs';

describe('deploy arguments', () => {
  it('requires the stack to be named, instead of deploying churn before its images exist', () => {
    expect(() => parseDeployArgs([])).toThrow(/--stack is required/);
  });

  it('deploys the one stack named', () => {
    expect(parseDeployArgs(['--stack', 'churn', '--yes'])).toEqual({ stack: 'churn', yes: true });
  });

  it('refuses the state stack, pointing at its own step', () => {
    expect(() => parseDeployArgs(['--stack', 'state'])).toThrow(/deploy:state/);
  });

  it('refuses an unknown flag with the usage line', () => {
    expect(() => parseDeployArgs(['--stak', 'churn'])).toThrow(/usage: npm run deploy/);
  });
});

describe('images:push arguments', () => {
  const git = () => 'abc123def456';

  it('tags both images with the commit by default', () => {
    expect(parsePushArgs([], git)).toEqual({
      images: ['api', 'ui'],
      tag: 'abc123def456',
      platform: 'linux/amd64',
    });
  });

  it('pushes one image with --only', () => {
    expect(parsePushArgs(['--only', 'ui', '--tag', 'v1.2.0'], git).images).toEqual(['ui']);
  });

  it('rejects "latest" as the deploy tag', () => {
    expect(() => parsePushArgs(['--tag', 'latest'], git)).toThrow(/immutable tag/);
  });

  it('rejects an unknown image name', () => {
    expect(() => parsePushArgs(['--only', 'db'], git)).toThrow(/--only must be api or ui/);
  });
});

describe('secrets:put', () => {
  it('reads the password from the environment', () => {
    expect(
      parseSecretArgs(['--username', 'admin'], { CHURN_ADMIN_PASSWORD: 'correct horse battery' }, () => ''),
    ).toEqual({ username: 'admin', password: 'correct horse battery' });
  });

  it('reads the password from stdin without its newline', () => {
    expect(
      parseSecretArgs(['--username', 'admin', '--password-stdin'], {}, () => 'from-a-pipe-secret\n').password,
    ).toBe('from-a-pipe-secret');
  });

  it('says where a password can come from when none is given', () => {
    expect(() => parseSecretArgs(['--username', 'admin'], {}, () => '')).toThrow(
      /CHURN_ADMIN_PASSWORD or pass --password-stdin/,
    );
  });

  it('stores a bcrypt hash of the password and a long random session secret', () => {
    const values = uiSecretValues('admin', 'correct horse battery');
    expect(compareSync('correct horse battery', values.ADMIN_PASSWORD_HASH)).toBe(true);
    expect(values.SESSION_SECRET.length).toBeGreaterThanOrEqual(32);
    expect(uiSecretValues('admin', 'correct horse battery').SESSION_SECRET).not.toBe(values.SESSION_SECRET);
  });

  it('refuses a short password', () => {
    expect(() => uiSecretValues('admin', 'short')).toThrow(/at least 12 characters/);
  });
});

describe('teardown and deploy:state', () => {
  it('keeps the artifacts unless asked', () => {
    expect(parseTeardownArgs([])).toEqual({ artifacts: false, yes: false });
  });

  it('writes the state bucket into backend.tf.json and keeps the other settings', () => {
    const before = JSON.stringify({
      terraform: {
        backend: {
          s3: { bucket: 'REPLACE-with-your-state-bucket', key: 'k.tfstate', region: 'eu-central-1' },
        },
      },
    });
    expect(JSON.parse(writeBucket(before, 'acme-state')).terraform.backend.s3).toEqual({
      bucket: 'acme-state',
      key: 'k.tfstate',
      region: 'eu-central-1',
    });
  });

  it('builds the API image with the Lambda memory its code cache must match', () => {
    const plan = parsePushArgs([], () => 'abc123def456');
    const args = dockerBuildArgs('api', plan, 'repo/api', 2048);
    expect(args.slice(args.indexOf('--build-arg'), args.indexOf('--build-arg') + 2)).toEqual([
      '--build-arg',
      'LAMBDA_MEMORY_MB=2048',
    ]);
    expect(args.slice(-5)).toEqual(['-t', 'repo/api:abc123def456', '-t', 'repo/api:latest', '.']);
  });

  it('builds the UI image without Lambda build arguments', () => {
    const plan = parsePushArgs([], () => 'abc123def456');
    expect(dockerBuildArgs('ui', plan, 'repo/ui', 2048)).not.toContain('--build-arg');
  });
});
