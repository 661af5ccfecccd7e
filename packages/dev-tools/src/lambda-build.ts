import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { MODEL_FILE, parseModel } from '@telco-churn/xgboost-runtime';
import { COMPILED_FILE, compileBooster } from '@telco-churn/xgboost-runtime/compiled';

const ROOT = path.resolve(__dirname, '..', '..', '..');

/** What `loadArtifact` reads; model.tar.gz stays out (it is the same model, for SageMaker). */
const MODEL_FILES = ['xgboost-model', 'model_params.json', 'metrics.json', 'reference_profile.json'];
/** The Swagger UI files `GET /docs` serves (api/src/routes/docs.ts looks for them in `swagger-ui/`). */
const SWAGGER_FILES = ['swagger-ui.css', 'swagger-ui-bundle.js', 'favicon-32x32.png', 'favicon-16x16.png'];

export interface BuildLambdaOptions {
  /** Where index.js, model/ and swagger-ui/ go; `dist/lambda` by default. */
  outDir?: string;
  /** The artifact to ship; MODEL_DIR or `api/model-artifact` by default. */
  modelDir?: string;
  minify?: boolean;
  /** Write app.js.cache (V8 code cache) by running warmup.js; on by default. */
  codeCache?: boolean;
  /**
   * The Node that runs warmup.js, and so the only Node whose V8 accepts the cache: this
   * process's by default. Dockerfile.lambda rebuilds the cache with the image's Node anyway.
   */
  codeCacheNode?: string;
  /** V8 flags for the warm-up run: a cache is accepted only under the flags it was made with. */
  codeCacheFlags?: string[];
}

/**
 * The V8 flags the Lambda Node.js runtime starts Node with for a function of `memoryMb` (a
 * tenth of the memory is new space, split into two semi-spaces; the rest is old space), as
 * Dockerfile.lambda's warm-up step computes them.
 */
export function lambdaNodeFlags(memoryMb: number): string[] {
  const newSpace = Math.floor(memoryMb / 10);
  return [
    '--expose-gc',
    `--max-semi-space-size=${Math.floor(newSpace / 2)}`,
    `--max-old-space-size=${memoryMb - newSpace}`,
  ];
}

export interface BuiltLambda {
  outDir: string;
  bundle: string;
  bundleBytes: number;
  totalBytes: number;
  ms: number;
}

async function sizeOf(dir: string): Promise<number> {
  let total = 0;
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    total += entry.isDirectory() ? await sizeOf(full) : (await stat(full)).size;
  }
  return total;
}

async function copyInto(
  fromDir: string,
  names: string[],
  toDir: string,
  optional: string[] = [],
): Promise<void> {
  await mkdir(toDir, { recursive: true });
  for (const name of names) {
    const from = path.join(fromDir, name);
    const present = await stat(from).then(
      () => true,
      () => false,
    );
    if (!present && optional.includes(name)) continue;
    if (!present) throw new Error(`build:lambda: ${from} is missing`);
    await copyFile(from, path.join(toDir, name));
  }
}

const MODEL_DIR_BANNER =
  "process.env.MODEL_DIR = process.env.MODEL_DIR || require('path').join(__dirname, 'model');";

/** One CommonJS file for Node 20+ with every dependency inside, as the Lambda image runs it. */
export async function bundleForLambda(
  entry: string,
  outfile: string,
  options: Pick<BuildOptions, 'minify' | 'sourcemap' | 'legalComments' | 'banner'> = {},
): Promise<void> {
  await build({
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    logLevel: 'warning',
    ...options,
    minify: options.minify ?? true,
    // index.js runs app.js through vm.Script (for the code cache), which has no loader for a
    // real import(): the SDK's `await import('node:async_hooks')` (multi-concurrency Lambda)
    // and `import('node:http')` (IMDS) would fail there. As require() calls they work.
    supported: { 'dynamic-import': false },
    entryPoints: [entry],
    outfile,
  });
}

/** `index.js` (runs `app.js` with its code cache) and `warmup.js` (writes that cache) into outDir. */
async function bundleLoader(outDir: string, minify?: boolean): Promise<void> {
  const lambda = path.join(ROOT, 'api', 'src', 'lambda');
  await bundleForLambda(path.join(lambda, 'loader.ts'), path.join(outDir, 'index.js'), { minify });
  await bundleForLambda(path.join(lambda, 'warmup.ts'), path.join(outDir, 'warmup.js'), { minify });
}

