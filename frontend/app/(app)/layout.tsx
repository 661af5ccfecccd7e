import type { ReactNode } from 'react';
import { NavLinks } from '../../components/nav-links';
import { requireSession } from '../../lib/auth';

export default async function AppLayout({ children }: { children: ReactNode }) {
  const session = await requireSession();
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="topbar">
        <div className="topbar-inner">
          <a className="brand" href="/">
            <svg width="22" height="22" viewBox="0 0 32 32" aria-hidden="true">
              <path
                d="M5 23 L12 15 L18 19 L27 8"
                fill="none"
                stroke="#fff"
                strokeWidth="3.2"
                strokeLinecap="round"
                strokeLinejoin="round"
              />
              <circle cx="27" cy="8" r="3.4" fill="#f97316" />
            </svg>
            Churn Desk
          </a>
          <NavLinks />
          <form className="user" action="/api/auth/logout" method="post">
            <span>
              Signed in as <strong>{session.user}</strong>
            </span>
            <button type="submit">Sign out</button>
          </form>
        </div>
      </header>
      <main id="main">{children}</main>
    </>
  );
}
