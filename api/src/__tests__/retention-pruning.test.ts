import fc from 'fast-check';
import { Catalogue, DEFAULT_CATALOGUE, withOverrides } from '@telco-churn/core/retention/catalogue';
import { createRetentionEngine } from '@telco-churn/core/retention/engine';
import { catalogueArb } from '@telco-churn/core/retention/__tests__/arbitraries';
import type { Customer } from '@telco-churn/core/fields';
import { predictProba } from '@telco-churn/xgboost-runtime';
import { customers, shippedArtifact } from './fixtures';

jest.setTimeout(60_000);

/** Economics where pairs and dear offers often win, so pruning is tested where it is tight. */
const generous = withOverrides(DEFAULT_CATALOGUE, {
  economics: { margin_rate: 0.9, horizon_months: 36, contact_cost: 0 },
});

/**
 * Holds the campaign's search (engine.best: pruned, changed customers encoded in place) to the
 * straightforward path (engine.answer: every offer and pair built and scored, as /retention
 * answers); returns how many customers have an offer that pays.
 */
async function expectSamePicks(catalogue: Catalogue, some: Customer[]): Promise<number> {
  const artifact = await shippedArtifact();
  const engine = createRetentionEngine(catalogue, artifact.encoder);
  const score = (x: Float32Array, n: number) => predictProba(artifact.booster, x, n);
  const best = await engine.best(some, score);
  let paying = 0;
  for (let i = 0; i < some.length; i++) {
    const full = await engine.answer(some[i], score);
    const top = full.offers.find((o) => o.id === full.best_offer);
    const picked = best[i].code < 0 ? null : engine.compiled.ids[best[i].code];
    expect([i, picked, best[i].expectedNetValue, best[i].cost]).toEqual([
      i,
      full.best_offer,
      top?.expected_net_value ?? 0,
      top?.cost ?? 0,
    ]);
    expect(Math.round(best[i].p * 1e6) / 1e6).toBe(full.churn_probability);
    expect(best[i].valueAtRisk).toBe(full.value_at_risk);
    if (top) paying++;
  }
  return paying;
}

describe("a campaign's best offer (scored with pruning)", () => {
  it.each([
    ['the shipped economics', DEFAULT_CATALOGUE],
    ['generous economics', generous.ok ? generous.value : DEFAULT_CATALOGUE],
  ])('is the offer /retention ranks first, with its net value and cost, under %s', async (_, catalogue) => {
    const some = customers(400, 61);
    expect(await expectSamePicks(catalogue, some)).toBeGreaterThan(some.length / 10);
  });

  it('is the offer /retention ranks first for generated catalogues (multi-field offers, discounts, any costs)', async () => {
    const some = customers(60, 63);
    let paying = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(catalogueArb(), catalogueArb(generous.ok ? generous.value.economics : undefined)),
        async (catalogue) => {
          paying += await expectSamePicks(catalogue, some);
        },
      ),
      { numRuns: 40 },
    );
    // Not a vacuous pass: some generated offers pay for some customers.
    expect(paying).toBeGreaterThan(0);
  });

  it('scores far fewer rows than the full what-if', async () => {
    const artifact = await shippedArtifact();
    const engine = createRetentionEngine(DEFAULT_CATALOGUE, artifact.encoder);
    let rows = 0;
    const score = (x: Float32Array, n: number) => {
      rows += n;
      return predictProba(artifact.booster, x, n);
    };
    const some = customers(300, 62);
    await engine.best(some, score);
    const pruned = rows;
    rows = 0;
    for (const c of some) await engine.answer(c, score);
    expect(pruned).toBeLessThan(rows * 0.6);
  });
});
