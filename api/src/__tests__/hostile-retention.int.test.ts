/**
 * Property-based: hostile bodies for POST /retention and POST /campaign through the real app
 * over HTTP. Never a 5xx; a refusal is a 4xx in the one error shape naming what is wrong; a bad
 * campaign customer is reported by its index and does not sink the good ones.
 */
import fc from 'fast-check';
import { DEFAULT_CATALOGUE } from '@telco-churn/core/retention/catalogue';
import { validateCustomer } from '@telco-churn/core/schema';
import { TestApp, customers, startTestApp } from './fixtures';
import {
  ObjectRules,
  detailFields,
  expectEach422,
  expectErrorShape,
  expectNonJsonRefused,
  foreignKeyOf,
  hostileValue,
  mutate,
  mutateObject,
  mutation,
  mutationOf,
  nested,
  objectText,
  postText,
} from './hostile';

// Each /retention scores ~30 rows, each /campaign customer as many: slow on a loaded machine.
jest.setTimeout(300_000);

let api: TestApp;
beforeAll(async () => {
  api = await startTestApp();
});
afterAll(() => api.close());

const valid = customers(40, 91);
const SEED = Number(process.env.FC_SEED ?? 20261206);

const isNumber = (v: unknown, min: number, max: number): v is number =>
  typeof v === 'number' && v >= min && v <= max;
const isWhole = (v: unknown, min: number, max: number): boolean =>
  isNumber(v, min, max) && Number.isInteger(v);

/** The economics a request may override, each key optional (README: retention). */
const ECONOMICS: Record<string, (v: unknown) => boolean> = {
  margin_rate: (v) => isNumber(v, 0, 1) && v > 0,
  horizon_months: (v) => isWhole(v, 1, 60),
  contact_cost: (v) => isNumber(v, 0, 1000),
};
const economicsRules: ObjectRules = {
  known: Object.keys(ECONOMICS),
  validAlone: (key, value) => ECONOMICS[key](value),
  required: false,
};

/** The campaign's settings beside its customers (README: POST /campaign). */
const SETTINGS: Record<string, (v: unknown) => boolean> = {
  budget: (v) => isNumber(v, 0, 1e9),
  capacity: (v) => isWhole(v, 0, 10_000),
  holdout_fraction: (v) => isNumber(v, 0, 0.5),
  seed: (v) => isWhole(v, 0, 2 ** 32 - 1),
};
const settingsRules: ObjectRules = {
  known: [...Object.keys(SETTINGS), 'customers', 'economics', 'offers'],
  validAlone: (key, value) => SETTINGS[key]?.(value) ?? true,
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

describe('hostile bodies on POST /campaign', () => {
  interface Item {
    text: string;
    /** Whether the item is a customer the campaign must score. */
    ok: boolean;
    /** Fields its entry in `invalid` must name. */
    named: string[];
  }
  const idValue = fc.oneof(fc.string({ minLength: 1, maxLength: 64 }), hostileValue);
  const item: fc.Arbitrary<Item> = fc.oneof(
    customerText.map((text) => ({ text, ok: true, named: [] })),
    fc.tuple(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 2 })).map(([c, ms]) => {
      const { text, named } = mutate(c, ms);
      return { text, ok: named.length === 0 && validateCustomer(JSON.parse(text)).ok, named };
    }),
    fc.tuple(fc.constantFrom(...valid), idValue).map(([c, id]) => {
      const good = typeof id === 'string' && id.length >= 1 && id.length <= 64;
      return {
        text: objectText([...Object.entries(c), ['customerID', id]]),
        ok: good,
        named: good ? [] : ['customerID'],
      };
    }),
    hostileValue.map((v) => ({ text: JSON.stringify(v) ?? 'null', ok: false, named: [] })),
  );

  it('scores the valid customers and reports each invalid one by index, naming its fields', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 10 }), async (items) => {
        const reply = await postText(
          api,
          '/campaign',
          `{"seed":7,"customers":[${items.map((i) => i.text).join(',')}]}`,
        );
        const good = items.flatMap((it, index) => (it.ok ? [index] : []));
        if (good.length === 0) {
          expectErrorShape(reply);
          expect(reply.status).toBe(422);
          const fields = detailFields(reply);
          items.forEach((it, index) => {
            expect(
              fields.some((f) => f === `customers.${index}` || f.startsWith(`customers.${index}.`)),
            ).toBe(true);
            for (const field of it.named) expect(fields).toContain(`customers.${index}.${field}`);
          });
          return;
        }
        expect(reply.status).toBe(200);
        expect(reply.json.summary).toMatchObject({
          total: items.length,
          valid: good.length,
          invalid: items.length - good.length,
        });
        const scored = (reply.json.customers as { index: number }[])
          .map((c) => c.index)
          .sort((a, b) => a - b);
        expect(scored).toEqual(good);
        const invalid = reply.json.invalid as { index: number; errors: { field: string }[] }[];
        expect(invalid.map((r) => r.index)).toEqual(items.flatMap((it, index) => (it.ok ? [] : [index])));
        for (const r of invalid) {
          expect(r.errors.length).toBeGreaterThan(0);
          for (const field of items[r.index].named) expect(r.errors.map((e) => e.field)).toContain(field);
        }
      }),
      { numRuns: 120, seed: SEED },
    );
  });

  it('names each bad setting and stray key of the request, and answers the rest', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(mutationOf(Object.keys(SETTINGS)), { minLength: 1, maxLength: 3 }),
        customerText,
        async (mutations, customer) => {
          const { text, named } = mutateObject({}, mutations, settingsRules);
          const body =
            text === '{}'
              ? `{"customers":[${customer}]}`
              : text.replace(/^\{/, `{"customers":[${customer}],`);
          const reply = await postText(api, '/campaign', body);
          if (named.length === 0) {
            expect(reply.status).toBe(200);
            return;
          }
          expectErrorShape(reply);
          expect(reply.status).toBe(422);
          const fields = detailFields(reply);
          for (const key of named) expect(fields).toContain(key);
        },
      ),
      { numRuns: 200, seed: SEED },
    );
  });

  it('answers a customers value that is not a list of 1 to 10,000, or any other JSON, with a 422', async () => {
    const body = fc.oneof(
      fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? 'null'),
      fc
        .oneof(hostileValue, nested)
        .filter((v) => !(Array.isArray(v) && v.length > 0))
        .map((v) => `{"customers":${JSON.stringify(v) ?? 'null'}}`),
    );
    await expectEach422(api, '/campaign', body, { numRuns: 300, seed: SEED });
  });
});

