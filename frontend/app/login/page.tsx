import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { getSession } from '../../lib/auth';
import { safeNextPath } from '../../lib/safe-next';

export const metadata: Metadata = { title: 'Sign in' };

const MESSAGES: Record<string, string> = {
  invalid: 'Wrong user name or password.',
  missing: 'Enter your user name and password.',
  origin: 'The sign-in form was sent from another site and was refused.',
  busy: 'Too many sign-ins are being checked right now: try again in a few seconds.',
  expired: 'Your session has ended: sign in again.',
};

type Search = Promise<Record<string, string | string[] | undefined>>;

export default async function LoginPage({ searchParams }: { searchParams: Search }) {
  if (await getSession()) redirect('/');
  const params = await searchParams;
  const error = typeof params.error === 'string' ? params.error : undefined;
  const next = safeNextPath(params.next);
  const user = typeof params.user === 'string' ? params.user : '';
  const message =
    error === 'locked'
      ? `Too many failed sign-ins. Try again in ${Number(params.retry) || 15} minute(s).`
      : error
        ? (MESSAGES[error] ?? 'Sign-in failed.')
        : undefined;
  return (
    <main className="login-wrap">
      <form className="panel login-card" action="/api/auth/login" method="post">
        <div>
          <h1>Churn Desk</h1>
          <p className="muted small">Sign in to score customers and plan retention.</p>
        </div>
        {message && (
          <p className="alert error" role="alert">
            {message}
          </p>
        )}
        {params.signedOut && !message && (
          <p className="alert info" role="status">
            You have signed out.
          </p>
        )}
        <input type="hidden" name="next" value={next} />
        <div className="field">
          <label className="field-label" htmlFor="username">
            User name
          </label>
          <input
            id="username"
            name="username"
            type="text"
            autoComplete="username"
            required
            defaultValue={user}
            autoFocus={!user}
          />
        </div>
        <div className="field">
          <label className="field-label" htmlFor="password">
            Password
          </label>
          <input
            id="password"
            name="password"
            type="password"
            autoComplete="current-password"
            required
            autoFocus={Boolean(user)}
          />
        </div>
        <button className="btn" type="submit">
          Sign in
        </button>
      </form>
    </main>
  );
}
