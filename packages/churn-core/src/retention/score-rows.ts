/** Probabilities for `nRows` encoded rows, in row order. */
export type ScoreRows = (
  features: Float32Array,
  nRows: number,
) => Promise<ArrayLike<number>> | ArrayLike<number>;

/** The scorer's answer, refused when it does not hold one probability a row. */
export async function scored(
  score: ScoreRows,
  features: Float32Array,
  nRows: number,
): Promise<ArrayLike<number>> {
  const scores = await score(features, nRows);
  if (scores.length !== nRows)
    throw new Error(`the scorer returned ${scores.length} scores for ${nRows} rows`);
  return scores;
}
