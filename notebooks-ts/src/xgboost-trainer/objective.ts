/** binary:logistic as XGBoost 1.7 computes it, in float32. */
import { sigmoid32 } from '@telco-churn/xgboost-runtime/predict';

export { sigmoid32 };

const fround = Math.fround;
const EPS = fround(1e-16);

/** ProbToMargin: -logf(1 / base_score - 1). */
export function baseMargin(baseScore: number): number {
  return fround(-fround(Math.log(fround(fround(1 / fround(baseScore)) - 1))));
}

/**
 * Gradient p - y and hessian max(p (1 - p), 1e-16), both times the row weight (itself times
 * scale_pos_weight for positive rows), as XGBoost's RegLossObj::GetGradient.
 */
export function logisticGradients(
  margin: Float32Array,
  y: Float32Array,
  weight: Float32Array | undefined,
  scalePosWeight: number,
  grad: Float32Array,
  hess: Float32Array,
): void {
  const spw = fround(scalePosWeight);
  for (let r = 0; r < margin.length; r++) {
    const p = sigmoid32(margin[r]);
    const label = y[r];
    let w = weight ? weight[r] : 1;
    if (label === 1) w = fround(w * spw);
    grad[r] = fround(p - label) * w;
    hess[r] = Math.max(fround(p * fround(1 - p)), EPS) * w;
  }
}
