import fc from 'fast-check';
import { GROUP_HOLDOUT, GROUP_NONE, GROUP_TREATMENT, selectCampaign } from '../campaign';

const money = fc.integer({ min: -5000, max: 20000 }).map((c) => c / 100);
const cost = fc.integer({ min: 0, max: 20000 }).map((c) => c / 100);
const customersArb = fc.array(fc.tuple(money, cost), { minLength: 0, maxLength: 300 }).map((rows) => ({
  net: rows.map((r) => r[0]),
  cost: rows.map((r) => r[1]),
}));
const centsSum = (values: number[]): number => values.reduce((s, v) => s + Math.round(v * 100), 0);

describe('campaign selection', () => {
  it('never exceeds the budget or the capacity, and selects only offers that pay', () => {
    fc.assert(
      fc.property(
        customersArb,
        fc.option(
          fc.integer({ min: 0, max: 100000 }).map((c) => c / 100),
          { nil: undefined },
        ),
        fc.option(fc.integer({ min: 0, max: 300 }), { nil: undefined }),
        fc.double({ min: 0, max: 0.5, noNaN: true }),
        fc.nat(),
        (input, budget, capacity, holdoutFraction, seed) => {
          const { group, summary } = selectCampaign(input, { budget, capacity, holdoutFraction, seed });
          const chosen = [...group.keys()].filter((i) => group[i] !== GROUP_NONE);
          expect(chosen.length).toBe(summary.selected);
          if (capacity !== undefined) expect(chosen.length).toBeLessThanOrEqual(capacity);
          if (budget !== undefined)
            expect(centsSum(chosen.map((i) => input.cost[i]))).toBeLessThanOrEqual(Math.round(budget * 100));
          for (const i of chosen) expect(input.net[i]).toBeGreaterThan(0);
          expect(Math.round(summary.selected_cost * 100)).toBe(centsSum(chosen.map((i) => input.cost[i])));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('fills the budget greedily by net value per cost, skipping what no longer fits', () => {
    const input = { net: [100, 30, 50, 10], cost: [100, 10, 20, 1] };
    const { group } = selectCampaign(input, { budget: 31, holdoutFraction: 0, seed: 1 });
    // ratios: 1, 3, 2.5, 10 → take 3 (1), 1 (10), 2 (20): 31; 0 no longer fits.
    expect([...group]).toEqual([GROUP_NONE, GROUP_TREATMENT, GROUP_TREATMENT, GROUP_TREATMENT]);
  });

  it('takes the highest net values when only the capacity limits', () => {
    const input = { net: [5, 50, 20, -1, 40], cost: [1, 1000, 1, 0, 1] };
    const { group, ranking } = selectCampaign(input, { capacity: 2, holdoutFraction: 0, seed: 1 });
    expect([...group]).toEqual([GROUP_NONE, GROUP_TREATMENT, GROUP_NONE, GROUP_NONE, GROUP_TREATMENT]);
    expect([...ranking]).toEqual([1, 4, 2, 0, 3]);
  });

  it('holds out the requested share of the selected, drawn at random but the same for the same seed', () => {
    const n = 1000;
    const input = { net: Array.from({ length: n }, (_, i) => 1 + (i % 17)), cost: new Array(n).fill(1) };
    const draw = (seed: number) => selectCampaign(input, { holdoutFraction: 0.1, seed });
    const first = draw(42);
    expect(first.summary).toMatchObject({ selected: n, holdout: 100, treatment: 900 });
    const held = (g: Uint8Array) => [...g.keys()].filter((i) => g[i] === GROUP_HOLDOUT);
    expect(held(first.group)).toHaveLength(100);
    expect(held(draw(42).group)).toEqual(held(first.group));
    expect(held(draw(43).group)).not.toEqual(held(first.group));
    // Random, not the bottom of the ranking: the holdout's mean net value is near the selection's.
    const mean = (ids: number[]) => ids.reduce((s, i) => s + input.net[i], 0) / ids.length;
    expect(Math.abs(mean(held(first.group)) - 9)).toBeLessThan(1.5);
  });

  it('counts cost and net value of the treatment group only; the holdout gets no offer', () => {
    const input = { net: [10, 10, 10, 10], cost: [2, 2, 2, 2] };
    const { summary } = selectCampaign(input, { holdoutFraction: 0.5, seed: 3 });
    expect(summary).toMatchObject({
      selected: 4,
      holdout: 2,
      total_cost: 4,
      expected_net_value: 20,
      selected_cost: 8,
    });
  });
});
