import { parseArgs } from 'node:util';
import { join } from 'node:path';
import { REFERENCE_FILE } from '@telco-churn/core/monitoring/reference';
import { loadArtifact } from '@telco-churn/core/artifact';
import { prepare } from '../prepare';
import { referenceProfileOf } from '../reference-profile';
import { DEFAULT_DATA, UsageError, numberOption, runCli, writeAtomic } from './cli';

export const REFERENCE_USAGE = `usage: npm run reference -- --model <dir> [--data <csv>] [--test-ids <file>] [--seed 42]
  Writes <dir>/${REFERENCE_FILE} for a model trained before training wrote one. The split must be
  the one the model was trained with (same data, test ids or seed); the data hash and the scaler
  in model_params.json are checked against it, so a different split is refused.`;

/**
 * The reference profile of an existing model, from its training rows reproduced exactly: nothing
 * but reference_profile.json is written, the model files stay as they are.
 */
export async function referenceCli(args: string[]): Promise<string> {
  const { values } = parseArgs({
    args,
    options: {
      model: { type: 'string' },
      data: { type: 'string', default: DEFAULT_DATA },
      'test-ids': { type: 'string' },
      seed: { type: 'string' },
    },
  });
  if (!values.model) throw new UsageError(`--model <dir> is required\n${REFERENCE_USAGE}`);
  const artifact = await loadArtifact(values.model);
  const prepared = prepare({
    dataPath: values.data!,
    testIdsPath: values['test-ids'],
    seed: numberOption(values.seed, 'seed', 42, Number.isInteger),
  });
  const { params } = artifact;
  if (params.dataHash && params.dataHash !== `sha256:${prepared.data.hash}`)
    throw new UsageError(
      `${values.data} is not the file ${values.model} was trained on (${params.dataHash})`,
    );
  const sameScaler =
    JSON.stringify(params.scaler.features) === JSON.stringify(prepared.scaler.features) &&
    params.scaler.means.every((m, i) => Math.abs(m - prepared.scaler.means[i]) < 1e-9) &&
    params.scaler.stds.every((s, i) => Math.abs(s - prepared.scaler.stds[i]) < 1e-9);
  if (!sameScaler)
    throw new UsageError(
      `the training rows of this split (${prepared.split}) are not the model's: its scaler differs; pass the --test-ids or --seed it was trained with`,
    );
  const profile = referenceProfileOf(prepared, artifact.booster, params.threshold, params.modelVersion);
  const file = join(values.model, REFERENCE_FILE);
  writeAtomic(file, `${JSON.stringify(profile, null, 1)}\n`);
  console.log(
    `wrote ${file}: ${profile.rows} training rows (${prepared.split}), score positive rate ${profile.score.positive_rate.toFixed(4)}`,
  );
  return file;
}

if (require.main === module) runCli(async () => void (await referenceCli(process.argv.slice(2))));
