/**
 * Whom to contact this month: a selection of customers (each with its best offer) that never
 * exceeds the budget or the capacity, and a random holdout among the selected so the
 * campaign's effect can be measured against it later.
 *
 * Columns are typed arrays so the CLI can hold millions of customers' results compactly.
 */
import { createRng, shuffleInPlace } from '../random';

export interface CampaignInput {
  /** Expected net value of each customer's best offer (≤ 0: no offer pays, never selected). */
  net: ArrayLike<number>;
  /** What the best offer commits if accepted (cents-rounded money). */
  cost: ArrayLike<number>;
}

export interface CampaignOptions {
  budget?: number;
  capacity?: number;
  /** Share of the selected kept out of the campaign, 0 to 0.5. */
  holdoutFraction: number;
  seed: number;
}

export type Group = 'treatment' | 'holdout' | 'none';
export const GROUP_NONE = 0;
export const GROUP_TREATMENT = 1;
export const GROUP_HOLDOUT = 2;
export const GROUP_NAMES: readonly Group[] = ['none', 'treatment', 'holdout'];

export interface CampaignSummary {
  /** Treatment and holdout together: the customers the budget and capacity were spent on. */
  selected: number;
  treatment: number;
  holdout: number;
  /** Committed cost of the treatment group (the holdout gets no offer). */
  total_cost: number;
  /** Expected net value of the treatment group. */
  expected_net_value: number;
  /** Committed cost of all the selected: what the budget is checked against. */
  selected_cost: number;
  seed: number;
}

export interface CampaignSelection {
  /** Customer indices by expected net value, best first (ties: lower index first). */
  ranking: Uint32Array;
  /** Per customer: GROUP_NONE, GROUP_TREATMENT or GROUP_HOLDOUT. */
  group: Uint8Array;
  summary: CampaignSummary;
}

const toCents = (amount: number): number => Math.round(amount * 100);

/**
 * Greedy selection. With a budget, customers are taken by net value per unit of cost (the
 * classic greedy for a knapsack: the most value for the money first), skipping any that no
 * longer fits; with only a capacity, by net value (which is then optimal). Sums run in whole
 * cents, so "never over budget" holds exactly for the costs reported.
 */
export function selectCampaign(input: CampaignInput, options: CampaignOptions): CampaignSelection {
  const n = input.net.length;
  const { net, cost } = input;
  const ranking = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => net[b] - net[a] || a - b);
  let count = 0;
  for (let k = 0; k < n; k++) if (net[ranking[k]] > 0) count++;
  // In ranking order: ties below keep the net-value order.
  const eligible = new Uint32Array(count);
  for (let k = 0, e = 0; k < n; k++) if (net[ranking[k]] > 0) eligible[e++] = ranking[k];
  const budget = options.budget;
  if (budget !== undefined) {
    // Zero-cost offers first (infinite ratio), then by ratio, then as ranked.
    const ratio = new Float64Array(n);
    for (const i of eligible) ratio[i] = cost[i] > 0 ? net[i] / cost[i] : Infinity;
    eligible.sort((a, b) => ratio[b] - ratio[a] || net[b] - net[a] || a - b);
  }
  const capacity = options.capacity ?? Infinity;
  const budgetCents = budget === undefined ? Infinity : Math.floor(budget * 100 + 1e-6);
  const chosen: number[] = [];
  let spentCents = 0;
  for (const i of eligible) {
    if (chosen.length >= capacity) break;
    const c = toCents(cost[i]);
    if (spentCents + c > budgetCents) continue;
    spentCents += c;
    chosen.push(i);
  }
  const group = new Uint8Array(n);
  const holdoutCount = Math.round(options.holdoutFraction * chosen.length);
  // The draw depends only on the seed and the selection, so the same request draws the same holdout.
  const drawn = shuffleInPlace(createRng(options.seed), Uint32Array.from(chosen));
  let treatmentCents = 0;
  let treatmentNet = 0;
  for (let k = 0; k < drawn.length; k++) {
    const i = drawn[k];
    if (k < holdoutCount) {
      group[i] = GROUP_HOLDOUT;
    } else {
      group[i] = GROUP_TREATMENT;
      treatmentCents += toCents(cost[i]);
      treatmentNet += toCents(net[i]);
    }
  }
  return {
    ranking,
    group,
    summary: {
      selected: chosen.length,
      treatment: chosen.length - holdoutCount,
      holdout: holdoutCount,
      total_cost: treatmentCents / 100,
      expected_net_value: treatmentNet / 100,
      selected_cost: spentCents / 100,
      seed: options.seed,
    },
  };
}
