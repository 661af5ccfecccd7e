/**
 * Property-based: hostile bodies for POST /retention through the real app over HTTP. Never a
 * 5xx; a refusal is a 4xx in the one error shape naming what is wrong, down to the key of an
 * offer's cost.
 */
import fc from 'fast-check';
import { DEFAULT_CATALOGUE } from '@telco-churn/core/retention/catalogue';
import { validateCustomer } from '@telco-churn/core/schema';
import { TestApp, customers, startTestApp } from './fixtures';
import {
  DEEP_JSON,
  ObjectRules,
  detailFields,
  expect422,
  expectEach422,
  expectErrorShape,
  expectNonJsonRefused,
  expectTooLarge,
  foreignKeyOf,
  hostileValue,
  mutate,
  mutateObject,
  mutation,
  mutationOf,
  nested,
  numberIn,
  objectText,
  postText,
  wholeIn,
} from './hostile';

// Each request scores ~30 rows: seconds on a loaded machine.
jest.setTimeout(300_000);

let api: TestApp;
beforeAll(async () => {
  api = await startTestApp();
});
afterAll(() => api.close());

const valid = customers(40, 91);
const SEED = Number(process.env.FC_SEED ?? 20261206);

/** The economics a request may override, each key optional (README: retention). */
const ECONOMICS: Record<string, (v: unknown) => boolean> = {
  margin_rate: (v) => numberIn(v, 0, 1) && v > 0,
  horizon_months: (v) => wholeIn(v, 1, 60),
  contact_cost: (v) => numberIn(v, 0, 1000),
};
const economicsRules: ObjectRules = {
  known: Object.keys(ECONOMICS),
  validAlone: (key, value) => ECONOMICS[key](value),
  required: false,
};

const customerText = fc.constantFrom(...valid).map((c) => JSON.stringify(c));

