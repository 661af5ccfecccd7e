import path from 'node:path';
import type { NextConfig } from 'next';

// The UI imports the churn core (`../api/src/core/*`) directly, so the bundler root and the
// standalone file tracing root are the repository root, not `frontend/`. The standalone server
// therefore lives at `.next/standalone/frontend/server.js`.
const repoRoot = path.join(__dirname, '..');

const nextConfig: NextConfig = {
  output: 'standalone',
  outputFileTracingRoot: repoRoot,
  turbopack: { root: repoRoot },
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
