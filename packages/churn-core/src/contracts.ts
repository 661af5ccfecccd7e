import type { FieldName } from './fields';
import type { CampaignSummary, Group } from './retention/campaign';
import type { Economics } from './retention/catalogue';

/**
 * The shapes every part shares: what the prediction API answers, what the UI shows, what the
 * trainer writes to metrics.json and the loader reads back. Types and constants only, so the
 * browser can import them without pulling in joi.
 */

/** A request field the API could not accept, named as the client sent it (`tenure`, `customers.3.tenure`). */
export interface FieldError {
  field: string;
  message: string;
}

/** The one error body of every non-2xx answer of the API. */
export interface ErrorBody {
  error: { code: string; message: string; request_id: string; details?: FieldError[] };
}

/** Risk bands on the churn probability: low < 0.3 <= medium < 0.6 <= high. */
export const RISK_LEVELS = { medium: 0.3, high: 0.6 } as const;
export type RiskLevel = 'low' | 'medium' | 'high';

export function riskLevel(probability: number): RiskLevel {
  if (probability >= RISK_LEVELS.high) return 'high';
  if (probability >= RISK_LEVELS.medium) return 'medium';
  return 'low';
}

/** One request field's share of a prediction: its model columns' SHAP values folded together. */
export interface Factor {
  field: FieldName;
  label: string;
  value: string | number;
  /** Signed log-odds contribution of this request field (all its model columns together). */
  effect: number;
  direction: 'raises' | 'lowers';
}

export interface Prediction {
  churn_probability: number;
  will_churn: boolean;
  threshold: number;
  risk_level: RiskLevel;
  model_version: string;
  top_factors: Factor[];
  /** ULID given by the API's prediction recorder: unique, sorts by time; outcomes are joined on it. */
  prediction_id: string;
}

/** One customer of a batch: its prediction, or why it was refused (the others are still scored). */
export type BatchResult =
  { index: number; ok: true; prediction: Prediction } | { index: number; ok: false; errors: FieldError[] };

export interface BatchResponse {
  model_version: string;
  threshold: number;
  summary: { total: number; scored: number; failed: number };
  results: BatchResult[];
}

/** One scored customer of `POST /campaign`; the answer lists them best expected net value first. */
export interface CampaignCustomer {
  prediction_id: string;
  /** Position in the request's `customers`. */
  index: number;
  customerID?: string;
  churn_probability: number;
  value_at_risk: number;
  best_offer: string | null;
  expected_net_value: number;
  cost: number;
  selected: boolean;
  group: Group;
}

/** A `POST /campaign` customer that was refused (the others are still planned). */
export interface CampaignInvalid {
  index: number;
  customerID?: string;
  errors: FieldError[];
}

export interface CampaignResponseSummary extends CampaignSummary {
  total: number;
  valid: number;
  invalid: number;
  budget: number | null;
  capacity: number | null;
  holdout_fraction: number;
}

/** `POST /campaign`: the API answers it, the UI's campaign route reads it. */
export interface CampaignResponse {
  model_version: string;
  summary: CampaignResponseSummary;
  economics: Economics;
  customers: CampaignCustomer[];
  invalid: CampaignInvalid[];
}

/** `GET /model`. */
export interface ModelInfo {
  model_version: string;
  created_at?: string;
  threshold: number;
  risk_levels: { medium: number; high: number };
  features: string[];
  metrics: MetricsJson | null;
}

/** The model families the trainer compares, by their key in metrics.json, with the name people read. */
export const MODEL_LABELS = {
  xgboost: 'XGBoost',
  logistic_regression: 'Logistic regression',
  knn: 'k-nearest neighbours',
  random_forest: 'Random forest',
  svm: 'Support vector machine',
} as const;
export type ModelName = keyof typeof MODEL_LABELS;

/** A point of a ROC curve (false positive rate, true positive rate) or a PR curve (recall, precision). */
export type CurvePoint = [number, number];

export interface CalibrationBin {
  lo: number;
  hi: number;
  count: number;
  meanPredicted: number;
  fractionPositive: number;
}

/** A model's figures on the held-out test rows, at its threshold. */
export interface TestMetrics {
  accuracy: number;
  precision: number;
  recall: number;
  f1: number;
  specificity: number;
  mcc: number;
  auc: number;
  pr_auc: number;
  brier: number;
  log_loss: number;
  confusion_matrix: { tp: number; fp: number; tn: number; fn: number };
  roc_curve: CurvePoint[];
  pr_curve: CurvePoint[];
  calibration: CalibrationBin[];
}

/** Cross-validated figures of the chosen setting on the training rows. */
export interface CvMetrics {
  auc: number;
  auc_sd: number;
  f1: number;
  precision: number;
  recall: number;
  folds: number;
  fold_auc: number[];
}

export type Hyperparameters = Record<string, number | string | boolean>;

export interface ModelMetrics {
  label: string;
  threshold: number;
  hyperparameters: Hyperparameters;
  settings_tried: number;
  seconds: number;
  cv: CvMetrics;
  test: TestMetrics;
  permutation_importance: { field: string; auc_drop: number }[];
}

/**
 * `metrics.json` beside the model: the trainer writes it (buildMetricsJson), the API serves it in
 * `GET /model`, the UI's model page shows it.
 */
export interface MetricsJson {
  model_version: string;
  created_at?: string;
  chosen_model: string;
  threshold: number;
  threshold_rule: string;
  data: {
    rows: number;
    train_rows: number;
    test_rows: number;
    churn_rate: number;
    split: string;
    data_hash?: string;
  };
  test: TestMetrics;
  cv: CvMetrics;
  feature_importance: { feature: string; gain: number; mean_abs_shap: number }[];
  hyperparameters: Hyperparameters;
  models: Record<string, ModelMetrics>;
  permutation_importance_method: string;
  training_seconds: number;
  training_cpu_seconds: number;
  command: string;
}
