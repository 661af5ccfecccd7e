/**
 * Runs retention over many customers with any scorer (the in-process runtime, a SageMaker
 * endpoint): rows are planned and scored in slices of at most `maxRows`, one scorer call each,
 * so memory and request size stay bounded whatever the number of customers.
 */
import type { Encoder } from '../features';
import type { Customer } from '../fields';
import type { Catalogue, Economics } from './catalogue';
import { CompiledOffers, compileOffers } from './offers';
import { BestOffer, RetentionAnswer, bestOffer, planRetention, retentionAnswer } from './value';

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
        const plan = planRetention(customers.slice(start, start + sliceCustomers), compiled, encoder);
        const scores = await score(plan.features, plan.nRows);
        checkCount(scores, plan.nRows);
        for (let i = 0; i < plan.plans.length; i++)
          out[start + i] = bestOffer(plan.plans[i], scores, economics);
        await onSlice?.(Math.min(start + sliceCustomers, customers.length));
      }
      return out;
    },
  };
}

function checkCount(scores: ArrayLike<number>, nRows: number): void {
  if (scores.length !== nRows)
    throw new Error(`the scorer returned ${scores.length} scores for ${nRows} rows`);
}
