import type { FieldError } from '../../api/src/core/schema';
import type { Factor } from '../../api/src/model/factors';
import type { BatchResult } from '../../api/src/routes/predict';
import type { Prediction, RiskLevel } from '../../api/src/routes/scoring';

/**
 * The prediction API's response shapes (contracts.md, "Prediction API"): the API's own types
 * where it exports them (type-only imports: nothing of the API reaches the browser bundle).
 */
export type { BatchResult, Factor, Prediction, RiskLevel };

export interface BatchResponse {
  model_version: string;
  threshold: number;
  summary: { total: number; scored: number; failed: number };
  results: BatchResult[];
}

export interface CurvePoint extends Array<number> {
  0: number;
  1: number;
}

export interface TestMetrics {
  accuracy?: number;
  precision?: number;
  recall?: number;
  f1?: number;
  specificity?: number;
  mcc?: number;
  auc?: number;
  pr_auc?: number;
  brier?: number;
  confusion_matrix?: { tp: number; fp: number; tn: number; fn: number };
  roc_curve?: CurvePoint[];
  pr_curve?: CurvePoint[];
}

export interface Metrics {
  model_version?: string;
  created_at?: string;
  chosen_model?: string;
  threshold?: number;
  threshold_rule?: string;
  data?: { rows?: number; train_rows?: number; test_rows?: number; churn_rate?: number; split?: string };
  test?: TestMetrics;
  cv?: { f1?: number; auc?: number; folds?: number };
  feature_importance?: { feature: string; gain?: number; mean_abs_shap?: number }[];
  hyperparameters?: Record<string, number | string>;
  models?: Record<string, { test?: TestMetrics; cv?: { f1?: number; auc?: number } }>;
}

export interface ModelInfo {
  model_version: string;
  created_at?: string;
  threshold: number;
  risk_levels: { medium: number; high: number };
  features: string[];
  metrics: Metrics | null;
}

/** What the UI's own routes send the browser when something fails. */
export interface UiError {
  kind:
    | 'validation'
    | 'warming'
    | 'unavailable'
    | 'timeout'
    | 'unauthenticated'
    | 'forbidden'
    | 'bad_request'
    | 'failed';
  message: string;
  fieldErrors?: FieldError[];
  retryAfterSeconds?: number;
  requestId?: string;
}
