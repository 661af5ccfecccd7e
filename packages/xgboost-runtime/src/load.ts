import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { Booster } from './booster';
import { ModelFormatError } from './errors';
import { parseModel } from './parse';

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
    if (found) return parseModel(await readModelFile(file), file);
  }
  throw new ModelFormatError(`${location}: the directory holds neither ${MODEL_FILE} nor model.tar.gz`);
}
