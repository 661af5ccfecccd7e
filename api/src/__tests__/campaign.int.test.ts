import type {
  CampaignCustomer,
  CampaignInvalid,
  CampaignResponse,
  CampaignResponseSummary,
} from '@telco-churn/core/contracts';
import { TestApp, customers, startTestApp, withoutIds } from './fixtures';

/** The keys of each shared type: the compiler holds these lists to the types, the test the answer to them. */
const RESPONSE_KEYS = {
  model_version: true,
  summary: true,
  economics: true,
  customers: true,
  invalid: true,
} satisfies Record<keyof CampaignResponse, true>;
const SUMMARY_KEYS = {
  total: true,
  valid: true,
  invalid: true,
  budget: true,
  capacity: true,
  holdout_fraction: true,
  selected: true,
  treatment: true,
  holdout: true,
  total_cost: true,
  expected_net_value: true,
  selected_cost: true,
  seed: true,
} satisfies Record<keyof CampaignResponseSummary, true>;
const CUSTOMER_KEYS = {
  prediction_id: true,
  index: true,
  customerID: true,
  churn_probability: true,
  value_at_risk: true,
  best_offer: true,
  expected_net_value: true,
  cost: true,
  selected: true,
  group: true,
} satisfies Record<keyof CampaignCustomer, true>;
const INVALID_KEYS = { index: true, customerID: true, errors: true } satisfies Record<
  keyof CampaignInvalid,
  true
>;
const keysOf = (o: object): string[] => Object.keys(o).sort();

// Each request scores a few thousand rows: seconds on a loaded 2-core machine.
jest.setTimeout(60_000);

let api: TestApp;
beforeAll(async () => {
  api = await startTestApp();
});
afterAll(() => api.close());

const base = customers(200, 31);

type Entry = CampaignCustomer;

const sum = (entries: Entry[], key: 'cost' | 'expected_net_value'): number =>
  Math.round(entries.reduce((s, e) => s + e[key] * 100, 0)) / 100;

