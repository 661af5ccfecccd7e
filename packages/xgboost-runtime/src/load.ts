import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Booster } from './booster';
import { ModelFormatError } from './errors';
import { COMPILED_FILE, readCompiledBooster } from './compiled';
import { parseModel } from './parse';
import { useLeafTables } from './shap';

/** The SageMaker name of the model file, inside a model directory and inside model.tar.gz. */
export const MODEL_FILE = 'xgboost-model';

async function readModelFile(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EACCES' ? 'permission denied' : String(cause);
    throw new ModelFormatError(`${file}: cannot read the model (${why})`, { cause });
  }
}

/**
 * The directory's compiled booster (compiled.ts) when it was made from `source`, its leaf
 * tables handed to `explain`; undefined when there is none or it is stale.
 */
async function compiledBeside(dir: string, source: Uint8Array): Promise<Booster | undefined> {
  const file = path.join(dir, COMPILED_FILE);
  let bytes: Uint8Array;
  try {
    bytes = await readFile(file);
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ModelFormatError(`${file}: cannot read the compiled booster (${String(cause)})`, { cause });
  }
  const compiled = readCompiledBooster(bytes, source, file);
  if (!compiled) return undefined;
  useLeafTables(compiled.booster, compiled.tables);
  return compiled.booster;
}

/** A model file (JSON or legacy binary), a model.tar.gz, or a directory holding `xgboost-model` or `model.tar.gz`. */
export async function loadModel(location: string): Promise<Booster> {
  let info;
  try {
    info = await stat(location);
  } catch (cause) {
    throw new ModelFormatError(`${location}: no such model file or directory`, { cause });
  }
  if (!info.isDirectory()) return parseModel(await readModelFile(location), location);
  for (const name of [MODEL_FILE, 'model.tar.gz']) {
    const file = path.join(location, name);
    const found = await stat(file).then(
      (s) => s.isFile(),
      () => false,
    );
    if (!found) continue;
    const bytes = await readModelFile(file);
    return (name === MODEL_FILE && (await compiledBeside(location, bytes))) || parseModel(bytes, file);
  }
  throw new ModelFormatError(`${location}: the directory holds neither ${MODEL_FILE} nor model.tar.gz`);
}
