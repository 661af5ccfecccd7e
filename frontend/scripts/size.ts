import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { FRONTEND_DIR } from '@telco-churn/dev-tools/ui-build';

/**
 * First-load JavaScript per page, from the build's manifests: the root main files every page
 * loads plus the page's own entry chunks (its layouts and the page), each gzipped. Polyfills
 * are left out as Next.js does: modern browsers skip them (nomodule).
 */
const NEXT_DIR = path.join(FRONTEND_DIR, '.next');
export const BUDGET_KB = 200;
const PAGES = ['/(app)/page', '/(app)/batch/page', '/(app)/model/page', '/login/page'];

export interface PageSize {
  page: string;
  files: number;
  rawBytes: number;
  gzipBytes: number;
}

function entryFiles(page: string): string[] {
  const manifest = path.join(NEXT_DIR, 'server', 'app', `${page}_client-reference-manifest.js`);
  if (!existsSync(manifest)) return [];
  const sandbox: { __RSC_MANIFEST?: Record<string, { entryJSFiles?: Record<string, string[]> }> } = {};
  new Function('globalThis', readFileSync(manifest, 'utf8'))(sandbox);
  const entries = sandbox.__RSC_MANIFEST?.[page]?.entryJSFiles ?? {};
  return Object.values(entries).flat();
}

export function firstLoadSizes(): PageSize[] {
  const build = JSON.parse(readFileSync(path.join(NEXT_DIR, 'build-manifest.json'), 'utf8')) as {
    rootMainFiles: string[];
  };
  return PAGES.map((page) => {
    const files = [...new Set([...build.rootMainFiles, ...entryFiles(page)])];
    let rawBytes = 0;
    let gzipBytes = 0;
    for (const file of files) {
      const bytes = readFileSync(path.join(NEXT_DIR, file));
      rawBytes += bytes.length;
      gzipBytes += gzipSync(bytes, { level: 9 }).length;
    }
    return { page, files: files.length, rawBytes, gzipBytes };
  });
}

if (require.main === module) {
  const sizes = firstLoadSizes();
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  console.log('First-load JS (gzipped) per page, from frontend/.next manifests:');
  for (const s of sizes)
    console.log(
      `  ${s.page.padEnd(20)} ${kb(s.gzipBytes).padStart(9)} gz  (${kb(s.rawBytes)} raw, ${s.files} files)`,
    );
  const home = sizes[0];
  const ok = home.gzipBytes <= BUDGET_KB * 1024;
  console.log(`/ : ${kb(home.gzipBytes)} of the ${BUDGET_KB} KB budget: ${ok ? 'within' : 'OVER'}`);
  if (!ok) process.exitCode = 1;
}