describe('POST /campaign', () => {
  it('ranks every customer by expected net value and keeps the selection within the budget and the capacity', async () => {
    const reply = await api.post('/campaign', { customers: base, budget: 1500, capacity: 30, seed: 7 });
    expect(reply.status).toBe(200);
    const entries = reply.json.customers as Entry[];
    expect(entries).toHaveLength(base.length);
    expect(new Set(entries.map((e) => e.index)).size).toBe(base.length);
    const nets = entries.map((e) => e.expected_net_value);
    expect(nets).toEqual([...nets].sort((a, b) => b - a));
    const selected = entries.filter((e) => e.selected);
    expect(selected.length).toBeGreaterThan(0);
    expect(selected.length).toBeLessThanOrEqual(30);
    expect(sum(selected, 'cost')).toBeLessThanOrEqual(1500);
    expect(reply.json.summary.selected_cost).toBe(sum(selected, 'cost'));
    for (const e of selected) {
      expect(e.best_offer).not.toBeNull();
      expect(e.expected_net_value).toBeGreaterThan(0);
    }
  });

  it('agrees with /retention on each customer: same probability, best offer, net value and cost', async () => {
    const few = base.slice(0, 8);
    const reply = await api.post('/campaign', { customers: few, seed: 1 });
    for (const entry of reply.json.customers as Entry[]) {
      const one = await api.post('/retention', { customer: few[entry.index] });
      expect(entry.churn_probability).toBe(one.json.churn_probability);
      expect(entry.value_at_risk).toBe(one.json.value_at_risk);
      expect(entry.best_offer).toBe(one.json.best_offer);
      const best = one.json.offers.find((o: { id: string }) => o.id === one.json.best_offer);
      expect(entry.expected_net_value).toBe(best?.expected_net_value ?? 0);
      expect(entry.cost).toBe(best?.cost ?? 0);
    }
  });

  it('draws the requested share of the selected as the holdout, the same one for the same seed', async () => {
    const body = { customers: base, capacity: 60, holdout_fraction: 0.2, seed: 99 };
    const first = await api.post('/campaign', body);
    const again = await api.post('/campaign', body);
    const other = await api.post('/campaign', { ...body, seed: 100 });
    const holdout = (r: typeof first) =>
      (r.json.customers as Entry[])
        .filter((e) => e.group === 'holdout')
        .map((e) => e.index)
        .sort((a, b) => a - b);
    const { selected } = first.json.summary;
    expect(first.json.summary.holdout).toBe(Math.round(0.2 * selected));
    expect(holdout(first)).toHaveLength(first.json.summary.holdout);
    expect(holdout(again)).toEqual(holdout(first));
    expect(holdout(other)).not.toEqual(holdout(first));
    expect(first.json.summary.treatment + first.json.summary.holdout).toBe(selected);
  });

  it('answers a seed when none is sent, and that seed reproduces the draw', async () => {
    const first = await api.post('/campaign', { customers: base.slice(0, 100), holdout_fraction: 0.5 });
    const seed = first.json.summary.seed;
    expect(Number.isInteger(seed)).toBe(true);
    const again = await api.post('/campaign', { customers: base.slice(0, 100), holdout_fraction: 0.5, seed });
    expect(withoutIds(again.json.customers)).toEqual(withoutIds(first.json.customers));
  });

  it('reports invalid customers by index without sinking the others, and echoes customerIDs', async () => {
    const items = [
      { ...base[0], customerID: 'A-1' },
      { ...base[1], tenure: -3, customerID: 'B-2' },
      { ...base[2], customerID: 42 },
      base[3],
    ];
    const reply = await api.post('/campaign', { customers: items, seed: 3 });
    expect(reply.status).toBe(200);
    expect(reply.json.summary).toMatchObject({ total: 4, valid: 2, invalid: 2 });
    expect(reply.json.invalid).toEqual([
      { index: 1, customerID: 'B-2', errors: [{ field: 'tenure', message: expect.any(String) }] },
      {
        index: 2,
        errors: [{ field: 'customerID', message: 'customerID must be a string of 1 to 64 characters' }],
      },
    ]);
    const byIndex = new Map((reply.json.customers as Entry[]).map((e) => [e.index, e]));
    expect(byIndex.get(0)?.customerID).toBe('A-1');
    expect(byIndex.has(3)).toBe(true);
    expect(byIndex.get(3)).not.toHaveProperty('customerID');
  });

  it('answers exactly the fields of the shared CampaignResponse type the UI reads', async () => {
    const reply = await api.post('/campaign', {
      customers: [
        { ...base[0], customerID: 'A-1' },
        { ...base[1], tenure: -3, customerID: 'B-2' },
      ],
      seed: 3,
    });
    expect(reply.status).toBe(200);
    const answer = reply.json as CampaignResponse;
    expect(keysOf(answer)).toEqual(keysOf(RESPONSE_KEYS));
    expect(keysOf(answer.summary)).toEqual(keysOf(SUMMARY_KEYS));
    expect(keysOf(answer.customers[0])).toEqual(keysOf(CUSTOMER_KEYS));
    expect(keysOf(answer.invalid[0])).toEqual(keysOf(INVALID_KEYS));
  });

  it('answers 422 naming customers.<index>.<field> when no customer is valid', async () => {
    const reply = await api.post('/campaign', { customers: [{ ...base[0], tenure: 'x' }] });
    expect(reply.status).toBe(422);
    expect(reply.json.error.details.map((d: { field: string }) => d.field)).toEqual(['customers.0.tenure']);
  });

  it('refuses bad settings, each named', async () => {
    const reply = await api.post('/campaign', {
      customers: base.slice(0, 2),
      budget: -1,
      capacity: 1.5,
      holdout_fraction: 0.9,
      seed: 'x',
      extra: true,
    });
    expect(reply.status).toBe(422);
    const fields = reply.json.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['budget', 'capacity', 'extra', 'holdout_fraction', 'seed']);
  });

  it('selects nobody when the budget is zero, and never an offer that does not pay', async () => {
    const reply = await api.post('/campaign', { customers: base.slice(0, 50), budget: 0 });
    expect(reply.json.summary.selected).toBe(0);
    for (const e of reply.json.customers as Entry[]) expect(e.group).toBe('none');
  });

  it('takes a body over the default 1 MB limit, up to 6 MB', async () => {
    const many = customers(2_600, 8);
    expect(JSON.stringify({ customers: many }).length).toBeGreaterThan(1024 * 1024);
    const reply = await api.post('/campaign', { customers: many, budget: 5_000, seed: 1 });
    expect(reply.status).toBe(200);
    expect(reply.json.customers).toHaveLength(2_600);
  });

  it('refuses more than 10,000 customers, naming the limit', async () => {
    const many = customers(10_001, 8);
    const over = await api.post('/campaign', { customers: many });
    expect(over.status).toBe(422);
    expect(over.json.error.details[0]).toEqual({
      field: 'customers',
      message: 'customers must hold at most 10000 customers',
    });
  });

  it('answers 413 naming its own limit for a body over 6 MB', async () => {
    const reply = await api.request('POST', '/campaign', {
      raw: JSON.stringify({ customers: [], pad: 'x'.repeat(7 * 1024 * 1024) }),
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(413);
    expect(reply.json.error).toMatchObject({
      code: 'payload_too_large',
      message: 'the campaign body is larger than the limit of 6mb',
    });
  });
});
