import { ADD_ONS, Customer } from '@telco-churn/core/fields';
import { DEFAULT_CATALOGUE } from '@telco-churn/core/retention/catalogue';
import { predictProba } from '@telco-churn/xgboost-runtime';
import { violations } from '../openapi/__tests__/conforms';
import { TestApp, customers, startTestApp, withoutIds } from './fixtures';

let api: TestApp;
beforeAll(async () => {
  api = await startTestApp();
});
afterAll(() => api.close());

const some = customers(12, 21);

interface OfferBody {
  id: string;
  changes: Record<string, string | number>;
  churn_probability_after: number;
  risk_reduction: number;
  cost: number;
  expected_net_value: number;
}

const monthToMonthFibre: Customer = {
  ...some[0],
  contract: 'Month-to-month',
  paymentMethod: 'Electronic check',
  internetService: 'Fiber optic',
  onlineSecurity: 'No',
  onlineBackup: 'No',
  deviceProtection: 'No',
  techSupport: 'No',
  streamingTV: 'No',
  streamingMovies: 'No',
  tenure: 3,
  monthlyCharges: 85.5,
  totalCharges: 256.5,
};

describe('POST /retention', () => {
  it("answers each offer's probability exactly as POST /predict answers the changed customer", async () => {
    for (const customer of [monthToMonthFibre, ...some.slice(0, 4)]) {
      const reply = await api.post('/retention', { customer });
      expect(reply.status).toBe(200);
      const base = await api.post('/predict', customer);
      expect(reply.json.churn_probability).toBe(base.json.churn_probability);
      for (const offer of reply.json.offers as OfferBody[]) {
        const changed = await api.post('/predict', { ...customer, ...offer.changes });
        expect(changed.status).toBe(200);
        expect(offer.churn_probability_after).toBe(changed.json.churn_probability);
      }
    }
  });

  it('answers the same probabilities as the runtime scoring the changed customer on its own (through the core)', async () => {
    const reply = await api.post('/retention', { customer: monthToMonthFibre });
    const { encoder, booster } = api.artifact;
    for (const offer of reply.json.offers as OfferBody[]) {
      const x = encoder.encodeMany([{ ...monthToMonthFibre, ...offer.changes } as Customer]);
      const alone = predictProba(booster, x, 1)[0];
      expect(offer.churn_probability_after).toBe(Math.round(alone * 1e6) / 1e6);
    }
  });

  it('scores the customer, every offer and every compatible pair in one predictor call, best first', async () => {
    const before = api.calls.length;
    const reply = await api.post('/retention', { customer: monthToMonthFibre });
    expect(api.calls.length).toBe(before + 1);
    const offers = reply.json.offers as OfferBody[];
    expect(api.calls[before]).toBe(1 + offers.length);
    expect(offers.some((o) => o.id.includes('+'))).toBe(true);
    const nets = offers.map((o) => o.expected_net_value);
    expect(nets).toEqual([...nets].sort((a, b) => b - a));
    expect(reply.json.best_offer).toBe(nets[0] > 0 ? offers[0].id : null);
    expect(reply.json.model_version).toBe(api.artifact.params.modelVersion);
    expect(reply.json.value_at_risk).toBeCloseTo(
      reply.json.churn_probability * 85.5 * DEFAULT_CATALOGUE.economics.margin_rate * 12,
      1,
    );
  });

  it('skips, with a reason, the offers that do not apply', async () => {
    const offline: Customer = {
      ...monthToMonthFibre,
      contract: 'Two year',
      internetService: 'No',
      ...Object.fromEntries(ADD_ONS.map((f) => [f, 'No internet service'])),
    };
    const reply = await api.post('/retention', { customer: offline });
    expect(reply.status).toBe(200);
    const skipped = Object.fromEntries(
      (reply.json.skipped as { id: string; reason: string }[]).map((s) => [s.id, s.reason]),
    );
    expect(skipped.two_year_contract).toBe(
      'contract is "Two year"; the offer is only for "Month-to-month" or "One year"',
    );
    expect(skipped.free_tech_support).toMatch(/no internet service/);
    const ids = (reply.json.offers as OfferBody[]).map((o) => o.id);
    expect(ids).not.toContain('free_tech_support');
  });

  it('uses the economics sent with the request instead of the defaults', async () => {
    const base = await api.post('/retention', { customer: monthToMonthFibre });
    const doubled = await api.post('/retention', {
      customer: monthToMonthFibre,
      economics: { margin_rate: DEFAULT_CATALOGUE.economics.margin_rate * 2 },
    });
    expect(doubled.status).toBe(200);
    expect(doubled.json.value_at_risk).toBeCloseTo(base.json.value_at_risk * 2, 1);
    expect(doubled.json.economics.horizon_months).toBe(DEFAULT_CATALOGUE.economics.horizon_months);
  });

  it('refuses bad economics and offers with errors that name the entry', async () => {
    const offers = DEFAULT_CATALOGUE.offers.map((o, i) => (i === 3 ? { ...o, cost: { monthly: -1 } } : o));
    const reply = await api.post('/retention', {
      customer: monthToMonthFibre,
      economics: { margin_rate: 0 },
      offers,
    });
    expect(reply.status).toBe(422);
    expect(reply.json.error.details).toEqual(
      expect.arrayContaining([
        { field: 'economics.margin_rate', message: 'economics.margin_rate must be > 0' },
        { field: 'offers.3.cost.monthly', message: 'offers[3].cost.monthly must be ≥ 0' },
      ]),
    );
  });

  it('refuses an offer that would change a protected field', async () => {
    const reply = await api.post('/retention', {
      customer: monthToMonthFibre,
      offers: [{ id: 'younger', label: 'x', set: { tenure: 50 }, cost: {}, acceptance_rate: 0.5 }],
    });
    expect(reply.status).toBe(422);
    expect(reply.json.error.details[0].field).toBe('offers.0.set.tenure');
    expect(reply.json.error.details[0].message).toMatch(
      /^offers\[0\]\.set\.tenure is not a field an offer may change/,
    );
  });

  it('names a __proto__ key inside the economics or an offer instead of ignoring it', async () => {
    // JSON.parse makes "__proto__" an own key; joi's unknown-key check does not see it.
    const [offer] = DEFAULT_CATALOGUE.offers;
    const offerText = JSON.stringify(offer).replace(/^\{/, '{"__proto__":{"acceptance_rate":1},');
    const setText = JSON.stringify({ ...offer, id: 'other', set: {}, discount_percent: 5 }).replace(
      '"set":{}',
      '"set":{"__proto__":{"contract":"Two year"}}',
    );
    const reply = await api.request('POST', '/retention', {
      raw: `{"customer":${JSON.stringify(monthToMonthFibre)},"economics":{"__proto__":{"margin_rate":1}},"offers":[${offerText},${setText}]}`,
      headers: { 'content-type': 'application/json' },
    });
    expect(reply.status).toBe(422);
    expect(reply.json.error.details).toEqual(
      expect.arrayContaining([
        { field: 'economics.__proto__', message: 'economics.__proto__ is not a known key' },
        { field: 'offers.0.__proto__', message: 'offers[0].__proto__ is not a known key' },
        { field: 'offers.1.set.__proto__', message: 'offers[1].set.__proto__ is not a known key' },
      ]),
    );
    expect(({} as Record<string, unknown>).margin_rate).toBeUndefined();
  });

  it('names the customer fields at fault, and stray keys', async () => {
    const reply = await api.post('/retention', {
      customer: { ...monthToMonthFibre, tenure: -1 },
      colour: 'red',
    });
    expect(reply.status).toBe(422);
    const fields = reply.json.error.details.map((d: { field: string }) => d.field).sort();
    expect(fields).toEqual(['colour']);
    const second = await api.post('/retention', { customer: { ...monthToMonthFibre, tenure: -1 } });
    expect(second.json.error.details.map((d: { field: string }) => d.field)).toEqual(['customer.tenure']);
  });
});

describe('GET /retention/assumptions', () => {
  it('answers the shipped economics, offers and the compatible pairs', async () => {
    const reply = await api.get('/retention/assumptions');
    expect(reply.status).toBe(200);
    expect(reply.json.economics).toEqual(DEFAULT_CATALOGUE.economics);
    expect(reply.json.offers.map((o: { id: string }) => o.id)).toEqual(
      DEFAULT_CATALOGUE.offers.map((o) => o.id),
    );
    expect(reply.json.pairs).toContain('one_year_contract+autopay');
    expect(reply.json.pairs).not.toContain('one_year_contract+two_year_contract');
  });
});

describe('the documented retention shapes', () => {
  it('match what /retention, /retention/assumptions and /campaign answer', async () => {
    const { json: doc } = await api.get('/openapi.json');
    const schemas = doc.components.schemas;
    const campaign = await api.post('/campaign', {
      customers: [{ ...some[0], customerID: 'X-1' }, some[1], { ...some[2], tenure: 'x' }],
      budget: 100,
    });
    const answers: [string, unknown][] = [
      ['RetentionResponse', (await api.post('/retention', { customer: monthToMonthFibre })).json],
      ['Assumptions', (await api.get('/retention/assumptions')).json],
      ['CampaignResponse', campaign.json],
      ['Error', (await api.post('/campaign', { customers: [] })).json],
    ];
    for (const [name, body] of answers)
      expect([name, violations(body, schemas[name], schemas)]).toEqual([name, []]);
  });

  it('accepts the documented request examples', async () => {
    const { json: doc } = await api.get('/openapi.json');
    for (const path of ['/retention', '/campaign']) {
      const example = doc.paths[path].post.requestBody.content['application/json'].example;
      expect([path, (await api.post(path, example)).status]).toEqual([path, 200]);
    }
  });
});

describe('/retention and /campaign under concurrent requests', () => {
  it('answers 40 concurrent /retention requests each as it answers that customer alone', async () => {
    const forty = customers(40, 71);
    const alone = [];
    for (const customer of forty) alone.push(withoutIds((await api.post('/retention', { customer })).json));
    const together = await Promise.all(forty.map((customer) => api.post('/retention', { customer })));
    expect(together.map((r) => r.status)).toEqual(forty.map(() => 200));
    expect(together.map((r) => withoutIds(r.json))).toEqual(alone);
  });

  it('answers 8 concurrent /campaign requests each as it answers that campaign alone', async () => {
    const bodies = Array.from({ length: 8 }, (_, k) => ({
      customers: customers(150, 80 + k),
      budget: 500 + 100 * k,
      seed: k,
    }));
    const alone = [];
    for (const body of bodies) alone.push(withoutIds((await api.post('/campaign', body)).json));
    const together = await Promise.all(bodies.map((body) => api.post('/campaign', body)));
    expect(together.map((r) => r.status)).toEqual(bodies.map(() => 200));
    expect(together.map((r) => withoutIds(r.json))).toEqual(alone);
  });
});
