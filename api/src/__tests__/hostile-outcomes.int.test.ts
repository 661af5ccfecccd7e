/**
 * Property-based: hostile bodies for POST /outcomes through the real app over HTTP. Never a 5xx;
 * a bad outcome is reported by its index and does not sink the good ones; a refused request is a
 * 4xx in the one error shape naming what is wrong.
 */
import fc from 'fast-check';
import { TestApp, customers, startTestApp } from './fixtures';
import {
  ObjectRules,
  detailFields,
  expectErrorShape,
  expectNonJsonRefused,
  expectTooLarge,
  foreignKeyOf,
  hostileValue,
  mutateObject,
  mutationOf,
  nested,
  objectText,
  postText,
} from './hostile';

jest.setTimeout(120_000);

let api: TestApp;
/** The first 16 characters of a real prediction id: its time and the start of its random part. */
let stem: string;
let issued = 0;
beforeAll(async () => {
  api = await startTestApp();
  const { json } = await api.post('/predict', customers(1, 3)[0]);
  stem = json.prediction_id.slice(0, 16);
});
afterAll(() => api.close());

const SEED = Number(process.env.FC_SEED ?? 20261206);

/** A prediction id of this API, unique across the file, so no outcome repeats another's. */
const nextId = (): string => `${stem}${String(issued++).padStart(10, '0')}`;

const OUTCOME_KEYS = ['prediction_id', 'churned', 'observed_at'];

// No hostile value is a prediction id of this API or an ISO 8601 date, so each one is named.
const outcomeRules = (id: string): ObjectRules => ({
  known: OUTCOME_KEYS,
  validAlone: (key, value) =>
    key === 'churned' ? typeof value === 'boolean' : key === 'prediction_id' && value === id,
  required: false,
});
const REQUIRED = ['prediction_id', 'churned'];

interface Item {
  text: string;
  ok: boolean;
  named: string[];
}

/** Built when the property runs, so each item takes a fresh prediction id. */
type ItemPlan = () => Item;

const goodPlan = fc
  .record({ churned: fc.boolean(), observed: fc.boolean() })
  .map(({ churned, observed }): ItemPlan => () => {
    const outcome = {
      prediction_id: nextId(),
      churned,
      ...(observed ? { observed_at: new Date().toISOString() } : {}),
    };
    return { text: JSON.stringify(outcome), ok: true, named: [] };
  });

const brokenPlan = fc
  .array(mutationOf(OUTCOME_KEYS), { minLength: 1, maxLength: 3 })
  .map((mutations): ItemPlan => () => {
    const id = nextId();
    const { text, named } = mutateObject({ prediction_id: id, churned: true }, mutations, outcomeRules(id));
    const kept = JSON.parse(text) as Record<string, unknown>;
    const missing = REQUIRED.filter((k) => !Object.hasOwn(kept, k));
    const all = [...new Set([...named, ...missing])];
    return { text, ok: all.length === 0, named: all };
  });

const junkPlan = fc
  .oneof(hostileValue, nested)
  .filter((v) => typeof v !== 'object' || v === null || Array.isArray(v))
  .map((v): ItemPlan => () => ({ text: JSON.stringify(v) ?? 'null', ok: false, named: [] }));

describe('hostile bodies on POST /outcomes', () => {
  it('stores the valid outcomes and reports each invalid one by index, naming its fields', async () => {
    const plans = fc.array(fc.oneof(goodPlan, brokenPlan, junkPlan), { minLength: 1, maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(plans, async (planned) => {
        const items = planned.map((plan) => plan());
        const reply = await postText(
          api,
          '/outcomes',
          `{"outcomes":[${items.map((i) => i.text).join(',')}]}`,
        );
        const bad = items.flatMap((it, index) => (it.ok ? [] : [index]));
        if (bad.length === items.length) {
          expectErrorShape(reply);
          expect(reply.status).toBe(422);
          const fields = detailFields(reply);
          items.forEach((it, index) => {
            expect(fields.some((f) => f === `outcomes.${index}` || f.startsWith(`outcomes.${index}.`))).toBe(
              true,
            );
            for (const field of it.named) expect(fields).toContain(`outcomes.${index}.${field}`);
          });
          return;
        }
        expect(reply.status).toBe(202);
        expect(reply.json.accepted).toBe(items.length - bad.length);
        expect(reply.json.rejected).toBe(bad.length);
        const errors = reply.json.errors as { index: number; errors: { field: string }[] }[];
        expect(errors.map((e) => e.index)).toEqual(bad);
        for (const e of errors) {
          expect(e.errors.length).toBeGreaterThan(0);
          for (const field of items[e.index].named) expect(e.errors.map((x) => x.field)).toContain(field);
        }
      }),
      { numRuns: 300, seed: SEED },
    );
  });

  it('answers a body that is not {outcomes: [1..10,000]} with a 422 naming outcomes or the stray key', async () => {
    const envelope = fc.oneof(
      fc.jsonValue({ maxDepth: 6 }).map((v) => ({ text: JSON.stringify(v) ?? 'null', key: 'outcomes' })),
      fc
        .oneof(hostileValue, nested)
        .filter((v) => !(Array.isArray(v) && v.length > 0))
        .map((v) => ({ text: `{"outcomes":${JSON.stringify(v) ?? 'null'}}`, key: 'outcomes' })),
      fc.tuple(foreignKeyOf(['outcomes']), hostileValue).map(([k, v]) => ({
        text: objectText([
          ['outcomes', [{ prediction_id: nextId(), churned: false }]],
          [k, v],
        ]),
        key: k,
      })),
    );
    await fc.assert(
      fc.asyncProperty(envelope, async ({ text, key }) => {
        const reply = await postText(api, '/outcomes', text);
        expectErrorShape(reply);
        expect(reply.status).toBe(422);
        const fields = detailFields(reply);
        expect(fields.length).toBeGreaterThan(0);
        if (key !== 'outcomes') expect(fields).toContain(key);
        // A JSON value that happens to be {outcomes: [junk]} is a list of bad outcomes instead.
        else expect(fields.some((f) => f === key || f.startsWith('outcomes.'))).toBe(true);
      }),
      { numRuns: 400, seed: SEED },
    );
  });

  it('answers text that is not JSON with 400 and JSON of another media type with 415', async () => {
    const good = fc
      .constant(null)
      .map(() => JSON.stringify({ outcomes: [{ prediction_id: nextId(), churned: true }] }));
    await expectNonJsonRefused(api, '/outcomes', good, { numRuns: 150, seed: SEED });
  });

  it('refuses a body over 2mb with a 413 naming that limit, sent with a length or chunked', async () => {
    await expectTooLarge(
      api,
      '/outcomes',
      2 * 1024 * 1024,
      'the outcomes body is larger than the limit of 2mb',
    );
  });
});
