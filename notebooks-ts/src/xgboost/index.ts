export { train, toModelBytes } from './train';
export type { TrainedModel, TrainOptions, RoundMetrics } from './train';
export type { Dataset } from './dataset';
export { DEFAULT_PARAMS, TrainerInputError, resolveParams } from './params';
export type { XGBParams, EvalMetric } from './params';
export { auc, logloss } from './metrics';
export { leafValue } from './tree';
export type { Tree } from './tree';
