import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  output: 'standalone',
  // The churn core is a workspace package shipped as TypeScript source: Next compiles it. The
  // workspace root (where the lock file and node_modules live) is the tracing root, so the
  // standalone server sits at `.next/standalone/frontend/server.js`.
  transpilePackages: ['@telco-churn/core'],
  // The bcrypt worker (lib/bcrypt-pool.ts) requires bcryptjs at run time from node_modules: kept
  // out of the bundle, and copied into the standalone output because no traced import names it.
  serverExternalPackages: ['bcryptjs'],
  outputFileTracingIncludes: { '/api/auth/login': ['../node_modules/bcryptjs/**'] },
  poweredByHeader: false,
  reactStrictMode: true,
  // `npm run typecheck` type-checks the whole repository once (root tsconfig.json); the build
  // need not repeat it.
  typescript: { ignoreBuildErrors: true },
  // The proxy sets the security headers on pages and routes; static files skip the proxy.
  async headers() {
    return [
      {
        source: '/_next/static/:path*',
        headers: [{ key: 'X-Content-Type-Options', value: 'nosniff' }],
      },
    ];
  },
};

export default nextConfig;
