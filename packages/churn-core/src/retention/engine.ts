/**
 * Runs retention over many customers with any scorer (the in-process runtime, a SageMaker
 * endpoint): rows are planned and scored in slices of at most `maxRows`, one scorer call each,
 * so memory and request size stay bounded whatever the number of customers.
 */
import type { Encoder } from '../features';
import type { Customer } from '../fields';
import type { Catalogue, Economics } from './catalogue';
import {
  Candidate,
  CandidateTerms,
  CompiledOffers,
  compileOffers,
  pairCandidates,
  singleCandidates,
} from './offers';
import {
  BestOffer,
  Pick,
  RetentionAnswer,
  cents,
  netUpperBound,
  pickBest,
  planRetention,
  retentionAnswer,
  valueAtRisk,
} from './value';

/** Probabilities for `nRows` encoded rows, in row order. */
export type ScoreRows = (
  features: Float32Array,
  nRows: number,
) => Promise<ArrayLike<number>> | ArrayLike<number>;

/**
 * Rows a scorer call carries at most: ~1.4 MB of SageMaker CSV (46 features, ~140 bytes a row),
 * well under InvokeEndpoint's 6 MiB and quick for one serverless invocation; ~1.8 MB of
 * features in memory.
 */
export const MAX_ROWS_PER_CALL = 10_000;

export interface RetentionEngine {
  readonly economics: Economics;
  readonly compiled: CompiledOffers;
  /** The full answer for one customer: one scorer call with all its offers and pairs. */
  answer(customer: Customer, score: ScoreRows): Promise<RetentionAnswer>;
  /** Each customer's best offer, in input order; `onSlice` after each scorer call (progress, yielding). */
  best(
    customers: readonly Customer[],
    score: ScoreRows,
    onSlice?: (done: number) => Promise<void> | void,
  ): Promise<BestOffer[]>;
}

export function createRetentionEngine(
  catalogue: Catalogue,
  encoder: Encoder,
  maxRows = MAX_ROWS_PER_CALL,
): RetentionEngine {
  const compiled = compileOffers(catalogue.offers);
  const { economics } = catalogue;
  // The most rows one customer can need: itself, every offer and every pair.
  const perCustomer = 1 + compiled.ids.length;
  const sliceCustomers = Math.max(1, Math.floor(maxRows / perCustomer));
  return {
    economics,
    compiled,
    async answer(customer, score) {
      const plan = planRetention([customer], compiled, encoder);
      const scores = await score(plan.features, plan.nRows);
      checkCount(scores, plan.nRows);
      return retentionAnswer(plan.plans[0], scores, economics);
    },
    async best(customers, score, onSlice) {
      const out: BestOffer[] = new Array(customers.length);
      for (let start = 0; start < customers.length; start += sliceCustomers) {
        const slice = customers.slice(start, start + sliceCustomers);
        const best = await bestOfSlice(slice, score);
        for (let i = 0; i < slice.length; i++) out[start + i] = best[i];
        await onSlice?.(Math.min(start + sliceCustomers, customers.length));
      }
      return out;
    },
  };

  /**
   * Scores in three calls: the customers, then the offers whose best case could pay, then the
   * pairs whose best case could beat the best offer. Pruning by `netUpperBound` never drops the
   * offer `answer` would rank first (a test holds the two to the same picks), and spares most
   * rows: a low-risk customer's offers cannot pay whatever they do to the probability.
   */
  async function bestOfSlice(slice: readonly Customer[], score: ScoreRows): Promise<BestOffer[]> {
    const p = await scored(score, encoder.encodeMany(slice), slice.length);
    const singles = slice.map((c) => singleCandidates(c, compiled).singles);
    const worth = singles.map((list, i) =>
      list.filter((c) => netUpperBound(slice[i], p[i], termsOf(c), economics) >= MIN_NET - ROUNDING),
    );
    const picks = await pickFrom(slice, p, worth, score);
    const pairs = slice.map((c, i) => {
      const floor = Math.max(picks[i].expectedNetValue, MIN_NET) - ROUNDING;
      return pairCandidates(c, compiled, singles[i], (t) => netUpperBound(c, p[i], t, economics) >= floor);
    });
    const final = await pickFrom(slice, p, pairs, score, picks);
    return slice.map((c, i) => ({
      p: p[i],
      valueAtRisk: cents(valueAtRisk(c, p[i], economics)),
      code: final[i].code,
      expectedNetValue: final[i].expectedNetValue,
      cost: final[i].cost,
    }));
  }

  async function pickFrom(
    slice: readonly Customer[],
    p: ArrayLike<number>,
    candidates: Candidate[][],
    score: ScoreRows,
    current?: Pick[],
  ): Promise<Pick[]> {
    const rows = candidates.flatMap((list) => list.map((c) => c.customer));
    const scores = rows.length > 0 ? await scored(score, encoder.encodeMany(rows), rows.length) : [];
    let offset = 0;
    return slice.map((c, i) => {
      const pick = pickBest(c, p[i], candidates[i], scores, offset, economics, current?.[i]);
      offset += candidates[i].length;
      return pick;
    });
  }
}

/** The smallest net value that rounds to a positive cent, and a margin for float rounding. */
const MIN_NET = 0.005;
const ROUNDING = 0.001 + 0.005;

const termsOf = (c: Candidate): CandidateTerms => ({
  acceptanceRate: c.acceptanceRate,
  oneOffCost: c.oneOffCost,
  monthlyCost: c.monthlyCost,
  monthlyCharges: c.customer.monthlyCharges,
});

async function scored(score: ScoreRows, features: Float32Array, nRows: number): Promise<ArrayLike<number>> {
  const scores = await score(features, nRows);
  checkCount(scores, nRows);
  return scores;
}

function checkCount(scores: ArrayLike<number>, nRows: number): void {
  if (scores.length !== nRows)
    throw new Error(`the scorer returned ${scores.length} scores for ${nRows} rows`);
}