describe('hostile bodies on both routes', () => {
  it('answers text that is not JSON with 400 and JSON of another media type with 415', async () => {
    const run = { numRuns: 150, seed: SEED };
    await expectNonJsonRefused(
      api,
      '/retention',
      customerText.map((c) => `{"customer":${c}}`),
      run,
    );
    await expectNonJsonRefused(
      api,
      '/campaign',
      customerText.map((c) => `{"customers":[${c}]}`),
      run,
    );
  });

  it('refuses a body over the route limit with a 413 naming it, sent with a length or chunked', async () => {
    const limits = [
      { path: '/retention', limit: '1mb', what: 'request', bytes: 1024 * 1024 },
      { path: '/campaign', limit: '6mb', what: 'campaign', bytes: 6 * 1024 * 1024 },
    ];
    for (const { path, limit, what, bytes } of limits) {
      for (const chunked of [false, true]) {
        const raw = `{"customer":{},"pad":"${'x'.repeat(bytes)}"}`;
        const reply = await api.request('POST', path, {
          raw,
          chunked,
          headers: { 'content-type': 'application/json' },
        });
        expectErrorShape(reply);
        expect(reply.status).toBe(413);
        expect(reply.json.error).toMatchObject({
          code: 'payload_too_large',
          message: `the ${what} body is larger than the limit of ${limit}`,
        });
      }
    }
  });

  it('answers values nested 100,000 deep wherever they go with a 422', async () => {
    const deepArray = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const deepObject = `${'{"a":'.repeat(100_000)}1${'}'.repeat(100_000)}`;
    const [customer] = valid;
    for (const deep of [deepArray, deepObject]) {
      const bodies: [string, string][] = [
        ['/retention', `{"customer":${deep}}`],
        ['/retention', `{"customer":${JSON.stringify(customer).replace(/^\{/, `{"x":${deep},`)}}`],
        ['/retention', `{"customer":${JSON.stringify(customer)},"economics":${deep}}`],
        ['/retention', `{"customer":${JSON.stringify(customer)},"offers":[${deep}]}`],
        ['/campaign', `{"customers":${deep}}`],
        ['/campaign', `{"customers":[${deep}]}`],
        ['/campaign', `{"customers":[${JSON.stringify(customer)}],"budget":${deep}}`],
      ];
      for (const [path, body] of bodies) {
        const reply = await postText(api, path, body);
        expectErrorShape(reply);
        expect(reply.status).toBe(422);
      }
    }
  });
});
