import { createSessionToken, readSessionToken } from '../session';

const SECRET = 'a-test-secret-that-is-long-enough-for-hmac';

describe('session cookie', () => {
  it('reads back the user of a token it signed', () => {
    const token = createSessionToken('analyst', SECRET, 3600);
    expect(readSessionToken(token, SECRET)?.user).toBe('analyst');
  });

  it('refuses a token whose payload was changed', () => {
    const token = createSessionToken('analyst', SECRET, 3600);
    const [, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ user: 'admin', iat: 0, exp: 9e9 })).toString('base64url');
    expect(readSessionToken(`${forged}.${signature}`, SECRET)).toBeNull();
  });

  it('refuses a token signed with another secret', () => {
    expect(
      readSessionToken(createSessionToken('analyst', 'another-secret-another-secret-xx', 3600), SECRET),
    ).toBeNull();
  });

  it('refuses an expired token', () => {
    const issued = Date.now() - 7200_000;
    expect(readSessionToken(createSessionToken('analyst', SECRET, 3600, issued), SECRET)).toBeNull();
  });

  it('refuses missing and malformed tokens', () => {
    for (const token of [undefined, '', 'abc', '.sig', 'x.y.z'])
      expect(readSessionToken(token, SECRET)).toBeNull();
  });
});
