import { readFileSync } from 'node:fs';
import Module from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

/**
 * `index.js` of the Lambda bundle: runs `app.js` (the API, every dependency inside) with the
 * V8 code cache `app.js.cache` that `npm run build:lambda` wrote after a warm-up run. V8 then
 * skips parsing and compiling what the warm-up ran, about a third of a cold start. A cache
 * from another Node/V8 build is rejected by V8 itself and the code compiles as usual;
 * `codeCache` says which happened (logged at start-up).
 */
const file = path.join(__dirname, 'app.js');

function readCache(): Buffer | undefined {
  try {
    return readFileSync(`${file}.cache`);
  } catch {
    return undefined;
  }
}

const cachedData = readCache();
const script = new vm.Script(Module.wrap(readFileSync(file, 'utf8')), { filename: file, cachedData });
const app: { exports: { handler?: unknown } } = { exports: {} };
const run = script.runInThisContext() as (...args: unknown[]) => void;
run(app.exports, Module.createRequire(file), app, file, __dirname);

export const codeCache: 'accepted' | 'rejected' | 'absent' =
  cachedData === undefined ? 'absent' : script.cachedDataRejected ? 'rejected' : 'accepted';
export const handler = app.exports.handler;

console.log(
  JSON.stringify({
    time: new Date().toISOString(),
    level: 'info',
    message: 'lambda code cache',
    code_cache: codeCache,
  }),
);
