import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * `npm run test:node24`: the integration tests of what runs on the images' Node 24 (the API, its
 * Lambda bundle and the model runtime inside it, the UI's standalone server), run by jest under
 * NODE24_BIN, so every child they start (`process.execPath`) is Node 24 too. Development stays
 * on Node 20: without NODE24_BIN this prints one line and stops, except on CI, where that fails.
 */
const ROOT = path.resolve(__dirname, '..');
const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const SUITES = [
  `^${escape(path.join(ROOT, 'api'))}/`,
  // The model runtime scores inside the Lambda bundle: its xgboost comparisons run on 24 too.
  `^${escape(path.join(ROOT, 'packages', 'xgboost-runtime'))}/`,
  `^${escape(path.join(ROOT, 'frontend'))}/__tests__/standalone\\.int\\.test\\.ts$`,
];

function main(): number {
  const node = process.env.NODE24_BIN;
  if (!node || !existsSync(node)) {
    const why = node ? `NODE24_BIN=${node} does not exist` : 'NODE24_BIN is not set';
    if (process.env.CI) {
      console.error(`test:node24: ${why}; .ci/run sets it from .ci/node24`);
      return 1;
    }
    console.log(`test:node24: skipped, ${why} (export NODE24_BIN="$(.ci/node24)" to run it)`);
    return 0;
  }
  const jest = path.join(ROOT, 'node_modules', 'jest', 'bin', 'jest.js');
  // Node 24's V8 optimises hot functions on background threads; on a CPU-starved machine they
  // wait, and the first big batch runs unoptimised for longer (1,000 rows with explanations:
  // ~800 ms CPU at load 20, ~250 with --single-threaded, as on Node 20). Tests without their
  // own timeout get 30 s instead of jest's 5 s, so that shows as slowness, not as a failure.
  const args = [
    jest,
    '--ci',
    '--testTimeout',
    '30000',
    '--selectProjects',
    'integration',
    '--testPathPatterns',
    ...SUITES,
  ];
  const run = spawnSync(node, [...args, ...process.argv.slice(2)], { cwd: ROOT, stdio: 'inherit' });
  if (run.error) throw run.error;
  return run.status ?? 1;
}

process.exit(main());
