import { createRng, normal } from '@telco-churn/core/random';
import { Dataset } from '../dataset';

/**
 * A separable toy problem for the model tests: churn when 2*x0 - x1 + 0.5*b > 0, where x0 and
 * x1 are continuous, b a 0/1 column; plus a one-hot group of three that carries no signal.
 */
export function toyProblem(n: number, seed: number): Dataset {
  const rng = createRng(seed);
  const nCols = 6;
  const x = new Float32Array(n * nCols);
  const y = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const x0 = normal(rng);
    const x1 = normal(rng);
    const b = rng() < 0.5 ? 1 : 0;
    const hot = Math.floor(rng() * 3);
    x.set([x0, x1, b, hot === 0 ? 1 : 0, hot === 1 ? 1 : 0, hot === 2 ? 1 : 0], i * nCols);
    y[i] = 2 * x0 - x1 + 0.5 * b > 0.8 ? 1 : 0;
  }
  return { x, nRows: n, nCols, y };
}