/**
 * `booster.bin` beside the bundle's model: the parsed trees and SHAP tables as typed arrays, so a
 * cold start skips parsing the JSON model (~15 ms) and building the tables (~10 ms). Tied to the
 * model file's hash: a model swapped in without a rebuild is parsed as before.
 */
async function writeCompiledBooster(modelDir: string): Promise<void> {
  const file = path.join(modelDir, MODEL_FILE);
  const source = await readFile(file);
  await writeFile(path.join(modelDir, COMPILED_FILE), compileBooster(parseModel(source, file), source));
}

/**
 * Runs outDir's warmup.js, which writes `app.js.cache`. The cache is accepted only by the V8 of
 * `node` (this process's by default) under the same `flags`.
 */
export function writeCodeCache(outDir: string, node = process.execPath, flags: string[] = []): void {
  execFileSync(node, [...flags, path.join(outDir, 'warmup.js')], {
    stdio: ['ignore', 'ignore', 'inherit'],
    cwd: outDir,
  });
}

/**
 * `app.js`: the API as one CommonJS file with every dependency inside (no node_modules in the
 * image); `index.js`: the entry (`index.handler`) that runs app.js with its V8 code cache
 * `app.js.cache`, written by `warmup.js`; the model artifact in `model/`, Swagger UI's files in
 * `swagger-ui/`. The banner points MODEL_DIR at the copied artifact unless the environment
 * sets it.
 */
export async function buildLambda(options: BuildLambdaOptions = {}): Promise<BuiltLambda> {
  const started = performance.now();
  const outDir = path.resolve(options.outDir ?? path.join(ROOT, 'dist', 'lambda'));
  const modelDir = path.resolve(
    options.modelDir ?? process.env.MODEL_DIR ?? path.join(ROOT, 'api', 'model-artifact'),
  );
  await rm(outDir, { recursive: true, force: true });
  const app = path.join(outDir, 'app.js');
  await bundleForLambda(path.join(ROOT, 'api', 'src', 'lambda', 'index.ts'), app, {
    minify: options.minify,
    // Source maps stay beside the bundle for debugging; enabling them at run time costs start-up.
    sourcemap: 'linked',
    legalComments: 'external',
    banner: { js: MODEL_DIR_BANNER },
  });
  // The scheduled monitor job: the same image with `monitor.handler` as its command.
  await bundleForLambda(
    path.join(ROOT, 'api', 'src', 'aws-monitoring', 'monitor-lambda.ts'),
    path.join(outDir, 'monitor.js'),
    { minify: options.minify, legalComments: 'external', banner: { js: MODEL_DIR_BANNER } },
  );
  await bundleLoader(outDir, options.minify);
  await copyInto(modelDir, MODEL_FILES, path.join(outDir, 'model'), [
    'metrics.json',
    'reference_profile.json',
  ]);
  await writeCompiledBooster(path.join(outDir, 'model'));
  const swaggerDir = path.dirname(require.resolve('swagger-ui-dist/package.json'));
  await copyInto(swaggerDir, SWAGGER_FILES, path.join(outDir, 'swagger-ui'));
  if (options.codeCache ?? true) writeCodeCache(outDir, options.codeCacheNode, options.codeCacheFlags);
  return {
    outDir,
    bundle: app,
    bundleBytes: (await stat(app)).size,
    totalBytes: await sizeOf(outDir),
    ms: performance.now() - started,
  };
}

/** `--cache-node <path>`: write the code cache for another Node, e.g. "$NODE24_BIN". */
function cacheNodeArg(argv: string[]): string | undefined {
  const at = argv.indexOf('--cache-node');
  if (at === -1) return undefined;
  const node = argv[at + 1];
  if (!node || node.startsWith('--'))
    throw new Error('build:lambda: --cache-node needs the path of a node binary');
  return node;
}

if (require.main === module) {
  Promise.resolve()
    .then(() => buildLambda({ codeCacheNode: cacheNodeArg(process.argv.slice(2)) }))
    .then((built) => {
      const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(2)} MB`;
      console.log(
        `build:lambda: ${path.relative(process.cwd(), built.bundle)} ${mb(built.bundleBytes)}, ` +
          `${path.relative(process.cwd(), built.outDir)}/ ${mb(built.totalBytes)} in all, ${Math.round(built.ms)} ms`,
      );
    })
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error);
      process.exit(1);
    });
}
