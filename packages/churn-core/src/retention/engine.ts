/**
 * Runs retention over many customers with any scorer (the in-process runtime, a SageMaker
 * endpoint): rows are planned and scored in slices of at most `maxRows`, one scorer call each,
 * so memory and request size stay bounded whatever the number of customers.
 */
import type { Encoder } from '../features';
import type { Customer } from '../fields';
import { createBestOfferSearch } from './best-offer';
import type { Catalogue, Economics } from './catalogue';
import { CompiledOffers, compileOffers } from './offers';
import { ScoreRows, scored } from './score-rows';
import { BestOffer, RetentionAnswer, planRetention, retentionAnswer } from './value';

export type { ScoreRows } from './score-rows';

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
  const bestOfSlice = createBestOfferSearch(compiled, encoder, economics);
  return {
    economics,
    compiled,
    async answer(customer, score) {
      const plan = planRetention([customer], compiled, encoder);
      return retentionAnswer(plan.plans[0], await scored(score, plan.features, plan.nRows), economics);
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
}
