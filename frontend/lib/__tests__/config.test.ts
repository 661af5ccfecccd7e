import bcrypt from 'bcryptjs';
import { ConfigError, parseConfig as parseEnv } from '../config';

const parseConfig = (env: Record<string, string>) => parseEnv(env as NodeJS.ProcessEnv);

const HASH = bcrypt.hashSync('pw', 4);
const SECRET = 'x'.repeat(32);

describe('UI configuration', () => {
  it('uses the local defaults in development', () => {
    const config = parseConfig({ NODE_ENV: 'development' });
    expect(config).toMatchObject({
      apiUrl: 'http://127.0.0.1:8000',
      apiAuth: 'none',
      adminUsername: 'admin',
      cookieSecure: false,
    });
    expect(config.adminPasswordHash).toBeUndefined();
  });

  it('refuses to start in production without a hash and a secret, naming both', () => {
    expect(() => parseConfig({ NODE_ENV: 'production' })).toThrow(/ADMIN_PASSWORD_HASH.*SESSION_SECRET/);
  });

  it('treats empty variables as unset', () => {
    expect(() =>
      parseConfig({ NODE_ENV: 'production', ADMIN_PASSWORD_HASH: '', SESSION_SECRET: ' ' }),
    ).toThrow(
      'invalid UI configuration: ADMIN_PASSWORD_HASH is required in production (make one with `npm run hash-password`); SESSION_SECRET is required in production (at least 32 characters)',
    );
  });

  it('refuses a short session secret in production', () => {
    expect(() =>
      parseConfig({ NODE_ENV: 'production', ADMIN_PASSWORD_HASH: HASH, SESSION_SECRET: 'short' }),
    ).toThrow(/SESSION_SECRET must be at least 32 characters/);
  });

  it('refuses a password hash that is not bcrypt', () => {
    expect(() => parseConfig({ ADMIN_PASSWORD_HASH: 'churn-demo' })).toThrow(
      /ADMIN_PASSWORD_HASH must be a bcrypt hash/,
    );
  });

  it('trusts no proxy unless TRUSTED_PROXY_HOPS says how many sit in front', () => {
    expect(parseConfig({}).trustedProxyHops).toBe(0);
    expect(parseConfig({ TRUSTED_PROXY_HOPS: '1' }).trustedProxyHops).toBe(1);
  });

  it.each(['yes', '-1', '1.5', '9'])('names TRUSTED_PROXY_HOPS when it is %j', (value) => {
    expect(() => parseConfig({ TRUSTED_PROXY_HOPS: value })).toThrow(
      /TRUSTED_PROXY_HOPS must be .*1 behind an ALB/,
    );
  });

  it('names a bad API_AUTH and a bad API_URL together', () => {
    try {
      parseConfig({ API_AUTH: 'basic', API_URL: 'ftp://x' });
      throw new Error('no error');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems.join('\n')).toMatch(
        /API_URL[\s\S]*API_AUTH|API_AUTH[\s\S]*API_URL/,
      );
    }
  });

  it('accepts a complete production configuration with secure cookies and a trimmed API URL', () => {
    const config = parseConfig({
      NODE_ENV: 'production',
      ADMIN_PASSWORD_HASH: HASH,
      SESSION_SECRET: SECRET,
      API_URL: 'https://abc.execute-api.eu-central-1.amazonaws.com/v1/',
      API_AUTH: 'iam',
    });
    expect(config).toMatchObject({
      apiUrl: 'https://abc.execute-api.eu-central-1.amazonaws.com/v1',
      apiAuth: 'iam',
      cookieSecure: true,
      production: true,
    });
  });

  it('lets COOKIE_SECURE=false serve a production UI over plain HTTP', () => {
    const config = parseConfig({
      NODE_ENV: 'production',
      ADMIN_PASSWORD_HASH: HASH,
      SESSION_SECRET: SECRET,
      COOKIE_SECURE: 'false',
    });
    expect(config.cookieSecure).toBe(false);
  });
});
