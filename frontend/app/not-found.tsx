import Link from 'next/link';

export default function NotFound() {
  return (
    <main className="login-wrap">
      <section className="panel login-card">
        <h1>Page not found</h1>
        <p className="muted">There is no page at this address.</p>
        <Link href="/">Back to predictions</Link>
      </section>
    </main>
  );
}
