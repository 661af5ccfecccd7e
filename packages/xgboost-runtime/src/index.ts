export { ModelFormatError } from './errors';
export type { Booster, TreeArrays } from './booster';
export { parseModel } from './parse';
export { predictMargin, predictMarginInterpreted, predictProba, sigmoid32 } from './predict';
export { explain } from './shap';
export { modelFromTar, packModelTarGz, readTar, writeTar } from './tar';
export type { TarEntry } from './tar';
export { MODEL_FILE, loadModel } from './load';
