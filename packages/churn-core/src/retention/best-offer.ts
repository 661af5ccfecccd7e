/**
 * Each customer's best offer for a campaign, with as little work per offer as the pick allows.
 * `planRetention` (one customer, every offer, for /retention) builds a changed customer object
 * per offer and pair; doing that for every offer of a campaign spent about a third of the CPU
 * in garbage collection. Here an offer is first judged by its terms alone (`netUpperBound`),
 * and only one that could still win is checked by `validateCustomer` and encoded: on one
 * reused copy of the customer, into a copy of the customer's own row in which only the inputs
 * the offer moves are recomputed (`Encoder.encodeColumns`). The picks are those of
 * `retentionAnswer`'s first offer; retention-pruning.test.ts holds the two together.
 */
import type { Encoder } from '../features';
import type { Customer } from '../fields';
import { validateCustomer } from '../schema';
import type { ActionableField, Economics } from './catalogue';
import {
  CandidateTerms,
  CompiledOffers,
  OfferTerms,
  discounted,
  notApplicable,
  offerTerms,
  pairTerms,
} from './offers';
import { ScoreRows, scored } from './score-rows';
import { BestOffer, NO_PICK, Pick, beats, cents, netUpperBound, offerEconomics, valueAtRisk } from './value';

/** A single offer or a compatible pair, compiled once per catalogue. */
interface Move extends OfferTerms {
  /** Its index in CompiledOffers.ids. */
  code: number;
  id: string;
  /** The offers it is made of (indices in the catalogue): one, or the two of a pair. */
  parts: readonly number[];
  set: readonly (readonly [ActionableField, string])[];
  discountPercent: number;
  /** The model inputs its changes can move. */
  columns: Int32Array;
}

function compileMoves(compiled: CompiledOffers, encoder: Encoder): { singles: Move[]; pairs: Move[] } {
  const move = (code: number, parts: number[], terms: OfferTerms): Move => {
    const offers = parts.map((k) => compiled.offers[k]);
    const set = parts.flatMap((k) => compiled.rules[k].set);
    const discountPercent = Math.max(...offers.map((o) => o.discount_percent));
    const fields = [
      ...set.map(([field]) => field),
      ...(discountPercent > 0 ? ['monthlyCharges' as const] : []),
    ];
    return {
      code,
      id: compiled.ids[code],
      parts,
      set,
      discountPercent,
      ...terms,
      columns: encoder.columnsReading(fields),
    };
  };
  const singles = compiled.offers.map((offer, k) => move(k, [k], offerTerms(offer)));
  const pairs = compiled.pairs.map(([a, b, code]) => move(code, [a, b], pairTerms(singles[a], singles[b])));
  return { singles, pairs };
}

/** The smallest net value that rounds to a positive cent, and a margin for float rounding. */
const MIN_NET = 0.005;
const ROUNDING = 0.001 + 0.005;

/** What is known of one offer for one customer, found out only when needed (0: nothing yet). */
const NOT_APPLICABLE = 1;
const APPLIES = 2;
const VALID = 3;
const INVALID = 4;

type Mutable = Record<string, string | number>;

/**
 * Searches slices of customers in three scorer calls each: the customers, then the offers whose
 * best case could pay, then the pairs whose best case could beat the best offer. Pruning never
 * drops the offer `retentionAnswer` would rank first: a low-risk customer's offers cannot pay
 * whatever they do to the probability, so most rows are never scored.
 */
