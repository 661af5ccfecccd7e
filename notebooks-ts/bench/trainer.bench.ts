/**
 * `npm run bench:trainer`: our XGBoost-compatible trainer against python3-xgboost 1.7
 * (tree_method=exact, nthread=1) on the same rows and parameters. Prints training times
 * (best of several runs each), their ratio (target: ours <= 3x), both held-out AUCs, and
 * whether the two model files are byte-identical.
 */
import { existsSync, readFileSync } from 'fs';
import { join } from 'path';
import { parseTelcoCsv } from '@telco-churn/core/telco-csv';
import { FEATURE_NAMES } from '@telco-churn/core/features';
import { parseModel, predictProba } from '@telco-churn/xgboost-runtime';
import { Dataset, auc, toModelBytes, train } from '../src/xgboost-trainer';
import { ReferenceSession, referenceUnavailable } from '../src/xgboost-trainer/reference';
import { encodeSplit, randomSplit, syntheticChurn } from '../src/xgboost-trainer/parity-data';

const PARAMS = { eta: 0.05, max_depth: 4, min_child_weight: 1, lambda: 1, num_round: 300 };
const REPEATS = 3;
const REAL_DATA = join(__dirname, '..', '..', '..', 'shared', 'data', 'telco-customer-churn.csv');

function bench(
  name: string,
  data: { train: Dataset; test: Dataset },
  ref: ReferenceSession | undefined,
): void {
  const { train: trainSet, test } = data;
  let wall = Infinity;
  let cpu = Infinity;
  let bytes: Uint8Array = new Uint8Array();
  for (let i = 0; i < REPEATS; i++) {
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    bytes = toModelBytes(train(trainSet, PARAMS, { featureNames: FEATURE_NAMES }));
    const used = process.cpuUsage(cpuStart);
    wall = Math.min(wall, (performance.now() - start) / 1000);
    cpu = Math.min(cpu, (used.user + used.system) / 1e6);
  }
  const ourAuc = auc(predictProba(parseModel(bytes), test.x, test.nRows), test.y);
  console.log(
    `\n${name}: ${trainSet.nRows} training rows x ${trainSet.nCols} features, ${test.nRows} held out`,
  );
  console.log(`  parameters: ${JSON.stringify(PARAMS)}, best of ${REPEATS} runs each`);
  console.log(
    `  ours     wall ${wall.toFixed(3)} s  cpu ${cpu.toFixed(3)} s   held-out AUC ${ourAuc.toFixed(5)}`,
  );
  if (!ref) return;
  const modelOut = ref.path(`${name.replace(/\W+/g, '-')}.json`);
  const { num_round: numRound, ...params } = PARAMS;
  const theirs = ref.train({
    train: trainSet,
    test,
    params: { ...params, objective: 'binary:logistic', tree_method: 'exact', nthread: 1 },
    numRound,
    repeats: REPEATS,
    modelOut,
    featureNames: FEATURE_NAMES,
  });
  const identical = Buffer.from(bytes).toString('utf8') === readFileSync(modelOut, 'utf8');
  const theirWall = Math.min(...theirs.seconds);
  const theirCpu = Math.min(...theirs.cpu_seconds);
  const theirAuc = theirs.test_auc ?? NaN;
  console.log(
    `  xgboost  wall ${theirWall.toFixed(3)} s  cpu ${theirCpu.toFixed(3)} s   held-out AUC ${theirAuc.toFixed(5)}   (python3-xgboost ${theirs.xgboost_version}, exact, nthread=1)`,
  );
  console.log(
    `  ratio ours/xgboost: wall ${(wall / theirWall).toFixed(2)}x, cpu ${(cpu / theirCpu).toFixed(2)}x (target <= 3x); ` +
      `AUC difference ${Math.abs(ourAuc - theirAuc).toFixed(5)}; model files byte-identical: ${identical ? 'yes' : 'no'}`,
  );
}

function main(): void {
  const unavailable = referenceUnavailable();
  if (unavailable) console.log(`python3-xgboost unavailable (${unavailable}): printing our side only`);
  const ref = unavailable ? undefined : new ReferenceSession();
  try {
    bench('synthetic churn (seed 2026)', syntheticChurn(5634, 1409, 2026), ref);
    if (existsSync(REAL_DATA)) {
      const parsed = parseTelcoCsv(readFileSync(REAL_DATA, 'utf8'), { requireLabel: true });
      if (parsed.errors.length > 0)
        throw new Error(
          `${REAL_DATA}: ${parsed.errors.length} bad rows, first: ${JSON.stringify(parsed.errors[0])}`,
        );
      const { train: trainRows, test: testRows } = randomSplit(parsed.rows, 0.2, 7);
      bench(
        'Telco customer churn (real file, seeded random 80/20 split)',
        encodeSplit(trainRows, testRows),
        ref,
      );
    } else {
      console.log(`\n${REAL_DATA} not found: skipping the real-data run`);
    }
  } finally {
    ref?.close();
  }
}

main();
