/**
 * Property-based: thousands of hostile bodies through the real app over HTTP. Whatever comes
 * in, the answer is never a 5xx; a refused body gets a 4xx in the error shape, and a 422 names
 * the field at fault.
 */
import fc from 'fast-check';
import { validateCustomer } from '@telco-churn/core/schema';
import { TestApp, customers, startTestApp } from './fixtures';
import {
  detailFields,
  expectEach422,
  expectErrorShape,
  expectNonJsonRefused,
  foreignKey,
  hostileValue,
  mutate,
  mutation,
  objectText,
  postText as postJsonText,
} from './hostile';
import { Reply } from './serve';

jest.setTimeout(120_000);

let api: TestApp;
beforeAll(async () => {
  api = await startTestApp();
});
afterAll(() => api.close());

const valid = customers(50, 77);
const SEED = Number(process.env.FC_SEED ?? 20261124);

const postText = (path: string, text: string, type?: string): Promise<Reply> =>
  postJsonText(api, path, text, type);

describe('hostile bodies on POST /predict', () => {
  it('answers a mutated customer with 200 or with a 422 naming every field it broke', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...valid),
        fc.array(mutation, { minLength: 1, maxLength: 3 }),
        async (customer, mutations) => {
          const { text, named } = mutate(customer, mutations);
          const reply = await postText('/predict', text);
          if (named.length === 0 && validateCustomer(JSON.parse(text)).ok) {
            expect(reply.status).toBe(200);
            return;
          }
          expect(reply.status).toBe(422);
          expectErrorShape(reply);
          const fields = detailFields(reply);
          expect(fields.length).toBeGreaterThan(0);
          for (const field of named) expect(fields).toContain(field);
          for (const d of reply.json.error.details) expect(d.message.length).toBeGreaterThan(0);
        },
      ),
      { numRuns: 1500, seed: SEED },
    );
  });

  it('answers any JSON value that is not a customer with a 4xx, never a 5xx', async () => {
    const bodies = fc.jsonValue({ maxDepth: 6 }).map((v) => JSON.stringify(v) ?? 'null');
    await expectEach422(api, '/predict', bodies, { numRuns: 400, seed: SEED });
  });

  it('answers text that is not JSON with 400, and JSON of any other media type with 415', async () => {
    const good = fc.constantFrom(...valid).map((c) => JSON.stringify(c));
    await expectNonJsonRefused(api, '/predict', good, { numRuns: 300, seed: SEED });
  });
});

describe('hostile batches on POST /predict/batch', () => {
  it('scores the valid items in order and names each invalid item by index and field', async () => {
    const item = fc.oneof(
      fc.constantFrom(...valid).map((c) => ({ text: JSON.stringify(c), named: [] as string[] })),
      fc
        .tuple(fc.constantFrom(...valid), fc.array(mutation, { minLength: 1, maxLength: 2 }))
        .map(([c, ms]) => mutate(c, ms)),
      hostileValue.map((v) => ({ text: JSON.stringify(v) ?? 'null', named: [] as string[] })),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(item, { minLength: 1, maxLength: 12 }), async (items) => {
        const reply = await postText(
          '/predict/batch',
          `{"customers":[${items.map((i) => i.text).join(',')}]}`,
        );
        const ok = items.map((i) => i.named.length === 0 && validateCustomer(JSON.parse(i.text)).ok);
        if (!ok.some(Boolean)) {
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
        const { summary, results } = reply.json;
        expect(summary).toEqual({
          total: items.length,
          scored: ok.filter(Boolean).length,
          failed: ok.filter((x) => !x).length,
        });
        results.forEach((r: { index: number; ok: boolean; errors?: { field: string }[] }, index: number) => {
          expect(r.index).toBe(index);
          expect(r.ok).toBe(ok[index]);
          if (!r.ok) {
            expect(r.errors?.length).toBeGreaterThan(0);
            for (const field of items[index].named) expect(r.errors?.map((e) => e.field)).toContain(field);
          }
        });
      }),
      { numRuns: 200, seed: SEED },
    );
  });

  it('answers a batch envelope that is not {customers: [1..1000]} with a 422 naming customers or the stray key', async () => {
    const envelope = fc.oneof(
      hostileValue.map((v) => ({ text: `{"customers":${JSON.stringify(v) ?? 'null'}}`, key: 'customers' })),
      fc.tuple(foreignKey, hostileValue).map(([k, v]) => ({
        text: objectText([
          ['customers', [valid[0]]],
          [k, v],
        ]),
        key: k,
      })),
    );
    await fc.assert(
      fc.asyncProperty(envelope, async ({ text, key }) => {
        const reply = await postText('/predict/batch', text);
        const body = JSON.parse(text);
        if (key === 'customers' && Array.isArray(body.customers) && body.customers.length > 0) {
          // A list of junk is a batch of invalid items; it never reaches a 5xx either.
          expect([200, 422]).toContain(reply.status);
          return;
        }
        expectErrorShape(reply);
        expect(reply.status).toBe(422);
        expect(detailFields(reply)).toContain(key);
      }),
      { numRuns: 400, seed: SEED },
    );
  });
});

describe('hostile request lines and headers', () => {
  it('answers any method on any path with no 5xx, and every error in the one shape', async () => {
    const segment = fc.oneof(
      fc.constantFrom(
        'predict',
        'batch',
        'docs',
        'health',
        'model',
        'openapi.json',
        '..',
        '.',
        '%',
        '%E0%A4%A',
        '%00',
        '%2F',
      ),
      fc.string({ unit: 'grapheme', maxLength: 12 }).map(encodeURIComponent),
      fc
        .string({ unit: 'binary-ascii', maxLength: 12 })
        .map((s) => s.replace(/[^!-~]/g, '').replace(/[?#]/g, '')),
    );
    const path = fc.array(segment, { minLength: 0, maxLength: 4 }).map((parts) => `/${parts.join('/')}`);
    const method = fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD');
    await fc.assert(
      fc.asyncProperty(method, path, fc.constantFrom(...valid), async (m, p, customer) => {
        const reply = await api.request(m, p, m === 'GET' || m === 'HEAD' ? {} : { body: customer });
        expect(reply.status).toBeLessThan(500);
        if (reply.status >= 400 && m !== 'HEAD') expectErrorShape(reply);
      }),
      { numRuns: 400, seed: SEED },
    );
  });

  it('answers odd content encodings and charsets with a 4xx, never a 5xx', async () => {
    const encoding = fc.constantFrom('gzip', 'deflate', 'br', 'identity', 'compress', 'GZIP', 'x-gzip', '');
    const charset = fc.constantFrom(
      '',
      '; charset=utf-8',
      '; charset=latin1',
      '; charset=utf-16',
      '; charset="utf-8"',
    );
    await fc.assert(
      fc.asyncProperty(
        encoding,
        charset,
        fc.string({ unit: 'binary', maxLength: 50 }),
        async (enc, cs, text) => {
          const headers: Record<string, string> = { 'content-type': `application/json${cs}` };
          if (enc) headers['content-encoding'] = enc;
          const reply = await api.request('POST', '/predict', { raw: text, headers });
          expectErrorShape(reply);
        },
      ),
      { numRuns: 300, seed: SEED },
    );
  });
});