export function createBestOfferSearch(
  compiled: CompiledOffers,
  encoder: Encoder,
  economics: Economics,
): (slice: readonly Customer[], score: ScoreRows) => Promise<BestOffer[]> {
  const { singles, pairs } = compileMoves(compiled, encoder);
  const width = encoder.featureNames.length;

  return async function bestOfSlice(slice, score) {
    const n = slice.length;
    const own = encoder.encodeMany(slice);
    const p = await scored(score, own, n);
    const known = new Uint8Array(n * singles.length);
    // One copy per customer, changed and restored offer by offer, made only for a customer with
    // an offer worth checking (most have none); and one terms object for the bounds.
    const copies: (Customer | undefined)[] = new Array(n);
    const copyOf = (i: number): Customer => (copies[i] ??= { ...slice[i] });
    const terms: CandidateTerms = { acceptanceRate: 0, oneOffCost: 0, monthlyCost: 0, monthlyCharges: 0 };
    const bound = (i: number, move: Move, monthlyCharges: number): number => {
      terms.acceptanceRate = move.acceptanceRate;
      terms.oneOffCost = move.oneOffCost;
      terms.monthlyCost = move.monthlyCost;
      terms.monthlyCharges = monthlyCharges;
      return netUpperBound(slice[i], p[i], terms, economics);
    };
    /** Whether the customer with the move's changes passes validateCustomer; the copy keeps them. */
    const change = (i: number, move: Move): boolean => {
      const copy = copyOf(i) as unknown as Mutable;
      for (const [field, value] of move.set) copy[field] = value;
      if (move.discountPercent > 0) copy.monthlyCharges = chargesAfter(slice[i], move);
      return validateCustomer(copy).ok;
    };
    // Applicability is asked after the bound: most customers' offers fail the bound, and then
    // the reason an offer does not apply is never worded.
    const applies = (i: number, k: number): boolean => {
      const at = i * singles.length + k;
      if (known[at] === 0)
        known[at] =
          notApplicable(slice[i], compiled.offers[k], compiled.rules[k]) === undefined
            ? APPLIES
            : NOT_APPLICABLE;
      return known[at] !== NOT_APPLICABLE;
    };
    const restore = (i: number, move: Move): void => {
      const copy = copyOf(i) as unknown as Mutable;
      const customer = slice[i] as unknown as Mutable;
      for (const [field] of move.set) copy[field] = customer[field];
      copy.monthlyCharges = customer.monthlyCharges;
    };
    const singleIsValid = (i: number, k: number): boolean => {
      const at = i * singles.length + k;
      if (applies(i, k) && known[at] === APPLIES) {
        known[at] = change(i, singles[k]) ? VALID : INVALID;
        restore(i, singles[k]);
      }
      return known[at] === VALID;
    };

    const first = new WhatIfRows(own, encoder, 4);
    for (let i = 0; i < n; i++) {
      for (let k = 0; k < singles.length; k++) {
        const at = i * singles.length + k;
        const move = singles[k];
        if (bound(i, move, chargesAfter(slice[i], move)) < MIN_NET - ROUNDING || !applies(i, k)) continue;
        known[at] = change(i, move) ? VALID : INVALID;
        if (known[at] === VALID) first.add(i, move, copyOf(i));
        restore(i, move);
      }
    }
    const picks = await pick(first, new Array<Pick>(n).fill(NO_PICK));

    const second = new WhatIfRows(own, encoder, 8);
    for (let i = 0; i < n; i++) {
      const floor = Math.max(picks[i].expectedNetValue, MIN_NET) - ROUNDING;
      for (const move of pairs) {
        const [a, b] = move.parts;
        if (
          known[i * singles.length + a] === NOT_APPLICABLE ||
          known[i * singles.length + b] === NOT_APPLICABLE
        )
          continue;
        const charges = Math.min(chargesAfter(slice[i], singles[a]), chargesAfter(slice[i], singles[b]));
        if (bound(i, move, charges) < floor || !singleIsValid(i, a) || !singleIsValid(i, b)) continue;
        if (change(i, move)) second.add(i, move, copyOf(i));
        restore(i, move);
      }
    }
    const final = await pick(second, picks);
    return slice.map((c, i) => ({
      p: p[i],
      valueAtRisk: cents(valueAtRisk(c, p[i], economics)),
      code: final[i].code,
      expectedNetValue: final[i].expectedNetValue,
      cost: final[i].cost,
    }));

    /** Scores the rows (one scorer call, none when empty) and keeps each customer's best. */
    async function pick(rows: WhatIfRows, current: Pick[]): Promise<Pick[]> {
      if (rows.length === 0) return current;
      const scores = await scored(score, rows.features.subarray(0, rows.length * width), rows.length);
      const picks = [...current];
      for (let r = 0; r < rows.length; r++) {
        const i = rows.owner[r];
        const move = rows.moves[r];
        const e = offerEconomics(slice[i], move, chargesAfter(slice[i], move), p[i], scores[r], economics);
        const net = cents(e.expectedNetValue);
        if (beats(net, move.id, picks[i]))
          picks[i] = { code: move.code, id: move.id, expectedNetValue: net, cost: cents(e.cost) };
      }
      return picks;
    }
  };
}

/** The customer's monthlyCharges once the move is made (lower by its discount, if any). */
const chargesAfter = (customer: Customer, move: Move): number =>
  move.discountPercent > 0
    ? discounted(customer.monthlyCharges, move.discountPercent)
    : customer.monthlyCharges;

/** Rows of changed customers, each a copy of its customer's own row with the moved inputs re-encoded. */
class WhatIfRows {
  length = 0;
  features: Float32Array;
  /** Per row: the customer's index in the slice, and the move made. */
  owner: Int32Array;
  readonly moves: Move[] = [];
  private readonly width: number;

  constructor(
    /** The customers' own rows, as scored first. */
    private readonly own: Float32Array,
    private readonly encoder: Encoder,
    /** Room to start with; with the shipped catalogue ~3 singles and ~6 pairs a customer are scored. */
    rowsPerCustomer: number,
  ) {
    this.width = encoder.featureNames.length;
    const rows = rowsPerCustomer * (own.length / this.width) + 16;
    this.features = new Float32Array(rows * this.width);
    this.owner = new Int32Array(rows);
  }

  /** Adds customer `i` changed by `move`; `changed` is the customer with the move made. */
  add(i: number, move: Move, changed: Customer): void {
    if (this.length === this.owner.length) this.grow();
    const at = this.length * this.width;
    for (let j = 0; j < this.width; j++) this.features[at + j] = this.own[i * this.width + j];
    this.encoder.encodeColumns(changed, move.columns, this.features, at);
    this.owner[this.length] = i;
    this.moves[this.length] = move;
    this.length++;
  }

  private grow(): void {
    const features = new Float32Array(this.features.length * 2);
    features.set(this.features);
    this.features = features;
    const owner = new Int32Array(this.owner.length * 2);
    owner.set(this.owner);
    this.owner = owner;
  }
}
