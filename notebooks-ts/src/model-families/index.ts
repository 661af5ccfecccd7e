import { randomForest } from './forest';
import { knn } from './knn';
import { logisticRegression } from './logistic';
import { svm } from './svm';
import { ModelKind, ModelName } from './types';
import { xgboost } from './xgboost';

/** The five families compared, in report order (XGBoost first: it is the one the API serves). */
export const MODEL_KINDS: Record<ModelName, ModelKind> = {
  xgboost: xgboost as unknown as ModelKind,
  logistic_regression: logisticRegression as unknown as ModelKind,
  knn: knn as unknown as ModelKind,
  random_forest: randomForest as unknown as ModelKind,
  svm: svm as unknown as ModelKind,
};

export const MODEL_NAMES = Object.keys(MODEL_KINDS) as ModelName[];
