import { createHmac } from 'node:crypto';
import { RevocationList, revokedSessions } from '../revocation';
import { createSessionToken, readLiveSession, readSessionToken } from '../session';

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

  it('gives every token its own id', () => {
    const a = readSessionToken(createSessionToken('analyst', SECRET, 3600), SECRET);
    const b = readSessionToken(createSessionToken('analyst', SECRET, 3600), SECRET);
    expect(a?.jti).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(a?.jti).not.toBe(b?.jti);
  });

  it('refuses a token without an id (signed before sign-out could end tokens)', () => {
    const payload = Buffer.from(JSON.stringify({ user: 'analyst', iat: 0, exp: 9e9 })).toString('base64url');
    const signed = `${payload}.${createHmac('sha256', SECRET).update(payload).digest('base64url')}`;
    expect(readSessionToken(signed, SECRET)).toBeNull();
  });

  it('refuses a token ended by sign-out, and only that one', () => {
    const ended = createSessionToken('analyst', SECRET, 3600);
    const other = createSessionToken('analyst', SECRET, 3600);
    const session = readLiveSession(ended, SECRET)!;
    revokedSessions().revoke(session.jti, session.exp);
    expect(readLiveSession(ended, SECRET)).toBeNull();
    expect(readLiveSession(other, SECRET)?.user).toBe('analyst');
  });

  it('forgets ended tokens once they would have expired anyway', () => {
    const list = new RevocationList();
    list.revoke('old', 100, 0);
    list.revoke('new', 10_000, 200_000);
    expect(list.isRevoked('old')).toBe(false);
    expect(list.isRevoked('new')).toBe(true);
  });
});
