'use client';

/** Unexpected failures while rendering a page: a plain message and a retry, never a stack trace. */
export default function PageError({
  error,
  reset,
}: {
  error: Error & { digest?: string };
  reset: () => void;
}) {
  return (
    <section className="panel stack" role="alert">
      <h1>Something went wrong</h1>
      <p>
        This page could not be shown. Try again; if it keeps failing, give your administrator this reference:
      </p>
      <p>
        <code>{error.digest ?? 'no reference'}</code>
      </p>
      <div>
        <button type="button" className="btn" onClick={reset}>
          Try again
        </button>
      </div>
    </section>
  );
}
