export { ModelFormatError } from './errors';
export type { Booster, TreeArrays } from './booster';
export { parseModel } from './parse';
export { predictMargin, predictProba, sigmoid32 } from './predict';
export { explain } from './shap';
export { packModelTarGz, readTar } from './tar';
export { MODEL_FILE, loadArtifact, loadModel } from './load';
export type { Artifact, Metrics } from './load';