describe('hostile bodies on POST /retention', () => {
  it('answers a mutated customer with 200 or a 422 naming customer.<field> for each field it broke', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...valid),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (customer, mutations) => {
          const { text, named } = mutate(customer, mutations);
          const reply = await postText(api, '/retention', `{"customer":${text}}`);
          if (named.length === 0 && validateCustomer(JSON.parse(text)).ok) {
            expect(reply.status).toBe(200);
            return;
          }
          expectErrorShape(reply);
          expect(reply.status).toBe(422);
          const fields = detailFields(reply);
          expect(fields.length).toBeGreaterThan(0);
          for (const f of fields) expect(f).toMatch(/^customer(\.|$)/);
          for (const field of named) expect(fields).toContain(`customer.${field}`);
        },
      ),
      { numRuns: 300, seed: SEED },
    );
  });

  it('answers any JSON value that is not a retention request, or a hostile customer, with a 422', async () => {
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? 'null'),
      hostileValue.map((v) => `{"customer":${JSON.stringify(v) ?? 'null'}}`),
    );
    await expectEach422(api, '/retention', body, { numRuns: 300, seed: SEED });
  });

  it('names every stray key of the request, __proto__ and constructor included', async () => {
    const stray = fc.uniqueArray(foreignKeyOf(['customer', 'economics', 'offers']), {
      minLength: 1,
      maxLength: 3,
    });
    await fc.assert(
      fc.asyncProperty(customerText, stray, hostileValue, async (customer, keys, value) => {
        const text = objectText([
          ['customer', JSON.parse(customer)],
          ...keys.map((k): [string, unknown] => [k, value]),
        ]);
        const reply = await postText(api, '/retention', text);
        expectErrorShape(reply);
        expect(reply.status).toBe(422);
        for (const key of keys) expect(detailFields(reply)).toContain(key);
      }),
      { numRuns: 150, seed: SEED },
    );
  });

  it('takes economics the catalogue accepts and names each economics key it refuses', async () => {
    const base = fc.subarray(Object.entries(DEFAULT_CATALOGUE.economics)).map(Object.fromEntries);
    await fc.assert(
      fc.asyncProperty(
        customerText,
        base,
        fc.array(mutationOf(economicsRules.known), { minLength: 1, maxLength: 3 }),
        async (customer, economics, mutations) => {
          const { text, named } = mutateObject(economics, mutations, economicsRules);
          const reply = await postText(api, '/retention', `{"customer":${customer},"economics":${text}}`);
          if (named.length === 0) {
            expect(reply.status).toBe(200);
            expect(reply.json.economics).toEqual({ ...DEFAULT_CATALOGUE.economics, ...JSON.parse(text) });
            return;
          }
          expectErrorShape(reply);
          expect(reply.status).toBe(422);
          for (const key of named) expect(detailFields(reply)).toContain(`economics.${key}`);
        },
      ),
      { numRuns: 200, seed: SEED },
    );
  });

  it('names a stray key at the top of an offer, in what it sets and in its cost', async () => {
    const [offer] = DEFAULT_CATALOGUE.offers;
    const place = fc.constantFrom('', 'set', 'cost');
    const key = foreignKeyOf([...Object.keys(offer), 'discount_percent', 'applies_to', 'one_off', 'monthly']);
    await fc.assert(
      fc.asyncProperty(customerText, place, key, hostileValue, async (customer, where, k, value) => {
        const inner = where === '' ? offer : offer[where as 'set' | 'cost'];
        const broken = objectText([...Object.entries(inner), [k, value]]);
        const offerText =
          where === ''
            ? broken
            : objectText(Object.entries(offer)).replace(
                `"${where}":${JSON.stringify(inner)}`,
                () => `"${where}":${broken}`,
              );
        const reply = await postText(api, '/retention', `{"customer":${customer},"offers":[${offerText}]}`);
        expectErrorShape(reply);
        expect(reply.status).toBe(422);
        expect(detailFields(reply)).toContain(where === '' ? `offers.0.${k}` : `offers.0.${where}.${k}`);
      }),
      { numRuns: 150, seed: SEED },
    );
  });

  it('answers hostile economics and offers as wholes with a 422 naming them, never a 5xx', async () => {
    await fc.assert(
      fc.asyncProperty(
        customerText,
        fc.constantFrom('economics', 'offers'),
        fc.oneof(hostileValue, nested),
        async (customer, part, value) => {
          const reply = await postText(
            api,
            '/retention',
            `{"customer":${customer},"${part}":${JSON.stringify(value) ?? 'null'}}`,
          );
          if (part === 'economics' && reply.status === 200) {
            // Only an empty object overrides nothing and is taken as it is.
            expect(value).toEqual({});
            return;
          }
          expectErrorShape(reply);
          expect(reply.status).toBe(422);
          for (const f of detailFields(reply)) expect(f.split('.')[0]).toBe(part);
        },
      ),
      { numRuns: 200, seed: SEED },
    );
  });
});

describe('hostile bodies on POST /retention: not JSON, too large, too deep', () => {
  it('answers text that is not JSON with 400 and JSON of another media type with 415', async () => {
    const good = customerText.map((c) => `{"customer":${c}}`);
    await expectNonJsonRefused(api, '/retention', good, { numRuns: 150, seed: SEED });
  });

  it('refuses a body over BODY_LIMIT with a 413 naming it, sent with a length or chunked', async () => {
    await expectTooLarge(api, '/retention', 1024 * 1024, 'the request body is larger than the limit of 1mb');
  });

  it('answers values nested 100,000 deep wherever they go with a 422', async () => {
    const customer = JSON.stringify(valid[0]);
    for (const deep of DEEP_JSON) {
      for (const body of [
        `{"customer":${deep}}`,
        `{"customer":${customer.replace(/^\{/, () => `{"x":${deep},`)}}`,
        `{"customer":${customer},"economics":${deep}}`,
        `{"customer":${customer},"offers":[${deep}]}`,
      ])
        expect422(await postText(api, '/retention', body));
    }
  });
});
