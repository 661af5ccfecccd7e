import type { Customer } from '@telco-churn/core/fields';
import { customerSchema, validateCustomer } from '@telco-churn/core/schema';
import { explain, predictProba } from '@telco-churn/xgboost-runtime';
import { Artifact } from '@telco-churn/core/artifact';
import { topFactors } from '@telco-churn/core/factors';
import { createBinner } from '@telco-churn/core/monitoring/binning';
import { createIdGenerator } from '../src/prediction-log/prediction-id';

export interface Stage {
  name: string;
  micros: number;
}

/**
 * In-process CPU cost of each step of one /predict (no HTTP), averaged over many distinct customers:
 * tells how the server CPU per request divides between the API and the model runtime.
 */
export function stageCosts(
  artifact: Artifact,
  customers: readonly Customer[],
  bodies: readonly string[],
): Stage[] {
  const width = artifact.encoder.featureNames.length;
  const row = new Float32Array(width);
  const rounds = 5;
  // CPU time, best of three rounds: other programs on the machine neither preempt nor inflate it.
  const time = (name: string, step: (i: number) => unknown): Stage => {
    for (let i = 0; i < customers.length; i++) step(i);
    let best = Infinity;
    for (let round = 0; round < 3; round++) {
      const started = process.cpuUsage();
      for (let r = 0; r < rounds; r++) for (let i = 0; i < customers.length; i++) step(i);
      const used = process.cpuUsage(started);
      best = Math.min(best, (used.user + used.system) / (rounds * customers.length));
    }
    return { name, micros: best };
  };
  const contribs = customers.map((c) => {
    artifact.encoder.encode(c, row);
    return explain(artifact.booster, row);
  });
  const { featureNames, scaler, modelVersion, threshold } = artifact.params;
  const nextId = createIdGenerator();
  const bin = createBinner(artifact.reference);
  return [
    time('JSON.parse of the body', (i) => JSON.parse(bodies[i])),
    time('validation (plain checks, joi on failure)', (i) => validateCustomer(customers[i])),
    time('encode 46 features', (i) => artifact.encoder.encode(customers[i], row)),
    time('predictProba (1 row)', (i) => {
      artifact.encoder.encode(customers[i], row);
      return predictProba(artifact.booster, row, 1);
    }),
    time('explain: TreeSHAP (1 row)', (i) => {
      artifact.encoder.encode(customers[i], row);
      return explain(artifact.booster, row);
    }),
    time('topFactors (fold onto 19 fields, top 5)', (i) =>
      topFactors(contribs[i], featureNames, customers[i], 5, scaler),
    ),
    // What the prediction log adds to a request (after the answer): the file write is batched.
    time('prediction log: id, binned record, JSON line', (i) =>
      JSON.stringify({
        prediction_id: nextId(),
        time: new Date().toISOString(),
        source: '/predict',
        model_version: modelVersion,
        probability: 0.5,
        decision: false,
        threshold,
        fields: bin(customers[i]),
      }),
    ),
    // validateCustomer itself now takes the plain-check path first; this is what joi alone costs.
    time('validation by joi alone (for comparison)', (i) => customerSchema().validate(customers[i])),
  ];
}
