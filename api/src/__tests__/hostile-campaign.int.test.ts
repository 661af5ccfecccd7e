/**
 * Property-based: hostile bodies for POST /campaign through the real app over HTTP. Never a
 * 5xx; a bad customer is reported by its index and does not sink the good ones; a refused
 * request is a 4xx in the one error shape naming each bad setting or key.
 */
import fc from 'fast-check';
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

// Each customer scores ~30 rows: seconds on a loaded machine.
jest.setTimeout(300_000);

let api: TestApp;
beforeAll(async () => {
  api = await startTestApp();
});
afterAll(() => api.close());

const valid = customers(40, 92);
const SEED = Number(process.env.FC_SEED ?? 20261206);

/** The campaign's settings beside its customers (README: POST /campaign). */
const SETTINGS: Record<string, (v: unknown) => boolean> = {
  budget: (v) => numberIn(v, 0, 1e9),
  capacity: (v) => wholeIn(v, 0, 10_000),
  holdout_fraction: (v) => numberIn(v, 0, 0.5),
  seed: (v) => wholeIn(v, 0, 2 ** 32 - 1),
};
const settingsRules: ObjectRules = {
  known: [...Object.keys(SETTINGS), 'customers', 'economics', 'offers'],
  validAlone: (key, value) => SETTINGS[key]?.(value) ?? true,
  required: false,
};

const customerText = fc.constantFrom(...valid).map((c) => JSON.stringify(c));

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

describe('hostile bodies on POST /campaign: not JSON, too large, too deep', () => {
  it('answers text that is not JSON with 400 and JSON of another media type with 415', async () => {
    const good = customerText.map((c) => `{"customers":[${c}]}`);
    await expectNonJsonRefused(api, '/campaign', good, { numRuns: 150, seed: SEED });
  });

  it('refuses a body over its own 6mb limit with a 413 naming it, sent with a length or chunked', async () => {
    await expectTooLarge(
      api,
      '/campaign',
      6 * 1024 * 1024,
      'the campaign body is larger than the limit of 6mb',
    );
  });

  it('answers values nested 100,000 deep wherever they go with a 422', async () => {
    const customer = JSON.stringify(valid[0]);
    for (const deep of DEEP_JSON) {
      for (const body of [
        `{"customers":${deep}}`,
        `{"customers":[${deep}]}`,
        `{"customers":[${customer}],"budget":${deep}}`,
        `{"customers":[${customer.replace(/^\{/, () => `{"customerID":${deep},`)}]}`,
      ])
        expect422(await postText(api, '/campaign', body));
    }
  });
});
